"""A malformed request comes back as a RequestError result naming the problem; it never raises."""

from __future__ import annotations

from typing import Any

import pytest

from pyregex import evaluate

VALID = {"pattern": "a", "text": "a", "op": "search"}


def request_error(request: object) -> str:
    result = evaluate(request)
    assert result["ok"] is False
    error: dict[str, Any] = dict(result["error"])
    assert error == {
        "type": "RequestError",
        "where": "request",
        "message": error["message"],
        "pos": None,
        "pos16": None,
        "lineno": None,
        "colno": None,
    }
    assert set(result) == {"ok", "error"}
    message: str = error["message"]
    return message


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (None, ["JSON object", "null"]),
        ([VALID], ["JSON object", "array"]),
        ("a", ["JSON object", "string"]),
        ({**VALID, "flag": "i"}, ["unknown key", "'flag'"]),
        ({**VALID, "max_matches": 1}, ["unknown key", "'max_matches'"]),
        ({"pattern": "a", "text": "a"}, ["missing key", "'op'"]),
        ({"text": "a", "op": "search"}, ["missing key", "'pattern'"]),
        ({**VALID, "pattern": 1}, ["'pattern'", "string", "number"]),
        ({**VALID, "pattern": b"a"}, ["'pattern'", "string"]),
        ({**VALID, "text": None}, ["'text'", "string", "null"]),
        ({**VALID, "flags": ["i"]}, ["'flags'", "string", "array"]),
        ({**VALID, "flags": "iz"}, ["flag letter", "'z'", "imsxalu"]),
        ({**VALID, "flags": "I"}, ["flag letter", "'I'"]),
        ({**VALID, "op": "replace"}, ["'op'", "match", "split", "'replace'"]),
        ({**VALID, "op": None}, ["'op'", "null"]),
        ({**VALID, "replacement": 2}, ["'replacement'", "string"]),
        ({**VALID, "count": "1"}, ["'count'", "integer", "string"]),
        ({**VALID, "count": True}, ["'count'", "integer", "boolean"]),
        ({**VALID, "count": 1.0}, ["'count'", "integer"]),
        ({**VALID, "maxsplit": {}}, ["'maxsplit'", "integer", "object"]),
        ({**VALID, "maxMatches": 0}, ["'maxMatches'", "at least 1"]),
        ({**VALID, "maxMatches": -5}, ["'maxMatches'", "at least 1"]),
        ({**VALID, "maxMatches": float("nan")}, ["'maxMatches'", "integer"]),
    ],
)
def test_a_malformed_request_is_a_request_error(request_: object, words: list[str]) -> None:
    message = request_error(request_)
    for word in words:
        assert word in message


def test_all_unknown_keys_are_named() -> None:
    message = request_error({**VALID, "foo": 1, "bar": 2})
    assert "'foo'" in message
    assert "'bar'" in message


def test_a_long_value_is_shortened_in_the_message() -> None:
    message = request_error({**VALID, "op": "x" * 10_000})
    assert len(message) < 300


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"flags": ""},
        {"flags": "imsx"},
        {"replacement": "", "count": 0, "maxsplit": 0, "maxMatches": 1},
        {"count": -1, "maxsplit": -1},
        {"maxMatches": 10**12},
    ],
)
def test_a_well_formed_request_runs(extra: dict[str, Any]) -> None:
    assert evaluate({**VALID, **extra})["ok"] is True


def test_the_request_is_not_modified() -> None:
    request = {**VALID, "op": "sub", "replacement": "b"}
    before = dict(request)
    evaluate(request)
    assert request == before
