"""redos(): each verdict of the catalogue (real advisories and textbook cases, vulnerable and safe)
and, for every vulnerable one, the attack's step counts re-measured here on the sre interpreter,
growing as the verdict says. Plus the result's shape, the budgets, and what the analysis must
understand (atomic groups, possessive repeats, anchors, ops).

The analysis runs with a generous time budget so that only its step budget bounds it: the same
verdicts natively and in Pyodide, however loaded the machine.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import pytest

from pyregex import redos_confirm
from pyregex.redos import redos
from pyregex.redos_confirm import count_steps
from pyregex.request import flag_bits
from pyregex.sre_program import program

CATALOGUE = json.loads(
    (Path(__file__).parent / "fixtures" / "redos_catalogue.json").read_text("utf-8")
)
VULNERABLE: list[dict[str, Any]] = CATALOGUE["vulnerable"]
SAFE: list[dict[str, Any]] = CATALOGUE["safe"]
UNHURRIED = 600.0  # seconds: the step budget decides, not the machine's speed


def _id(entry: dict[str, Any]) -> str:
    return entry["pattern"][:40]


def check(pattern: str, flags: int | str = 0, op: str = "search", **budget: Any) -> Any:
    """redos() bounded by its steps only (see the module docstring)."""
    return redos(pattern, flags, op, **{"max_seconds": UNHURRIED, **budget})


def analyse(entry: dict[str, Any]) -> Any:
    return redos(entry["pattern"], entry["flags"], entry["op"], max_seconds=UNHURRIED)


def test_the_catalogue_is_big_enough_and_every_pattern_compiles() -> None:
    assert len(VULNERABLE) >= 40
    assert len(SAFE) >= 40
    assert sum(e["expect"] == "exponential" for e in VULNERABLE) >= 15
    assert sum(e["expect"] == "polynomial" for e in VULNERABLE) >= 15
    for entry in VULNERABLE + SAFE:
        re.compile(entry["pattern"], flag_bits(entry["flags"]))
        assert entry["source"]


def _steps(entry: dict[str, Any], attack: dict[str, str], repeats: int) -> int:
    text = attack["prefix"] + attack["pump"] * repeats + attack["suffix"]
    compiled = program(entry["pattern"], flag_bits(entry["flags"]))
    return count_steps(compiled, text, entry["op"], max_steps=10_000_000)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(
            e,
            marks=pytest.mark.xfail(strict=True, reason=e["stepsBlind"]),
            id=_id(e),
        )
        if "stepsBlind" in e
        else pytest.param(e, id=_id(e))
        for e in VULNERABLE
    ],
)
def test_a_vulnerable_pattern_is_found_and_its_attack_blows_up(entry: dict[str, Any]) -> None:
    result = analyse(entry)
    assert result["verdict"] == entry["expect"], result["explanation"]
    attack = result["attack"]
    assert attack is not None
    assert attack["pump"]
    evidence = result["evidence"]
    assert len(evidence) >= 3
    # The evidence is what the interpreter counts: re-measure the largest two points here.
    for point in evidence[-2:]:
        assert _steps(entry, attack, point["repeats"]) == point["steps"]
    first, last = evidence[-3], evidence[-1]
    assert last["steps"] > first["steps"] > 0
    if entry["expect"] == "exponential":
        assert result["degree"] is None
        per_repeat = (last["steps"] / first["steps"]) ** (1 / (last["repeats"] - first["repeats"]))
        assert per_repeat >= 1.2
    else:
        degree = result["degree"]
        assert degree is not None
        assert degree >= 2
        before = evidence[-2]
        slope = math.log(last["steps"] / before["steps"]) / math.log(
            last["repeats"] / before["repeats"]
        )
        assert round(slope) == degree
        assert (
            math.log(last["steps"] / first["steps"]) / math.log(last["repeats"] / first["repeats"])
            > 1.5
        )
    start, end = result["construct16"]
    assert 0 <= start < end <= len(entry["pattern"])
    assert result["explanation"].startswith(entry["expect"])


@pytest.mark.parametrize("entry", [pytest.param(e, id=_id(e)) for e in SAFE])
def test_a_safe_pattern_is_safe(entry: dict[str, Any]) -> None:
    result = analyse(entry)
    assert result == {
        "verdict": "safe",
        "degree": None,
        "attack": None,
        "evidence": [],
        "construct16": None,
        "explanation": result["explanation"],
        "hint": None,
    }
    assert result["explanation"].startswith("safe: ")


def test_the_example_of_the_issue() -> None:
    result = check(r"(a+)+$", 0)
    assert result["verdict"] == "exponential"
    assert result["attack"] == {"prefix": "", "pump": "a", "suffix": result["attack"]["suffix"]}
    assert not re.fullmatch(r"(a+)+$", "a" * 5 + result["attack"]["suffix"])
    steps = [point["steps"] for point in result["evidence"]]
    assert all(later > 1.8 * earlier for earlier, later in itertools.pairwise(steps[3:]))
    assert result["construct16"] == [0, 5]
    assert result["hint"] is not None
    assert "possessive" in result["hint"]


@pytest.mark.parametrize(
    ("vulnerable", "fixed"),
    [
        (r"(a+)+b", r"(a++)+b"),
        (r"(a+)+b", r"(?>a+)+b"),
        (r"^(\w+\s?)*$", r"^(?>\w+\s?)*$"),
        (r"\s*#?\s*$", r"\s*+#?\s*$"),
    ],
)
def test_atomic_groups_and_possessive_repeats_make_it_safe(vulnerable: str, fixed: str) -> None:
    assert check(vulnerable, 0, "match")["verdict"] != "safe"
    assert check(fixed, 0, "match")["verdict"] == "safe"


def test_an_atomic_group_does_not_hide_a_failure_inside_it() -> None:
    assert check(r"(?>(a+)+b)", 0)["verdict"] == "exponential"


def test_search_retries_make_a_single_loop_quadratic_but_match_does_not() -> None:
    searched = check(r"\s+$", 0, "search")
    assert (searched["verdict"], searched["degree"]) == ("polynomial", 2)
    assert check(r"\s+$", 0, "match")["verdict"] == "safe"
    assert check(r"^\s+$", 0, "search")["verdict"] == "safe"
    assert check(r"\A\s+$", 0, "findall")["verdict"] == "safe"


def test_scanning_ops_count_every_search() -> None:
    # sub over a text the pattern matches at 0 needs a start that cannot match (the prefix).
    result = check(r"^\s*|\s*$", "", "sub")
    assert (result["verdict"], result["degree"]) == ("polynomial", 2)
    attack = result["attack"]
    assert attack is not None
    assert attack["prefix"]


def test_flags_change_the_verdict() -> None:
    assert check(r"^(?:ab|AB)+$", 0, "match")["verdict"] == "safe"
    assert check(r"^(?:ab|AB)+$", "i", "match")["verdict"] == "exponential"
    assert check(r"(?:.|\n)*x", "", "match")["verdict"] == "safe"
    assert check(r"(?:.|\n)*x", "s", "match")["verdict"] == "exponential"


def test_construct16_counts_utf16_units() -> None:
    result = check("😀(a+)+$", 0)
    assert result["verdict"] == "exponential"
    assert result["construct16"] == [2, 7]


def test_backreferences_are_copies_of_their_group() -> None:
    result = check(r"(a)\1*a*$", 0, "match")
    assert (result["verdict"], result["degree"]) == ("polynomial", 2)
    assert check(r"(a)\1*b*$", 0, "match")["verdict"] == "safe"


def test_a_lookahead_body_is_analysed() -> None:
    assert check(r"^(?=(a+)+$)", 0, "match")["verdict"] == "exponential"


def test_the_budget_ends_in_unknown_not_in_a_guess() -> None:
    result = check(r"(\w+\s?)+$", 0, max_steps=50)
    assert result["verdict"] == "unknown"
    assert result["attack"] is None
    assert result["evidence"] == []
    assert "budget" in result["explanation"]
    assert redos(r"(\w+\s?)+$", 0, max_seconds=1e-9)["verdict"] == "unknown"


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [("(a", 0), ("a", "l"), ("a", "au"), ("a{99999999999}", 0), ("(" * 2000 + ")" * 2000, 0)],
)
def test_a_pattern_that_does_not_compile_is_unknown(pattern: str, flags: int | str) -> None:
    with pytest.raises((re.error, ValueError, OverflowError, RecursionError)):
        re.compile(pattern, flag_bits(flags) if isinstance(flags, str) else flags)
    result = check(pattern, flags)
    assert result["verdict"] == "unknown"
    assert "does not compile" in result["explanation"]


def test_an_unknown_op_is_refused() -> None:
    with pytest.raises(ValueError, match="op"):
        redos("a", 0, "scan")


def test_a_keyboard_interrupt_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(redos_confirm, "count_steps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check(r"(a+)+$", 0)


def _generated_patterns(count: int) -> list[str]:
    """Small patterns built from overlapping pieces (a fixed seed: the same list every run)."""
    rng = random.Random(17)
    atoms = ["a", "b", "[ab]", ".", r"\w", r"\s", "a?", "(?:a|b)", "(?:a|ab)", "(a)"]
    patterns = []
    while len(patterns) < count:
        pattern = ""
        for _ in range(rng.randint(1, 4)):
            atom = rng.choice(atoms)
            if rng.random() < 0.5:
                atom = f"(?:{atom}{rng.choice(['a', '', 'b'])}){rng.choice(['*', '+', '?', ''])}"
            pattern += atom + rng.choice(["", "*", "+", "?", "*?", "++"])
        pattern += rng.choice(["", "$", "c"])
        try:
            re.compile(pattern)
        except re.error:
            continue
        patterns.append(pattern)
    return patterns


@pytest.mark.parametrize("pattern", _generated_patterns(24))
def test_every_verdict_on_generated_patterns_is_backed_by_its_evidence(pattern: str) -> None:
    entry = {"pattern": pattern, "flags": "", "op": "search"}
    result = analyse(entry)
    assert result["verdict"] in ("exponential", "polynomial", "safe", "unknown")
    if result["verdict"] in ("safe", "unknown"):
        assert result["attack"] is None
        assert result["evidence"] == []
        return
    attack = result["attack"]
    assert attack is not None
    last = result["evidence"][-1]
    assert _steps(entry, attack, last["repeats"]) == last["steps"]
    assert last["steps"] > 4 * result["evidence"][0]["steps"]


def test_a_rewrite_is_offered_only_when_it_keeps_the_matches_and_tames_the_attack() -> None:
    pattern = r"^(\w+\s?)*$"
    hint = check(pattern, 0, "match")["hint"]
    found = re.search(r"`([^`]*)` finds the same matches", hint)
    assert found is not None, hint
    rewritten = found.group(1)
    assert rewritten == r"^(\w++\s?)*$"
    assert check(rewritten, 0, "match")["verdict"] == "safe"
    rng = random.Random(5)  # texts of its own, not the ones the fix was checked on
    for _ in range(500):
        text = "".join(rng.choice("ab _\n!") for _ in range(rng.randint(0, 12)))
        assert (re.match(pattern, text) is None) == (re.match(rewritten, text) is None), text


def test_no_rewrite_is_offered_when_it_would_change_the_matches() -> None:
    result = check(r"^(a+)+ab$", 0, "match")
    assert result["verdict"] == "exponential"
    assert "would change what the pattern matches" in result["hint"]
    # Indeed: the possessive form cannot give back the a that `ab` needs.
    assert re.match(r"^(a+)+ab$", "aab")
    assert not re.match(r"^(a++)+ab$", "aab")
