"""Turns what went wrong into an error result the page can point at.

The message is always CPython's own text (`str(exc)`), never reworded, and the type is the
exception class's name, so the page says exactly what Python would. Positions come from `re.error`
and are also given in UTF-16 (`pos16`) for the browser. Nothing here raises: a failure must not
fail again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pyregex.contract import Error, ErrorResult, ErrorWhere
from pyregex.utf16 import Utf16Offsets

INTERRUPTED_MESSAGE = "the regular expression was stopped before it finished (KeyboardInterrupt)"

# One token of a replacement template as CPython's tokenizer reads it: `\g<name>` or an escape.
_TEMPLATE_TOKEN = re.compile(r"\\g<([^>]*)>|\\.", re.DOTALL)


def request_error(message: str) -> ErrorResult:
    return _result("RequestError", "request", message)


def suite_error(message: str) -> ErrorResult:
    """A malformed test suite (see suite_format.py)."""
    return _result("SuiteError", "request", message)


def interrupted_error() -> ErrorResult:
    return _result("Interrupted", "engine", INTERRUPTED_MESSAGE)


def engine_error(exc: BaseException) -> ErrorResult:
    """An exception while running the op (MemoryError, RecursionError...)."""
    return _result(type(exc).__name__, "engine", str(exc))


def compile_error(exc: Exception, pattern: str) -> ErrorResult:
    """An exception from compiling the pattern with its flags.

    `re` raises ValueError only for flag combinations it rejects, so those point at the flags;
    everything else (re.error, OverflowError, RecursionError...) points at the pattern.
    """
    where: ErrorWhere = "flags" if type(exc) is ValueError else "pattern"
    return _positioned(exc, where, pattern)


def replacement_error(
    exc: Exception, replacement: str, groupindex: Mapping[str, int]
) -> ErrorResult:
    """An exception from parsing the replacement template of sub/subn.

    CPython raises a bare IndexError without a position for an unknown group name; the position of
    that name is found in the template so the page can still point at it.
    """
    if isinstance(exc, IndexError):
        pos = unknown_group_name_position(replacement, groupindex)
        return _result(type(exc).__name__, "replacement", str(exc), pos, replacement)
    return _positioned(exc, "replacement", replacement)


def unknown_group_name_position(replacement: str, groupindex: Mapping[str, int]) -> int | None:
    """Where the first `\\g<name>` naming no group of the pattern has its name, as CPython's
    template parser would stop there (names that are not identifiers fail earlier, as re.error)."""
    for token in _TEMPLATE_TOKEN.finditer(replacement):
        name = token.group(1)
        if name is not None and name.isidentifier() and name not in groupindex:
            return token.start(1)
    return None


def _positioned(exc: Exception, where: ErrorWhere, source: str) -> ErrorResult:
    if not isinstance(exc, re.error):
        return _result(type(exc).__name__, where, str(exc))
    if isinstance(exc.pattern, str):
        source = exc.pattern
    result = _result(type(exc).__name__, where, str(exc), exc.pos, source)
    if result["error"]["pos"] is not None:
        # re.error counts lines and columns itself; report its own numbers.
        result["error"]["lineno"] = exc.lineno
        result["error"]["colno"] = exc.colno
    return result


def _result(
    type_name: str, where: ErrorWhere, message: str, pos: int | None = None, source: str = ""
) -> ErrorResult:
    error: Error = {
        "type": type_name,
        "where": where,
        "message": message,
        "pos": None,
        "pos16": None,
        "lineno": None,
        "colno": None,
    }
    if pos is not None and 0 <= pos <= len(source):
        error["pos"] = pos
        error["pos16"] = Utf16Offsets(source)(pos)
        # Counted as re.error counts them (lines and columns from 1) for positions it lacks.
        error["lineno"] = source.count("\n", 0, pos) + 1
        error["colno"] = pos - source.rfind("\n", 0, pos)
    return {"ok": False, "error": error}
