"""Astral characters, combining marks and line endings: spans stay in code points as `re` gives
them, span16 counts UTF-16 units as the browser does, and no character is changed on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pyregex import evaluate


def run(pattern: str, text: str, op: str = "finditer", **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict(evaluate({"pattern": pattern, "text": text, "op": op, **extra}))
    assert result["ok"] is True, result
    return result


def utf16_units(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def assert_spans_agree(result: dict[str, Any], text: str) -> None:
    """span slices the str, and span16 the UTF-16 encoding, to the same text for every group."""
    units = utf16_units(text)
    for match in result["matches"]:
        for group in match["groups"]:
            if group["span"] is None:
                assert group["span16"] is None
                continue
            start, end = group["span"]
            start16, end16 = group["span16"]
            assert text[start:end] == group["value"]
            assert units[2 * start16 : 2 * end16] == utf16_units(group["value"])


def test_an_astral_character_is_one_code_point_and_two_utf16_units() -> None:
    result = run("b", "a😀b")
    (match,) = result["matches"]
    assert match["span"] == [2, 3]
    assert match["span16"] == [3, 4]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("😀+", "x😀😀y"),
        ("[😀-😂]", "😁a😂"),
        (r"(.)(.)", "\U0001d538😀b"),
        (".", "a😀\U0010ffff"),
        (r"\U0001F600", "😀😀"),
        ("(?P<emoji>😀)|(b)", "b😀"),
    ],
)
def test_astral_characters_in_pattern_and_text(pattern: str, text: str) -> None:
    result = run(pattern, text)
    assert [m["span"] for m in result["matches"]] == [
        list(m.span()) for m in re.finditer(pattern, text)
    ]
    assert_spans_agree(result, text)


def test_span16_after_several_astral_characters() -> None:
    result = run("z", "😀😀a😀z")
    assert result["matches"][0]["span"] == [4, 5]
    assert result["matches"][0]["span16"] == [7, 8]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("e\u0301", "cafe\u0301 cafe"),  # e + combining acute, in the pattern too
        (".", "e\u0301"),  # . takes the base letter and the mark separately
        (r"\w+", "cafe\u0301s"),  # a combining mark is not \w
        ("\u0301", "a\u0301😀\u0301"),
        ("[\u0300-\u036f]+", "a\u0301\u0302b"),
    ],
)
def test_combining_marks_are_separate_code_points(pattern: str, text: str) -> None:
    result = run(pattern, text, "findall")
    assert result["output"]["value"] == re.findall(pattern, text)
    assert_spans_agree(run(pattern, text), text)


def test_crlf_is_preserved_exactly() -> None:
    text = "one\r\ntwo\r\n"
    assert run(r"\n", text, "split")["output"]["value"] == ["one\r", "two\r", ""]
    assert run(r"o$", text, "findall", flags="m")["output"]["value"] == []
    assert run(r"o\r$", text, "search", flags="m")["matches"][0]["span"] == [7, 9]
    assert run("t", text, "sub", replacement="T")["output"]["value"] == "one\r\nTwo\r\n"
    assert run(".+", text, "findall")["output"]["value"] == ["one\r", "two\r"]


def test_a_lone_carriage_return_is_preserved_exactly() -> None:
    text = "a\rb\r"
    assert run(r"\r", text, "split")["output"]["value"] == ["a", "b", ""]
    assert run("^b", text, "findall", flags="m")["output"]["value"] == []
    assert run("b", text, "sub", replacement="\r\n")["output"]["value"] == "a\r\r\n\r"
    assert run(".", text, "findall")["output"]["value"] == ["a", "\r", "b", "\r"]


def test_output_repr_escapes_as_python_does() -> None:
    result = run(".+", "a\r\n😀\t\x00", "findall", flags="s")
    assert result["output"]["repr"] == repr(["a\r\n😀\t\x00"])


def test_lone_surrogates_count_as_one_utf16_unit() -> None:
    text = "\udc00a"
    result = run("a", text)
    assert result["matches"][0]["span16"] == [1, 2]
    assert_spans_agree(result, text)
