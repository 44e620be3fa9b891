"""Limits: maxMatches caps what is reported without changing what the op does, huge match counts
stay cheap, and a KeyboardInterrupt inside the engine becomes an `Interrupted` result."""

from __future__ import annotations

import importlib
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest

from pyregex import evaluate

# The package re-exports the function `evaluate`, which hides the module of that name.
evaluate_module = importlib.import_module("pyregex.evaluate")

needs_signals = pytest.mark.skipif(
    sys.platform == "emscripten" or not hasattr(signal, "setitimer"),
    reason="Pyodide has no signals or timers here (the browser interrupts through a buffer)",
)

CATASTROPHIC = {"pattern": r"(a+)+$", "text": "a" * 40 + "b"}

INTERRUPTED = {
    "ok": False,
    "error": {
        "type": "Interrupted",
        "where": "engine",
        "message": evaluate_module.interrupted_error()["error"]["message"],
        "pos": None,
        "pos16": None,
        "lineno": None,
        "colno": None,
    },
}


def run(pattern: str, text: str, op: str, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict(evaluate({"pattern": pattern, "text": text, "op": op, **extra}))
    assert result["ok"] is True, result
    return result


def test_finditer_is_cut_at_max_matches() -> None:
    result = run("a", "aaaaa", "finditer", maxMatches=2)
    assert len(result["matches"]) == 2
    assert result["truncated"] is True
    assert result["output"]["truncated"] is True
    assert result["output"]["value"] == ["a", "a"]
    first_two = list(re.finditer("a", "aaaaa"))[:2]
    assert result["output"]["repr"] == repr(first_two)[:-1] + ", ...]"


def test_findall_output_is_cut_at_max_matches() -> None:
    result = run(r"\d", "12345", "findall", maxMatches=3)
    assert result["output"] == {
        "repr": "['1', '2', '3', ...]",
        "value": ["1", "2", "3"],
        "truncated": True,
    }
    assert [m["span"] for m in result["matches"]] == [[0, 1], [1, 2], [2, 3]]
    assert result["truncated"] is True


def test_split_output_is_cut_at_max_matches() -> None:
    result = run(",", "a,b,c,d", "split", maxMatches=2)
    assert result["output"] == {"repr": "['a', 'b', ...]", "value": ["a", "b"], "truncated": True}
    assert len(result["matches"]) == 2
    assert result["truncated"] is True


def test_sub_output_is_never_cut() -> None:
    result = run("a", "aaaaa", "subn", replacement="b", maxMatches=2)
    assert result["output"] == {"repr": "('bbbbb', 5)", "value": ["bbbbb", 5], "truncated": False}
    assert len(result["matches"]) == 2
    assert result["truncated"] is True


def test_exactly_max_matches_is_not_truncated() -> None:
    result = run("a", "aaa", "finditer", maxMatches=3)
    assert len(result["matches"]) == 3
    assert result["truncated"] is False
    assert result["output"]["repr"].endswith(">]")


def test_a_count_below_max_matches_is_not_truncated() -> None:
    result = run("a", "aaaaa", "sub", replacement="b", count=2, maxMatches=2)
    assert result["truncated"] is False
    assert result["output"]["value"] == "bbaaa"


def test_a_maxsplit_above_max_matches_is_truncated() -> None:
    result = run("a", "aaaaa", "split", maxsplit=3, maxMatches=2)
    assert result["truncated"] is True
    assert len(result["matches"]) == 2
    assert result["output"]["value"] == ["", ""]
    assert result["output"]["truncated"] is True


def test_max_matches_defaults_to_100000() -> None:
    result = run("", "a" * 100_000, "finditer")
    assert len(result["matches"]) == 100_000
    assert result["truncated"] is True


@pytest.mark.parametrize("op", ["finditer", "findall", "sub", "split", "search"])
def test_a_million_potential_matches_stay_cheap(op: str) -> None:
    text = "ab" * 500_000
    result = run("", text, op, maxMatches=3)
    assert len(result["matches"]) <= 3
    if op == "sub":
        assert result["output"]["value"] == re.sub("", "", text)
    if op in ("findall", "split"):
        assert len(result["output"]["value"]) == 3


@contextmanager
def interrupting_inside(function_name: str) -> Iterator[None]:
    """Raise KeyboardInterrupt once the main thread runs `function_name` (the op's call into _sre).

    A periodic SIGALRM's handler runs wherever CPython checks for signals, _sre's matching loop
    included; it raises only when that is inside the op, so the interrupt lands in the engine on
    any machine, as Pyodide's does. (A thread cannot do this: _sre holds the GIL while matching.)
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        if frame is not None and frame.f_code.co_name == function_name:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@needs_signals
@pytest.mark.parametrize(
    ("op", "function_name"),
    [
        ("match", "_run_single"),
        ("search", "_run_single"),
        ("fullmatch", "_run_single"),
        ("finditer", "_run_finditer"),
        ("findall", "_run_findall"),
        ("sub", "_run_sub"),
        ("subn", "_run_sub"),
        ("split", "_run_split"),
    ],
)
def test_a_keyboard_interrupt_inside_the_engine_is_an_interrupted_result(
    op: str, function_name: str
) -> None:
    with interrupting_inside(function_name):
        result = evaluate({**CATASTROPHIC, "op": op})
    assert result == INTERRUPTED
    # The interpreter is still usable, and the next call is a normal one.
    assert run(r"(a+)+$", "aaa", "match")["matches"][0]["span"] == [0, 3]


def test_an_interrupt_while_compiling_leaves_no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted_compile(pattern: str, flags: int) -> re.Pattern[str]:
        raise KeyboardInterrupt

    evaluate_module.clear_cache()
    with monkeypatch.context() as patch:
        patch.setattr(evaluate_module, "_compile_uncached", interrupted_compile)
        assert evaluate({"pattern": "a", "text": "a", "op": "search"}) == INTERRUPTED
    assert run("a", "a", "search")["matches"][0]["span"] == [0, 1]


def test_an_interrupt_anywhere_in_the_op_is_an_interrupted_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted_op(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate_module, "_run_op", interrupted_op)
    assert evaluate({"pattern": "a", "text": "a", "op": "sub"}) == INTERRUPTED


def test_another_exception_while_running_is_an_engine_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def out_of_memory(*args: object) -> None:
        raise MemoryError("no room")

    monkeypatch.setattr(evaluate_module, "_run_op", out_of_memory)
    result = evaluate({"pattern": "a", "text": "a", "op": "findall"})
    assert result["ok"] is False
    assert result["error"]["type"] == "MemoryError"
    assert result["error"]["where"] == "engine"
    assert result["error"]["message"] == "no room"
