"""Every op gives what CPython's `re` gives: its matches, its return value (repr and JSON) and the
result keys the page relies on."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from pyregex import evaluate
from pyregex.contract import Op

ALL_OPS: list[Op] = ["match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"]

SUCCESS_KEYS = {
    "ok",
    "op",
    "python",
    "matches",
    "truncated",
    "output",
    "groupCount",
    "groupNames",
    "flags",
    "warnings",
    "elapsedMs",
}


def run(pattern: str, text: str, op: Op, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict(evaluate({"pattern": pattern, "text": text, "op": op, **extra}))
    assert result["ok"] is True, result
    return result


def spans(result: dict[str, Any]) -> list[tuple[int, int]]:
    return [tuple(match["span"]) for match in result["matches"]]


def utf16_slice(text: str, span16: list[int]) -> str:
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * span16[0] : 2 * span16[1]].decode("utf-16-le", "surrogatepass")


@pytest.mark.parametrize("op", ALL_OPS)
def test_every_op_returns_exactly_the_success_keys(op: Op) -> None:
    result = run(r"(\w)", "ab", op, replacement="x")
    assert set(result) == SUCCESS_KEYS
    assert result["op"] == op
    assert result["python"] == sys.version
    assert set(result["output"]) == {"repr", "value", "truncated"}
    assert isinstance(result["elapsedMs"], float)
    assert result["elapsedMs"] >= 0


@pytest.mark.parametrize("op", ["match", "search", "fullmatch"])
@pytest.mark.parametrize(("pattern", "text"), [("a+", "aab"), ("b", "aab"), ("a+b", "aab")])
def test_single_match_ops_equal_re(op: Op, pattern: str, text: str) -> None:
    expected = getattr(re, op)(pattern, text)
    result = run(pattern, text, op)
    assert result["output"]["repr"] == repr(expected)
    assert result["output"]["truncated"] is False
    if expected is None:
        assert result["matches"] == []
        assert result["output"]["value"] is None
    else:
        assert spans(result) == [expected.span()]
        assert result["output"]["value"] == expected.group(0)


def test_a_failed_match_has_none_as_its_repr() -> None:
    result = run("x", "abc", "match")
    assert result["output"] == {"repr": "None", "value": None, "truncated": False}
    assert result["matches"] == []


@pytest.mark.parametrize(
    "pattern", [r"\d+", r"(\d)(\d)?", r"(\d)", r"(?P<a>\d)|(?P<b>x)", r"", r"\b"]
)
def test_findall_equals_re(pattern: str) -> None:
    text = "a1 22 x 333"
    expected = re.findall(pattern, text)
    result = run(pattern, text, "findall")
    assert result["output"]["repr"] == repr(expected)
    assert result["output"]["value"] == [
        list(item) if isinstance(item, tuple) else item for item in expected
    ]
    assert spans(result) == [m.span() for m in re.finditer(pattern, text)]


def test_findall_turns_tuples_into_arrays() -> None:
    result = run(r"(\w)=(\d)?", "a=1 b=", "findall")
    assert result["output"]["value"] == [["a", "1"], ["b", ""]]
    assert result["output"]["repr"] == "[('a', '1'), ('b', '')]"


def test_finditer_reprs_the_list_of_its_match_objects() -> None:
    result = run(r"\d", "a1b2", "finditer")
    assert result["output"]["repr"] == repr(list(re.finditer(r"\d", "a1b2")))
    assert result["output"]["value"] == ["1", "2"]
    assert spans(result) == [(1, 2), (3, 4)]


@pytest.mark.parametrize(
    ("pattern", "replacement", "text", "count"),
    [
        (r"(\w)(\d)", r"\2\1", "a1 b2 c3", 0),
        (r"a", "b", "aaaa", 2),
        (r"a", "b", "aaaa", -1),
        (r"(?P<x>o)", r"[\g<x>\g<0>]", "foo", 0),
        (r"x*", "-", "abxd", 0),
        (r"", "-", "", 0),
        (r"(a)|b", r"<\1>", "ab", 0),
        (r"\n", r"\t\\", "a\nb", 0),
    ],
)
def test_sub_and_subn_equal_re(pattern: str, replacement: str, text: str, count: int) -> None:
    expected, n = re.subn(pattern, replacement, text, count=count)
    sub = run(pattern, text, "sub", replacement=replacement, count=count)
    subn = run(pattern, text, "subn", replacement=replacement, count=count)
    assert sub["output"] == {"repr": repr(expected), "value": expected, "truncated": False}
    assert subn["output"] == {
        "repr": repr((expected, n)),
        "value": [expected, n],
        "truncated": False,
    }
    assert len(sub["matches"]) == n == len(subn["matches"])


def test_sub_uses_only_count_matches() -> None:
    result = run("a", "aaaa", "sub", replacement="b", count=2)
    assert spans(result) == [(0, 1), (1, 2)]
    assert result["output"]["value"] == "bbaa"
    assert result["truncated"] is False


def test_a_negative_count_replaces_nothing_as_in_cpython() -> None:
    result = run("a", "aaaa", "sub", replacement="b", count=-1)
    assert result["matches"] == []
    assert result["output"]["value"] == re.sub("a", "b", "aaaa", count=-1) == "aaaa"


def test_sub_without_replacement_deletes_the_matches() -> None:
    assert run(r"\d", "a1b2", "sub")["output"]["value"] == "ab"


@pytest.mark.parametrize(
    ("pattern", "text", "maxsplit"),
    [
        (r",", "a,b,,c", 0),
        (r",", "a,b,,c", 2),
        (r"(,)|(;)", "a,b;c", 0),
        (r"x*", "axbc", 0),
        (r"\b", "one two", 0),
        (r",", "a,b", -1),
        (r"", "abc", 0),
    ],
)
def test_split_equals_re(pattern: str, text: str, maxsplit: int) -> None:
    expected = re.split(pattern, text, maxsplit=maxsplit)
    result = run(pattern, text, "split", maxsplit=maxsplit)
    assert result["output"] == {"repr": repr(expected), "value": expected, "truncated": False}
    used = list(re.finditer(pattern, text))
    if maxsplit:
        used = used[: max(maxsplit, 0)]
    assert spans(result) == [m.span() for m in used]


def test_split_reports_groups_that_did_not_take_part_as_null() -> None:
    result = run(r"(,)|(;)", "a,b", "split")
    assert result["output"]["value"] == ["a", ",", None, "b"]
    assert result["output"]["repr"] == "['a', ',', None, 'b']"


def test_empty_matches_follow_the_python_37_rules_in_sub() -> None:
    # Since 3.7 an empty match right after a non-empty one is replaced too.
    result = run("x*", "abxd", "sub", replacement="-")
    assert result["output"]["value"] == "-a-b--d-" == re.sub("x*", "-", "abxd")
    assert spans(result) == [(0, 0), (1, 1), (2, 3), (3, 3), (4, 4)]


def test_empty_matches_follow_the_python_37_rules_in_split() -> None:
    result = run("x*", "axbc", "split")
    assert result["output"]["value"] == ["", "a", "", "b", "c", ""] == re.split("x*", "axbc")
    assert spans(result) == [(0, 0), (1, 2), (2, 2), (3, 3), (4, 4)]


@pytest.mark.parametrize(
    ("pattern", "replacement", "text"),
    [
        (r"(\w)", r"<\1😀>", "a😀b"),
        (r"😀", "e\u0301", "x😀y😀"),
        (r"x*", "-", "😀x😀"),
        (r"(a)|(b)", r"[\2]", "ab\r\n"),
        (r"\w+", "", "ab cd"),
        (r"(?P<n>.)", r"\g<n>\g<n>", "\U0001d538\u0301"),
    ],
)
def test_output_span16_marks_each_replacement_in_the_output(
    pattern: str, replacement: str, text: str
) -> None:
    result = run(pattern, text, "sub", replacement=replacement)
    output = result["output"]["value"]
    expanded = [m.expand(replacement) for m in re.finditer(pattern, text)]
    assert [utf16_slice(output, m["outputSpan16"]) for m in result["matches"]] == expanded
    # Between the replacements stands the unmatched text, unchanged.
    previous16 = 0
    for match in result["matches"]:
        start16 = match["outputSpan16"][0]
        assert start16 >= previous16
        previous16 = match["outputSpan16"][1]


def test_output_span16_is_only_on_sub_and_subn_matches() -> None:
    for op in ALL_OPS:
        result = run("a", "a", op)
        has_span = ["outputSpan16" in match for match in result["matches"]]
        assert has_span == [op in ("sub", "subn")]


def test_keys_other_ops_do_not_use_are_ignored() -> None:
    result = run("a", "aa", "findall", replacement="b", count=1, maxsplit=1)
    assert result["output"]["value"] == ["a", "a"]


def test_group_count_and_names_describe_the_pattern() -> None:
    result = run(r"(?P<first>a)(b)(?P<third>c)?", "ab", "search")
    assert result["groupCount"] == 3
    assert result["groupNames"] == {"first": 1, "third": 3}
