"""`redos(pattern, flags, op)`: can this pattern run away on some input? Proven on CPython's engine.

The static analysis (redos_nfa, redos_shapes) finds the known shapes of catastrophic backtracking in
CPython's own parse of the pattern and proposes attacks; the confirmation (redos_confirm) runs each
attack through the sre interpreter at growing sizes and keeps only those whose step counts really
blow up. So "exponential" and "polynomial" always come with evidence, "safe" means no shape was
found or every suspect was run and stayed linear, and "unknown" means the analysis could not finish
(its step or time budget ran out, or the pattern is beyond the model). The whole thing is bounded
and returns promptly; a KeyboardInterrupt is left to propagate to whoever interrupts it.

The result is the plain dict the JSON contract describes (contract.RedosResult), plus a `hint` (a
one-line fix where one applies).
"""

from __future__ import annotations

import random
import re
import warnings

from pyregex.contract import RedosAttack, RedosEvidence, RedosResult
from pyregex.redos_confirm import (
    EXPONENTIAL_REPEATS,
    POLYNOMIAL_REPEATS,
    Budget,
    BudgetExhausted,
    Growth,
    TooFastToFit,
    fit,
    measure,
)
from pyregex.redos_fix import SAMPLES, verified_fix
from pyregex.redos_nfa import ModelTooLarge, SourceSpan, build_automaton, sample_words
from pyregex.redos_shapes import Candidate, find_candidates
from pyregex.request import flag_bits
from pyregex.sre_program import Program, program
from pyregex.sre_vm import UnsupportedOpcode
from pyregex.utf16 import Utf16Offsets

MAX_STEPS = 1_000_000  # dispatches for every attack run of one analysis together
MAX_SECONDS = 3.0
SCANNING_OPS = ("search", "findall", "finditer", "sub", "subn", "split")
ANCHORED_OPS = ("match", "fullmatch")
MAX_SUFFIXES = 3  # endings tried per candidate attack
FIX_SAMPLE_WORDS = 150  # texts the model accepts, mutated to check a rewrite (redos_fix)


def redos(
    pattern: str,
    flags: int | str = 0,
    op: str = "search",
    *,
    max_steps: int = MAX_STEPS,
    max_seconds: float = MAX_SECONDS,
) -> RedosResult:
    """The ReDoS verdict for `pattern` with `flags` (re flag bits or letters like "im") when used
    by `op` (a scanning op retries at every position, match/fullmatch start at 0 only)."""
    if op not in SCANNING_OPS + ANCHORED_OPS:
        raise ValueError(f"unknown op {op!r}")
    bits = flag_bits(flags) if isinstance(flags, str) else flags
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled = program(pattern, bits)
    except (re.error, ValueError, OverflowError, RecursionError) as exc:
        # What re.compile raises itself: a bad pattern, bad flag combinations (LOCALE with a str
        # pattern, ASCII with UNICODE), a repeat count beyond _sre's, nesting beyond the parser.
        return _unknown(f"the pattern does not compile: {exc}")
    try:
        automaton = build_automaton(pattern, bits, search=op in SCANNING_OPS)
    except ModelTooLarge as exc:
        return _unknown(f"the pattern is too large to analyse ({exc})")
    except RecursionError:
        return _unknown("the pattern's repetitions are nested too deeply to analyse")
    budget = Budget(max_steps, max_seconds)
    findings = find_candidates(automaton, pattern, deadline=budget.deadline)
    verdict = _Verdict(
        pattern,
        bits,
        op,
        compiled=compiled,
        budget=budget,
        min_length=automaton.min_length,
        words=sample_words(automaton, random.Random(pattern), FIX_SAMPLE_WORDS),
    )
    return verdict.decide(findings.candidates, findings.complete)


class _Verdict:
    def __init__(
        self,
        pattern: str,
        flags: int,
        op: str,
        *,
        compiled: Program,
        budget: Budget,
        min_length: int,
        words: list[str],
    ) -> None:
        self.words = words
        self.min_length = min_length
        self.measured: set[tuple[str, str, str, tuple[int, ...]]] = set()
        # An attack that ran away before it could be fitted.
        self.too_fast: TooFastToFit | None = None
        self.pattern = pattern
        self.op = op
        self.program = compiled
        self.flags = flags
        self.budget = budget
        self.offsets = Utf16Offsets(pattern)

    def decide(self, candidates: list[Candidate], complete: bool) -> RedosResult:
        exponential = [c for c in candidates if c.kind == "exponential"]
        polynomial = sorted(
            (c for c in candidates if c.kind == "polynomial"), key=lambda c: -c.loops
        )
        best: tuple[Candidate, str, Growth] | None = None
        unfinished = False
        try:
            for candidate in exponential:
                proven = self.confirm(candidate, EXPONENTIAL_REPEATS)
                if proven is not None and proven[2].kind == "exponential":
                    return self.result(*proven)
                if proven is not None and (best is None or proven[2].degree > best[2].degree):
                    best = proven
            for candidate in polynomial:
                if best is not None and round(best[2].degree) >= candidate.loops:
                    continue  # cannot beat what is already proven
                proven = self.confirm(candidate, POLYNOMIAL_REPEATS)
                if proven is not None and (best is None or proven[2].degree > best[2].degree):
                    best = proven
        except BudgetExhausted:
            unfinished = True
        except UnsupportedOpcode as exc:
            return _unknown(f"the interpreter cannot run this pattern's program: {exc}")
        if best is not None:
            return self.result(*best)
        if self.too_fast is not None:
            return _unknown(
                f"the suspected attack {self.too_fast.text[:40]!r} already needs more than "
                f"{self.too_fast.steps:,} steps: too fast to measure how it grows, and certainly "
                "too slow to run"
            )
        if unfinished:
            return _unknown(
                "the analysis ran out of its step or time budget before it could run every "
                "suspected attack"
            )
        if not complete:
            return _unknown("the pattern has too many overlapping loops to examine them all")
        return self.safe(candidates)

    def confirm(
        self, candidate: Candidate, repeats: tuple[int, ...]
    ) -> tuple[Candidate, str, Growth] | None:
        """The first suffix whose attack blows up, with its growth; None if none does."""
        for suffix in candidate.suffixes[:MAX_SUFFIXES]:
            # Texts shorter than any match fail before the first dispatch: start long enough.
            short = self.min_length - len(candidate.prefix) - len(suffix)
            first = max(0, -(-short // len(candidate.pump)))
            if repeats is EXPONENTIAL_REPEATS:
                series = tuple(range(first, first + len(repeats)))
            else:
                series = tuple(sorted({max(n, first) for n in repeats}))
            key = (candidate.prefix, candidate.pump, suffix, series)
            if key in self.measured:
                continue  # the same attack, already run for another candidate
            self.measured.add(key)
            try:
                points = measure(
                    self.program,
                    self.op,
                    prefix=candidate.prefix,
                    pump=candidate.pump,
                    suffix=suffix,
                    repeats=series,
                    budget=self.budget,
                )
            except TooFastToFit as exc:
                if self.too_fast is None or len(exc.text) < len(self.too_fast.text):
                    self.too_fast = exc
                continue
            growth = fit(points)
            if growth.kind != "linear" and (
                growth.kind == "exponential" or round(growth.degree) >= 2
            ):
                return candidate, suffix, growth
        return None

    def result(self, candidate: Candidate, suffix: str, growth: Growth) -> RedosResult:
        attack: RedosAttack = {"prefix": candidate.prefix, "pump": candidate.pump, "suffix": suffix}
        evidence: list[RedosEvidence] = [
            {"repeats": p.repeats, "steps": p.steps} for p in growth.points
        ]
        spelled = _spell(candidate.prefix, candidate.pump, suffix)
        largest = growth.points[-1]
        where = f"`{self._text(candidate.construct)}`" if candidate.construct else "the pattern"
        if growth.kind == "exponential":
            explanation = (
                f"exponential: {where} ({candidate.shape}). {spelled} takes about "
                f"{growth.ratio:.2f} times more steps with each added repeat "
                f"(n = {largest.repeats}: {largest.steps:,} steps)."
            )
            degree = None
        else:
            degree = round(growth.degree)
            explanation = (
                f"polynomial, degree {degree}: {where} ({candidate.shape}). {spelled} takes about "
                f"n^{degree} steps (n = {largest.repeats}: {largest.steps:,} steps)."
            )
            if candidate.loops > degree:
                explanation += (
                    f" The time may grow like n^{candidate.loops}: _sre counts a run of one "
                    "repeated character in a single step."
                )
        return {
            "verdict": "exponential" if growth.kind == "exponential" else "polynomial",
            "degree": degree,
            "attack": attack,
            "evidence": evidence,
            "construct16": self._span16(candidate.construct),
            "explanation": explanation,
            "hint": self.hint(candidate, suffix),
        }

    def hint(self, candidate: Candidate, suffix: str) -> str | None:
        """A rewrite checked by redos_fix if one passes, else the shape's generic advice."""
        try:
            fix = verified_fix(
                self.pattern,
                self.flags,
                self.op,
                attack=(candidate.prefix, candidate.pump, suffix),
                candidates=candidate.fixes,
                culprit=candidate.construct if candidate.kind == "exponential" else None,
                budget=self.budget,
                words=self.words,
            )
        except BudgetExhausted:
            fix = None
        if fix is None:
            return candidate.hint
        rewritten, how = fix
        if not rewritten:
            return how
        return (
            f"{how}: `{rewritten}` finds the same matches on {SAMPLES} random texts and "
            f"{len(self.words)} near-matches, and the attack's steps then grow linearly (check it "
            "still means what you want)"
        )

    def safe(self, candidates: list[Candidate]) -> RedosResult:
        if candidates:
            tried = ", ".join(dict.fromkeys(f"'{c.pump}'" for c in candidates[:5]))
            explanation = (
                f"safe: the suspected overlaps (pumping {tried}) were run on CPython's program and "
                "their steps grew no faster than linearly."
            )
            if any(c.kind == "polynomial" for c in candidates):
                explanation += (
                    " A step may count a whole run of one repeated character, so on very long "
                    "texts the time can still grow faster than the steps do."
                )
        else:
            explanation = (
                "safe: no repetition can match the same text in two ways, and no two repetitions "
                "can share one."
            )
        return {
            "verdict": "safe",
            "degree": None,
            "attack": None,
            "evidence": [],
            "construct16": None,
            "explanation": explanation,
            "hint": None,
        }

    def _text(self, span: SourceSpan | None) -> str:
        return self.pattern[span[0] : span[1]] if span else ""

    def _span16(self, span: SourceSpan | None) -> list[int] | None:
        return self.offsets.span(*span) if span is not None else None


def _spell(prefix: str, pump: str, suffix: str) -> str:
    parts = [repr(prefix)] if prefix else []
    parts.append(f"{pump!r} * n")
    if suffix:
        parts.append(repr(suffix))
    return " + ".join(parts)


def _unknown(explanation: str) -> RedosResult:
    return {
        "verdict": "unknown",
        "degree": None,
        "attack": None,
        "evidence": [],
        "construct16": None,
        "explanation": f"unknown: {explanation}",
        "hint": None,
    }
