"""How fast the sre interpreter (pyregex.sre_vm, driven by pyregex.trace) runs, in steps per second.

Issue 16's bench figure: the page runs a steps-only trace after every evaluation and the debugger
records up to a million steps, so the interpreter's speed decides what the page can show in time.
This script is the one measurement, run both natively (`python scripts/bench/interpreter_speed.py`,
with py/ on PYTHONPATH) and inside Pyodide (scripts/bench/interpreter.mjs imports it and calls
`measure`). Each workload is a request the way the page sends it (bridge.trace_json's path:
trace_request with packed steps), steps-only (maxTraceSteps 0) and full (every step recorded and
packed). It prints or returns JSON: per workload and mode, the steps and each run's seconds.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from pyregex.trace import trace_request

MAX_STEPS = 200_000  # as the web helpers measured; a run of the page may take 1 000 000

# name -> the request (an EvaluateRequest). `catastrophic` and `scanning` are the bench's pair; the
# others are the brief's other representative shapes, for profiling (`--all`).
_PROSE = (
    "Nothing was moving in the morning; the ringing of a bell was all that was happening. "
    "Everything kept going, running and singing, King Ming said, bringing string things. "
)
_MAIL = "".join(
    f"line {i}: write to user{i}@example.com or see the notes, nothing else here. "
    if i % 25 == 0
    else f"line {i}: plain words without any address, just some filler text to scan. "
    for i in range(140)
)
WORKLOADS: dict[str, dict[str, Any]] = {
    "catastrophic": {"pattern": r"(a+)+$", "text": "a" * 18 + "b", "op": "search"},
    "scanning": {"pattern": r"\w+@\w+\.com", "text": _MAIL, "op": "findall"},
    "alternation": {"pattern": r"x|(a+)+$", "text": "a" * 18 + "b", "op": "search"},
    "ignorecase": {"pattern": r"(?i)[a-z]+ing\b", "text": _PROSE * 40, "op": "findall"},
    "numbers": {
        "pattern": r"(\d+)-(\d+)",
        "text": "".join(f"item {i}: {i * 7}-{i * 13} ok\n" for i in range(400)),
        "op": "findall",
    },
}
BENCH_WORKLOADS = ("catastrophic", "scanning")
MODES = {"steps-only": 0, "full": MAX_STEPS}  # mode -> maxTraceSteps


def run_once(name: str, mode: str) -> tuple[int, float, float]:
    """One trace of the workload: (steps, seconds, CPU seconds of this process)."""
    request = {**WORKLOADS[name], "maxSteps": MAX_STEPS, "maxTraceSteps": MODES[mode]}
    cpu = time.process_time()
    started = time.perf_counter()
    result, packed = trace_request(request, packed=True)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    if not result.get("ok") or not result.get("supported"):
        raise RuntimeError(f"{name}: {result}")
    steps = int(result["steps"])  # type: ignore[typeddict-item]  # ok and supported: a success
    if MODES[mode] and len(packed) != 4 * 7 * steps:
        raise RuntimeError(f"{name}: {len(packed)} bytes packed for {steps} steps")
    return steps, elapsed, cpu


def measure(runs: int, names: tuple[str, ...] = BENCH_WORKLOADS) -> dict[str, Any]:
    """`runs` timed traces of each workload in each mode, after one warm-up trace of each."""
    figures: dict[str, Any] = {"python": sys.version.split()[0], "platform": sys.platform}
    for name in names:
        for mode in MODES:
            run_once(name, mode)  # warm-up: caches (program, code points), bytecode, memory
            seconds = []
            cpu_seconds = []
            steps = 0
            for _ in range(runs):
                steps, elapsed, cpu = run_once(name, mode)
                seconds.append(elapsed)
                cpu_seconds.append(cpu)
            figures[f"{name} {mode}"] = {"steps": steps, "seconds": seconds, "cpu": cpu_seconds}
    return figures


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen = tuple(WORKLOADS) if "--all" in arguments else BENCH_WORKLOADS
    numbers = [int(a) for a in arguments if a.isdigit()]
    print(json.dumps(measure(numbers[0] if numbers else 5, chosen)))
