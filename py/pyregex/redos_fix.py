"""A fix for a proven ReDoS, offered only once it is checked: same matches, and the attack tamed.

"Make the inner repeat possessive" is the usual advice, but it can change what a pattern matches
(`(a++)+a` never matches). So a concrete rewrite is offered only when it passes two checks on the
running Python: it finds exactly the same matches (spans and groups) as the original on a few
hundred sample texts built from the attack's and the pattern's characters, and the attack's steps
on the sre interpreter no longer grow faster than linearly. Otherwise the caller keeps its generic
hint. The rewrites tried: each suspect greedy repeat made possessive (innermost first), then the
culprit wrapped in an atomic group.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Sequence

from pyregex.redos_confirm import POLYNOMIAL_REPEATS, Budget, TooFastToFit, fit, measure
from pyregex.redos_nfa import SourceSpan
from pyregex.sre_program import program

SAMPLES = 300  # random texts, on top of the attack's and the near-matches
MUTATIONS = 6  # one-character changes of each near-match
_QUANTIFIER_ENDS = "*+?}"
_EXTRA_CHARS = "ab0 _-.!\n"


def verified_fix(
    pattern: str,
    flags: int,
    op: str,
    *,
    attack: tuple[str, str, str],
    candidates: Sequence[SourceSpan],
    culprit: SourceSpan | None,
    budget: Budget,
    words: Sequence[str] = (),
) -> tuple[str, str] | None:
    """(rewritten pattern, what was changed) for the first rewrite that passes both checks, or
    ("", reason) when every rewrite tried changed the matches; None if none could be tried.
    `words` are texts the pattern should match (redos_nfa.sample_words), mutated into samples."""
    rewrites = [(_possessive(pattern, span), span) for span in candidates]
    if culprit is not None:
        rewrites.append((_atomic(pattern, culprit), culprit))
    samples: list[str] | None = None
    changed: list[str] = []
    for rewritten, span in rewrites:
        if rewritten is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                original = re.compile(pattern, flags)
                fixed = re.compile(rewritten, flags)
            except re.error:
                continue
        if samples is None:
            samples = _samples(pattern, attack, words)
        if not all(_matches(original, op, s) == _matches(fixed, op, s) for s in samples):
            changed.append(pattern[span[0] : span[1]])
            continue
        if not _tamed(rewritten, flags, op, attack, budget):
            continue
        piece = pattern[span[0] : span[1]]
        how = "wrap" if rewritten.startswith("(?>", span[0]) else "make possessive"
        return rewritten, f"{how} `{piece}`"
    if changed:
        pieces = ", ".join(f"`{piece}`" for piece in dict.fromkeys(changed))
        return "", (
            f"remove the overlap itself: making {pieces} possessive or atomic would change what "
            "the pattern matches (checked on sample texts)"
        )
    return None


def _possessive(pattern: str, span: SourceSpan) -> str | None:
    end = span[1]
    if end < 1 or pattern[end - 1] not in _QUANTIFIER_ENDS:
        return None
    return pattern[:end] + "+" + pattern[end:]


def _atomic(pattern: str, span: SourceSpan) -> str:
    start, end = span
    return pattern[:start] + "(?>" + pattern[start:end] + ")" + pattern[end:]


def _samples(pattern: str, attack: tuple[str, str, str], words: Sequence[str]) -> list[str]:
    """Attack strings, texts the pattern matches and their one-character mutations (where a
    rewrite that gives up backtracking shows), then random short texts."""
    prefix, pump, suffix = attack
    chars = sorted(set(prefix + pump + suffix + _EXTRA_CHARS + pattern))
    rng = random.Random(pattern)
    texts = [prefix + pump * n + end for n in range(5) for end in (suffix, "")]
    for word in words:
        texts.append(word)
        for _ in range(MUTATIONS):
            at = rng.randint(0, len(word))
            mutation = rng.choice(("insert", "delete", "double"))
            if mutation == "insert":
                texts.append(word[:at] + rng.choice(chars) + word[at:])
            elif mutation == "delete" and word:
                texts.append(word[: max(at - 1, 0)] + word[at:])
            else:
                texts.append(word[:at] + word[at:][:3] + word[at:])
    while len(texts) < len(words) * (MUTATIONS + 1) + SAMPLES:
        texts.append("".join(rng.choice(chars) for _ in range(rng.randint(0, 12))))
    return texts


def _matches(compiled: re.Pattern[str], op: str, text: str) -> object:
    if op in ("match", "fullmatch", "search"):
        found = getattr(compiled, op)(text)
        return None if found is None else found.regs
    return [found.regs for found in compiled.finditer(text)]


def _tamed(
    rewritten: str, flags: int, op: str, attack: tuple[str, str, str], budget: Budget
) -> bool:
    prefix, pump, suffix = attack
    try:
        points = measure(
            program(rewritten, flags),
            op,
            prefix=prefix,
            pump=pump,
            suffix=suffix,
            repeats=POLYNOMIAL_REPEATS,
            budget=budget,
        )
    except TooFastToFit:
        return False
    return fit(points).kind == "linear"
