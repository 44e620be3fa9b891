"""run_suite: each case's verdict comes from what `re` really did (the same run as evaluate), every
expectation kind and mismatch is named, interrupts and time limits are read as documented, and a
malformed suite is one clear SuiteError. Interrupts are injected deterministically (a stand-in for
run_op that raises); the native case timer stops a real runaway pattern where signals allow."""

from __future__ import annotations

import importlib
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from pyregex import evaluate, run_suite
from pyregex.case_timer import CaseTimer, case_limits_supported
from pyregex.evaluate import OpRun, run_op
from pyregex.request import ParsedRequest
from pyregex.suite import CaseTimeout

suite_module = importlib.import_module("pyregex.suite")

Suite = dict[str, Any]

DATE = r"(?P<year>\d{4})-(?P<month>\d\d)(-(\d\d))?"


def suite(pattern: str, op: str, *tests: dict[str, Any], **options: Any) -> Suite:
    return {"pattern": pattern, "op": op, **options, "tests": list(tests)}


def case(text: str, expect: str = "match", **fields: Any) -> dict[str, Any]:
    return {"text": text, "expect": expect, **fields}


def verdicts(result: Any) -> list[str]:
    return [case_result["status"] for case_result in result["cases"]]


def messages(result: Any) -> list[str]:
    return [case_result["message"] for case_result in result["cases"]]


# ---- what a case reports -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "op", ["match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"]
)
def test_actual_is_what_evaluate_reports_for_the_same_text(op: str) -> None:
    texts = ["2025-10-07 and 2024-01", "born 1999-12", "no date", "", "😀 2025-10\r\n\ud800"]
    options = {"replacement": r"\g<month>/\g<year>", "count": 1} if op in ("sub", "subn") else {}
    result = run_suite(suite(DATE, op, *(case(text) for text in texts), **options))
    assert result["error"] is None
    for text, case_result in zip(texts, result["cases"], strict=True):
        shown: Any = evaluate({"pattern": DATE, "text": text, "op": op, **options})
        actual = case_result["actual"]
        assert actual is not None
        assert actual["matched"] == bool(shown["matches"])
        assert actual["output"] == shown["output"]["value"]
        assert actual["outputRepr"] == shown["output"]["repr"]
        if shown["matches"]:
            first = re.search(DATE, text) if op != "match" else re.match(DATE, text)
            if op == "fullmatch":
                first = re.fullmatch(DATE, text)
            assert first is not None
            expected_groups = {str(n): first.group(n) for n in range(first.re.groups + 1)}
            expected_groups.update(first.groupdict())
            assert actual["groups"] == expected_groups
        else:
            assert actual["groups"] == {}
        assert case_result["ok"] == actual["matched"]


def test_a_case_result_carries_its_index_name_expectation_and_time() -> None:
    tests = [case("2025-10", name="a date", groups={"year": "2025"}), case("x", "no match")]
    result = run_suite(suite(DATE, "search", *tests))
    first, second = result["cases"]
    assert (first["index"], first["name"], second["index"], second["name"]) == (
        0,
        "a date",
        1,
        None,
    )
    assert first["expected"] == {"expect": "match", "groups": {"year": "2025"}}
    assert second["expected"] == {"expect": "no match"}
    assert all(c["elapsedMs"] >= 0 for c in result["cases"])
    assert result["elapsedMs"] >= max(c["elapsedMs"] for c in result["cases"])
    assert (result["passed"], result["failed"], result["python"]) == (2, 0, sys.version)


# ---- verdicts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "text", "expect", "message"),
    [
        ("search", "on 2025-10-07", "match", ""),
        ("search", "no date", "no match", ""),
        ("search", "no date", "match", "expected a match, but search found none"),
        (
            "search",
            "Released 2025-10, late",
            "no match",
            "expected no match, but search matched '2025-10' at 9\u201316",
        ),
        ("match", "on 2025-10", "match", "expected a match, but match found none"),
        ("match", "2025-10 on", "match", ""),
        ("fullmatch", "2025-10 on", "match", "expected a match, but fullmatch found none"),
        ("fullmatch", "2025-10-07", "match", ""),
        ("finditer", "a 2025-10 b 2024-11", "match", ""),
        ("findall", "none", "no match", ""),
        ("split", "none", "no match", ""),
        (
            "sub",
            "x 2025-10",
            "no match",
            "expected no match, but sub matched '2025-10' at 2\u20139",
        ),
    ],
)
def test_expect_is_whether_the_op_found_a_match(
    op: str, text: str, expect: str, message: str
) -> None:
    result = run_suite(suite(DATE, op, case(text, expect)))
    assert messages(result) == [message]
    assert verdicts(result) == ["pass" if not message else "fail"]
    assert (result["passed"], result["failed"]) == ((1, 0) if not message else (0, 1))


def test_sub_and_split_match_only_within_count_and_maxsplit_yet_count_0_means_all() -> None:
    tests = [case("a b", "match")]
    assert verdicts(run_suite(suite("b", "sub", *tests, count=0))) == ["pass"]
    assert verdicts(run_suite(suite("b", "split", *tests, maxsplit=1))) == ["pass"]


def test_groups_by_number_by_name_and_none() -> None:
    groups = {"0": "2025-10", "1": "2025", "month": "10", "3": None, "4": None}
    result = run_suite(suite(DATE, "search", case("on 2025-10.", groups=groups)))
    assert verdicts(result) == ["pass"]


def test_every_group_mismatch_is_named_in_one_message() -> None:
    groups = {"year": "2024", "3": "x", "2": None, "nope": "a", "7": "b", "01": "c"}
    result = run_suite(suite(DATE, "search", case("on 2025-10.", groups=groups)))
    assert verdicts(result) == ["fail"]
    assert messages(result) == [
        "group 'year': expected '2024', got '2025'; "
        "group 3: expected 'x', got None (did not take part); "
        "group 2: expected None (did not take part), got '10'; "
        "the pattern has no group 'nope'; the pattern has no group 7; "
        "the pattern has no group '01'"
    ]


def test_a_group_the_pattern_lacks_fails_even_when_nothing_matched() -> None:
    result = run_suite(suite(DATE, "search", case("no date", groups={"day": "07"})))
    assert messages(result) == [
        "expected a match, but search found none; the pattern has no group 'day'"
    ]


@pytest.mark.parametrize(
    ("op", "options", "text", "output"),
    [
        (
            "findall",
            {},
            "2025-10-07 and 2024-01",
            [["2025", "10", "-07", "07"], ["2024", "01", "", ""]],
        ),
        ("findall", {}, "none", []),
        ("sub", {"replacement": r"\g<month>/\g<year>"}, "on 2025-10!", "on 10/2025!"),
        ("sub", {"replacement": "X", "count": 1}, "2025-10 2024-11", "X 2024-11"),
        ("subn", {"replacement": "X"}, "2025-10 2024-11", ["X X", 2]),
        ("split", {}, "a 2025-10 b", ["a ", "2025", "10", None, None, " b"]),
        (
            "split",
            {"maxsplit": 1},
            "a 2025-10 b 2024-11",
            ["a ", "2025", "10", None, None, " b 2024-11"],
        ),
    ],
)
def test_output_passes_when_it_equals_the_ops_return_value(
    op: str, options: dict[str, Any], text: str, output: Any
) -> None:
    expect = "match" if output not in ([], "none") else "no match"
    result = run_suite(suite(DATE, op, case(text, expect, output=output), **options))
    assert messages(result) == [""]
    shown: Any = evaluate({"pattern": DATE, "text": text, "op": op, **options})
    assert shown["output"]["value"] == output  # the expectation is the real return value


@pytest.mark.parametrize(
    ("op", "output", "message"),
    [
        ("findall", ["a"], "output: expected ['a'], got [['2025', '10', '', '']]"),
        ("sub", ["x"], "output: expected ['x'], got 'x'"),
        ("subn", ["x", 0], "output: expected ['x', 0], got ['x', 1]"),
        ("subn", ["x", "1"], "output: expected ['x', '1'], got ['x', 1]"),
        ("split", [""], "output: expected [''], got ['', '2025', '10', None, None, '']"),
    ],
)
def test_a_different_output_fails_with_both_values(op: str, output: Any, message: str) -> None:
    tests = [case("2025-10", output=output)]
    result = run_suite(suite(DATE, op, *tests, replacement="x"))
    assert messages(result) == [message]


def test_a_huge_value_is_shortened_in_the_message() -> None:
    text = "a" * 5000
    result = run_suite(suite("a+", "findall", case(text, output=["b"])))
    message = result["cases"][0]["message"]
    assert message.startswith("output: expected ['b'], got ['aaaa")
    assert "(5,004 characters)" in message
    assert len(message) < 200


def test_expect_and_groups_and_output_are_all_reported_together() -> None:
    tests = [case("x", groups={"1": "a"}, output=["a"])]
    result = run_suite(suite("(a)", "findall", *tests))
    assert messages(result) == [
        "expected a match, but findall found none; output: expected ['a'], got []"
    ]


# ---- when nothing can run ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "where", "start"),
    [
        ({"pattern": "a(b", "op": "search"}, "pattern", "not run: the pattern does not compile: "),
        (
            {"pattern": "a", "op": "search", "flags": "l"},
            "flags",
            "not run: re rejects the flags: ",
        ),
        (
            {"pattern": "(a)", "op": "sub", "replacement": r"\2"},
            "replacement",
            "not run: the replacement does not compile: ",
        ),
        (
            {"pattern": "(a)", "op": "subn", "replacement": r"\g<x>"},
            "replacement",
            "not run: the replacement does not compile: ",
        ),
    ],
)
def test_a_pattern_that_does_not_compile_skips_every_case_with_cpythons_error(
    request_: dict[str, str], where: str, start: str
) -> None:
    result = run_suite({**request_, "tests": [case("a"), case("b", "no match")]})
    shown: Any = evaluate({**request_, "text": "a"})
    assert result["error"] == shown["error"]
    assert result["error"] is not None
    assert result["error"]["where"] == where
    assert verdicts(result) == ["skipped", "skipped"]
    assert all(
        m.startswith(start) and m.endswith(shown["error"]["message"]) for m in messages(result)
    )
    assert (result["passed"], result["failed"]) == (0, 2)
    assert [c["actual"] for c in result["cases"]] == [None, None]


def test_an_exception_in_a_case_fails_that_case_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def out_of_memory_on_b(
        req: ParsedRequest, regex: re.Pattern[str], kept: int | None = None
    ) -> OpRun:
        if req.text == "b":
            raise MemoryError
        if req.text == "c":
            raise RecursionError("maximum recursion depth exceeded")
        return run_op(req, regex, kept)

    monkeypatch.setattr(suite_module, "run_op", out_of_memory_on_b)
    result = run_suite(suite("a|b|c", "search", case("a"), case("b"), case("c"), case("a")))
    assert verdicts(result) == ["pass", "fail", "fail", "pass"]
    assert messages(result)[1:3] == [
        "re failed with MemoryError",
        "re failed with RecursionError: maximum recursion depth exceeded",
    ]


# ---- interrupts and time limits ----------------------------------------------------------------


class FakeOp:
    """Stands in for run_op: per text, sleeps (ms) and then raises KeyboardInterrupt, a number of
    times; otherwise runs the real op. Records the texts it ran, in order."""

    def __init__(self, plan: dict[str, list[float]]) -> None:
        self.plan = {text: list(delays) for text, delays in plan.items()}
        self.ran: list[str] = []

    def __call__(
        self, req: ParsedRequest, regex: re.Pattern[str], kept: int | None = None
    ) -> OpRun:
        self.ran.append(req.text)
        delays = self.plan.get(req.text)
        if delays:
            time.sleep(delays.pop(0) / 1000)
            raise KeyboardInterrupt
        return run_op(req, regex, kept)


@pytest.fixture
def fake_op(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[float]]], FakeOp]:
    def install(plan: dict[str, list[float]]) -> FakeOp:
        fake = FakeOp(plan)
        monkeypatch.setattr(suite_module, "run_op", fake)
        return fake

    return install


ABC = suite("[abc]", "search", case("a"), case("b"), case("c"))


def test_an_interrupt_after_half_the_case_limit_is_a_timeout_and_the_suite_goes_on(
    fake_op: Callable[[dict[str, list[float]]], FakeOp],
) -> None:
    fake = fake_op({"b": [12]})
    result = run_suite(ABC, case_ms=20)
    assert verdicts(result) == ["pass", "timeout", "pass"]
    assert re.fullmatch(r"timed out: stopped after \d+ ms", messages(result)[1])
    assert result["cases"][1]["actual"] is None
    assert result["cases"][1]["elapsedMs"] >= 10
    assert fake.ran == ["a", "b", "c"]
    assert (result["passed"], result["failed"]) == (2, 1)


def test_an_early_interrupt_is_a_late_one_for_the_case_before_so_the_case_runs_again(
    fake_op: Callable[[dict[str, list[float]]], FakeOp],
) -> None:
    fake = fake_op({"b": [0]})
    result = run_suite(ABC, case_ms=1000)
    assert verdicts(result) == ["pass", "pass", "pass"]
    assert fake.ran == ["a", "b", "b", "c"]


def test_a_case_is_run_again_only_once(fake_op: Callable[[dict[str, list[float]]], FakeOp]) -> None:
    fake = fake_op({"b": [0, 0]})
    result = run_suite(ABC, case_ms=1000)
    assert verdicts(result) == ["pass", "timeout", "pass"]
    assert fake.ran == ["a", "b", "b", "c"]


def test_without_a_case_limit_every_interrupt_is_a_timeout(
    fake_op: Callable[[dict[str, list[float]]], FakeOp],
) -> None:
    fake_op({"a": [0], "c": [0]})
    assert verdicts(run_suite(ABC)) == ["timeout", "pass", "timeout"]


def test_should_stop_is_asked_before_each_case_and_once_after_the_last() -> None:
    asked: list[int] = []

    def should_stop(index: int) -> bool:
        asked.append(index)
        return False

    result = run_suite(ABC, should_stop=should_stop)
    assert verdicts(result) == ["pass", "pass", "pass"]
    assert asked == [0, 1, 2, 3]


def test_should_stop_true_before_a_case_skips_it_and_all_after_it() -> None:
    asked: list[int] = []

    def stop_at_1(index: int) -> bool:
        asked.append(index)
        return index == 1

    result = run_suite(ABC, should_stop=stop_at_1)
    assert verdicts(result) == ["pass", "skipped", "skipped"]
    assert messages(result)[1:] == ["not run: the suite was stopped"] * 2
    assert asked == [0, 1]
    assert (result["passed"], result["failed"]) == (1, 2)


def test_an_interrupt_with_should_stop_true_stops_the_whole_suite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stopped = threading.Event()

    class StopDuringB(FakeOp):
        def __call__(
            self, req: ParsedRequest, regex: re.Pattern[str], kept: int | None = None
        ) -> OpRun:
            if req.text == "b":
                stopped.set()  # the user pressed Stop while b ran; the page then interrupts
            return super().__call__(req, regex, kept)

    fake = StopDuringB({"b": [0]})
    monkeypatch.setattr(suite_module, "run_op", fake)
    result = run_suite(ABC, case_ms=1000, should_stop=lambda index: stopped.is_set())
    assert verdicts(result) == ["pass", "skipped", "skipped"]
    assert fake.ran == ["a", "b"]


def test_an_interrupt_between_cases_or_after_the_last_changes_no_verdict() -> None:
    asked: list[int] = []
    interrupt_at = {1, 3}

    def interrupting(index: int) -> bool:
        asked.append(index)
        if index in interrupt_at:
            interrupt_at.discard(index)
            raise KeyboardInterrupt  # lands in should_stop itself: not inside any case's run
        return False

    result = run_suite(ABC, case_ms=1000, should_stop=interrupting)
    assert verdicts(result) == ["pass", "pass", "pass"]
    # 1 is asked again to read the interrupt (not a stop, and too early: run it again), then
    # before the retry; 3 again after the stray interrupt that followed the last verdict.
    assert asked == [0, 1, 1, 1, 2, 3, 3]


def test_cases_not_run_when_the_suite_time_is_up_are_skipped(
    fake_op: Callable[[dict[str, list[float]]], FakeOp],
) -> None:
    tests = [case(f"{n}") for n in range(6)]
    fake = fake_op({"1": [30]})
    result = run_suite(suite(r"\d", "search", *tests), suite_ms=25)
    assert verdicts(result) == ["pass", "timeout", "skipped", "skipped", "skipped", "skipped"]
    assert messages(result)[2] == "not run: the suite reached its 25 ms time limit"
    assert fake.ran == ["0", "1"]


def test_a_case_guard_that_raises_case_timeout_times_out_that_case_only() -> None:
    entered: list[int] = []

    @contextmanager
    def guard() -> Iterator[None]:
        entered.append(len(entered))
        if len(entered) == 2:
            raise CaseTimeout
        yield

    result = run_suite(ABC, case_ms=1000, case_guard=guard)
    assert verdicts(result) == ["pass", "timeout", "pass"]
    assert len(entered) == 3


needs_case_timer = pytest.mark.skipif(
    not case_limits_supported(), reason="no signal.setitimer here (Windows, Pyodide)"
)


@needs_case_timer
def test_the_native_case_timer_stops_a_runaway_pattern_and_the_next_case_still_runs() -> None:
    runaway = suite(
        r"(a+)+$",
        "search",
        case("a" * 40 + "b", "no match", name="catastrophic"),
        case("aaa", "match", groups={"1": "aaa"}),
    )
    started = time.perf_counter()
    with CaseTimer(0.2) as timer:
        assert timer.case_guard is not None
        result = run_suite(runaway, case_ms=200, case_guard=timer.case_guard)
    assert verdicts(result) == ["timeout", "pass"]
    assert 150 <= result["cases"][0]["elapsedMs"] < 2000
    assert time.perf_counter() - started < 5


@needs_case_timer
def test_the_case_timer_puts_the_signal_handlers_back() -> None:
    before = (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGINT))
    with CaseTimer(1.0) as timer:
        assert signal.getsignal(signal.SIGALRM) != before[0]
        assert timer.case_guard is not None
        with timer.case_guard():
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGINT)) == before


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide cannot start threads")
def test_the_case_timer_never_limits_off_the_main_thread() -> None:
    made: list[CaseTimer] = []
    worker = threading.Thread(target=lambda: made.append(CaseTimer(1.0)))
    worker.start()
    worker.join()
    assert made[0].case_guard is None
    assert made[0].should_stop(0) is False


# ---- malformed suites --------------------------------------------------------------------------

GOOD = {"pattern": "a", "op": "search", "tests": [{"text": "a", "expect": "match"}]}


def with_case(**fields: Any) -> dict[str, Any]:
    return {**GOOD, "tests": [{"text": "a", "expect": "match"}, {"text": "b", **fields}]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "a suite must be a JSON object, not an array"),
        (None, "a suite must be a JSON object, not null"),
        (
            {**GOOD, "colour": 1},
            "unknown key 'colour': a suite may only have pattern, op, tests, flags, replacement, "
            "count, maxsplit",
        ),
        ({"pattern": "a", "op": "search"}, "missing key 'tests': a suite needs pattern, op, tests"),
        (
            {**GOOD, "op": "find"},
            "'op' must be one of match, search, fullmatch, findall, finditer, sub, subn, split, "
            "not 'find'",
        ),
        ({**GOOD, "pattern": 1}, "'pattern' must be a string, not a number (1)"),
        ({**GOOD, "flags": "iq"}, "unknown flag letter 'q' in 'flags': use letters from 'imsxalu'"),
        ({**GOOD, "count": -1}, "'count' must be 0 (all) or more, not -1"),
        ({**GOOD, "maxsplit": 1.5}, "'maxsplit' must be an integer, not a number (1.5)"),
        ({**GOOD, "count": True}, "'count' must be an integer, not a boolean (true)"),
        ({**GOOD, "tests": {}}, "'tests' must be an array of test cases, not an object"),
        ({**GOOD, "tests": ["a"]}, "test case 1 must be a JSON object, not a string ('a')"),
        (with_case(expect="yes"), "test case 2: 'expect' must be 'match' or 'no match', not 'yes'"),
        (
            with_case(expect=True),
            "test case 2: 'expect' must be 'match' or 'no match', not a boolean (true)",
        ),
        (with_case(), "test case 2: missing key 'expect': a test case needs text, expect"),
        (
            {**GOOD, "tests": [{"expect": "match"}]},
            "test case 1: missing key 'text': a test case needs text, expect",
        ),
        (with_case(expect="match", text=None), "test case 2: 'text' must be a string, not null"),
        (
            with_case(expect="match", expected="x"),
            "test case 2: unknown key 'expected': a test case may only have text, expect, "
            "groups, output, name",
        ),
        (
            with_case(expect="match", name=3),
            "test case 2: 'name' must be a string, not a number (3)",
        ),
        (
            with_case(expect="no match", groups={}),
            "test case 2: 'groups' needs expect 'match': a case that expects no match has no "
            "groups",
        ),
        (
            with_case(expect="match", groups=["a"]),
            "test case 2: 'groups' must be an object from group number (\"1\") or name to the "
            "text it matched (or null), not an array",
        ),
        (
            with_case(expect="match", groups={"1": 1}),
            "test case 2: group '1' must be a string or null (did not take part), not a number (1)",
        ),
        (
            with_case(expect="match", output="a"),
            "test case 2: 'output' is checked for findall, sub, subn and split only, not for "
            "search (use expect and groups)",
        ),
    ],
)
def test_a_malformed_suite_is_a_suite_error_naming_the_case_and_key(
    raw: object, message: str
) -> None:
    result = run_suite(raw)
    assert result["error"] is not None
    assert (result["error"]["type"], result["error"]["where"]) == ("SuiteError", "request")
    assert result["error"]["message"] == message
    assert (result["cases"], result["passed"], result["failed"]) == ([], 0, 0)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ({"a": 1}, "'output' must be a string, null or an array, not an object"),
        (1, "'output' must be a string, null or an array, not a number (1)"),
        (
            ["a", 1.5],
            "item 2 of 'output' must be a string, an integer, null or an array of strings, not a "
            "number (1.5)",
        ),
        (
            ["a", True],
            "item 2 of 'output' must be a string, an integer, null or an array of strings, not a "
            "boolean (true)",
        ),
        (
            [["a", None]],
            "item 1 of 'output' must be a string, an integer, null or an array of strings, not an "
            "array",
        ),
    ],
)
def test_an_output_must_have_the_json_form_of_a_return_value(output: object, message: str) -> None:
    raw = {**GOOD, "op": "findall", "tests": [{"text": "a", "expect": "match", "output": output}]}
    result = run_suite(raw)
    assert result["error"] is not None
    assert result["error"]["message"] == f"test case 1: {message}"


def test_a_group_named_by_a_non_string_is_refused() -> None:
    raw = {**GOOD, "tests": [{"text": "a", "expect": "match", "groups": {1: "a"}}]}
    result = run_suite(raw)
    assert result["error"] is not None
    assert (
        result["error"]["message"] == 'test case 1: group 1 must be named by a string, such as "1"'
    )


def test_a_suite_with_no_cases_passes_with_nothing_to_report() -> None:
    result = run_suite({"pattern": "(", "op": "search", "tests": []})
    assert (result["passed"], result["failed"], result["cases"]) == (0, 0, [])
    assert result["error"] is not None  # the pattern still does not compile
    result = run_suite({"pattern": "a", "op": "search", "tests": []})
    assert (result["passed"], result["failed"], result["cases"], result["error"]) == (
        0,
        0,
        [],
        None,
    )
