"""Checks a test suite (contract.Suite, the suite file format) and turns it into typed cases.

Suites come from files people write, from permalinks and from the page, so anything may arrive: this
module accepts exactly the keys of `Suite` and `SuiteCase` with their JSON types and raises
`SuiteError` for everything else, naming the case (by its number, from 1) and the key, with the same
wording request.py uses for a request. It never compiles or runs a pattern: whether the pattern
compiles, or whether a group a case names exists, is for the run to find out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple, get_args

from pyregex.contract import CaseExpected, Expectation, ExpectedGroups, Op, OutputValue
from pyregex.request import (
    RequestError,
    flag_bits,
    json_type,
    reject_unknown_keys,
    require_int,
    require_keys,
    require_op,
    require_str,
    short_repr,
)

SUITE_REQUIRED_KEYS = ("pattern", "op", "tests")
SUITE_OPTIONAL_KEYS = ("flags", "replacement", "count", "maxsplit")
CASE_REQUIRED_KEYS = ("text", "expect")
CASE_OPTIONAL_KEYS = ("groups", "output", "name")
_CASE_KEYS = frozenset(CASE_REQUIRED_KEYS + CASE_OPTIONAL_KEYS)

EXPECTATIONS: tuple[Expectation, ...] = get_args(Expectation)

# The ops whose return value says more than whether they matched, so a case may expect it.
OUTPUT_OPS: tuple[Op, ...] = ("findall", "sub", "subn", "split")


class SuiteError(ValueError):
    """The suite itself is malformed; the message names the case and key, and what is wrong."""


class ParsedCase(NamedTuple):
    text: str
    expect_match: bool
    groups: ExpectedGroups  # the groups to check; empty when the case names none
    output: OutputValue  # meaningful only when has_output
    has_output: bool
    name: str | None
    expected: CaseExpected  # what the case said it expects, to report back as it is


@dataclass(frozen=True, slots=True)
class ParsedSuite:
    pattern: str
    flag_letters: str
    flags: int
    op: Op
    replacement: str
    count: int
    maxsplit: int
    cases: tuple[ParsedCase, ...]


def parse_suite(raw: object) -> ParsedSuite:
    """The checked suite, or SuiteError naming the first problem found."""
    if not isinstance(raw, dict):
        raise SuiteError(f"a suite must be a JSON object, not {json_type(raw)}")
    try:
        reject_unknown_keys(raw, SUITE_REQUIRED_KEYS + SUITE_OPTIONAL_KEYS, "a suite")
        require_keys(raw, SUITE_REQUIRED_KEYS, "a suite")
        op = require_op(raw["op"])
        pattern = require_str(raw, "pattern", "")
        flag_letters = require_str(raw, "flags", "")
        flags = flag_bits(flag_letters)
        replacement = require_str(raw, "replacement", "")
        count = _require_count(raw, "count")
        maxsplit = _require_count(raw, "maxsplit")
    except RequestError as exc:
        raise SuiteError(str(exc)) from None
    tests = raw["tests"]
    if not isinstance(tests, list):
        raise SuiteError(f"'tests' must be an array of test cases, not {json_type(tests)}")
    cases = tuple(_parse_case(case, number, op) for number, case in enumerate(tests, start=1))
    return ParsedSuite(pattern, flag_letters, flags, op, replacement, count, maxsplit, cases)


def _require_count(raw: dict[object, object], key: str) -> int:
    value = require_int(raw, key, 0)
    if value < 0:
        # CPython reads a negative count as "none at all"; in a suite that is surely a mistake.
        raise RequestError(f"{key!r} must be 0 (all) or more, not {value}")
    return value


def _parse_case(raw: object, number: int, op: Op) -> ParsedCase:
    if not isinstance(raw, dict):
        raise SuiteError(f"test case {number} must be a JSON object, not {json_type(raw)}")
    try:
        if not raw.keys() <= _CASE_KEYS:  # the set test first: a suite may have 10 000 cases
            reject_unknown_keys(raw, CASE_REQUIRED_KEYS + CASE_OPTIONAL_KEYS, "a test case")
        require_keys(raw, CASE_REQUIRED_KEYS, "a test case")
        text = require_str(raw, "text", "")
        expect = _require_expectation(raw["expect"])
        name = require_str(raw, "name", "") if "name" in raw else None
        expected: CaseExpected = {"expect": expect}
        groups: ExpectedGroups = {}
        if "groups" in raw:
            if expect != "match":
                raise RequestError(
                    "'groups' needs expect 'match': a case that expects no match has no groups"
                )
            groups = _require_groups(raw["groups"])
            expected["groups"] = groups
        output: OutputValue = None
        has_output = "output" in raw
        if has_output:
            if op not in OUTPUT_OPS:
                raise RequestError(
                    f"'output' is checked for {', '.join(OUTPUT_OPS[:-1])} and {OUTPUT_OPS[-1]} "
                    f"only, not for {op} "
                    "(use expect and groups)"
                )
            output = _require_output(raw["output"])
            expected["output"] = output
    except RequestError as exc:
        raise SuiteError(f"test case {number}: {exc}") from None
    return ParsedCase(text, expect == "match", groups, output, has_output, name, expected)


def _require_expectation(value: object) -> Expectation:
    for expectation in EXPECTATIONS:
        if value == expectation and isinstance(value, str):
            return expectation
    shown = short_repr(value) if isinstance(value, str) else json_type(value)
    raise RequestError(f"'expect' must be 'match' or 'no match', not {shown}")


def _require_groups(value: object) -> ExpectedGroups:
    if not isinstance(value, dict):
        raise RequestError(
            "'groups' must be an object from group number (\"1\") or name to the text it "
            f"matched (or null), not {json_type(value)}"
        )
    for key, group in value.items():
        if not isinstance(key, str):  # JSON keys always are; a dict built in Python may not be
            raise RequestError(f'group {key!r} must be named by a string, such as "1"')
        if group is not None and not isinstance(group, str):
            raise RequestError(
                f"group {short_repr(str(key))} must be a string or null (did not take part), "
                f"not {json_type(group)}"
            )
    return value


def _require_output(value: object) -> OutputValue:
    """A value of the JSON form an op returns (see contract.Output.value)."""
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise RequestError(f"'output' must be a string, null or an array, not {json_type(value)}")
    for position, item in enumerate(value, start=1):
        if not _is_output_item(item):
            raise RequestError(
                f"item {position} of 'output' must be a string, an integer, null or an array "
                f"of strings, not {json_type(item)}"
            )
    return value


def _is_output_item(item: object) -> bool:
    if item is None or isinstance(item, str):
        return True
    if isinstance(item, int):
        return not isinstance(item, bool)  # `true` is not a count
    return isinstance(item, list) and all(isinstance(part, str) for part in item)


RUN_REQUEST_KEYS = ("suite", "caseMs", "suiteMs")


def parse_run_request(raw: object) -> tuple[object, float | None, float | None]:
    """A RunSuiteRequest's suite (still to be checked by parse_suite) and its time limits in
    milliseconds (None when not given); SuiteError if the request around the suite is malformed."""
    if not isinstance(raw, dict):
        raise SuiteError(f"a run-suite request must be a JSON object, not {json_type(raw)}")
    try:
        reject_unknown_keys(raw, RUN_REQUEST_KEYS, "a run-suite request")
        require_keys(raw, RUN_REQUEST_KEYS[:1], "a run-suite request")
        return raw["suite"], _optional_ms(raw, "caseMs"), _optional_ms(raw, "suiteMs")
    except RequestError as exc:
        raise SuiteError(str(exc)) from None


def _optional_ms(raw: dict[object, object], key: str) -> float | None:
    if key not in raw:
        return None
    value = raw[key]
    # `not 0 < value < inf` also turns NaN away.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise RequestError(
            f"{key!r} must be a number of milliseconds above 0, not {json_type(value)}"
        )
    return float(value)
