"""Checks a request dict and turns it into the arguments `re` takes.

Requests come from JSON typed by a person or sent by the page, so anything may arrive: this module
accepts exactly the keys of `EvaluateRequest` with their JSON types and raises `RequestError` with a
message a person can act on for everything else. It never compiles or runs a pattern; flag
combinations `re` itself rejects (`l` with a str pattern, `a` with `u`) are left for `re` to report.
"""

from __future__ import annotations

import re
import sys
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
ALLOWED_KEYS = frozenset(REQUIRED_KEYS + OPTIONAL_KEYS)


class RequestError(ValueError):
    """The request itself is malformed (not the pattern: that is `re`'s to judge)."""


@dataclass(frozen=True, slots=True)
class ParsedRequest:
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
        raise RequestError(f"a request must be a JSON object, not {_json_type(raw)}")
    _reject_unknown_keys(raw)
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise RequestError(f"missing key {key!r}: a request needs {', '.join(REQUIRED_KEYS)}")
    op = _require_op(raw["op"])
    return ParsedRequest(
        pattern=_require_str(raw, "pattern", ""),
        text=_require_str(raw, "text", ""),
        op=op,
        flags=flag_bits(_require_str(raw, "flags", "")),
        replacement=_require_str(raw, "replacement", ""),
        count=_require_int(raw, "count", 0),
        maxsplit=_require_int(raw, "maxsplit", 0),
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


def _reject_unknown_keys(raw: dict[object, object]) -> None:
    unknown = [key for key in raw if key not in ALLOWED_KEYS]
    if unknown:
        names = ", ".join(_short_repr(str(key)) for key in unknown)
        allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
        raise RequestError(f"unknown key {names}: a request may only have {allowed}")


def _require_op(value: object) -> Op:
    for op in OPS:
        if value == op and isinstance(value, str):
            return op
    shown = _short_repr(value) if isinstance(value, str) else _json_type(value)
    raise RequestError(f"'op' must be one of {', '.join(OPS)}, not {shown}")


def _require_str(raw: dict[object, object], key: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise RequestError(f"{key!r} must be a string, not {_json_type(value)}")
    return value


def _require_int(raw: dict[object, object], key: str, default: int) -> int:
    value = raw.get(key, default)
    # bool is an int in Python but not in JSON: `true` is not a count.
    if not isinstance(value, int) or isinstance(value, bool):
        raise RequestError(f"{key!r} must be an integer, not {_json_type(value)}")
    return value


def _require_max_matches(raw: dict[object, object]) -> int:
    value = _require_int(raw, "maxMatches", DEFAULT_MAX_MATCHES)
    if value < 1:
        raise RequestError(f"'maxMatches' must be at least 1, not {value}")
    # No text can have more matches than this; itertools.islice refuses anything larger.
    return min(value, sys.maxsize - 1)


def _json_type(value: object) -> str:
    """How the value looks in JSON terms, for messages ("an array", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_short_repr(value)})"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short_repr(text: str, limit: int = 40) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"
