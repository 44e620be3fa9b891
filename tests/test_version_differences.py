"""Known differences of `re` between the CPython versions the page ships, as the core reports them.

Each row is one request (or one call of `re` the core deliberately avoids) with the outcome every
minor version 3.11-3.15 gives; the test checks the outcome of the version it runs on. The suite
runs natively and inside each Pyodide runtime (scripts/test.sh), so every row is checked on every
version. The rows come from scripts/find-version-differences.mjs, which runs a corpus of several
hundred requests in all five runtimes and prints where they disagree (docs/version-differences.md).
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from pyregex import evaluate

VERSIONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"

# Stands for re.error's class name, as the core reports an error's type: 3.13 renamed the class
# PatternError (re.error stays an alias). per_version writes the name each version uses.
RE_ERROR = object()


def _named(expected: Any, version: str) -> Any:
    if expected is RE_ERROR:
        return "error" if version in ("3.11", "3.12") else "PatternError"
    if isinstance(expected, tuple | list):
        return type(expected)(_named(item, version) for item in expected)
    return expected


def per_version(v311: Any, v312: Any, v313: Any, v314: Any, v315: Any) -> dict[str, Any]:
    """The expected outcome of each minor version, in order."""
    columns = (v311, v312, v313, v314, v315)
    return {
        version: _named(column, version) for version, column in zip(VERSIONS, columns, strict=True)
    }


def outcome(result: Any) -> tuple[Any, ...]:
    """What a version difference can change in a result, without timings or version strings."""
    if not result["ok"]:
        error = result["error"]
        return ("error", error["type"], error["where"], error["message"], error.get("pos"))
    spans = [tuple(match["span"]) for match in result["matches"]]
    warned = [(warning["category"], warning["message"]) for warning in result["warnings"]]
    return ("ok", spans, result["output"]["value"], warned)


def failed(message: str, pos: int, where: str = "pattern") -> tuple[Any, ...]:
    """A re.error outcome (named as each version names it)."""
    return ("error", RE_ERROR, where, message, pos)


def matched(
    spans: list[tuple[int, int]], value: Any, warned: list[tuple[str, str]] | None = None
) -> tuple[Any, ...]:
    return ("ok", spans, value, warned or [])


def evaluated(pattern: str, text: str, op: str, **options: Any) -> Callable[[], tuple[Any, ...]]:
    request = {"pattern": pattern, "text": text, "op": op, **options}
    return lambda: outcome(evaluate(request))


def positional_count() -> tuple[Any, ...]:
    """re.sub with count passed by position, and the core's sub with a count, side by side: 3.13
    deprecates the first; the core passes count by keyword, so its result never has the warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = re.sub("a", "b", "aaa", 1)  # noqa: B034 - the positional call is the point
    warned = [(type(w.message).__name__, str(w.message)) for w in caught]
    core = outcome(
        evaluate({"pattern": "a", "text": "aaa", "op": "sub", "replacement": "b", "count": 1})
    )
    return (value, warned, core)


@dataclass(frozen=True)
class Row:
    name: str
    run: Callable[[], tuple[Any, ...]]
    expected: dict[str, Any]


NO_MATCH = matched([], None)
UNTERMINATED = "missing ), unterminated subpattern at position 0"
BAD_Z_AT_1 = failed(r"bad escape \z at position 1", 1)
BAD_Z_AT_0 = failed(r"bad escape \z at position 0", 0)
NO_T_FLAG = failed("unknown extension ?t at position 1", 1)
PLUS_ONE_AT_6 = "bad character in group name '+1' at position 6"
PLUS_ONE_AT_3 = "bad character in group name '+1' at position 3"
CORE_SUB = matched([(0, 1)], "baa")
COUNT_WARNING = [("DeprecationWarning", "'count' is passed as positional argument")]
# Unicode grows with each release: Nag Mundari digit zero (Unicode 15.0) is a digit from 3.12.
DIGITS = "\u0660\U0001fbf0\U0001e4f0"
# Letters of Unicode 15.0 (CJK ext. H, Kawi), 15.1 (CJK ext. I), 16.0 (Cyrillic TJE, Ol Onal),
# 17.0 (CJK ext. J): \w matches those the running version's Unicode knows.
NEW_LETTERS = "\U00031350\U00011f04\U0002ebf0\u1c89\U0001e5d0\U000323b0"
TJE = "\u1c89\u1c8a"  # Cyrillic capital and small TJE, a case pair from Unicode 16.0


def first_letters(known: int) -> tuple[Any, ...]:
    """findall(r"\\w", NEW_LETTERS) when the first `known` of them are letters to this version."""
    return matched([(i, i + 1) for i in range(known)], list(NEW_LETTERS[:known]))


ROWS = [
    Row(
        r"\z is a bad escape before 3.14, the end of the string from 3.14",
        evaluated(r"a\z", "ba", "search"),
        per_version(
            BAD_Z_AT_1, BAD_Z_AT_1, BAD_Z_AT_1, matched([(1, 2)], "a"), matched([(1, 2)], "a")
        ),
    ),
    Row(
        r"\z in split, from 3.14 one more empty match at the end",
        evaluated(r"\z", "ab", "split"),
        per_version(
            BAD_Z_AT_0,
            BAD_Z_AT_0,
            BAD_Z_AT_0,
            matched([(2, 2)], ["ab", ""]),
            matched([(2, 2)], ["ab", ""]),
        ),
    ),
    Row(
        r"\B matches the empty string from 3.14",
        evaluated(r"\B", "", "search"),
        per_version(NO_MATCH, NO_MATCH, NO_MATCH, matched([(0, 0)], ""), matched([(0, 0)], "")),
    ),
    Row(
        r"re.sub on '' with \B replaces the empty match from 3.14",
        evaluated(r"\B", "", "sub", replacement="-"),
        per_version(
            matched([], ""),
            matched([], ""),
            matched([], ""),
            matched([(0, 0)], "-"),
            matched([(0, 0)], "-"),
        ),
    ),
    Row(
        "re.error is named PatternError from 3.13, with the same message",
        evaluated("(", "", "search"),
        per_version(
            ("error", "error", "pattern", UNTERMINATED, 0),
            ("error", "error", "pattern", UNTERMINATED, 0),
            ("error", "PatternError", "pattern", UNTERMINATED, 0),
            ("error", "PatternError", "pattern", UNTERMINATED, 0),
            ("error", "PatternError", "pattern", UNTERMINATED, 0),
        ),
    ),
    Row(
        "a positional count warns from 3.13; the core passes it by keyword and never warns",
        positional_count,
        per_version(
            ("baa", [], CORE_SUB),
            ("baa", [], CORE_SUB),
            ("baa", COUNT_WARNING, CORE_SUB),
            ("baa", COUNT_WARNING, CORE_SUB),
            ("baa", COUNT_WARNING, CORE_SUB),
        ),
    ),
    Row(
        "the TEMPLATE flag (?t) is gone in 3.13",
        evaluated("(?t)a", "ba", "search"),
        per_version(
            matched([(1, 2)], "a"), matched([(1, 2)], "a"), NO_T_FLAG, NO_T_FLAG, NO_T_FLAG
        ),
    ),
    Row(
        "(?(+1)...): a group reference not an ASCII number is deprecated in 3.11, an error after",
        evaluated("(a)(?(+1)b)", "ab", "search"),
        per_version(
            matched([(0, 2)], "ab", [("DeprecationWarning", PLUS_ONE_AT_6)]),
            failed(PLUS_ONE_AT_6, 6),
            failed(PLUS_ONE_AT_6, 6),
            failed(PLUS_ONE_AT_6, 6),
            failed(PLUS_ONE_AT_6, 6),
        ),
    ),
    Row(
        r"\g<+1> in a replacement: deprecated in 3.11, an error after",
        evaluated("(a)", "a", "sub", replacement=r"\g<+1>"),
        per_version(
            matched([(0, 1)], "a", [("DeprecationWarning", PLUS_ONE_AT_3)]),
            failed(PLUS_ONE_AT_3, 3, "replacement"),
            failed(PLUS_ONE_AT_3, 3, "replacement"),
            failed(PLUS_ONE_AT_3, 3, "replacement"),
            failed(PLUS_ONE_AT_3, 3, "replacement"),
        ),
    ),
    Row(
        r"\d knows the digits of its Unicode version (Nag Mundari from 3.12)",
        evaluated(r"\d", DIGITS, "findall"),
        per_version(
            matched([(0, 1), (1, 2)], list(DIGITS[:2])),
            matched([(0, 1), (1, 2), (2, 3)], list(DIGITS)),
            matched([(0, 1), (1, 2), (2, 3)], list(DIGITS)),
            matched([(0, 1), (1, 2), (2, 3)], list(DIGITS)),
            matched([(0, 1), (1, 2), (2, 3)], list(DIGITS)),
        ),
    ),
    Row(
        r"\w knows the letters of its Unicode version (15.0 in 3.12 ... 17.0 in 3.15)",
        evaluated(r"\w", NEW_LETTERS, "findall"),
        per_version(
            first_letters(0), first_letters(2), first_letters(3), first_letters(5), first_letters(6)
        ),
    ),
    Row(
        "case-insensitive matching knows the case pairs of its Unicode (TJE, 16.0, from 3.14)",
        evaluated("(?i)\u1c89", TJE, "findall"),
        per_version(
            matched([(0, 1)], [TJE[0]]),
            matched([(0, 1)], [TJE[0]]),
            matched([(0, 1)], [TJE[0]]),
            matched([(0, 1), (1, 2)], list(TJE)),
            matched([(0, 1), (1, 2)], list(TJE)),
        ),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_running_version_gives_its_known_outcome(row: Row) -> None:
    if RUNNING not in row.expected:
        pytest.skip(
            f"no outcomes recorded for Python {RUNNING}: run scripts/find-version-differences.mjs"
        )
    assert row.run() == row.expected[RUNNING]
