"""The JSON Schema (draft 2020-12) of everything pyregex exchanges with the page.

`contract.py` types the shapes for mypy; this describes the same shapes for everyone else: the web
side generates its TypeScript types from it (`python -m pyregex --schema`), and the tests validate
real results against it. Every object forbids extra keys so that any drift fails a test. Each def
has a title (the TypeScript type's name) and descriptions (its doc comments).
"""

from __future__ import annotations

import copy
from typing import Any

from pyregex.evaluate import MAX_OUTPUT_CHARS
from pyregex.explain import EXPLAIN_SCHEMA_DEFS
from pyregex.request import DEFAULT_MAX_MATCHES, FLAG_LETTERS, OPS
from pyregex.trace import DEFAULT_MAX_STEPS, DEFAULT_MAX_TRACE_STEPS

JsonSchema = dict[str, Any]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _ref(name: str) -> JsonSchema:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: JsonSchema, description: str) -> JsonSchema:
    return {"anyOf": [schema, {"type": "null"}], "description": description}


def _object(
    title: str, description: str, properties: dict[str, JsonSchema], optional: tuple[str, ...] = ()
) -> JsonSchema:
    return {
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


_OFFSET = {"type": "integer", "minimum": 0}

SPAN: JsonSchema = {
    "title": "Span",
    "description": "A [start, end) pair of offsets: end is exclusive, as in Python slicing.",
    "type": "array",
    "items": _OFFSET,
    "minItems": 2,
    "maxItems": 2,
}

OP: JsonSchema = {
    "title": "Op",
    "description": "The `re` function to run; each is the Pattern method of the same name.",
    "enum": list(OPS),
}

EVALUATE_REQUEST_OPTIONAL = ("flags", "replacement", "count", "maxsplit", "maxMatches")

EVALUATE_REQUEST = _object(
    "EvaluateRequest",
    "What to run: a pattern, a text and one `re` operation. Any other key is a RequestError.",
    {
        "pattern": {
            "type": "string",
            "description": "The regular expression, as re.compile gets it.",
        },
        "text": {"type": "string", "description": "The string to search."},
        "op": _ref("Op"),
        "flags": {
            "type": "string",
            "pattern": f"^[{''.join(FLAG_LETTERS)}]*$",
            "default": "",
            "description": (
                "Flag letters: i IGNORECASE, m MULTILINE, s DOTALL, x VERBOSE, a ASCII, l LOCALE, "
                "u UNICODE. Combinations re rejects (l with a str pattern, a with u) give its "
                "ValueError."
            ),
        },
        "replacement": {
            "type": "string",
            "default": "",
            "description": "The replacement template of sub and subn (ignored by other ops).",
        },
        "count": {
            "type": "integer",
            "default": 0,
            "description": "sub/subn: how many matches to replace; 0 replaces all.",
        },
        "maxsplit": {
            "type": "integer",
            "default": 0,
            "description": "split: how many splits at most; 0 splits at every match.",
        },
        "maxMatches": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_MATCHES,
            "description": (
                "Report at most this many matches (and output items); beyond it `truncated` is "
                "true. The op itself still runs to completion."
            ),
        },
    },
    optional=EVALUATE_REQUEST_OPTIONAL,
)

GROUP = _object(
    "Group",
    "One group of a match. Index 0 is the whole match; a group that did not take part in the "
    "match has null span, span16 and value.",
    {
        "index": {"type": "integer", "minimum": 0, "description": "The group's number."},
        "name": _nullable({"type": "string"}, "The group's name, (?P<name>...), or null."),
        "span": _nullable(_ref("Span"), "Offsets in code points, exactly as re reports them."),
        "span16": _nullable(_ref("Span"), "The same offsets in UTF-16 code units (JS strings)."),
        "value": _nullable({"type": "string"}, "The text the group matched."),
    },
)

MATCH = _object(
    "Match",
    "One match the operation used.",
    {
        "span": {**_ref("Span"), "description": "Offsets in code points, as Match.span()."},
        "span16": {**_ref("Span"), "description": "The same offsets in UTF-16 code units."},
        "groups": {
            "type": "array",
            "items": _ref("Group"),
            "minItems": 1,
            "description": "Every group, in index order; groups[0] is the whole match.",
        },
        "outputSpan16": {
            **_ref("Span"),
            "description": (
                "sub and subn only: where this match's replacement stands in the output string, "
                "in UTF-16 code units."
            ),
        },
    },
    optional=("outputSpan16",),
)

_OUTPUT_ITEM: JsonSchema = {
    "anyOf": [
        {"type": "string"},
        {"type": "null"},
        {"type": "integer"},
        {"type": "array", "items": {"type": "string"}},
    ]
}

OUTPUT = _object(
    "Output",
    "The op's return value, for every op.",
    {
        "repr": {
            "type": "string",
            "description": (
                "Python's repr of the return value (for finditer: of the list of its matches). "
                "When cut to maxMatches items, the list ends with ', ...]'."
            ),
        },
        "value": {
            "anyOf": [
                {"type": "string"},
                {"type": "null"},
                {"type": "array", "items": _OUTPUT_ITEM},
            ],
            "description": (
                "The return value as JSON. match/search/fullmatch: group(0) or null; finditer: "
                "list of group(0); findall: list of strings, or of string arrays when the pattern "
                "has several groups; sub: the new string; subn: [new string, count]; split: list "
                "of strings and nulls (groups that did not take part)."
            ),
        },
        "truncated": {
            "type": "boolean",
            "description": (
                "True when value and repr were cut: a list to maxMatches items, the new "
                f"string of sub/subn to its first {MAX_OUTPUT_CHARS:,} characters."
            ),
        },
    },
)

WARNING = _object(
    "Warning",
    "A warning CPython raised while compiling the pattern or the replacement.",
    {
        "category": {"type": "string", "description": "e.g. FutureWarning, DeprecationWarning."},
        "message": {"type": "string", "description": "CPython's own text."},
    },
)

_NULLABLE_OFFSET = {"anyOf": [_OFFSET, {"type": "null"}]}

ERROR = _object(
    "Error",
    "Why there is no result. Position fields are null where CPython gives no position.",
    {
        "type": {
            "type": "string",
            "description": (
                "The exception class name (error or PatternError, ValueError, IndexError, "
                "OverflowError, RecursionError...), or RequestError for a malformed request, "
                "SuiteError for a malformed suite, or Interrupted when the run was stopped."
            ),
        },
        "where": {
            "enum": ["request", "pattern", "flags", "replacement", "engine"],
            "description": (
                "What the error is about: the request itself, the pattern, the flags, the "
                "replacement template, or the engine while running (Interrupted, MemoryError...)."
            ),
        },
        "message": {"type": "string", "description": "CPython's own message (str(exception))."},
        "pos": {**_NULLABLE_OFFSET, "description": "Offset in the pattern or replacement."},
        "pos16": {**_NULLABLE_OFFSET, "description": "The same offset in UTF-16 code units."},
        "lineno": {**_NULLABLE_OFFSET, "description": "Line of pos, from 1."},
        "colno": {**_NULLABLE_OFFSET, "description": "Column of pos in code points, from 1."},
    },
)

SUCCESS_RESULT = _object(
    "SuccessResult",
    "The op ran: what it returned and every match it used.",
    {
        "ok": {"const": True},
        "op": _ref("Op"),
        "python": {"type": "string", "description": "sys.version of the interpreter that ran it."},
        "matches": {
            "type": "array",
            "items": _ref("Match"),
            "description": (
                "The matches the op used, at most maxMatches: 0 or 1 for match/search/fullmatch; "
                "for sub/subn/split only those within count/maxsplit."
            ),
        },
        "truncated": {
            "type": "boolean",
            "description": "True when the op used more matches than maxMatches.",
        },
        "output": _ref("Output"),
        "groupCount": {"type": "integer", "minimum": 0, "description": "Pattern.groups."},
        "groupNames": {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 1},
            "description": "Pattern.groupindex: group name to group number.",
        },
        "flags": {
            "type": "array",
            "items": {"type": "string"},
            "description": (
                "The effective flags by name, inline ones and the implied UNICODE included, in "
                "RegexFlag value order."
            ),
        },
        "warnings": {"type": "array", "items": _ref("Warning")},
        "elapsedMs": {
            "type": "number",
            "minimum": 0,
            "description": "How long the op itself took, in milliseconds.",
        },
    },
)

ERROR_RESULT = _object(
    "ErrorResult",
    "The request could not run; nothing else is reported.",
    {"ok": {"const": False}, "error": _ref("Error")},
)

EVALUATE_RESULT: JsonSchema = {
    "title": "EvaluateResult",
    "description": "What evaluate returns: a success or an error, told apart by `ok`.",
    "oneOf": [_ref("SuccessResult"), _ref("ErrorResult")],
}

PACKED_MATCHES = _object(
    "PackedMatches",
    "The layout of a result's matches packed into little-endian int32s (pyregex/packed.py): "
    "code-point spans, count x groupSlots x [start, end] (-1, -1 for a group that did not take "
    "part); then the same in UTF-16 units if spans16; then count x [start, end] output spans in "
    "UTF-16 units if outputSpans16.",
    {
        "count": {"type": "integer", "minimum": 0, "description": "How many matches."},
        "groupSlots": {
            "type": "integer",
            "minimum": 1,
            "description": "Groups per match, group 0 (the whole match) included.",
        },
        "spans16": {
            "type": "boolean",
            "description": (
                "True when a block of UTF-16 spans follows; false when the text has no character "
                "above U+FFFF, so the code-point spans are the UTF-16 spans too."
            ),
        },
        "outputSpans16": {
            "type": "boolean",
            "description": "sub and subn: where each replacement stands in the output string.",
        },
    },
)

PACKED_EVALUATION = _object(
    "PackedEvaluation",
    "What the worker's bridge answers: the result (its matches list left empty) and the layout "
    "of the packed matches that travel beside it as bytes.",
    {
        "result": _ref("EvaluateResult"),
        "packed": _nullable(_ref("PackedMatches"), "Null for an error result."),
    },
)

EVALUATE_DEFS: dict[str, JsonSchema] = {
    "EvaluateRequest": EVALUATE_REQUEST,
    "EvaluateResult": EVALUATE_RESULT,
    "SuccessResult": SUCCESS_RESULT,
    "ErrorResult": ERROR_RESULT,
    "PackedEvaluation": PACKED_EVALUATION,
    "PackedMatches": PACKED_MATCHES,
    "Match": MATCH,
    "Group": GROUP,
    "Output": OUTPUT,
    "Warning": WARNING,
    "Error": ERROR,
    "Span": SPAN,
    "Op": OP,
}


# ---- the step debugger (trace.py) ---------------------------------------------------------------

TRACE_REQUEST = _object(
    "TraceRequest",
    "What to run step by step: an EvaluateRequest, with the trace's own budgets.",
    {
        **copy.deepcopy(EVALUATE_REQUEST["properties"]),
        "maxSteps": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_STEPS,
            "description": (
                "Stop after this many steps (opcode dispatches); the result is then truncated."
            ),
        },
        "maxTraceSteps": {
            "type": "integer",
            "minimum": 0,
            "default": DEFAULT_MAX_TRACE_STEPS,
            "description": "List at most this many steps (0: only count them).",
        },
    },
    optional=(*EVALUATE_REQUEST_OPTIONAL, "maxSteps", "maxTraceSteps"),
)

_NULLABLE_SPAN16 = _nullable(
    _ref("Span"),
    "The pattern construct that emitted the opcode, in UTF-16 code units of the pattern; null "
    "when this Python's program could not be mapped to the pattern.",
)

TRACE_STEP = _object(
    "TraceStep",
    "One dispatch of _sre's matching loop, as the interpreter made it.",
    {
        "op": {"type": "string", "description": "The opcode's name, e.g. LITERAL, BRANCH, MARK."},
        "pattern16": _NULLABLE_SPAN16,
        "pos16": {**_OFFSET, "description": "The text position, in UTF-16 code units."},
        "start16": {
            **_OFFSET,
            "description": "Where the current match attempt began in the text (UTF-16 units).",
        },
        "backtrack": {
            "type": "boolean",
            "description": (
                "This dispatch resumes matching after a failure (the next alternative, a repeat "
                "giving back a character...)."
            ),
        },
        "group": _nullable(
            {"type": "integer", "minimum": 1},
            "The capture group the opcode concerns (MARK, GROUPREF*, GROUPREF_EXISTS), or null.",
        ),
    },
)

STOPPED_AT = _object(
    "StoppedAt",
    "Where a run that ran out of steps was at its last step.",
    {
        "pos16": {**_OFFSET, "description": "The text position, in UTF-16 code units."},
        "pattern16": _NULLABLE_SPAN16,
    },
)

PACKED_STEPS = _object(
    "PackedSteps",
    "The steps packed into little-endian int32s beside a trace result (pyregex/trace.py), 7 per "
    "step: [index into opNames, pattern16 start, pattern16 end (-1, -1 if unknown), pos16, "
    "start16, flags (bit 0: backtrack), group (-1 if none)].",
    {
        "count": {"type": "integer", "minimum": 0, "description": "How many steps."},
        "opNames": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Opcode names by number, as this Python's re._constants has them.",
        },
    },
)

TRACE_SUCCESS = _object(
    "TraceSuccess",
    "The op ran in the interpreter: evaluate's matches, and the steps that found them.",
    {
        "ok": {"const": True},
        "op": _ref("Op"),
        "python": {"type": "string", "description": "sys.version of the interpreter that ran it."},
        "supported": {"const": True},
        "truncated": {
            "type": "boolean",
            "description": (
                "The step budget (maxSteps) ran out before the op finished: no match is claimed "
                "(matches and matchSteps are null) and stoppedAt says where it was."
            ),
        },
        "steps": {
            "type": "integer",
            "minimum": 0,
            "description": (
                "Opcode dispatches of the whole op, counted the way _sre dispatches them: every "
                "search of findall/finditer/sub/subn/split, including the last one that finds "
                "nothing."
            ),
        },
        "backtracks": {
            "type": "integer",
            "minimum": 0,
            "description": (
                "Dispatches that resumed matching after a failure (when truncated, up to where "
                "the step budget ran out)."
            ),
        },
        "matches": _nullable(
            {"type": "array", "items": _ref("Match")},
            "Exactly evaluate's matches for the same request, computed by the interpreter; null "
            "when truncated.",
        ),
        "matchSteps": _nullable(
            {"type": "array", "items": {"type": "integer", "minimum": 0}},
            "For each match, the steps of the search that found it (from the end of the previous "
            "match's search). steps minus their sum is what the op spent past its matches: the "
            "last search, which found nothing, and matches beyond maxMatches. Null when truncated.",
        ),
        "trace": {
            "type": "array",
            "items": _ref("TraceStep"),
            "description": (
                "The first maxTraceSteps steps (empty in the worker's answer, whose steps travel "
                "packed: see packedSteps)."
            ),
        },
        "traceComplete": {
            "type": "boolean",
            "description": "Every step of the run was recorded (the trace has `steps` steps).",
        },
        "stoppedAt": _nullable(_ref("StoppedAt"), "Where the run stopped when truncated."),
        "maxSteps": {"type": "integer", "minimum": 1, "description": "The step budget used."},
        "maxTraceSteps": {"type": "integer", "minimum": 0, "description": "The trace budget used."},
        "packedSteps": {
            **_ref("PackedSteps"),
            "description": "The worker's answer only: the layout of the steps sent as bytes.",
        },
    },
    optional=("packedSteps",),
)

TRACE_UNSUPPORTED = _object(
    "TraceUnsupported",
    "This Python's compiled program holds something the interpreter does not handle: nothing is "
    "claimed, and the reason says what.",
    {
        "ok": {"const": True},
        "op": _ref("Op"),
        "python": {"type": "string", "description": "sys.version of the interpreter that ran it."},
        "supported": {"const": False},
        "reason": {"type": "string", "description": "What the interpreter met, e.g. an opcode."},
    },
)

TRACE_RESULT: JsonSchema = {
    "title": "TraceResult",
    "description": (
        "What trace returns: a success, an unsupported program, or evaluate's error for the same "
        "request; told apart by `ok` and `supported`."
    ),
    "oneOf": [_ref("TraceSuccess"), _ref("TraceUnsupported"), _ref("ErrorResult")],
}

TRACE_DEFS: dict[str, JsonSchema] = {
    "TraceRequest": TRACE_REQUEST,
    "TraceResult": TRACE_RESULT,
    "TraceSuccess": TRACE_SUCCESS,
    "TraceUnsupported": TRACE_UNSUPPORTED,
    "TraceStep": TRACE_STEP,
    "StoppedAt": STOPPED_AT,
    "PackedSteps": PACKED_STEPS,
}


# ---- test suites (suite.py) ----------------------------------------------------------------------

_EXPECTED_GROUPS: JsonSchema = {
    "type": "object",
    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "description": (
        'Groups of the first match, keyed by group number ("1") or name ("year"); null for a '
        "group that did not take part in the match."
    ),
}

_OUTPUT_VALUE: JsonSchema = {
    "anyOf": [{"type": "string"}, {"type": "null"}, {"type": "array", "items": _OUTPUT_ITEM}],
    "description": "The op's return value as JSON, in the form of Output.value.",
}

_EXPECT: JsonSchema = {
    "enum": ["match", "no match"],
    "description": (
        "match: the op found at least one match (match/search/fullmatch returned a Match; "
        "the other ops used at least one match); no match: it found none."
    ),
}

SUITE_CASE = _object(
    "SuiteCase",
    "One subject text and what the suite's op must do with it.",
    {
        "text": {"type": "string", "description": "The subject, exactly (any text, multi-line)."},
        "expect": _EXPECT,
        "groups": {
            **_EXPECTED_GROUPS,
            "description": (
                "Expected groups of the first match (only with expect 'match'), keyed by group "
                "number or name; null means the group did not take part. Groups not listed are "
                "not checked."
            ),
        },
        "output": {
            **_OUTPUT_VALUE,
            "description": (
                "findall, sub, subn and split only: the expected return value as JSON (see "
                "Output.value: tuples as arrays, subn as [new string, count]), compared whole."
            ),
        },
        "name": {"type": "string", "description": "A label for reports (pytest's test id)."},
    },
    optional=("groups", "output", "name"),
)

SUITE = _object(
    "Suite",
    "A test suite: a pattern, one op with its arguments, and the cases it must pass. This is the "
    "suite file format of `python -m pyregex test`, and the suite part of a permalink's session.",
    {
        "pattern": {"type": "string", "description": "The regular expression."},
        "flags": {
            "type": "string",
            "pattern": f"^[{''.join(FLAG_LETTERS)}]*$",
            "default": "",
            "description": "Flag letters, as in EvaluateRequest.",
        },
        "op": _ref("Op"),
        "replacement": {"type": "string", "default": "", "description": "sub/subn's template."},
        "count": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "sub/subn: how many matches to replace; 0 replaces all.",
        },
        "maxsplit": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "split: how many splits at most; 0 splits at every match.",
        },
        "tests": {"type": "array", "items": _ref("SuiteCase"), "description": "The cases."},
    },
    optional=("flags", "replacement", "count", "maxsplit"),
)

CASE_EXPECTED = _object(
    "CaseExpected",
    "What a case expected: its expect, and its groups and output when it gave them.",
    {"expect": _EXPECT, "groups": _EXPECTED_GROUPS, "output": _OUTPUT_VALUE},
    optional=("groups", "output"),
)

CASE_ACTUAL = _object(
    "CaseActual",
    "What CPython did with a case's text.",
    {
        "matched": {"type": "boolean", "description": "Whether the op found a match."},
        "groups": {
            **_EXPECTED_GROUPS,
            "description": (
                'Every group of the first match by number ("0" is the whole match) and, for '
                "named groups, by name too; empty when nothing matched."
            ),
        },
        "output": _OUTPUT_VALUE,
        "outputRepr": {"type": "string", "description": "Python's repr of the op's return value."},
    },
)

CASE_RESULT = _object(
    "CaseResult",
    "The verdict on one case.",
    {
        "index": {"type": "integer", "minimum": 0, "description": "The case's place in tests."},
        "name": _nullable({"type": "string"}, "The case's name, or null."),
        "ok": {"type": "boolean", "description": "True when the case passed."},
        "status": {
            "enum": ["pass", "fail", "timeout", "skipped"],
            "description": (
                "pass or fail by the expectation; timeout: stopped after its own time limit; "
                "skipped: never ran (the pattern does not compile, or the suite was stopped or ran "
                "out of time first)."
            ),
        },
        "expected": _ref("CaseExpected"),
        "actual": _nullable(_ref("CaseActual"), "Null when the case did not run to its end."),
        "message": {
            "type": "string",
            "description": "Empty when the case passed; otherwise one sentence saying why not.",
        },
        "elapsedMs": {"type": "number", "minimum": 0, "description": "Time spent on the case."},
    },
)

SUITE_RESULT = _object(
    "SuiteResult",
    "The verdicts on every case of a suite, in order.",
    {
        "passed": {"type": "integer", "minimum": 0, "description": "Cases that passed."},
        "failed": {
            "type": "integer",
            "minimum": 0,
            "description": "Cases that did not pass (failed, timed out or skipped).",
        },
        "python": {"type": "string", "description": "sys.version of the interpreter that ran it."},
        "cases": {"type": "array", "items": _ref("CaseResult")},
        "error": _nullable(
            _ref("Error"),
            "Why no case could run (a pattern that does not compile, a bad replacement, a "
            "malformed suite), or null.",
        ),
        "elapsedMs": {"type": "number", "minimum": 0, "description": "Time for the whole suite."},
    },
)

RUN_SUITE_REQUEST = _object(
    "RunSuiteRequest",
    "What the page sends to run a suite: the suite and its time limits.",
    {
        "suite": _ref("Suite"),
        "caseMs": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": (
                "The caller's time limit per case. A case the caller interrupts after it ran at "
                "least half of this is a timeout and the suite goes on; an interrupt sooner is "
                "taken as a late one meant for the case before, and the case runs again (once). "
                "To stop the whole suite, the caller's should_stop answers true (see "
                "pyregex/suite.py). Without caseMs every interrupt is a timeout."
            ),
        },
        "suiteMs": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": (
                "Once the suite has run this long, the cases not yet run are skipped (checked "
                "after each case)."
            ),
        },
    },
    optional=("caseMs", "suiteMs"),
)

SUITE_DEFS: dict[str, JsonSchema] = {
    "Suite": SUITE,
    "SuiteCase": SUITE_CASE,
    "SuiteResult": SUITE_RESULT,
    "CaseResult": CASE_RESULT,
    "CaseExpected": CASE_EXPECTED,
    "CaseActual": CASE_ACTUAL,
    "RunSuiteRequest": RUN_SUITE_REQUEST,
}


def json_schema() -> JsonSchema:
    """One schema document with a def for every shape, explain's tree included."""
    clashes = EXPLAIN_SCHEMA_DEFS.keys() & (EVALUATE_DEFS.keys() | TRACE_DEFS.keys())
    if clashes:
        raise ValueError(f"explain's schema defines {sorted(clashes)} a second time")
    defs = copy.deepcopy({**EVALUATE_DEFS, **TRACE_DEFS, **SUITE_DEFS, **EXPLAIN_SCHEMA_DEFS})
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "pyregex",
        "description": (
            "The JSON contract of pyregex: validate a value against one of the $defs, e.g. "
            '{"$ref": "#/$defs/EvaluateResult"}.'
        ),
        "$defs": defs,
    }
