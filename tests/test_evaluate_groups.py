"""Groups are reported as `re` reports them: every group, in index order, with null for those that
did not take part, names for named ones, and the last repetition for repeated ones."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pyregex import evaluate


def search(pattern: str, text: str) -> dict[str, Any]:
    result: dict[str, Any] = dict(evaluate({"pattern": pattern, "text": text, "op": "search"}))
    assert result["ok"] is True, result
    (match,) = result["matches"]
    return match  # type: ignore[no-any-return]


def expected_groups(pattern: str, text: str) -> list[dict[str, Any]]:
    """The groups of re.search(pattern, text), built straight from the Match object."""
    m = re.search(pattern, text)
    assert m is not None
    names = {index: name for name, index in m.re.groupindex.items()}
    groups = []
    for index in range(m.re.groups + 1):
        start, end = m.span(index)
        took_part = start >= 0
        groups.append(
            {
                "index": index,
                "name": names.get(index),
                "span": [start, end] if took_part else None,
                "span16": [start, end] if took_part else None,  # ASCII texts only here
                "value": m.group(index),
            }
        )
    return groups


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(a)|(b)", "b"),
        (r"((a)(b(c)))", "xabc"),
        (r"(?P<year>\d{4})-(?P<month>\d\d)(-(?P<day>\d\d))?", "on 2024-05 or"),
        (r"(a|b)+", "abba"),
        (r"(a)?(b)", "b"),
        (r"(?:a)(b)(?:c)", "abc"),
        (r"(?=(a))a", "a"),
        (r"(a*)+", "b"),
        (r"(?P<q>['\"]).*?(?P=q)", "say 'hi'"),
        (r"(a)(?(1)b|c)", "ab"),
        (r"()", "x"),
    ],
)
def test_groups_equal_what_re_reports(pattern: str, text: str) -> None:
    match = search(pattern, text)
    assert match["groups"] == expected_groups(pattern, text)
    assert match["span"] == match["groups"][0]["span"]


def test_a_group_that_did_not_take_part_is_all_null() -> None:
    match = search(r"(a)|(b)", "b")
    assert match["groups"][1] == {
        "index": 1,
        "name": None,
        "span": None,
        "span16": None,
        "value": None,
    }
    assert match["groups"][2]["value"] == "b"


def test_an_empty_group_that_took_part_is_an_empty_string() -> None:
    group = search(r"x()", "x")["groups"][1]
    assert group["span"] == [1, 1]
    assert group["value"] == ""


def test_nested_groups_are_numbered_by_their_opening_parenthesis() -> None:
    groups = search(r"((a)(b(c)))", "abc")["groups"]
    assert [g["value"] for g in groups] == ["abc", "abc", "a", "bc", "c"]
    assert [g["span"] for g in groups] == [[0, 3], [0, 3], [0, 1], [1, 3], [2, 3]]


def test_a_repeated_group_reports_its_last_repetition() -> None:
    group = search(r"(a|b)+", "abba")["groups"][1]
    assert group["span"] == [3, 4]
    assert group["value"] == "a"


def test_named_groups_carry_their_names() -> None:
    groups = search(r"(?P<key>\w+)=(\w+)", "k=v")["groups"]
    assert [g["name"] for g in groups] == [None, "key", None]


def test_findall_and_the_matches_disagree_on_unmatched_groups_as_re_does() -> None:
    # findall gives '' for a group that did not take part; the match data says null.
    result = evaluate({"pattern": r"(a)|(b)", "text": "b", "op": "findall"})
    assert result["ok"] is True
    assert result["output"]["value"] == [["", "b"]]
    assert result["matches"][0]["groups"][1]["value"] is None


def test_many_groups() -> None:
    pattern = "".join(f"(?P<g{i}>.)" for i in range(200))
    match = search(pattern, "x" * 200)
    assert len(match["groups"]) == 201
    assert match["groups"][200]["name"] == "g199"
