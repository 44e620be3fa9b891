"""trace(): the interpreter's run of a request gives evaluate's matches, and the steps behind them.

The corpus is every request evaluate's own tests use (harvested from their parametrize tables and
request constants), each also run with every op and a set of flags, plus Hypothesis' patterns from
test_properties: whenever the step budget did not run out, trace's matches must equal evaluate's,
key for key. The steps are checked for what the page shows of them: opcode names, UTF-16 positions
(astral characters and lone surrogates in the text), the pattern construct they point at, the match
attempt they belong to, and the budgets.
"""

from __future__ import annotations

import importlib
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyregex import evaluate
from pyregex.errors import interrupted_error
from pyregex.request import OPS, flag_bits
from pyregex.trace import trace, trace_request
from test_properties import flag_letters, limits, patterns, replacements, texts

trace_module = importlib.import_module("pyregex.trace")
OPCODE_NAMES = {str(op) for op in re._constants.OPCODES}  # type: ignore[attr-defined]

# Tests of evaluate whose tables and constants hold the requests it is tested with.
HARVESTED = [
    "test_evaluate_ops",
    "test_evaluate_groups",
    "test_evaluate_unicode",
    "test_evaluate_flags",
    "test_evaluate_limits",
    "test_evaluate_warnings",
    "test_evaluate_request",
    "test_hostile",
    "test_schema",
]
REQUEST_KEYS = ("pattern", "text", "op", "flags", "replacement", "count", "maxsplit", "maxMatches")
DEFAULT_TEXTS = ("", "a1 22 x 333", "ab😀\nAB_b")
MATRIX_FLAGS = ("", "i", "m", "s", "x", "a", "ims")
# Far more than any request of the corpus needs (under 100 steps), except the catastrophic ones,
# which are then truncated.
CORPUS_MAX_STEPS = 50_000


def _requests_in(value: object) -> Iterator[dict[str, Any]]:
    """Request-like dicts anywhere inside `value` (module constants, parametrize rows)."""
    if isinstance(value, dict):
        if isinstance(value.get("pattern"), str) and isinstance(value.get("text"), str):
            request = {key: value[key] for key in REQUEST_KEYS if key in value}
            if "letters" in value and "flags" not in request:
                request["flags"] = value["letters"]
            ops = [request["op"]] if isinstance(request.get("op"), str) else OPS
            for op in ops:
                yield {**request, "op": op}
        elif isinstance(value.get("pattern"), str) and "text" not in value:
            for text in DEFAULT_TEXTS:
                yield from _requests_in({**value, "text": text})
        else:
            for item in value.values():
                yield from _requests_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _requests_in(item)


def _parametrize_rows(function: object) -> Iterator[dict[str, Any]]:
    for mark in getattr(function, "pytestmark", []):
        if mark.name != "parametrize":
            continue
        argnames, argvalues = mark.args[0], mark.args[1]
        names = [n.strip() for n in argnames.split(",")] if isinstance(argnames, str) else argnames
        for values in argvalues:
            row = values.values if hasattr(values, "values") else values  # pytest.param
            yield dict(zip(names, row if len(names) > 1 else (row,), strict=True))


def harvested_requests() -> list[dict[str, Any]]:
    """Every distinct request of evaluate's tests, with its own op or (when it has none) each op."""
    seen: dict[str, dict[str, Any]] = {}
    for module_name in HARVESTED:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            found = list(_requests_in(value))
            for row in _parametrize_rows(value):
                found.extend(_requests_in(row))
            for request in found:
                seen.setdefault(json.dumps(request, sort_keys=True), request)
    return list(seen.values())


def matrix(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each distinct pattern/text/replacement with every op and each of MATRIX_FLAGS; those whose
    search runs out of steps (the catastrophic ones, compared as they are above) are left out."""
    bases = {
        json.dumps([r["pattern"], r["text"], r.get("replacement", "")]): r
        for r in requests
        if isinstance(r.get("replacement", ""), str)
        and isinstance(r["pattern"], str)
        and not _runs_out({"pattern": r["pattern"], "text": r["text"], "op": "search"})
    }
    return [
        {
            "pattern": r["pattern"],
            "text": r["text"],
            "replacement": r.get("replacement", ""),
            "op": op,
            "flags": flags,
        }
        for r in bases.values()
        for op in OPS
        for flags in MATRIX_FLAGS
    ]


def _runs_out(request: dict[str, Any]) -> bool:
    result: Any = trace(request, max_steps=CORPUS_MAX_STEPS, max_trace_steps=0)
    return bool(result["ok"] and result.get("truncated"))


def units(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def compare(request: dict[str, Any], max_steps: int = CORPUS_MAX_STEPS) -> str:
    """'same', 'truncated', 'unsupported', or a description of how trace and evaluate differ.

    evaluate runs only when trace finished within its budget: `re` then needs as many steps
    (a catastrophic request would keep evaluate busy for hours).
    """
    got: Any = trace(request, max_steps=max_steps, max_trace_steps=0)
    if got["ok"] and got["supported"] is False:
        return "unsupported"
    if got["ok"] and got["truncated"]:
        return "truncated"
    expected: Any = evaluate(request)
    if not expected["ok"]:
        return "same" if got == expected else f"{request}: error {expected} vs {got}"
    if not got["ok"]:
        return f"{request}: trace failed with {got['error']}"
    if got["matches"] != expected["matches"]:
        return f"{request}: matches {got['matches']} vs evaluate's {expected['matches']}"
    if len(got["matchSteps"]) != len(got["matches"]) or sum(got["matchSteps"]) > got["steps"]:
        return f"{request}: matchSteps {got['matchSteps']} vs steps {got['steps']}"
    return "same"


def assert_all_agree(requests: list[dict[str, Any]], least_compared: float) -> None:
    outcomes = [compare(request) for request in requests]
    differences = [o for o in outcomes if o not in ("same", "truncated", "unsupported")]
    assert differences == []
    assert "unsupported" not in outcomes
    assert outcomes.count("same") >= least_compared * len(requests), outcomes.count("truncated")


def test_the_harvest_finds_evaluates_requests() -> None:
    requests = harvested_requests()
    assert len(requests) > 300
    assert {"pattern": r"(a+)+$", "text": "a" * 40 + "b", "op": "search"} in requests
    assert set(OPS) <= {r["op"] for r in requests}  # malformed ones too: their errors must agree


def test_every_request_of_evaluates_tests_gets_evaluates_matches() -> None:
    assert_all_agree(harvested_requests(), least_compared=0.9)


def test_every_op_and_flag_gets_evaluates_matches() -> None:
    assert_all_agree(matrix(harvested_requests()), least_compared=0.95)


@given(
    st.fixed_dictionaries(
        {
            "pattern": patterns,
            "text": texts,
            "flags": flag_letters,
            "replacement": replacements,
            "count": limits,
            "maxsplit": limits,
            "op": st.sampled_from(OPS),
        }
    )
)
def test_generated_requests_get_evaluates_matches(request_: dict[str, Any]) -> None:
    assert compare(request_) in ("same", "truncated")


@given(
    st.fixed_dictionaries(
        {"pattern": patterns, "text": texts, "flags": flag_letters, "op": st.sampled_from(OPS)}
    )
)
def test_every_step_is_well_formed(request_: dict[str, Any]) -> None:
    """Steps name real opcodes, point inside the pattern (always: these patterns are all mapped)
    and at code point boundaries of the text, in UTF-16 units."""
    result: Any = trace(request_, max_steps=20_000, max_trace_steps=20_000)
    if not result["ok"]:
        return  # evaluate's error for the same request (compared above)
    pattern16 = len(units(request_["pattern"])) // 2
    text = request_["text"]
    boundaries = {len(units(text[:i])) // 2 for i in range(len(text) + 1)}
    groups = re.compile(request_["pattern"], flag_bits(request_["flags"])).groups
    assert len(result["trace"]) == min(result["steps"], 20_000)
    for step in result["trace"]:
        assert step["op"] in OPCODE_NAMES
        start, end = step["pattern16"]
        assert 0 <= start <= end <= pattern16
        assert step["pos16"] in boundaries
        assert step["start16"] in boundaries
        assert step["group"] is None or 1 <= step["group"] <= groups


# ---- steps --------------------------------------------------------------------------------------


def full_trace(pattern: str, text: str, op: str = "search", **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict(
        trace_request({"pattern": pattern, "text": text, "op": op, **extra})[0]
    )
    assert result["ok"] is True, result
    assert result["supported"] is True, result
    return result


def slice16(text: str, span16: list[int]) -> str:
    return units(text)[2 * span16[0] : 2 * span16[1]].decode("utf-16-le", "surrogatepass")


def test_a_search_match_costs_all_its_steps() -> None:
    result = full_trace(r"(\d+)-(\d+)", "tel 12-345")
    assert result["matches"] == evaluate({"pattern": r"(\d+)-(\d+)", "text": "tel 12-345",
                                          "op": "search"})["matches"]  # fmt: skip
    assert result["matchSteps"] == [result["steps"]]
    assert result["traceComplete"] is True
    assert len(result["trace"]) == result["steps"]
    assert result["stoppedAt"] is None


def test_match_steps_add_up_to_the_steps_with_the_last_failing_search() -> None:
    # findall searches once per match, then once more from the last match's end, which fails.
    # `a?b` has no literal prefix or first-character set, so every position is tried in full;
    # from the text's end the last search needs no step (the INFO block's minimum length).
    result = full_trace("a?b", "b-ab", "findall")
    assert len(result["matchSteps"]) == 2
    assert all(steps > 0 for steps in result["matchSteps"])
    assert sum(result["matchSteps"]) == result["steps"]
    assert len(result["trace"]) == result["steps"]
    longer = full_trace("a?b", "b-ab--", "findall")
    assert longer["matchSteps"] == result["matchSteps"]
    assert longer["steps"] > sum(longer["matchSteps"])
    assert longer["trace"][: result["steps"]] == result["trace"]


def test_each_step_names_its_opcode_construct_and_group() -> None:
    pattern, text = "a(b)c", "xabc"
    result = full_trace(pattern, text)
    ops = [step["op"] for step in result["trace"]]
    assert ops.count("MARK") == 2
    for step in result["trace"]:
        assert step["op"] in OPCODE_NAMES
        if step["op"] == "MARK":
            assert step["group"] == 1
            assert slice16(pattern, step["pattern16"]) == "(b)"
        elif step["op"] == "LITERAL":
            assert step["group"] is None
            assert len(slice16(pattern, step["pattern16"])) == 1
        assert step["start16"] <= step["pos16"]
    last = result["trace"][-1]
    assert last["op"] == "SUCCESS"
    assert last["pos16"] == 4
    assert last["start16"] == 1


def test_a_backreference_step_names_its_group() -> None:
    result = full_trace(r"(?P<q>['\"])x(?P=q)", "'x'")
    refs = [step for step in result["trace"] if step["op"].startswith("GROUPREF")]
    assert [step["group"] for step in refs] == [1]


def test_backtracking_steps_are_marked() -> None:
    result = full_trace("(a|ab)c", "abc")
    assert result["backtracks"] >= 1
    assert any(step["backtrack"] for step in result["trace"])
    assert result["backtracks"] == sum(step["backtrack"] for step in result["trace"])


@pytest.mark.parametrize(
    ("text", "start16", "end16"),
    [("😀a", 2, 3), ("😀😂a", 4, 5), ("\udc00a", 1, 2), ("e\u0301a", 2, 3)],
)
def test_positions_are_utf16_units(text: str, start16: int, end16: int) -> None:
    result = full_trace("a+", text, "search")  # no prefix to skip to: every position is tried
    assert result["matches"][0]["span16"] == [start16, end16]
    # One REPEAT_ONE per position tried (its tail is empty, so _sre needs no SUCCESS step).
    tried = [(step["op"], step["start16"], step["pos16"]) for step in result["trace"]]
    boundaries = [len(units(text[:i])) // 2 for i in range(len(text))]
    assert tried == [("REPEAT_ONE", pos16, pos16) for pos16 in boundaries if pos16 <= start16]


def test_pattern_spans_are_utf16_units() -> None:
    pattern = "😀(x)"
    result = full_trace(pattern, "😀x")
    marks = [step["pattern16"] for step in result["trace"] if step["op"] == "MARK"]
    assert marks == [[2, 5], [2, 5]]
    assert slice16(pattern, marks[0]) == "(x)"


def test_attempts_start_where_search_tries_them() -> None:
    # No literal prefix or first-character set: the search tries every position in turn.
    result = full_trace("(?:x|y)+z", "xxa xz")
    starts = [step["start16"] for step in result["trace"]]
    assert starts == sorted(starts)
    assert sorted(set(starts)) == [0, 1, 2, 3, 4]
    assert result["matches"][0]["span16"][0] == 4
    # A literal prefix: _sre finds "ab" itself and enters the program after it, at the group.
    prefixed = full_trace("ab(c|d)", "xab abd")
    first = prefixed["trace"][0]
    assert (first["op"], first["start16"], first["pos16"]) == ("MARK", 1, 3)
    assert {step["start16"] for step in prefixed["trace"]} == {1, 4}
    assert prefixed["trace"][-1]["start16"] == 4


def test_steps_grow_exponentially_on_a_catastrophic_pattern() -> None:
    counts = []
    for n in range(6, 13):
        result = full_trace(r"(a+)+$", "a" * n + "b", maxTraceSteps=0)
        assert result["matches"] == []
        counts.append(result["steps"])
    for before, after in itertools.pairwise(counts):
        assert after >= 1.5 * before, counts


def test_a_small_budget_truncates_and_claims_no_match() -> None:
    result: Any = trace(
        {"pattern": r"(a+)+$", "text": "😀" + "a" * 30 + "b", "op": "search"},
        max_steps=500,
        max_trace_steps=100,
    )
    assert result["truncated"] is True
    assert result["matches"] is None
    assert result["matchSteps"] is None
    assert result["steps"] == 500
    assert len(result["trace"]) == 100
    assert result["traceComplete"] is False
    stopped = result["stoppedAt"]
    assert 2 <= stopped["pos16"] <= 33
    assert slice16(r"(a+)+$", stopped["pattern16"]) in ("(a+)+", "(a+)", "a+", "a", "$", "(a+)+$")


def test_a_truncated_run_counts_the_backtracks_made_before_the_budget_ran_out() -> None:
    result: Any = trace(
        {"pattern": r"x|(a+)+$", "text": "a" * 30 + "b", "op": "search"},
        max_steps=2_000,
        max_trace_steps=2_000,
    )
    assert result["truncated"] is True
    assert result["traceComplete"] is True
    flagged = sum(step["backtrack"] for step in result["trace"])
    assert flagged > 0
    assert result["backtracks"] == flagged


def test_a_budget_that_suffices_is_not_truncated() -> None:
    wide = full_trace("a", "xxa")
    exact: Any = trace({"pattern": "a", "text": "xxa", "op": "search"}, max_steps=wide["steps"])
    assert exact["truncated"] is False
    assert exact["matches"] == wide["matches"]


def test_without_trace_steps_only_counts_are_given() -> None:
    result = full_trace(r"\w+", "ab cd", "findall", maxTraceSteps=0)
    assert result["trace"] == []
    assert result["steps"] > 0
    assert result["traceComplete"] is False


def test_count_and_maxsplit_stop_the_searches() -> None:
    # (A pattern of one literal costs no step at all: _sre's search finds it by its prefix.)
    one = full_trace("[ab]", "aaaa", "sub", replacement="b", count=1)
    two = full_trace("[ab]", "aaaa", "sub", replacement="b", count=2)
    assert len(one["matches"]) == 1
    assert len(two["matches"]) == 2
    assert one["steps"] < two["steps"]
    none = full_trace("[ab]", "aaaa", "split", maxsplit=-1)
    assert none["matches"] == []
    assert none["steps"] == 0


def test_max_matches_caps_the_matches_not_the_op() -> None:
    capped = full_trace("a", "aaaa", "finditer", maxMatches=2)
    whole = full_trace("a", "aaaa", "finditer")
    assert capped["matches"] == whole["matches"][:2]
    assert capped["matchSteps"] == whole["matchSteps"][:2]
    assert capped["steps"] == whole["steps"]


def test_errors_are_evaluates() -> None:
    for request in (
        {"pattern": "(", "text": "", "op": "search"},
        {"pattern": "a", "text": "", "op": "search", "flags": "l"},
        {"pattern": "(a)", "text": "a", "op": "sub", "replacement": r"\2"},
        {"pattern": "a", "text": "", "op": "replace"},
        {"pattern": "a", "text": "", "op": "search", "colour": "red"},
        ["not", "a", "request"],
    ):
        assert trace(request) == evaluate(request)


def test_budgets_in_the_request_are_checked() -> None:
    base = {"pattern": "a", "text": "a", "op": "search"}
    result, data = trace_request({**base, "maxSteps": 1, "maxTraceSteps": 0})
    assert result["ok"] is True
    assert data == b""
    for bad in ({"maxSteps": 0}, {"maxTraceSteps": -1}, {"maxSteps": "10"}, {"maxSteps": True}):
        error, _ = trace_request({**base, **bad})
        assert error["ok"] is False
        assert error["error"]["type"] == "RequestError"
        assert next(iter(bad)) in error["error"]["message"]


def test_an_unknown_opcode_is_reported_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: object, **kwargs: object) -> None:
        raise trace_module.sre_vm.UnsupportedOpcode("opcode 99 (NEW_OP) at code index 5")

    monkeypatch.setattr(trace_module.sre_vm, "run", unknown)
    result: Any = trace({"pattern": "a", "text": "a", "op": "search"})
    assert result["ok"] is True
    assert result["supported"] is False
    assert "NEW_OP" in result["reason"]
    assert "matches" not in result


def test_an_interrupt_is_evaluates_interrupted_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(trace_module.sre_vm, "run", interrupted)
    assert trace({"pattern": "a", "text": "a", "op": "search"}) == interrupted_error()
