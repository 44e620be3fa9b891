"""Writes the Python code that reproduces a request, so a result can be checked outside the page.

Run with the same Python, the snippet prints exactly what `evaluate` reports as `output.repr` (bar
the maxMatches cut): it calls the same `re` function with the same keyword arguments, and every
string in it is an exact literal: raw (so a pattern reads as typed) wherever a raw string means the
same characters, spelled with escapes where it cannot (`a\\` at the end, control characters, CR
LF). Nothing here compiles or runs a pattern. suite_codegen.py writes its pytest files with the same
literals and flag expressions.
"""

from __future__ import annotations

import re

from pyregex.request import FLAG_LETTERS, ParsedRequest, parse_request

# `(?x)`, `(?ix)`... at the very start: the pattern is verbose even without the x flag letter.
_INLINE_VERBOSE = re.compile(r"\(\?[a-zA-Z]*x[a-zA-Z]*\)")

_TRIPLE_QUOTES = ('"""', "'''")
# Triple quotes let a pattern with both quote kinds stay verbatim instead of escaped.
_QUOTES = ('"', "'", *_TRIPLE_QUOTES)

# A text with this many line breaks reads better as lines than as one line of \n escapes.
_LINES_FOR_TRIPLE_QUOTES = 2


def to_python(request: object) -> str:
    """A runnable snippet for `request` (an EvaluateRequest); RequestError if it is malformed."""
    req = parse_request(request)
    lines = ["import re", ""]
    lines.append(f"pattern = {pattern_literal(req.pattern, req.flags)}")
    many_lines = req.text.count("\n") >= _LINES_FOR_TRIPLE_QUOTES
    lines.append(f"text = {python_str(req.text, raw=False, multiline=many_lines)}")
    if req.op in ("sub", "subn"):
        lines.append(f"replacement = {python_str(req.replacement, raw=True, multiline=False)}")
    lines.append(f"result = {_call(req)}")
    # print() shows str results without quotes; everything else prints as its repr already.
    lines.append("print(repr(result))" if req.op == "sub" else "print(result)")
    return "\n".join(lines) + "\n"


def python_str(value: str, *, raw: bool, multiline: bool) -> str:
    """An exact Python literal for `value`.

    `raw` prefers r"..." even without backslashes (patterns, templates); `multiline` allows a
    triple-quoted literal when `value` has line breaks. Both are used only where exact; otherwise
    the literal is repr(value), which always is.
    """
    raw = raw or "\\" in value  # without the r, each backslash would have to be doubled
    if multiline and "\n" in value:
        literal = _triple_quoted(value, raw)
    else:
        literal = _single_line(value, raw)
    return literal if literal is not None else repr(value)


def _single_line(value: str, raw: bool) -> str | None:
    if not value.isprintable():
        return None
    return _quoted(value, raw)


def _triple_quoted(value: str, raw: bool) -> str | None:
    """A multi-line literal whose line breaks are the value's own. Only line feeds qualify: Python
    reads a CR LF or a lone CR inside source code as a line feed."""
    if not value.replace("\n", "").isprintable():
        return None
    return _quoted(value, raw, _TRIPLE_QUOTES)


def _quoted(value: str, raw: bool, quote_kinds: tuple[str, ...] = _QUOTES) -> str | None:
    """`value` between the first quotes that can hold it as it is, or None.

    In a raw literal a backslash still keeps the next character from closing it, so an odd run
    of backslashes at the end cannot be written raw. Without `raw` the value has no backslash.
    """
    if raw and _ends_with_odd_backslashes(value):
        return None
    prefix = "r" if raw else ""
    for quotes in quote_kinds:
        if quotes not in value and not value.endswith(quotes[0]):
            return f"{prefix}{quotes}{value}{quotes}"
    return None


def _ends_with_odd_backslashes(value: str) -> bool:
    return (len(value) - len(value.rstrip("\\"))) % 2 == 1


def pattern_literal(pattern: str, flags: int) -> str:
    """An exact literal for a pattern: raw, and on several lines when it is verbose (read as
    written, comments and all)."""
    verbose = bool(flags & re.VERBOSE) or _INLINE_VERBOSE.match(pattern) is not None
    return python_str(pattern, raw=True, multiline=verbose)


def flags_expression(flags: int) -> str | None:
    """`re.IGNORECASE | re.MULTILINE` for the request's flags, in flag-letter order."""
    names = [f"re.{flag.name}" for flag in FLAG_LETTERS.values() if flags & flag]
    return " | ".join(names) if names else None


def _call(req: ParsedRequest) -> str:
    arguments = ["pattern"]
    if req.op in ("sub", "subn"):
        arguments.append("replacement")
    arguments.append("text")
    if req.op in ("sub", "subn") and req.count:
        arguments.append(f"count={req.count}")
    if req.op == "split" and req.maxsplit:
        arguments.append(f"maxsplit={req.maxsplit}")
    flags = flags_expression(req.flags)
    if flags is not None:
        arguments.append(f"flags={flags}")
    call = f"re.{req.op}({', '.join(arguments)})"
    # A list of the match objects, which is what the page shows for finditer.
    return f"list({call})" if req.op == "finditer" else call
