"""Errors carry CPython's own type and message, at CPython's position in the pattern or in the
replacement (also in UTF-16 units), and point at the input they are about."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest

from pyregex import evaluate
from pyregex.errors import unknown_group_name_position

# The package re-exports the function `evaluate`, which hides the module of that name.
evaluate_module = importlib.import_module("pyregex.evaluate")


def error_of(pattern: str, text: str = "abc", op: str = "search", **extra: Any) -> dict[str, Any]:
    result = evaluate({"pattern": pattern, "text": text, "op": op, **extra})
    assert result["ok"] is False, result
    assert set(result) == {"ok", "error"}
    error: dict[str, Any] = dict(result["error"])
    return error


def compile_exception(pattern: str, flags: int = 0) -> re.error:
    with pytest.raises(re.error) as caught:
        re.compile(pattern, flags)
    return caught.value


def sub_exception(pattern: str, replacement: str) -> Exception:
    with pytest.raises((re.error, IndexError)) as caught:
        re.sub(pattern, replacement, "")
    return caught.value


@pytest.mark.parametrize(
    "pattern",
    [
        "(",
        "a)",
        "[a",
        "*a",
        "a**",
        r"\q",
        "(?P<1>a)",
        "(?P=missing)",
        "(?<=a+)b",
        "a{3,2}",
        r"\1(a)",
        "(?z)",
        "[z-a]",
        "(?P<n>a)(?P<n>b)",
    ],
)
def test_pattern_errors_are_cpythons_own(pattern: str) -> None:
    expected = compile_exception(pattern)
    assert error_of(pattern) == {
        "type": type(expected).__name__,
        "where": "pattern",
        "message": str(expected),
        "pos": expected.pos,
        "pos16": expected.pos,  # ASCII patterns: the same offset
        "lineno": expected.lineno,
        "colno": expected.colno,
    }


def test_the_type_is_the_class_name_re_raises() -> None:
    # `error` up to 3.12, `PatternError` (with `error` as an alias) from 3.13.
    assert error_of("(")["type"] == re.error.__name__


def test_pos16_counts_utf16_units_after_an_emoji() -> None:
    error = error_of("😀(")
    assert error["pos"] == 1
    assert error["pos16"] == 2
    assert error["message"] == "missing ), unterminated subpattern at position 1"


def test_pos16_after_astral_characters_and_combining_marks() -> None:
    pattern = "😀e\u0301\U0001d538[b"
    expected = compile_exception(pattern)
    error = error_of(pattern)
    assert error["pos"] == expected.pos == 4
    assert error["pos16"] == 6


def test_lineno_and_colno_in_a_multi_line_verbose_pattern() -> None:
    pattern = "(?x)\n  (?P<word> \\w+ )  # a word\n  \\s+\n  (?P<rest> .+   # unclosed\n"
    expected = compile_exception(pattern)
    error = error_of(pattern)
    assert (error["lineno"], error["colno"]) == (expected.lineno, expected.colno) == (4, 3)
    assert error["pos"] == expected.pos
    assert error["message"] == str(expected)
    assert "(line 4, column 3)" in error["message"]


def test_an_error_on_a_later_line_after_an_emoji() -> None:
    pattern = "(?x)😀\n😀 [a"
    error = error_of(pattern)
    assert (error["lineno"], error["colno"]) == (2, 3)
    assert error["pos"] == 8
    assert error["pos16"] == 10


@pytest.mark.parametrize(
    "replacement",
    [
        r"\g<bad",
        r"\g<1x>",
        r"\g<>",
        r"\g",
        r"\q",
        r"\5",
        "\\",
        r"\g<-1>",
        r"ok \g<2>",
        r"\777",
        r"\g<" + "9" * 12 + ">",
    ],
)
def test_replacement_errors_are_cpythons_own_at_their_position(replacement: str) -> None:
    expected = sub_exception("(a)", replacement)
    assert isinstance(expected, re.error)
    assert error_of("(a)", op="sub", replacement=replacement) == {
        "type": type(expected).__name__,
        "where": "replacement",
        "message": str(expected),
        "pos": expected.pos,
        "pos16": expected.pos,
        "lineno": expected.lineno,
        "colno": expected.colno,
    }


@pytest.mark.parametrize("op", ["sub", "subn"])
@pytest.mark.parametrize("text", ["", "zzz", "aaa"])
def test_a_replacement_error_is_reported_whether_or_not_anything_matches(
    op: str, text: str
) -> None:
    error = error_of("(a)", text, op, replacement=r"x\g<bad")
    assert error["where"] == "replacement"
    assert error["pos"] == 4


def test_a_replacement_error_position_counts_utf16_units() -> None:
    error = error_of("(a)", op="sub", replacement="😀😀\\g<2>")
    assert error["message"] == "invalid group reference 2 at position 5"
    assert (error["pos"], error["pos16"]) == (5, 7)


def test_a_replacement_error_on_a_later_line() -> None:
    error = error_of("(a)", op="sub", replacement="line one\n  \\q")
    assert (error["lineno"], error["colno"], error["pos"]) == (2, 3, 11)


def test_an_unknown_group_name_is_located_in_the_replacement() -> None:
    # CPython raises a bare IndexError here; its position is found in the template.
    expected = sub_exception("(?P<known>a)", r"\g<known>😀\g<unknown>")
    assert type(expected) is IndexError
    error = error_of("(?P<known>a)", op="sub", replacement=r"\g<known>😀\g<unknown>")
    assert error == {
        "type": "IndexError",
        "where": "replacement",
        "message": str(expected),
        "pos": 13,
        "pos16": 14,
        "lineno": 1,
        "colno": 14,
    }


def test_an_escaped_backslash_before_g_is_literal_text() -> None:
    result = evaluate({"pattern": "a", "text": "a", "op": "sub", "replacement": r"\\g<x>"})
    assert result["ok"] is True
    assert result["output"]["value"] == r"\g<x>"


@pytest.mark.parametrize(
    ("replacement", "position"),
    [
        (r"\g<nope>", 3),
        (r"\\g<x>\g<nope>", 9),
        (r"\g<1>\g<name>\g<nope>", 16),
        (r"\\\g<nope>", 5),
        ("no reference", None),
    ],
)
def test_unknown_group_name_position(replacement: str, position: int | None) -> None:
    assert unknown_group_name_position(replacement, {"name": 1}) == position


def test_a_pattern_error_comes_before_a_replacement_error() -> None:
    error = error_of("(", op="sub", replacement=r"\q")
    assert error["where"] == "pattern"


def test_a_literal_replacement_is_never_parsed() -> None:
    # Without a backslash CPython does not parse the template, so nothing in it is an error.
    result = evaluate({"pattern": "a", "text": "a", "op": "sub", "replacement": "g<x>"})
    assert result["ok"] is True


def test_a_too_large_repeat_is_an_overflow_error_without_position() -> None:
    assert error_of("a{99999999999}") == {
        "type": "OverflowError",
        "where": "pattern",
        "message": "the repetition number is too large",
        "pos": None,
        "pos16": None,
        "lineno": None,
        "colno": None,
    }


def test_too_deep_nesting_is_an_error_and_the_interpreter_goes_on() -> None:
    error = error_of("(" * 10_000 + ")" * 10_000)
    assert error["type"] == "RecursionError"
    assert error["where"] == "pattern"
    assert error["pos"] is None
    assert evaluate({"pattern": "((a))", "text": "a", "op": "match"})["ok"] is True


@pytest.mark.parametrize(
    ("replacement", "where"),
    [(r"\g<bad", "replacement"), (r"\g<nope>", "replacement"), (r"\5", "replacement")],
)
def test_without_cpythons_template_parser_errors_still_point_at_the_replacement(
    monkeypatch: pytest.MonkeyPatch, replacement: str, where: str
) -> None:
    # The fallback if a future CPython moves its private template parser: the op reports it.
    monkeypatch.setattr(evaluate_module, "_parse_template", None)
    expected = sub_exception("(a)", replacement)
    for text in ("", "a"):
        error = error_of("(a)", text, "sub", replacement=replacement)
        assert error["where"] == where
        assert error["type"] == type(expected).__name__
        assert error["message"] == str(expected)


def test_the_template_parser_was_found_on_this_python() -> None:
    # 3.11 to 3.14 all have it; losing it would silently degrade errors to the fallback.
    assert evaluate_module._parse_template is not None
    assert evaluate_module._compile_uncached is not re.compile
