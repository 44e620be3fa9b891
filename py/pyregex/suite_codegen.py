"""Writes a test suite as a pytest file a user commits into their own repository.

The file needs only `re` and pytest (never pyregex), and checks exactly what run_suite checks:
whether the op matched, the groups of its first match by number or name (None: did not take part),
and for findall, sub, subn and split the value returned, tuples compared as lists as in the suite's
JSON. So a case passes there exactly when it passes in pyregex, with the same Python. Every string
is an exact literal (codegen.python_str), lone surrogates and line breaks included. Nothing here
compiles or runs a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from pyregex.codegen import flags_expression, pattern_literal, python_str
from pyregex.suite_format import OUTPUT_OPS, ParsedCase, ParsedSuite, parse_suite

_SINGLE_OPS = ("match", "search", "fullmatch")
# One token of a literal's body: an escape sequence's first two characters, or a character.
_ESCAPE_OR_CHARACTER = re.compile(r"\\.|.", re.DOTALL)
# Lines are laid out as ruff format (and black) lay them out at their default width, so the file
# can be committed as it is; only an overlong string or list stays longer.
_LINE_CHARS = 88
_ID_CHARS = 40


def suite_to_pytest(suite: object) -> str:
    """The pytest file for `suite` (see contract.Suite, or one parse_suite checked already);
    SuiteError if it is malformed."""
    parsed = suite if isinstance(suite, ParsedSuite) else parse_suite(suite)
    checks_output = any(case.has_output for case in parsed.cases)
    definitions = [
        _first_match(parsed),
        *([_returned(parsed)] if checks_output else []),
        _GROUP_HELPER,
        _test_function(parsed, checks_output),
    ]
    top = "\n".join([_header(parsed), _constants(parsed), _cases(parsed)])
    return "\n\n".join([top, *definitions])


def _header(suite: ParsedSuite) -> str:
    if suite.op in OUTPUT_OPS:
        checks = (
            "whether the pattern matches its text, the groups of\n"
            "the first match and, where the case gives it, what "
            f"re.{suite.op}() returns; the cases\n"
            "pass and fail here as they do in pyregex. Run it with pytest.\n"
        )
    else:
        checks = (
            "whether the pattern matches its text and the groups\n"
            "of the first match; the cases pass and fail here as they do in pyregex. Run it with\n"
            "pytest.\n"
        )
    return (
        f'"""Test cases for a regular expression with re.{suite.op}(), exported from pyregex.\n'
        "\n"
        f"With plain `re`, each case checks {checks}"
        '"""\n'
        "\n"
        "import re\n"
        "\n"
        "import pytest\n"
    )


def _constants(suite: ParsedSuite) -> str:
    literal = pattern_literal(suite.pattern, suite.flags)
    flags = flags_expression(suite.flags)
    arguments = literal if flags is None else f"{literal}, {flags}"
    line = f"PATTERN = re.compile({arguments})"
    if "\n" in line or len(line) > _LINE_CHARS:
        flags_line = "" if flags is None else f"    {flags},\n"
        line = f"PATTERN = re.compile(\n    {literal},\n{flags_line})"
    lines = [line]
    if suite.op in ("sub", "subn"):
        lines.append(f"REPLACEMENT = {python_str(suite.replacement, raw=True, multiline=False)}")
    lines.append("GROUP_NUMBERS = {str(number) for number in range(PATTERN.groups + 1)}")
    return "\n".join(lines) + "\n"


def _cases(suite: ParsedSuite) -> str:
    if not suite.cases:
        return "CASES = []\n"
    params = [_laid_out(_param(case), 4, "", ",") for case in suite.cases]
    return "CASES = [\n" + "".join(line + "\n" for lines in params for line in lines) + "]\n"


def _param(case: ParsedCase) -> _Bracketed:
    expected: list[tuple[str, _Node]] = [('"match": ', str(case.expect_match))]
    if case.groups:
        groups = [(f"{_str(key)}: ", _node(value)) for key, value in case.groups.items()]
        expected.append(('"groups": ', _Bracketed("{", "}", groups)))
    if case.has_output:
        expected.append(('"output": ', _node(case.output)))
    arguments: list[tuple[str, _Node]] = [
        ("", _str(case.text)),
        ("", _Bracketed("{", "}", expected)),
        ("id=", _str(_case_id(case))),
    ]
    return _Bracketed("pytest.param(", ")", arguments)


@dataclass(frozen=True, slots=True)
class _Bracketed:
    """A literal in brackets: a call's arguments, a list, a dict. Each item has its lead, such as
    a dict key ('"groups": ') or a keyword ("id=")."""

    opening: str
    closing: str
    items: list[tuple[str, _Node]]


_Node: TypeAlias = "str | _Bracketed"  # a literal that cannot be broken, or one that can


def _flat(node: _Node) -> str:
    if isinstance(node, str):
        return node
    inside = ", ".join(lead + _flat(item) for lead, item in node.items)
    return f"{node.opening}{inside}{node.closing}"


def _laid_out(node: _Node, indent: int, lead: str, trail: str) -> list[str]:
    """`lead` + node + `trail` as ruff format (or black) lays it out: on one line if it fits,
    else one item a line with a trailing comma, which keeps it that way."""
    line = " " * indent + lead + _flat(node) + trail
    if isinstance(node, str) or not node.items or len(line) <= _LINE_CHARS:
        return [line]
    lines = [" " * indent + lead + node.opening]
    for item_lead, item in node.items:
        lines += _laid_out(item, indent + 4, item_lead, ",")
    lines.append(" " * indent + node.closing + trail)
    return lines


def _case_id(case: ParsedCase) -> str:
    """The case's name, or the start of its text: what pytest shows between the brackets."""
    if case.name is not None:
        return case.name
    if not case.text:
        return "(empty text)"
    return case.text if len(case.text) <= _ID_CHARS else case.text[: _ID_CHARS - 3] + "..."


def _first_match(suite: ParsedSuite) -> str:
    if suite.op in _SINGLE_OPS:
        return (
            "def first_match(text):\n"
            f'    """The match re.{suite.op}() returns, or None."""\n'
            f"    return PATTERN.{suite.op}(text)\n"
        )
    return (
        "def first_match(text):\n"
        f'    """The first match re.{suite.op}() uses, or None (finditer runs the same '
        'search)."""\n'
        "    return next(PATTERN.finditer(text), None)\n"
    )


def _returned(suite: ParsedSuite) -> str:
    if suite.op == "findall":
        doc = "What re.findall() returns, its tuples as lists (as the cases are written)."
        body = (
            "[\n        list(item) if isinstance(item, tuple) else item\n"
            "        for item in PATTERN.findall(text)\n    ]"
        )
    elif suite.op == "split":
        doc = "What re.split() returns."
        body = "PATTERN.split(text" + (f", maxsplit={suite.maxsplit})" if suite.maxsplit else ")")
    else:
        count = f", count={suite.count}" if suite.count else ""
        call = f"PATTERN.{suite.op}(REPLACEMENT, text{count})"
        if suite.op == "sub":
            doc, body = "What re.sub() returns.", call
        else:
            doc = "What re.subn() returns, as a list (as the cases are written)."
            body = f"list({call})"
    return f'def returned(text):\n    """{doc}"""\n    return {body}\n'


_GROUP_HELPER = '''\
def group(match, key):
    """The group a case names by number ("1") or name ("year"); None: did not take part."""
    if key in PATTERN.groupindex:
        return match.group(key)
    assert key in GROUP_NUMBERS, f"the pattern has no group {key!r}"
    return match.group(int(key))
'''


def _test_function(suite: ParsedSuite, checks_output: bool) -> str:
    lines = [
        '@pytest.mark.parametrize(("text", "expected"), CASES)',
        "def test_pattern(text, expected):",
        "    match = first_match(text)",
        '    if expected["match"]:',
        f'        assert match is not None, "expected a match, but {suite.op} found none"',
        "    else:",
        "        assert match is None, (",
        *_fitted_f_string(
            12, f"expected no match, but {suite.op} matched ", "{match.group()!r} at {match.span()}"
        ),
        "        )",
        '    for key, value in expected.get("groups", {}).items():',
        '        assert group(match, key) == value, f"group {key!r}"',
    ]
    if checks_output:
        lines += [
            '    if "output" in expected:',
            '        assert returned(text) == expected["output"]',
        ]
    return "\n".join(lines) + "\n"


def _fitted_f_string(indent: int, *parts: str) -> list[str]:
    """An f-string on one line if it fits, else one line per part (as ruff format leaves it)."""
    joined = " " * indent + 'f"' + "".join(parts) + '"'
    if len(joined) <= _LINE_CHARS:
        return [joined]
    return [" " * indent + f'f"{part}"' for part in parts]


def _str(value: str) -> str:
    """An exact literal, in the quotes ruff format would choose: double, unless that takes more
    escapes (the value holds more double quotes than single ones)."""
    literal = python_str(value, raw=False, multiline=False)
    if not literal.startswith("'") or value.count('"') > value.count("'"):
        return literal
    # repr()'s single-quoted form: its escapes stay, the quote marks swap their escaping.
    swapped = {"\\'": "'", '"': '\\"'}
    body = _ESCAPE_OR_CHARACTER.sub(lambda token: swapped.get(token[0], token[0]), literal[1:-1])
    return f'"{body}"'


def _node(value: object) -> _Node:
    """The literal of a JSON value of an expected group or output."""
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, list):
        return _Bracketed("[", "]", [("", _node(item)) for item in value])
    return repr(value)  # None or an integer
