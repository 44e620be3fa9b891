"""Formats a SuiteResult as the text report of `python -m pyregex test`, shaped like pytest's.

A header line, one line per case, a section per case that did not pass (what it expected, what
CPython did, why), and a summary line. Text only: it reads the result and never runs anything, so
the report says exactly what the JSON (`--json`) says. Every text and value is shown as its repr,
cut when long, so line breaks, NUL and lone surrogates are visible and the report stays ASCII-safe
where repr is.
"""

from __future__ import annotations

import sys

from pyregex.codegen import python_str
from pyregex.contract import CaseActual, CaseExpected, CaseResult, CaseStatus, Error, SuiteResult
from pyregex.suite_format import ParsedSuite

WIDTH = 80

_STATUS_WORDS: dict[CaseStatus, str] = {
    "pass": "PASSED",
    "fail": "FAILED",
    "timeout": "TIMEOUT",
    "skipped": "SKIPPED",
}

# In the summary line, in this order, as pytest counts them.
_SUMMARY_WORDS: dict[CaseStatus, str] = {
    "pass": "passed",
    "fail": "failed",
    "timeout": "timed out",
    "skipped": "skipped",
}

_LABEL_CHARS = 50
_VALUE_CHARS = 300


def format_report(result: SuiteResult, suite: ParsedSuite) -> str:
    """The whole report on `suite`'s run, ending with a newline."""
    texts = [case.text for case in suite.cases]
    lines = [_header(result, suite)]
    error = result["error"]
    if error is not None:
        lines += _error_lines(error, suite.pattern)
    for case in result["cases"]:
        lines.append(_case_line(case, texts[case["index"]], show_reason=error is None))
    failures = [case for case in result["cases"] if case["status"] in ("fail", "timeout")]
    if failures:
        lines += ["", _banner("FAILURES", "=")]
        for case in failures:
            lines += _failure_section(case, texts[case["index"]])
    lines.append(_banner(_summary(result), "="))
    return "\n".join(lines) + "\n"


def _header(result: SuiteResult, suite: ParsedSuite) -> str:
    count = len(suite.cases)
    cases = "1 case" if count == 1 else f"{count} cases"
    how = f"{suite.op}, flags {suite.flag_letters!r}" if suite.flag_letters else suite.op
    version = result["python"].split()[0] if result["python"] else sys.version.split()[0]
    shown = _cut(python_str(suite.pattern, raw=True, multiline=False), _LABEL_CHARS)
    return f"pyregex test: {cases}, pattern {shown} ({how}), Python {version}"


def _error_lines(error: Error, pattern: str) -> list[str]:
    if error["type"] == "SuiteError":
        return [f"ERROR: the suite is invalid: {error['message']}"]
    what = {
        "pattern": "the pattern does not compile",
        "flags": "re rejects the flags",
        "replacement": "the replacement does not compile",
    }.get(error["where"], "the engine failed")
    lines = [f"ERROR: {what}: {error['message']}"]
    if error["where"] == "pattern" and error["lineno"] is not None and error["colno"] is not None:
        line = pattern.split("\n")[error["lineno"] - 1]
        if line.isprintable() and len(line) <= WIDTH - 4:
            lines += [f"    {line}", f"    {' ' * (error['colno'] - 1)}^"]
    return lines


def _case_line(case: CaseResult, text: str, *, show_reason: bool) -> str:
    status = _STATUS_WORDS[case["status"]]
    line = f"case {case['index'] + 1:<4} {status:<8} {_label(case, text)}"
    if case["status"] == "skipped" and show_reason:
        line += f" ({case['message']})"
    return line


def _label(case: CaseResult, text: str) -> str:
    """The case's name, or else its text."""
    if case["name"] is not None:
        return _cut(case["name"], _LABEL_CHARS)
    return _cut(repr(text), _LABEL_CHARS)


def _failure_section(case: CaseResult, text: str) -> list[str]:
    lines = [_banner(f"case {case['index'] + 1}: {_label(case, text)}", "_")]
    lines.append(f"text      {_cut(repr(text), _VALUE_CHARS)}")
    lines.append(f"expected  {_expected(case['expected'])}")
    actual = case["actual"]
    lines.append(f"actual    {_actual(actual) if actual is not None else '(did not finish)'}")
    lines.append(f"why       {case['message']}")
    return lines


def _expected(expected: CaseExpected) -> str:
    parts: list[str] = [expected["expect"]]
    if "groups" in expected:
        parts.append(f"groups {_cut(repr(expected['groups']), _VALUE_CHARS)}")
    if "output" in expected:
        parts.append(f"output {_cut(repr(expected['output']), _VALUE_CHARS)}")
    return ", ".join(parts)


def _actual(actual: CaseActual) -> str:
    if not actual["matched"]:
        return f"no match, returned {_cut(actual['outputRepr'], _VALUE_CHARS)}"
    groups = _cut(repr(actual["groups"]), _VALUE_CHARS)
    return f"match, groups {groups}, returned {_cut(actual['outputRepr'], _VALUE_CHARS)}"


def _summary(result: SuiteResult) -> str:
    seconds = f"in {result['elapsedMs'] / 1000:.2f}s"
    counts = dict.fromkeys(_SUMMARY_WORDS, 0)
    for case in result["cases"]:
        counts[case["status"]] += 1
    parts = [
        f"{counts[status]} {word}" for status, word in _SUMMARY_WORDS.items() if counts[status]
    ]
    if result["error"] is not None:
        parts.append("1 error")
    if not parts:
        return f"no test cases {seconds}"
    return f"{', '.join(parts)} {seconds}"


def _banner(title: str, fill: str) -> str:
    return f" {title} ".center(WIDTH, fill)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
