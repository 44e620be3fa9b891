"""The hostile catalogue, core half: what people paste into a regex tester (runaway patterns, huge
inputs, text JavaScript allows and Python does not, markup, malformed requests) and the clear
outcome each must get from the core. Every case also checks that the request it was given comes
back untouched: the core never edits the user's input. The page half is e2e/hostile.spec.ts.

Runaway patterns are stopped the way the page stops them: a KeyboardInterrupt raised inside _sre
at a deadline (here a SIGALRM; in the browser the interrupt buffer), then the next run works.
"""

from __future__ import annotations

import copy
import json
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest

from pyregex import evaluate
from pyregex.bridge import evaluate_json
from pyregex.evaluate import MAX_OUTPUT_CHARS

needs_signals = pytest.mark.skipif(
    sys.platform == "emscripten" or not hasattr(signal, "setitimer"),
    reason="Pyodide has no signals or timers here (the browser interrupts through a buffer)",
)

DEADLINE_S = 0.05


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """A KeyboardInterrupt once `seconds` have passed, wherever CPython checks for signals."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def evaluated(request: dict[str, Any]) -> dict[str, Any]:
    """evaluate(request), checking that the request itself is left exactly as it was."""
    before = copy.deepcopy(request)
    result = dict(evaluate(request))
    assert request == before, "the core changed the user's input"
    return result


def spans_of(result: dict[str, Any]) -> list[list[int]]:
    assert result["ok"] is True, result
    return [m["span"] for m in result["matches"]]


def re_spans(pattern: str, text: str, flags: int = 0, cap: int = 100_000) -> list[list[int]]:
    spans: list[list[int]] = []
    for m in re.finditer(pattern, text, flags):
        if len(spans) == cap:
            break
        spans.append(list(m.span()))
    return spans


# --- catastrophic patterns: stopped at the deadline, the next run works -------------------------

CATASTROPHIC = [
    ("nested-plus", r"(a+)+$", "a" * 40 + "b"),
    ("nested-star", r"(a*)*$", "a" * 40 + "b"),
    ("overlapping-alternation", r"(a|a)+$", "a" * 40 + "b"),
    ("fibonacci-alternation", r"(a|aa)+$", "a" * 60 + "b"),
    ("words-and-spaces", r"^(\w+\s?)+$", "word " * 12 + "word!"),
    ("digits", r"^(\d+)*$", "1" * 40 + "x"),
    ("two-pluses", r"(x+x+)+y", "x" * 40),
    ("backreference-blowup", r"^(a+)+\1$", "a" * 40 + "b"),
    ("any-then-literal", r"(.*a){25}", "a" * 40),
    ("email-like", r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@)", "a" * 40 + "!"),
]


@needs_signals
@pytest.mark.parametrize(
    ("name", "pattern", "text"), CATASTROPHIC, ids=[c[0] for c in CATASTROPHIC]
)
def test_a_catastrophic_pattern_is_stopped_at_the_deadline(
    name: str, pattern: str, text: str
) -> None:
    request = {"pattern": pattern, "text": text, "op": "search"}
    with deadline(DEADLINE_S):
        result = evaluated(request)
    assert result["ok"] is False
    assert result["error"]["type"] == "Interrupted"
    assert result["error"]["where"] == "engine"
    # The interpreter is fine: the same pattern on a harmless text answers at once.
    assert spans_of(evaluated({"pattern": pattern, "text": "", "op": "finditer"})) == re_spans(
        pattern, ""
    )


# --- huge inputs: bounded results, a truncation notice, exact where it is shown ----------------


def test_a_10_mb_text_with_a_million_matches_is_cut_at_max_matches() -> None:
    text = "ab " * 3_500_000  # 10.5 MB
    result = evaluated({"pattern": r"\w+", "text": text, "op": "finditer"})
    assert result["truncated"] is True
    assert len(result["matches"]) == 100_000
    assert spans_of(result)[-1] == [299_997, 299_999]


def test_a_10_mb_text_without_a_match_answers_plainly() -> None:
    text = "x" * 10_000_000
    result = evaluated({"pattern": "y", "text": text, "op": "search"})
    assert result["ok"] is True
    assert result["matches"] == []
    assert result["truncated"] is False


def test_millions_of_empty_matches_are_cut_and_counted_exactly() -> None:
    text = "a" * 2_000_000
    result = evaluated({"pattern": "", "text": text, "op": "finditer", "maxMatches": 1000})
    assert result["truncated"] is True
    assert spans_of(result) == [[i, i] for i in range(1000)]


def test_sub_on_a_huge_text_returns_the_whole_output() -> None:
    text = "a-b " * 250_000
    result = evaluated({"pattern": "-", "text": text, "op": "sub", "replacement": "+"})
    assert result["output"]["value"] == text.replace("-", "+")


@pytest.mark.parametrize("op", ["sub", "subn"])
def test_a_replacement_that_builds_too_much_is_cut_with_the_count_exact(op: str) -> None:
    # 2 000 matches x 10 000 characters: 20 000 000 characters, past MAX_OUTPUT_CHARS.
    text = "a" * 2_000
    replacement = "x" * 10_000
    result = evaluated({"pattern": "a", "text": text, "op": op, "replacement": replacement})
    output = result["output"]
    assert output["truncated"] is True
    built = re.subn("a", replacement, text)
    cut = built[0][:MAX_OUTPUT_CHARS]
    assert len(cut) == MAX_OUTPUT_CHARS < len(built[0])
    if op == "sub":
        assert output["value"] == cut
        assert output["repr"] == repr(cut)
    else:
        assert output["value"] == [cut, built[1]]
        assert output["repr"] == repr((cut, 2_000))


def test_a_replacement_output_at_the_limit_is_not_cut() -> None:
    limit = MAX_OUTPUT_CHARS
    result = evaluated({"pattern": "b", "text": "a" * (limit - 1) + "b", "op": "sub"})
    assert result["output"]["truncated"] is False
    assert len(result["output"]["value"]) == limit - 1


def test_a_100_000_character_literal_pattern_compiles_and_matches() -> None:
    pattern = "ab" * 50_000
    result = evaluated({"pattern": pattern, "text": "x" + pattern + "y", "op": "search"})
    assert spans_of(result) == [[1, 100_001]]


def cpython_error(pattern: str) -> str | None:
    """CPython's own message for `pattern`, or None if it compiles."""
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    return None


def test_a_100_000_character_pattern_of_groups_gets_cpython_s_answer() -> None:
    # Whether 34 000 groups compile depends on the CPython version; the answer must be CPython's.
    pattern = "(a)" * 34_000
    result = evaluated({"pattern": pattern, "text": "aaa", "op": "search"})
    expected = cpython_error(pattern)
    got = None if result["ok"] else result["error"]["message"]
    assert got == expected


def test_a_100_000_character_pattern_with_an_error_at_its_end_points_there() -> None:
    pattern = "a" * 99_999 + "("
    result = evaluated({"pattern": pattern, "text": "a", "op": "search"})
    assert result["ok"] is False
    assert result["error"]["pos"] == 99_999
    assert result["error"]["pos16"] == 99_999


def test_a_split_into_a_million_pieces_is_cut() -> None:
    text = "," * 1_000_000
    result = evaluated({"pattern": ",", "text": text, "op": "split", "maxMatches": 500})
    assert result["output"]["truncated"] is True
    assert len(result["output"]["value"]) <= 501


# --- hostile text: exact results or a clear message, never a crash ------------------------------

HOSTILE_TEXTS = [
    ("lone-high-surrogate", "x", "a\ud800x\ud800b"),
    ("lone-low-surrogate", "\udc00", "\udc00a\udc00"),
    ("reversed-surrogate-pair", ".", "\udc00\ud800"),
    ("nul", "\x00+", "a\x00\x00b\x00"),
    ("bom", "\ufeff?a", "\ufeffab\ufeffa"),
    ("rtl-override", r"\w+", "abc\u202edcba\u202c!"),
    ("rtl-script", r"[\u0590-\u05ff]+", "שלום world מה"),
    ("combining-marks", "e\u0301", "cafe\u0301 e\u0301e"),
    ("zalgo", r"\w+", "z\u0351\u0352\u0353a\u0354\u0355l\u0356go"),
    ("mixed-newlines", r"^\w+$", "one\r\ntwo\rthree\nfour"),
    ("control-characters", r"[\x01-\x1f]+", "a\x01\x02b\x1fc\x7f"),
    ("astral-everywhere", "😀+", "😀😀a😀\U0001d538😀"),
    ("line-separators", ".+", "a\u2028b\u2029c\x85d"),
]


@pytest.mark.parametrize(
    ("name", "pattern", "text"), HOSTILE_TEXTS, ids=[c[0] for c in HOSTILE_TEXTS]
)
def test_hostile_text_gets_exactly_cpython_s_matches(name: str, pattern: str, text: str) -> None:
    result = evaluated({"pattern": pattern, "text": text, "op": "finditer", "flags": "m"})
    assert spans_of(result) == re_spans(pattern, text, re.M)
    # And UTF-16 offsets that slice the same text in JavaScript's encoding.
    units = text.encode("utf-16-le", "surrogatepass")
    for match in result["matches"]:
        start, end = match["span"]
        start16, end16 = match["span16"]
        piece = units[2 * start16 : 2 * end16].decode("utf-16-le", "surrogatepass")
        assert piece == text[start:end]


def test_hostile_text_survives_the_json_bridge_both_ways() -> None:
    text = "a\ud800\x00\ufeff\u202e😀\r\n\udc00"
    request = {"pattern": "[\ud800\x00😀]", "text": text, "op": "findall"}
    answer, _ = evaluate_json(json.dumps(request))
    result = json.loads(answer)["result"]
    assert result["output"]["value"] == re.findall("[\ud800\x00😀]", text)


# --- injection: markup is data, kept exactly ----------------------------------------------------

MARKUP = [
    ("script-in-text", "<script>", "a<script>alert(1)</script>b", "finditer", ""),
    ("img-onerror-in-text", r"<img[^>]*>", '<img src=x onerror="alert(1)">', "finditer", ""),
    ("markup-in-replacement", "a", "xax", "sub", "<b onclick=alert(1)>\\g<0></b>"),
    ("script-in-pattern", r"</?script>", "<script></script>", "findall", ""),
    ("entity-in-text", "&amp;", "&amp;&lt;&#x27;", "finditer", ""),
    ("javascript-url", r"javascript:\w+", "javascript:alert", "search", ""),
]


@pytest.mark.parametrize(
    ("name", "pattern", "text", "op", "replacement"), MARKUP, ids=[c[0] for c in MARKUP]
)
def test_markup_is_matched_and_returned_as_plain_text(
    name: str, pattern: str, text: str, op: str, replacement: str
) -> None:
    result = evaluated({"pattern": pattern, "text": text, "op": op, "replacement": replacement})
    assert result["ok"] is True
    expected: Any = {
        "finditer": lambda: [m.group() for m in re.finditer(pattern, text)],
        "findall": lambda: re.findall(pattern, text),
        "search": lambda: [m.group() for m in [re.search(pattern, text)] if m],
        "sub": lambda: re.sub(pattern, replacement, text),
    }[op]()
    if op in ("finditer", "search"):
        assert [m["groups"][0]["value"] for m in result["matches"]] == expected
    else:
        assert result["output"]["value"] == expected


def test_a_group_name_made_of_markup_gets_cpython_s_error_as_text() -> None:
    pattern = "(?P<<img src=x onerror=alert(1)>>a)"
    result = evaluated({"pattern": pattern, "text": "a", "op": "search"})
    assert result["ok"] is False
    assert result["error"]["message"] == cpython_error(pattern)


# --- malformed requests: a clear request error, never an exception -----------------------------

MALFORMED: list[tuple[str, Any]] = [
    ("not-an-object", ["pattern", "text"]),
    ("pattern-missing", {"text": "a", "op": "search"}),
    ("pattern-not-a-string", {"pattern": 1, "text": "a", "op": "search"}),
    ("text-null", {"pattern": "a", "text": None, "op": "search"}),
    ("unknown-op", {"pattern": "a", "text": "a", "op": "eval"}),
    ("unknown-flag", {"pattern": "a", "text": "a", "op": "search", "flags": "q"}),
    ("replacement-not-a-string", {"pattern": "a", "text": "a", "op": "sub", "replacement": ["x"]}),
    (
        "count-as-string",
        {"pattern": "a", "text": "a", "op": "sub", "replacement": "", "count": "1"},
    ),
    ("zero-max-matches", {"pattern": "a", "text": "a", "op": "finditer", "maxMatches": 0}),
    ("boolean-maxsplit", {"pattern": "a", "text": "a", "op": "split", "maxsplit": True}),
    ("bad-replacement-group", {"pattern": "a", "text": "a", "op": "sub", "replacement": "\\9"}),
]


@pytest.mark.parametrize(("name", "request_"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_a_malformed_request_gets_a_clear_error_result(name: str, request_: Any) -> None:
    before = copy.deepcopy(request_)
    result = evaluate(request_)
    assert request_ == before
    assert result["ok"] is False
    assert result["error"]["message"]
    assert result["error"]["where"] in ("request", "replacement", "pattern")


def test_the_bridge_answers_a_huge_request_in_one_piece() -> None:
    text = "x" * 5_000_000
    answer, data = evaluate_json(json.dumps({"pattern": "x", "text": text, "op": "finditer"}))
    evaluation = json.loads(answer)
    assert evaluation["result"]["truncated"] is True
    assert evaluation["packed"]["count"] == 100_000
    # Bounded: spans of 100 000 matches, not of five million.
    assert len(data) < 100_000 * 2 * 2 * 4 + 1024
