"""Packed matches carry exactly what the match objects say: every span of every group, in code
points and UTF-16 units, and sub's output positions, for any pattern and text (Hypothesis)."""

from __future__ import annotations

import json
from array import array
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pyregex import bridge, evaluate
from pyregex.contract import Match, PackedMatches
from pyregex.evaluate import evaluate_packed


def unpack(layout: PackedMatches, data: bytes, text: str) -> list[Match]:
    """The match objects `evaluate` would give, rebuilt from the packed form as the page does."""
    ints = array("i")
    ints.frombytes(data)
    slots = layout["groupSlots"]
    per_block = layout["count"] * slots * 2
    spans = ints[:per_block]
    spans16 = ints[per_block : 2 * per_block] if layout["spans16"] else spans
    rest = ints[(2 if layout["spans16"] else 1) * per_block :]
    assert len(rest) == (2 * layout["count"] if layout["outputSpans16"] else 0)
    matches: list[Match] = []
    for i in range(layout["count"]):
        groups: list[Any] = []
        for g in range(slots):
            at = (i * slots + g) * 2
            start, end = spans[at], spans[at + 1]
            if start < 0:
                groups.append({"span": None, "span16": None, "value": None})
            else:
                groups.append(
                    {
                        "span": [start, end],
                        "span16": [spans16[at], spans16[at + 1]],
                        "value": text[start:end],
                    }
                )
        match: Any = {"span": groups[0]["span"], "span16": groups[0]["span16"], "groups": groups}
        if layout["outputSpans16"]:
            match["outputSpan16"] = [rest[2 * i], rest[2 * i + 1]]
        matches.append(match)
    return matches


def without_names(matches: list[Match]) -> list[Any]:
    """Match objects without the per-group index and name (the page takes them from groupNames)."""
    out: list[Any] = []
    for match in matches:
        shaped: Any = dict(match)
        shaped["groups"] = [
            {key: group[key] for key in ("span", "span16", "value")} for group in match["groups"]
        ]
        out.append(shaped)
    return out


def assert_packed_agrees(request: dict[str, Any]) -> None:
    objects = evaluate(request)
    packed_result, packed = evaluate_packed(request)
    if not objects["ok"]:
        assert packed is None
        assert packed_result == objects
        return
    assert packed is not None
    assert packed_result["ok"]
    layout, data = packed
    assert packed_result["matches"] == []
    assert layout["count"] == len(objects["matches"])
    assert layout["groupSlots"] == objects["groupCount"] + 1
    assert without_names(unpack(layout, data, request["text"])) == without_names(objects["matches"])
    for key in ("output", "truncated", "groupNames", "flags", "warnings", "groupCount"):
        assert packed_result[key] == objects[key], key  # type: ignore[literal-required]


TEXTS = st.text(alphabet=st.sampled_from("ab\n\r😀\U0001f600é\x00\ud800 "), max_size=30)
PATTERNS = st.sampled_from(
    ["a", "(a)|(b)", "(?P<x>a)(😀)?", "", "b*", r"(\s)|(.)", "(?P<one>a+)(?P<two>b)?", "$"]
)
OPS = st.sampled_from(["search", "match", "findall", "finditer", "sub", "subn", "split"])


@given(pattern=PATTERNS, text=TEXTS, op=OPS, replacement=st.sampled_from(["", "x😀", r"<\g<0>>"]))
def test_packed_matches_agree_with_the_match_objects(
    pattern: str, text: str, op: str, replacement: str
) -> None:
    assert_packed_agrees({"pattern": pattern, "text": text, "op": op, "replacement": replacement})


def test_astral_text_gets_separate_utf16_spans_and_plain_text_does_not() -> None:
    _, astral = evaluate_packed({"pattern": "b", "text": "a😀b", "op": "finditer"})
    _, plain = evaluate_packed({"pattern": "b", "text": "aéb", "op": "finditer"})
    assert astral is not None
    assert plain is not None
    assert astral[0]["spans16"] is True
    assert plain[0]["spans16"] is False
    ints = array("i")
    ints.frombytes(astral[1])
    assert list(ints) == [2, 3, 3, 4]  # span [2, 3], span16 [3, 4]


def test_truncation_and_limits_pack_only_the_reported_matches() -> None:
    assert_packed_agrees({"pattern": "a", "text": "a" * 50, "op": "finditer", "maxMatches": 7})
    assert_packed_agrees({"pattern": "a", "text": "aaaa", "op": "sub", "count": 2})
    assert_packed_agrees({"pattern": "(a)", "text": "aaaa", "op": "split", "maxsplit": 3})


def test_errors_carry_no_packed_matches() -> None:
    assert_packed_agrees({"pattern": "(", "text": "", "op": "search"})
    assert_packed_agrees({"pattern": "a", "text": "", "op": "nope"})


def test_the_bridge_sends_the_layout_as_json_and_the_bytes_beside_it() -> None:
    request = {"pattern": "(a)(x)?", "text": "aa", "op": "finditer"}
    answer, data = bridge.evaluate_json(json.dumps(request))
    evaluation = json.loads(answer)
    assert evaluation["packed"] == {
        "count": 2,
        "groupSlots": 3,
        "spans16": False,
        "outputSpans16": False,
    }
    ints = array("i")
    ints.frombytes(data)
    assert list(ints) == [0, 1, 0, 1, -1, -1, 1, 2, 1, 2, -1, -1]
    error_answer, error_data = bridge.evaluate_json(json.dumps({"pattern": "("}))
    assert json.loads(error_answer)["packed"] is None
    assert error_data == b""
