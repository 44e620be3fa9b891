"""Proof of a suspected ReDoS: run the attack on CPython's own program and fit the step counts.

A static finding is only a suspicion; this module makes it a fact or drops it. The attack
`prefix + pump * n + suffix` is run through the debugger's interpreter of the sre bytecode
(sre_vm, which counts `_sre`'s opcode dispatches) at growing n, and the counts are fitted two ways:
log(steps) against n (exponential: a constant ratio per added repeat) and log(steps) against log(n)
(polynomial: the slope is the degree). The better fit over the largest repeats decides. A growth no
faster than linear is no finding.

Counting dispatches, not time, makes the proof the same on every machine and in Pyodide. It also
means what `_sre` does in one dispatch (counting a run of one character class, scanning back for
a literal) is one step: `a+b` searched in a run of a's is quadratic in time but linear in steps,
and is not reported. Everything is bounded by a Budget (steps and seconds) shared by the whole
analysis; a KeyboardInterrupt is never caught here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from pyregex import sre_vm
from pyregex.sre_program import Program

EXPONENTIAL_REPEATS = (*range(0, 17), 20, 24, 32, 48, 64, 96, 128, 192, 256)
POLYNOMIAL_REPEATS = (0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)
RUN_STEP_CAP = 25_000  # steps for the largest run of one attack: enough to tell the growth
# A run whose steps times its text's length pass this is the last one: one dispatch may scan the
# whole text (counting a repeat), so this bounds the interpreter's real work, and unlike a time
# limit it gives the same points on every machine.
RUN_WORK_CAP = 1_000_000
MIN_POINTS = 4
MIN_RATIO = 1.2  # exponential: at least this many times more steps per added repeat
MIN_DEGREE = 1.6  # polynomial: a log-log slope below this is linear (with noise)


class BudgetExhausted(Exception):
    """The analysis has spent its steps or its time."""


class TooFastToFit(Exception):
    """The attack passed the per-run cap before it gave enough points to fit a growth."""

    def __init__(self, text: str, steps: int) -> None:
        super().__init__(f"{text!r} needs more than {steps} steps")
        self.text = text
        self.steps = steps


class Budget:
    """Steps and wall-clock time left for one redos() analysis."""

    def __init__(self, max_steps: int, max_seconds: float) -> None:
        self.steps_left = max_steps
        self.deadline = time.monotonic() + max_seconds

    def check(self) -> None:
        if self.steps_left <= 0 or time.monotonic() > self.deadline:
            raise BudgetExhausted

    def spend(self, steps: int) -> None:
        self.steps_left -= steps


@dataclass(frozen=True, slots=True)
class Point:
    repeats: int
    steps: int


@dataclass(frozen=True, slots=True)
class Growth:
    """What the step counts of one attack show."""

    kind: str  # "exponential", "polynomial" or "linear"
    ratio: float  # steps multiply by this per added repeat (the exponential fit)
    degree: float  # log-log slope (the polynomial fit)
    points: tuple[Point, ...]


def attack_text(prefix: str, pump: str, suffix: str, repeats: int) -> str:
    return prefix + pump * repeats + suffix


def count_steps(program: Program, text: str, op: str, max_steps: int) -> int:
    """Dispatches `_sre` needs for `op` on `text` (raises sre_vm.StepBudgetExceeded)."""
    code, groups = program.code, program.groups
    if op in ("match", "fullmatch"):
        run = sre_vm.run(
            code,
            groups,
            text,
            0,
            len(text),
            search=False,
            match_all=op == "fullmatch",
            max_steps=max_steps,
        )
        return run.steps
    if op == "search":
        return sre_vm.run(code, groups, text, 0, len(text), search=True, max_steps=max_steps).steps
    # findall, finditer, sub, subn, split: the scanner's successive searches.
    total, pos, must_advance = 0, 0, False
    while pos <= len(text):
        run = sre_vm.run(
            code,
            groups,
            text,
            pos,
            len(text),
            search=True,
            must_advance=must_advance,
            max_steps=max_steps - total,
        )
        total += run.steps
        if run.regs is None:
            break
        start, end = run.regs[0]
        must_advance = end == start
        pos = end
    return total


def measure(
    program: Program,
    op: str,
    *,
    prefix: str,
    pump: str,
    suffix: str,
    repeats: Sequence[int],
    budget: Budget,
) -> tuple[Point, ...]:
    """Steps at each repeat count, until a run would pass RUN_STEP_CAP or the budget."""
    points: list[Point] = []
    for n in repeats:
        budget.check()
        # A fast blow-up may pass the cap before there are enough points to fit: allow more.
        counted = sum(1 for p in points if p.steps > 0)
        run_cap = RUN_STEP_CAP if counted >= MIN_POINTS else 8 * RUN_STEP_CAP
        cap = min(run_cap, budget.steps_left)
        text = attack_text(prefix, pump, suffix, n)
        try:
            steps = count_steps(program, text, op, cap)
        except sre_vm.StepBudgetExceeded:
            budget.spend(cap)
            if cap < run_cap:
                raise BudgetExhausted from None
            if counted < MIN_POINTS - 1:
                raise TooFastToFit(text, cap) from None
            break
        budget.spend(steps)
        points.append(Point(n, steps))
        if _clearly_linear(points) or steps * len(text) > RUN_WORK_CAP:
            break
    return tuple(points)


def _clearly_linear(points: list[Point]) -> bool:
    """Far enough along to see that the steps only grow linearly: stop measuring."""
    if len(points) < 4 or points[-1].repeats < 48:
        return False
    first, last = points[-3], points[-1]
    return _slope(first, last) < 1.1


def _slope(a: Point, b: Point) -> float:
    if a.steps <= 0 or b.steps <= 0 or a.repeats == b.repeats:
        return 0.0
    return math.log(b.steps / a.steps) / math.log(b.repeats / a.repeats)


def fit(points: Sequence[Point]) -> Growth:
    """Exponential or polynomial (or linear), from the points with the largest repeats."""
    usable = [p for p in points if p.steps > 0 and p.repeats > 0]
    if len(usable) < MIN_POINTS - 1:
        return Growth("linear", 1.0, 1.0, tuple(points))
    top = usable[-1].repeats
    window = [p for p in usable if p.repeats * 2 >= top]
    if len(window) < 3:
        window = usable[-3:]
    xs = [float(p.repeats) for p in window]
    logs = [math.log(p.steps) for p in window]
    log_xs = [math.log(x) for x in xs]
    exp_slope, exp_error = _least_squares(xs, logs)
    poly_slope, poly_error = _least_squares(log_xs, logs)
    ratio = math.exp(exp_slope)
    # The degree from the last two points: lower-order terms fade as n grows.
    degree = _slope(window[-2], window[-1])
    if ratio >= MIN_RATIO and exp_error <= poly_error and _ratios_hold(window):
        return Growth("exponential", ratio, degree, tuple(points))
    if degree >= MIN_DEGREE and poly_slope >= MIN_DEGREE:
        return Growth("polynomial", ratio, degree, tuple(points))
    return Growth("linear", ratio, degree, tuple(points))


def _ratios_hold(window: Sequence[Point]) -> bool:
    """Exponential growth keeps its ratio per repeat; a polynomial's ratio keeps falling."""
    first: float = (window[1].steps / window[0].steps) ** (
        1 / (window[1].repeats - window[0].repeats)
    )
    last: float = (window[-1].steps / window[-2].steps) ** (
        1 / (window[-1].repeats - window[-2].repeats)
    )
    return last >= MIN_RATIO and last >= 0.9 * first - 0.05


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope and mean squared residual of the line through (xs, ys)."""
    count = len(xs)
    mean_x = sum(xs) / count
    mean_y = sum(ys) / count
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return 0.0, math.inf
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var
    error = (
        sum((y - (mean_y + slope * (x - mean_x))) ** 2 for x, y in zip(xs, ys, strict=True)) / count
    )
    return slope, error
