"""Runs a test suite: one pattern and op over many subject texts, with a verdict for each.

A case runs exactly as `evaluate` runs a request (the same compile cache, the same `run_op`), so a
verdict is about what the page shows for that text. `run_suite` never raises, whatever it is given:
a malformed suite, a pattern that does not compile, a case stopped by an interrupt or failing with
MemoryError all come back inside the SuiteResult.

Time limits belong to the caller, and this module never starts a timer or touches a signal: in the
browser the engine client interrupts a case (a KeyboardInterrupt raised inside `_sre`) and answers
`should_stop`; on the command line case_timer.py raises CaseTimeout through `case_guard`. How an
interrupt is read is documented on `run_suite`.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager
from time import perf_counter
from typing import Literal, TypeAlias, TypeVar

from pyregex.contract import (
    CaseActual,
    CaseResult,
    Error,
    ExpectedGroups,
    OutputValue,
    SuiteResult,
)
from pyregex.errors import compile_error, engine_error, replacement_error, suite_error
from pyregex.evaluate import OpRun, check_template, compile_cached, gc_paused, run_op
from pyregex.request import ParsedRequest
from pyregex.suite_format import ParsedCase, ParsedSuite, SuiteError, parse_suite

ShouldStop: TypeAlias = Callable[[int], object]
CaseGuard: TypeAlias = Callable[[], AbstractContextManager[object]]
_T = TypeVar("_T")

STOPPED = "not run: the suite was stopped"

# A case's output is compared whole: nothing is cut (bar sub's MAX_OUTPUT_CHARS, see evaluate.py).
_EVERY_MATCH = sys.maxsize - 1

# Longest repr of a value quoted in a message.
_MESSAGE_REPR_CHARS = 80


class CaseTimeout(BaseException):
    """Raised inside a running case by the caller's timer to stop it (case_timer.py raises it from
    SIGALRM). The case becomes a timeout and the suite goes on.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on its way swallows it.
    """


def run_suite(
    suite: object,
    *,
    case_ms: float | None = None,
    suite_ms: float | None = None,
    should_stop: ShouldStop | None = None,
    case_guard: CaseGuard | None = None,
) -> SuiteResult:
    """Run every case of `suite` (see contract.Suite) and return their verdicts; never raises.

    A malformed suite gives a result with `error` (type SuiteError) and no cases; a pattern or a
    replacement that does not compile gives CPython's error and every case skipped.

    `should_stop(i)` is called before case i runs (the caller can note which case is running and
    since when) and, after the last verdict, once with i == the number of cases (the caller can
    disarm its timer; that answer is ignored). A true answer before case i skips it and every later
    case ("not run: the suite was stopped").

    A KeyboardInterrupt while case i runs (how the browser stops a runaway case) is read thus:
      - `should_stop(i)` is true: the whole suite was stopped; i and the cases after it are skipped;
      - else, the case had run at least `case_ms` / 2 (or `case_ms` is not given): a timeout, and
        the suite goes on with the next case;
      - else the interrupt came too early to be about case i: one meant for the case before it that
        landed late. Case i runs again (once; a second early interrupt is a timeout).
    `case_guard()`, when given, is entered around each case's run and may raise CaseTimeout inside
    it: that case is a timeout. Once `suite_ms` has passed since the start, the cases not yet run
    are skipped. Any other exception in a case (MemoryError, RecursionError...) fails that case.
    """
    started = perf_counter()
    try:
        parsed = retried_on_interrupt(lambda: parse_suite(suite))
    except SuiteError as exc:
        return suite_error_result(str(exc), started)
    except Exception as exc:  # a bug of ours: still a result, never a raise
        return _error_result(engine_error(exc)["error"], [], started)
    return run_parsed_suite(
        parsed,
        case_ms=case_ms,
        suite_ms=suite_ms,
        should_stop=should_stop,
        case_guard=case_guard,
        started=started,
    )


def run_parsed_suite(
    suite: ParsedSuite,
    *,
    case_ms: float | None = None,
    suite_ms: float | None = None,
    should_stop: ShouldStop | None = None,
    case_guard: CaseGuard | None = None,
    started: float | None = None,
) -> SuiteResult:
    """`run_suite` for a suite already checked by `parse_suite` (the command line checks first,
    to tell a malformed suite from a failing one). `started` is a perf_counter() reading."""
    start = perf_counter() if started is None else started
    try:
        run = retried_on_interrupt(lambda: _SuiteRun(suite, start, case_ms, suite_ms, should_stop))
    except _CannotRun as cannot:
        skipped = [_skipped(suite.cases[i], i, cannot.message) for i in range(len(suite.cases))]
        return _error_result(cannot.error, skipped, start)
    try:
        with warnings.catch_warnings(), gc_paused():
            # Warnings belong to the pattern, and the page shows them; here they would only repeat.
            warnings.simplefilter("ignore")
            run.run_all(case_guard)
        return retried_on_interrupt(run.result)
    except Exception as exc:  # a bug of ours: still a result, never a raise
        return _error_result(engine_error(exc)["error"], [], start)


def retried_on_interrupt(step: Callable[[], _T]) -> _T:
    """step(), again if a KeyboardInterrupt cuts it short.

    For the short steps around the cases (reading the suite, compiling, the totals), where an
    interrupt cannot be about a case: it is a late one meant for an earlier run. A user's stop is
    not lost: should_stop answers it before the next case.
    """
    while True:
        try:
            return step()
        except KeyboardInterrupt:
            continue


class _CannotRun(Exception):
    """The pattern or the replacement does not compile, so no case can run."""

    def __init__(self, error: Error, message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


class _SuiteRun:
    """The state of one run: the verdicts so far and the attempt in progress.

    Every step that records a verdict is a single list operation (append or extend), so an
    interrupt landing anywhere leaves `results` consistent: case len(results) is the one running.
    """

    def __init__(
        self,
        suite: ParsedSuite,
        started: float,
        case_ms: float | None,
        suite_ms: float | None,
        should_stop: ShouldStop | None,
    ) -> None:
        self.suite = suite
        self.started = started
        self.case_ms = case_ms
        self.suite_ms = suite_ms
        self.should_stop = should_stop
        self.results: list[CaseResult] = []
        # The case being attempted and since when; set (start time first) before each attempt.
        self.attempt_index = -1
        self.attempt_started = started
        self.retried_index = -1
        try:
            compiled = compile_cached(suite.pattern, suite.flags)
        except Exception as exc:
            error = compile_error(exc, suite.pattern)["error"]
            what = (
                "re rejects the flags"
                if error["where"] == "flags"
                else "the pattern does not compile"
            )
            raise _CannotRun(error, f"not run: {what}: {error['message']}") from None
        self.regex = compiled.regex
        if suite.op in ("sub", "subn"):
            try:
                check_template(suite.replacement, self.regex)
            except Exception as exc:
                error = replacement_error(exc, suite.replacement, self.regex.groupindex)["error"]
                message = f"not run: the replacement does not compile: {error['message']}"
                raise _CannotRun(error, message) from None
        self.group_numbers = tuple(range(self.regex.groups + 1))
        self.number_keys = tuple(str(number) for number in self.group_numbers)
        self.group_keys = frozenset(self.number_keys) | frozenset(self.regex.groupindex)

    def run_all(self, case_guard: CaseGuard | None) -> None:
        """Run until every case has its verdict, reading each interrupt on the way."""
        pending: Literal["interrupt", "timeout"] | None = None
        while True:
            try:
                if pending is not None:
                    kind, pending = pending, None
                    self._interrupted(kind)
                self._run_remaining(case_guard)
                return
            except KeyboardInterrupt:
                pending = "interrupt"
            except CaseTimeout:
                pending = "timeout"

    def _run_remaining(self, case_guard: CaseGuard | None) -> None:
        cases = self.suite.cases
        while (index := len(self.results)) < len(cases):
            self.attempt_started = perf_counter()
            self.attempt_index = index
            if self.should_stop is not None and self.should_stop(index):
                self._skip_rest(STOPPED)
                return
            self.results.append(self._verdict(index, case_guard))
            self._check_suite_time()
        if self.should_stop is not None:
            self.should_stop(len(cases))

    def _interrupted(self, kind: Literal["interrupt", "timeout"]) -> None:
        index = len(self.results)
        if index != self.attempt_index or index >= len(self.suite.cases):
            return  # between two cases: the next attempt starts afresh
        elapsed = _ms_since(self.attempt_started)
        if kind == "interrupt":
            if self.should_stop is not None and self.should_stop(index):
                self._skip_rest(STOPPED)
                return
            early = self.case_ms is not None and elapsed < self.case_ms / 2
            if early and self.retried_index != index:
                self.retried_index = index
                self.attempt_index = -1
                return  # run_all runs case `index` again
        self.results.append(self._timed_out(index, elapsed))
        self._check_suite_time()

    def _check_suite_time(self) -> None:
        if self.suite_ms is not None and _ms_since(self.started) >= self.suite_ms:
            self._skip_rest(f"not run: the suite reached its {self.suite_ms:g} ms time limit")

    def _skip_rest(self, message: str) -> None:
        cases = self.suite.cases
        start = len(self.results)
        self.results.extend([_skipped(cases[i], i, message) for i in range(start, len(cases))])

    def _timed_out(self, index: int, elapsed: float) -> CaseResult:
        case = self.suite.cases[index]
        return {
            "index": index,
            "name": case.name,
            "ok": False,
            "status": "timeout",
            "expected": case.expected,
            "actual": None,
            "message": f"timed out: stopped after {elapsed:.0f} ms",
            "elapsedMs": elapsed,
        }

    def _verdict(self, index: int, case_guard: CaseGuard | None) -> CaseResult:
        suite = self.suite
        case = suite.cases[index]
        request = ParsedRequest(
            suite.pattern,
            case.text,
            suite.op,
            suite.flags,
            suite.replacement,
            suite.count,
            suite.maxsplit,
            _EVERY_MATCH,
        )
        try:
            if case_guard is None:
                run = run_op(request, self.regex, 1)
            else:
                with case_guard():
                    run = run_op(request, self.regex, 1)
        except Exception as exc:
            return self._engine_failure(index, exc)
        first = run.found[0] if run.found else None
        groups: ExpectedGroups = {}
        if first is not None:
            if len(self.group_numbers) == 1:
                groups["0"] = first.group(0)
            else:  # group(0, 1, ...) gives them all in one call: this runs for every case
                groups = dict(zip(self.number_keys, first.group(*self.group_numbers), strict=True))
            if self.regex.groupindex:
                groups.update(first.groupdict())
        actual: CaseActual = {
            "matched": first is not None,
            "groups": groups,
            "output": run.output["value"],
            "outputRepr": run.output["repr"],
        }
        message = "; ".join(self._mismatches(case, run, actual))
        return {
            "index": index,
            "name": case.name,
            "ok": not message,
            "status": "fail" if message else "pass",
            "expected": case.expected,
            "actual": actual,
            "message": message,
            "elapsedMs": _ms_since(self.attempt_started),
        }

    def _mismatches(self, case: ParsedCase, run: OpRun, actual: CaseActual) -> list[str]:
        """Every way `actual` differs from what `case` expects, one phrase each."""
        mismatches: list[str] = []
        op = self.suite.op
        if case.expect_match and not actual["matched"]:
            mismatches.append(f"expected a match, but {op} found none")
        elif not case.expect_match and actual["matched"]:
            start, end = run.found[0].span()
            value = _shown(run.found[0].group(0))
            # An en dash: the matched text itself may well hold hyphens.
            mismatches.append(f"expected no match, but {op} matched {value} at {start}\u2013{end}")
        for key, expected in case.groups.items():
            if key not in self.group_keys:
                mismatches.append(f"the pattern has no group {_group_label(key)}")
            elif actual["matched"] and actual["groups"][key] != expected:
                got = actual["groups"][key]
                mismatches.append(
                    f"group {_group_label(key)}: expected {_group_value(expected)}, "
                    f"got {_group_value(got)}"
                )
        if case.has_output and actual["output"] != case.output:
            mismatches.append(
                f"output: expected {_shown(case.output)}, got {_shown(actual['output'])}"
            )
        return mismatches

    def _engine_failure(self, index: int, exc: Exception) -> CaseResult:
        case = self.suite.cases[index]
        error = engine_error(exc)["error"]
        detail = f": {error['message']}" if error["message"] else ""
        return {
            "index": index,
            "name": case.name,
            "ok": False,
            "status": "fail",
            "expected": case.expected,
            "actual": None,
            "message": f"re failed with {error['type']}{detail}",
            "elapsedMs": _ms_since(self.attempt_started),
        }

    def result(self) -> SuiteResult:
        passed = sum(1 for case in self.results if case["ok"])
        return {
            "passed": passed,
            "failed": len(self.results) - passed,
            "python": sys.version,
            "cases": self.results,
            "error": None,
            "elapsedMs": _ms_since(self.started),
        }


def _skipped(case: ParsedCase, index: int, message: str) -> CaseResult:
    return {
        "index": index,
        "name": case.name,
        "ok": False,
        "status": "skipped",
        "expected": case.expected,
        "actual": None,
        "message": message,
        "elapsedMs": 0.0,
    }


def suite_error_result(message: str, started: float | None = None) -> SuiteResult:
    """The result for a malformed suite (or run request): its error, and no cases."""
    error = suite_error(message)["error"]
    return _error_result(error, [], perf_counter() if started is None else started)


def _error_result(error: Error, cases: list[CaseResult], started: float) -> SuiteResult:
    return {
        "passed": 0,
        "failed": len(cases),
        "python": sys.version,
        "cases": cases,
        "error": error,
        "elapsedMs": _ms_since(started),
    }


def _group_label(key: str) -> str:
    """2 for a group number, 'year' for a name (or for anything else a case wrote)."""
    is_number = key.isascii() and key.isdigit() and (key == "0" or not key.startswith("0"))
    return key if is_number else repr(key)


def _group_value(value: str | None) -> str:
    return "None (did not take part)" if value is None else _shown(value)


def _shown(value: OutputValue) -> str:
    shown = repr(value)
    if len(shown) <= _MESSAGE_REPR_CHARS:
        return shown
    return f"{shown[: _MESSAGE_REPR_CHARS - 1]}… ({len(shown):,} characters)"


def _ms_since(start: float) -> float:
    return (perf_counter() - start) * 1000.0
