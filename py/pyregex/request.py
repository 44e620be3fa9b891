"""Checks a request dict and turns it into the arguments `re` takes.

Requests come from JSON typed by a person or sent by the page, so anything may arrive: this module
accepts exactly the keys of `EvaluateRequest` with their JSON types and raises `RequestError` with a
message a person can act on for everything else. It never compiles or runs a pattern; flag
combinations `re` itself rejects (`l` with a str pattern, `a` with `u`) are left for `re` to report.
The field checks and their wording are shared with suite_format.py, so a suite file and a request
explain the same mistake the same way.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from pyregex.contract import Op

OPS: tuple[Op, ...] = get_args(Op)

FLAG_LETTERS: dict[str, re.RegexFlag] = {
    "i": re.IGNORECASE,
    "m": re.MULTILINE,
    "s": re.DOTALL,
    "x": re.VERBOSE,
    "a": re.ASCII,
    "l": re.LOCALE,
    "u": re.UNICODE,
}

DEFAULT_MAX_MATCHES = 100_000

REQUIRED_KEYS = ("pattern", "text", "op")
OPTIONAL_KEYS = ("flags", "replacement", "count", "maxsplit", "maxMatches")


class RequestError(ValueError):
    """The request itself is malformed (not the pattern: that is `re`'s to judge)."""


@dataclass(slots=True)
class ParsedRequest:
    """A checked request. Nothing changes one once built, yet it is not frozen: a suite builds
    one per case, and a frozen dataclass takes six times as long to build (1.4 vs 0.25 µs)."""

    pattern: str
    text: str
    op: Op
    flags: int
    replacement: str
    count: int
    maxsplit: int
    max_matches: int


def parse_request(raw: object) -> ParsedRequest:
    """The checked request, or RequestError naming the first problem found."""
    if not isinstance(raw, dict):
        raise RequestError(f"a request must be a JSON object, not {json_type(raw)}")
    reject_unknown_keys(raw, REQUIRED_KEYS + OPTIONAL_KEYS, "a request")
    require_keys(raw, REQUIRED_KEYS, "a request")
    op = require_op(raw["op"])
    return ParsedRequest(
        pattern=require_str(raw, "pattern", ""),
        text=require_str(raw, "text", ""),
        op=op,
        flags=flag_bits(require_str(raw, "flags", "")),
        replacement=require_str(raw, "replacement", ""),
        count=require_int(raw, "count", 0),
        maxsplit=require_int(raw, "maxsplit", 0),
        max_matches=_require_max_matches(raw),
    )


def flag_bits(letters: str) -> int:
    """The `re` flags for letters such as "im"; repeated letters are harmless."""
    bits = 0
    for letter in letters:
        flag = FLAG_LETTERS.get(letter)
        if flag is None:
            raise RequestError(
                f"unknown flag letter {letter!r} in 'flags': use letters from "
                f"{''.join(FLAG_LETTERS)!r}"
            )
        bits |= flag
    return bits


def reject_unknown_keys(raw: dict[object, object], allowed: Sequence[str], owner: str) -> None:
    """RequestError naming every key of `raw` not in `allowed`; `owner` is "a request"..."""
    unknown = [key for key in raw if key not in allowed]
    if unknown:
        names = ", ".join(short_repr(str(key)) for key in unknown)
        raise RequestError(f"unknown key {names}: {owner} may only have {', '.join(allowed)}")


def require_keys(raw: dict[object, object], required: Sequence[str], owner: str) -> None:
    """RequestError naming the first key of `required` that `raw` lacks."""
    for key in required:
        if key not in raw:
            raise RequestError(f"missing key {key!r}: {owner} needs {', '.join(required)}")


def require_op(value: object) -> Op:
    """`value` as one of OPS, or RequestError."""
    for op in OPS:
        if value == op and isinstance(value, str):
            return op
    shown = short_repr(value) if isinstance(value, str) else json_type(value)
    raise RequestError(f"'op' must be one of {', '.join(OPS)}, not {shown}")


def require_str(raw: dict[object, object], key: str, default: str) -> str:
    """raw[key] (or `default` when absent) if it is a string, else RequestError."""
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise RequestError(f"{key!r} must be a string, not {json_type(value)}")
    return value


def require_int(raw: dict[object, object], key: str, default: int) -> int:
    """raw[key] (or `default` when absent) if it is a JSON integer, else RequestError."""
    value = raw.get(key, default)
    # bool is an int in Python but not in JSON: `true` is not a count.
    if not isinstance(value, int) or isinstance(value, bool):
        raise RequestError(f"{key!r} must be an integer, not {json_type(value)}")
    return value


def _require_max_matches(raw: dict[object, object]) -> int:
    value = require_int(raw, "maxMatches", DEFAULT_MAX_MATCHES)
    if value < 1:
        raise RequestError(f"'maxMatches' must be at least 1, not {value}")
    # No text can have more matches than this; itertools.islice refuses anything larger.
    return min(value, sys.maxsize - 1)


def json_type(value: object) -> str:
    """How the value looks in JSON terms, for messages ("an array", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({short_repr(value)})"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def short_repr(text: str, limit: int = 40) -> str:
    """repr(text), cut to `limit` characters for a message."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"
