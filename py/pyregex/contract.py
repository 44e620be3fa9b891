"""The JSON contract between pyregex and the page, as typed dicts.

Every value `evaluate` takes or returns has one of these shapes, so mypy checks the code that builds
them and `schema.py` describes the same shapes for the browser (a test keeps the two in step). Keys
are camelCase because the other side is JavaScript. Nothing here may do work: shapes only.
"""

# No `from __future__ import annotations` here: TypedDict must see NotRequired at runtime (3.11).
from typing import Literal, NotRequired, TypeAlias, TypedDict

Op: TypeAlias = Literal[
    "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"
]

# Where an error comes from, so the page can point at the right input.
ErrorWhere: TypeAlias = Literal["request", "pattern", "flags", "replacement", "engine"]

# A [start, end] pair. JSON has no tuples, so spans are two-item lists.
Span: TypeAlias = list[int]

# The JSON form of an op's return value (see Output.value for which op gives which form).
OutputItem: TypeAlias = str | int | list[str] | None
OutputValue: TypeAlias = str | list[OutputItem] | None


class EvaluateRequest(TypedDict):
    """What the page asks for. Only these keys are accepted; any other is a RequestError."""

    pattern: str
    text: str
    op: Op
    flags: NotRequired[str]
    replacement: NotRequired[str]
    count: NotRequired[int]
    maxsplit: NotRequired[int]
    maxMatches: NotRequired[int]


class Group(TypedDict):
    """One capturing group of a match; index 0 is the whole match."""

    index: int
    name: str | None
    span: Span | None
    span16: Span | None
    value: str | None


class Match(TypedDict):
    """One match the operation used. outputSpan16 is present for sub and subn only."""

    span: Span
    span16: Span
    groups: list[Group]
    outputSpan16: NotRequired[Span]


class Output(TypedDict):
    """The op's return value: Python's repr of it and its JSON form."""

    repr: str
    value: OutputValue
    truncated: bool


class WarningInfo(TypedDict):
    """A warning CPython raised (schema name: Warning; renamed here to keep the builtin visible)."""

    category: str
    message: str


class SuccessResult(TypedDict):
    ok: Literal[True]
    op: Op
    python: str
    matches: list[Match]
    truncated: bool
    output: Output
    groupCount: int
    groupNames: dict[str, int]
    flags: list[str]
    warnings: list[WarningInfo]
    elapsedMs: float


class Error(TypedDict):
    """Why there is no result. Position fields are None where CPython gives none."""

    type: str
    where: ErrorWhere
    message: str
    pos: int | None
    pos16: int | None
    lineno: int | None
    colno: int | None


class ErrorResult(TypedDict):
    ok: Literal[False]
    error: Error


EvaluateResult: TypeAlias = SuccessResult | ErrorResult


class PackedMatches(TypedDict):
    """The layout of matches packed into int32s (see packed.py), sent beside a result."""

    count: int
    groupSlots: int
    spans16: bool
    outputSpans16: bool


class PackedEvaluation(TypedDict):
    """What the worker's bridge returns as JSON; the packed bytes travel beside it."""

    result: EvaluateResult
    packed: PackedMatches | None


# ---- test suites: many subjects, each with what the pattern must do (see suite.py) ---------------

Expectation: TypeAlias = Literal["match", "no match"]

# Groups of the first match a case expects, keyed by group number ("1") or name ("year"); None
# means the group did not take part in the match.
ExpectedGroups: TypeAlias = dict[str, str | None]

# What became of one case: pass/fail by its expectation, timeout when it ran past its own time
# limit and was stopped, skipped when it never ran (the suite was stopped or ran out of time first,
# or the pattern does not compile).
CaseStatus: TypeAlias = Literal["pass", "fail", "timeout", "skipped"]


class SuiteCase(TypedDict):
    """One subject text and what the suite's op must do with it."""

    text: str
    expect: Expectation
    groups: NotRequired[ExpectedGroups]
    output: NotRequired[OutputValue]
    name: NotRequired[str]


class Suite(TypedDict):
    """A pattern, one op and its arguments, and the cases it must pass (the suite file format)."""

    pattern: str
    flags: NotRequired[str]
    op: Op
    replacement: NotRequired[str]
    count: NotRequired[int]
    maxsplit: NotRequired[int]
    tests: list[SuiteCase]


class CaseExpected(TypedDict):
    """What a case expected: its expect, and its groups and output when it gave them."""

    expect: Expectation
    groups: NotRequired[ExpectedGroups]
    output: NotRequired[OutputValue]


class CaseActual(TypedDict):
    """What CPython did with a case's text."""

    matched: bool
    groups: ExpectedGroups
    output: OutputValue
    outputRepr: str


class CaseResult(TypedDict):
    index: int
    name: str | None
    ok: bool
    status: CaseStatus
    expected: CaseExpected
    actual: CaseActual | None
    message: str
    elapsedMs: float


class SuiteResult(TypedDict):
    passed: int
    failed: int
    python: str
    cases: list[CaseResult]
    error: Error | None
    elapsedMs: float


class RunSuiteRequest(TypedDict):
    """What the page sends to run a suite: the suite and its time limits, in milliseconds."""

    suite: Suite
    caseMs: NotRequired[float]
    suiteMs: NotRequired[float]


# ---- the step debugger: an interpreter's run of a request (see trace.py) -------------------------


class TraceRequest(EvaluateRequest):
    """A request for trace: an EvaluateRequest, with the trace's own budgets."""

    maxSteps: NotRequired[int]
    maxTraceSteps: NotRequired[int]


class TraceStep(TypedDict):
    """One dispatch of `_sre`'s main loop: the opcode, the pattern construct it came from (UTF-16,
    None if unknown), the text position (UTF-16), where the current match attempt began, whether it
    resumes after a failure, and the capture group it concerns (MARK, GROUPREF...)."""

    op: str
    pattern16: Span | None
    pos16: int
    start16: int
    backtrack: bool
    group: int | None


class StoppedAt(TypedDict):
    """Where a run that ran out of steps was: its last step's text position and construct."""

    pos16: int
    pattern16: Span | None


class PackedSteps(TypedDict):
    """The layout of steps packed into int32s (see trace.py), sent beside a trace result."""

    count: int
    opNames: list[str]


class TraceSuccess(TypedDict):
    ok: Literal[True]
    op: Op
    python: str
    supported: Literal[True]
    truncated: bool
    steps: int
    backtracks: int
    matches: list[Match] | None
    matchSteps: list[int] | None
    trace: list[TraceStep]
    traceComplete: bool
    stoppedAt: StoppedAt | None
    maxSteps: int
    maxTraceSteps: int
    packedSteps: NotRequired[PackedSteps]


class TraceUnsupported(TypedDict):
    """This Python's `_sre` program holds something the interpreter does not handle."""

    ok: Literal[True]
    op: Op
    python: str
    supported: Literal[False]
    reason: str


TraceResult: TypeAlias = TraceSuccess | TraceUnsupported | ErrorResult
