"""Times the catalogue's attacks on the real `re` (natively) and prints how the time grows.

The tests prove each verdict by the sre interpreter's step counts; this benchmark shows the same
attacks on the C engine users run, by wall-clock: for each vulnerable pattern of
tests/fixtures/redos_catalogue.json it takes the attack redos() proposes (or the catalogue's own
for the patterns whose growth dispatch counts cannot see), runs the catalogue's op on growing
texts until one run takes RUN_SECONDS, and fits the times (ratio per repeat, and log-log slope).
A benchmark that prints figures, not a test: timings depend on the machine.

Usage: PYTHONPATH=py .venv/bin/python scripts/bench-redos-wallclock.py [-k SUBSTRING]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyregex.redos import redos
from pyregex.request import flag_bits

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "tests" / "fixtures" / "redos_catalogue.json"
RUN_SECONDS = 0.25  # the largest run of one attack
MAX_TEXT = 1 << 20


def runner(pattern: re.Pattern[str], op: str) -> Callable[[str], object]:
    if op in ("findall", "split"):
        return getattr(pattern, op)
    if op == "finditer":
        return lambda text: list(pattern.finditer(text))
    if op in ("sub", "subn"):
        return lambda text: getattr(pattern, op)("", text)
    return getattr(pattern, op)


def timed(run: Callable[[str], object], text: str) -> float:
    best = math.inf
    for _ in range(3 if len(text) < 2000 else 1):
        started = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - started)
    return best


def grow(
    entry: dict[str, Any], attack: dict[str, str], exponential: bool
) -> list[tuple[int, float]]:
    run = runner(re.compile(entry["pattern"], flag_bits(entry["flags"])), entry["op"])
    points: list[tuple[int, float]] = []
    n = 1
    while True:
        text = attack["prefix"] + attack["pump"] * n + attack["suffix"]
        seconds = timed(run, text)
        points.append((n, seconds))
        if seconds > RUN_SECONDS or len(text) > MAX_TEXT:
            return points
        n = n + 1 if exponential else n * 2


def describe(points: list[tuple[int, float]], exponential: bool) -> str:
    usable = [(n, s) for n, s in points if s > 1e-4]
    if len(usable) < 3:
        return "no measurable growth"
    (n1, t1), (n2, t2) = usable[-3], usable[-1]
    ratio = (t2 / t1) ** (1 / (n2 - n1))
    slope = math.log(t2 / t1) / math.log(n2 / n1)
    if exponential:
        return f"x{ratio:.2f} per repeat (n {n1} -> {n2}: {t1 * 1000:.1f} -> {t2 * 1000:.0f} ms)"
    return f"n^{slope:.2f} (n {n1} -> {n2}: {t1 * 1000:.1f} -> {t2 * 1000:.0f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only patterns containing this substring")
    args = parser.parse_args()
    catalogue = json.loads(CATALOGUE.read_text("utf-8"))
    print(f"{'verdict (steps)':<22} {'wall-clock growth on re':<58} pattern")
    for entry in catalogue["vulnerable"]:
        if args.k not in entry["pattern"]:
            continue
        result = redos(entry["pattern"], entry["flags"], entry["op"], max_seconds=600.0)
        attack = result["attack"] or entry.get("attack")
        if attack is None:
            print(f"{result['verdict']:<22} {'(no attack)':<58} {entry['pattern'][:50]!r}")
            continue
        exponential = result["verdict"] == "exponential"
        verdict = result["verdict"] + (f" n^{result['degree']}" if result["degree"] else "")
        points = grow(entry, attack, exponential)
        print(f"{verdict:<22} {describe(points, exponential):<58} {entry['pattern'][:50]!r}")


if __name__ == "__main__":
    main()
