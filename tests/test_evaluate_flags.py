"""Flag letters reach `re` as its flags, effective flags are named (inline ones too), and
combinations `re` rejects give its own ValueError."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pyregex import evaluate

LETTER_FLAGS = {
    "i": re.IGNORECASE,
    "m": re.MULTILINE,
    "s": re.DOTALL,
    "x": re.VERBOSE,
    "a": re.ASCII,
    "u": re.UNICODE,
}


def run(pattern: str, text: str, flags: str, op: str = "findall") -> dict[str, Any]:
    return dict(evaluate({"pattern": pattern, "text": text, "op": op, "flags": flags}))


@pytest.mark.parametrize(
    ("pattern", "text", "letters"),
    [
        ("a", "aA", "i"),
        ("^b", "a\nb", "m"),
        ("a.b", "a\nb", "s"),
        ("a b # comment", "ab a b", "x"),
        (r"\w+", "héllo", "a"),
        (r"\w+", "héllo", "u"),
        (r"\w+", "HÉLLO", "ia"),
        (r"(?i)A.", "a\nA\n", "s"),
        ("^A$", "a\nA", "mi"),
    ],
)
def test_each_flag_letter_acts_as_its_re_flag(pattern: str, text: str, letters: str) -> None:
    flags = 0
    for letter in letters:
        flags |= LETTER_FLAGS[letter]
    result = run(pattern, text, letters)
    assert result["ok"] is True, result
    assert result["output"]["value"] == re.findall(pattern, text, flags)


@pytest.mark.parametrize(
    ("pattern", "letters", "names"),
    [
        ("a", "", ["UNICODE"]),
        ("a", "i", ["IGNORECASE", "UNICODE"]),
        ("a", "a", ["ASCII"]),
        ("a", "xsmi", ["IGNORECASE", "MULTILINE", "DOTALL", "UNICODE", "VERBOSE"]),
        ("(?im)a", "", ["IGNORECASE", "MULTILINE", "UNICODE"]),
        ("(?a)a", "s", ["DOTALL", "ASCII"]),
        ("(?i:a)", "", ["UNICODE"]),
        ("a", "ii", ["IGNORECASE", "UNICODE"]),
    ],
)
def test_effective_flags_are_named_in_value_order(
    pattern: str, letters: str, names: list[str]
) -> None:
    result = run(pattern, "", letters)
    assert result["ok"] is True
    assert result["flags"] == names


def flag_error(pattern: str, flags: int) -> ValueError:
    with pytest.raises(ValueError, match="flag") as caught:
        re.compile(pattern, flags)
    return caught.value


@pytest.mark.parametrize(
    ("pattern", "letters", "flags"),
    [
        ("a", "l", re.LOCALE),
        ("a", "au", re.ASCII | re.UNICODE),
        ("(?a)a", "u", re.UNICODE),
        ("a", "il", re.IGNORECASE | re.LOCALE),
    ],
)
def test_flags_re_rejects_give_its_value_error(pattern: str, letters: str, flags: int) -> None:
    expected = flag_error(pattern, flags)
    assert type(expected) is ValueError
    result = run(pattern, "a", letters)
    assert result == {
        "ok": False,
        "error": {
            "type": "ValueError",
            "where": "flags",
            "message": str(expected),
            "pos": None,
            "pos16": None,
            "lineno": None,
            "colno": None,
        },
    }


def test_an_inline_locale_flag_is_a_pattern_error() -> None:
    result = run("(?L)a", "a", "")
    assert result["ok"] is False
    assert result["error"]["where"] == "pattern"
    assert result["error"]["type"] == re.error.__name__
    assert result["error"]["pos"] == 3


def test_an_unknown_flag_letter_is_a_request_error() -> None:
    result = run("a", "a", "iq")
    assert result["ok"] is False
    assert result["error"]["type"] == "RequestError"
    assert "'q'" in result["error"]["message"]


def test_flags_default_to_none() -> None:
    result = evaluate({"pattern": "A", "text": "a", "op": "search"})
    assert result["ok"] is True
    assert result["matches"] == []
