"""Runs a request through an interpreter of `_sre`'s program, step by step, for the debugger.

`trace` takes what `evaluate` takes and answers with the same matches, but computed by sre_vm (an
interpreter of the very code `re` compiles, see sre_program.py), together with what `_sre` did to
find them: how many opcode dispatches (steps) and backtracks, and the steps themselves up to a
budget, each pointing at the pattern construct that emitted it and the text position it was at.
The op is driven the way `_sre` drives it: match/search/fullmatch are one call; findall, finditer,
sub, subn and split repeat the search from the previous match's end, with `must_advance` after an
empty match (sre.c's pattern_subx, pattern_split, scanner_search), count and maxsplit included.

A request `evaluate` answers with an error gets the very same error (the same request parsing and
compile cache). When the step budget runs out no match is claimed (`truncated`). When the running
Python's program holds an opcode the interpreter does not know, the answer says so
(`supported: False`): never a wrong result.
"""

from __future__ import annotations

import re
import struct
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import Literal, TypeAlias

from pyregex import sre_vm
from pyregex.contract import (
    Match,
    PackedSteps,
    Span,
    StoppedAt,
    TraceResult,
    TraceStep,
    TraceSuccess,
    TraceUnsupported,
)
from pyregex.errors import engine_error, interrupted_error, request_error
from pyregex.evaluate import PreparedRequest, match_json, prepare_request
from pyregex.packed import replacement_spans16
from pyregex.request import ParsedRequest, RequestError, require_int
from pyregex.sre_program import Program, program
from pyregex.utf16 import Utf16Offsets

DEFAULT_MAX_STEPS = 1_000_000
DEFAULT_MAX_TRACE_STEPS = 100_000
BUDGET_KEYS = ("maxSteps", "maxTraceSteps")

# 'i' is a C int: 32 bits wherever CPython and Pyodide run (as in packed.py).
_INT32: Literal["i", "l"] = "i" if array("i").itemsize == 4 else "l"
STEP_FIELDS = 7  # ints per packed step: see pack_steps

_INFO_PREFIX = int(getattr(re._constants, "SRE_INFO_PREFIX", 1))  # type: ignore[attr-defined]


@dataclass(slots=True)
class TraceRun:
    """What running the op in the interpreter gave, before it is shaped as JSON."""

    prog: Program
    steps: int = 0
    backtracks: int = 0
    found: list[list[tuple[int, int]]] = field(default_factory=list)  # regs of each match kept
    match_steps: list[int] = field(default_factory=list)
    # the first maxTraceSteps steps as sre_vm.run records them (see raw_steps to decode them)
    recorded: array[int] = field(default_factory=lambda: array("q"))
    stopped: tuple[int, int] | None = None  # (pc, pos) of the last step when the budget ran out


def trace(
    request: object,
    max_steps: int = DEFAULT_MAX_STEPS,
    max_trace_steps: int = DEFAULT_MAX_TRACE_STEPS,
) -> TraceResult:
    """Run `request` (an EvaluateRequest) in the interpreter; never raises.

    At most `max_steps` dispatches are made (then the result is `truncated`); the first
    `max_trace_steps` of them are returned as steps.
    """
    return _guarded(request, max_steps, max_trace_steps, packed=False)[0]


def trace_request(raw: object, packed: bool = False) -> tuple[TraceResult, bytes]:
    """Like `trace`, for a TraceRequest: an EvaluateRequest that may also carry `maxSteps` and
    `maxTraceSteps`. With `packed`, the steps come as bytes (see pack_steps), not in `trace`."""
    try:
        request, max_steps, max_trace_steps = split_budgets(raw)
    except RequestError as exc:
        return request_error(str(exc)), b""
    return _guarded(request, max_steps, max_trace_steps, packed)


def split_budgets(raw: object) -> tuple[object, int, int]:
    """The EvaluateRequest inside a TraceRequest, and its step budgets (defaults if absent)."""
    if not isinstance(raw, dict):
        return raw, DEFAULT_MAX_STEPS, DEFAULT_MAX_TRACE_STEPS  # evaluate's check says why not
    max_steps = require_int(raw, "maxSteps", DEFAULT_MAX_STEPS)
    max_trace_steps = require_int(raw, "maxTraceSteps", DEFAULT_MAX_TRACE_STEPS)
    if max_steps < 1:
        raise RequestError(f"'maxSteps' must be at least 1, not {max_steps}")
    if max_trace_steps < 0:
        raise RequestError(f"'maxTraceSteps' must be at least 0, not {max_trace_steps}")
    request = {key: value for key, value in raw.items() if key not in BUDGET_KEYS}
    return request, max_steps, max_trace_steps


def _guarded(
    request: object, max_steps: int, max_trace_steps: int, packed: bool
) -> tuple[TraceResult, bytes]:
    try:
        return _trace(request, max_steps, max_trace_steps, packed)
    except KeyboardInterrupt:
        return interrupted_error(), b""
    except Exception as exc:  # MemoryError, RecursionError...: still a result, never a raise
        return engine_error(exc), b""


def _trace(
    request: object, max_steps: int, max_trace_steps: int, packed: bool
) -> tuple[TraceResult, bytes]:
    prepared = prepare_request(request)
    if not isinstance(prepared, PreparedRequest):
        return prepared, b""
    req = prepared.req
    try:
        prog = _program_cached(req.pattern, req.flags)
    except Exception as exc:  # `re` compiled it, so this is the private API failing us
        return _unsupported(req, f"CPython's compiled program could not be read: {exc!r}"), b""
    try:
        run = run_op(req, prog, max_steps, max_trace_steps)
    except sre_vm.UnsupportedOpcode as exc:
        return _unsupported(req, str(exc)), b""
    result = _success(req, prepared, run, (max_steps, max_trace_steps), steps_as_objects=not packed)
    if not packed:
        return result, b""
    layout, data = pack_steps(run, req.pattern, req.text)
    result["packedSteps"] = layout
    return result, data


# The page traces after every evaluation, mostly with the pattern unchanged; a Program is immutable.
_program_cached = lru_cache(maxsize=32)(program)


def _unsupported(req: ParsedRequest, reason: str) -> TraceUnsupported:
    return {"ok": True, "op": req.op, "python": sys.version, "supported": False, "reason": reason}


# ---- driving the interpreter the way _sre drives its search -----------------------------------


def _step_words(run: TraceRun) -> tuple[memoryview, memoryview]:
    """The recorded steps' low and high 32-bit halves (pc << 1 | backtrack, and the position; see
    sre_vm.run), as views of the recording: no per-step Python."""
    words = memoryview(run.recorded).cast("B").cast(_INT32)
    low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
    return words[low::2], words[high::2]


def _attempt_starts(run: TraceRun, keys: list[int], positions: Sequence[int]) -> list[int]:
    """Where each recorded step's match attempt began (a text position in code points).

    An attempt begins with a forward dispatch at the program's entry (the first opcode after the
    INFO block), or, when `_sre`'s search found the INFO block's literal prefix, at the opcode
    after the `prefix_skip` literals it already compared (sre_lib.h's SRE(search) calls SRE(match)
    at `pattern + 2 * prefix_skip` with the text `prefix_skip` characters on). Either way the
    attempt began `back` characters before that step's position. (`keys` are pc << 1 | backtrack:
    the first steps of attempts are found and filled in by C loops, one attempt at a time.)
    """
    back = {pc << 1: chars for pc, chars in _attempt_entries(run.prog.code).items()}
    count = len(keys)
    firsts = list(compress(range(count), map(back.__contains__, keys)))
    starts = [0] * (firsts[0] if firsts else count)
    for at, following in zip(firsts, [*firsts[1:], count], strict=False):
        starts += [positions[at] - back[keys[at]]] * (following - at)
    return starts


def raw_steps(run: TraceRun) -> list[tuple[int, int, bool, int]]:
    """The recorded steps: (code index, text position, backtrack, attempt start)."""
    low, high = _step_words(run)
    keys = low.tolist()
    positions = high.tolist()
    starts = _attempt_starts(run, keys, positions)
    return [
        (key >> 1, pos, bool(key & 1), start)
        for key, pos, start in zip(keys, positions, starts, strict=True)
    ]


def _attempt_entries(code: Sequence[int]) -> dict[int, int]:
    """Code index where a match attempt starts -> characters between its start and that index."""
    if not code or code[0] != _INFO_OPCODE:
        return {0: 0}
    entry = code[1] + 1
    entries = {entry: 0}
    if code[2] & _INFO_PREFIX:
        prefix_skip = code[6]
        entries[entry + 2 * prefix_skip] = prefix_skip
    return entries


def _opcode(name: str) -> int:
    for number, opcode in enumerate(re._constants.OPCODES):  # type: ignore[attr-defined]
        if str(getattr(opcode, "name", opcode)) == name:
            return number
    raise LookupError(name)


_INFO_OPCODE = _opcode("INFO")


def run_op(req: ParsedRequest, prog: Program, max_steps: int, max_trace_steps: int) -> TraceRun:
    """Run the request's op in the interpreter; UnsupportedOpcode passes through.

    The matches kept are the first req.max_matches (evaluate's cap); the op itself runs to its
    end as `_sre` would (every search of findall/sub/split/finditer), or until the budget is spent.
    """
    run = TraceRun(prog)
    text = req.text
    single = req.op in ("match", "search", "fullmatch")
    limit = 0
    if req.op in ("sub", "subn"):
        limit = req.count
    elif req.op == "split":
        limit = req.maxsplit
    pos = 0
    must_advance = False
    calls = 0
    while limit == 0 or calls < limit:  # sre.c: `while (!count || n < count)`
        try:
            vm_run = sre_vm.run(
                prog.code,
                prog.groups,
                text,
                pos,
                len(text),
                search=req.op not in ("match", "fullmatch"),
                match_all=req.op == "fullmatch",
                must_advance=must_advance,
                max_steps=max_steps - run.steps,
                record=run.recorded,
                record_limit=max_trace_steps - len(run.recorded),
            )
        except sre_vm.StepBudgetExceeded as exc:
            run.steps += exc.steps
            run.backtracks += exc.backtracks
            run.stopped = (exc.pc, exc.pos)
            run.found.clear()
            run.match_steps.clear()
            break
        calls += 1
        run.steps += vm_run.steps
        run.backtracks += vm_run.backtracks
        if vm_run.regs is None:
            break
        if len(run.found) < req.max_matches:
            run.found.append(vm_run.regs)
            run.match_steps.append(vm_run.steps)
        if single:
            break
        start, end = vm_run.regs[0]
        # scanner_search / pattern_subx / pattern_split: the next search starts where this match
        # ended, and must not find an empty match there again.
        must_advance = start == end
        pos = end
    return run


# ---- shaping the result -----------------------------------------------------------------------


def _success(
    req: ParsedRequest,
    prepared: PreparedRequest,
    run: TraceRun,
    budgets: tuple[int, int],
    *,
    steps_as_objects: bool,
) -> TraceSuccess:
    max_steps, max_trace_steps = budgets
    truncated = run.stopped is not None
    pattern16 = _pattern_spans16(run.prog, req.pattern)
    to16 = Utf16Offsets(req.text)
    stopped_at: StoppedAt | None = None
    if run.stopped is not None:
        pc, pos = run.stopped
        stopped_at = {"pos16": to16(pos), "pattern16": _span_list(pattern16[pc])}
    return {
        "ok": True,
        "op": req.op,
        "python": sys.version,
        "supported": True,
        "truncated": truncated,
        "steps": run.steps,
        "backtracks": run.backtracks,
        "matches": None if truncated else _matches(req, prepared, run, to16),
        "matchSteps": None if truncated else list(run.match_steps),
        "trace": _trace_steps(run, pattern16, to16) if steps_as_objects else [],
        "traceComplete": len(run.recorded) == run.steps,
        "stoppedAt": stopped_at,
        "maxSteps": max_steps,
        "maxTraceSteps": max_trace_steps,
    }


def _matches(
    req: ParsedRequest, prepared: PreparedRequest, run: TraceRun, to16: Utf16Offsets
) -> list[Match]:
    names = prepared.compiled.group_names
    matches = [match_json(regs, req.text, to16, names) for regs in run.found]
    if req.op in ("sub", "subn") and run.found:
        expand = _expander(req.replacement, prepared.compiled.regex)
        expansions = [expand(req.text, regs) for regs in run.found]
        spans = replacement_spans16([regs[0] for regs in run.found], expansions, to16)
        for i, shaped in enumerate(matches):
            shaped["outputSpan16"] = [spans[2 * i], spans[2 * i + 1]]
    return matches


Expander: TypeAlias = Callable[[str, Sequence[tuple[int, int]]], str]


def _expander(replacement: str, regex: re.Pattern[str]) -> Expander:
    """What sub puts in place of a match with these spans, by CPython's own template parser.

    Without a backslash CPython takes the template as it is. Otherwise `re._parser.parse_template`
    gives either a list alternating literals and group numbers (3.12+) or (groups, literals) with
    None where each group goes (3.11); a group that did not take part stands for "" in both.
    """
    if "\\" not in replacement:
        return lambda _text, _regs: replacement
    parsed = re._parser.parse_template(replacement, regex)  # type: ignore[attr-defined]
    parts: list[str | int] = []
    if isinstance(parsed, tuple):
        groups, literals = parsed
        by_index = dict(groups)
        parts = [by_index[i] if literal is None else literal for i, literal in enumerate(literals)]
    else:
        parts = list(parsed)

    def expand(text: str, regs: Sequence[tuple[int, int]]) -> str:
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            else:
                start, end = regs[part]
                out.append(text[start:end] if start >= 0 else "")
        return "".join(out)

    return expand


def _pattern_spans16(prog: Program, pattern: str) -> list[tuple[int, int] | None]:
    """Each code index's construct in UTF-16 units (all None when the spans are unknown)."""
    if prog.spans is None:
        return [None] * len(prog.code)
    to16 = Utf16Offsets(pattern)
    return [None if span is None else (to16(span[0]), to16(span[1])) for span in prog.spans]


def _span_list(span: tuple[int, int] | None) -> Span | None:
    return None if span is None else [span[0], span[1]]


def step_group(prog: Program, pc: int) -> int | None:
    """The capture group the opcode at `pc` concerns: MARK 2(g-1) and 2(g-1)+1 -> g, GROUPREF*
    and GROUPREF_EXISTS g-1 -> g; None for any other opcode."""
    name = prog.op_names[prog.code[pc]]
    if name == "MARK":
        return prog.code[pc + 1] // 2 + 1
    if name.startswith("GROUPREF"):
        return prog.code[pc + 1] + 1
    return None


def _trace_steps(
    run: TraceRun, pattern16: list[tuple[int, int] | None], to16: Utf16Offsets
) -> list[TraceStep]:
    prog = run.prog
    names = prog.op_names
    code = prog.code
    return [
        {
            "op": names[code[pc]],
            "pattern16": _span_list(pattern16[pc]),
            "pos16": to16(pos),
            "start16": to16(start),
            "backtrack": backtrack,
            "group": step_group(prog, pc),
        }
        for pc, pos, backtrack, start in raw_steps(run)
    ]


def pack_steps(run: TraceRun, pattern: str, text: str) -> tuple[PackedSteps, bytes]:
    """The recorded steps as little-endian int32s, STEP_FIELDS per step: [opcode number (an index
    into opNames), pattern16 start, pattern16 end (-1, -1 if unknown), pos16, start16, flags
    (bit 0: backtrack), group (-1 if none)].

    A million steps are packed here, so no field is computed per step in Python: the output is
    written column by column through a memoryview with a stride of STEP_FIELDS, the positions
    straight from the recording, the fields that depend on (pc, backtrack) only by `map` over a
    table indexed by pc << 1 | backtrack.
    """
    prog = run.prog
    code = prog.code
    low, high = _step_words(run)
    keys = low.tolist()
    count = len(keys)
    pattern16 = _pattern_spans16(prog, pattern)
    tables = [[-1] * (2 * len(code)) for _ in range(STEP_FIELDS)]
    for key in set(keys):
        pc = key >> 1
        span = pattern16[pc]
        group = step_group(prog, pc)
        tables[0][key] = code[pc]
        tables[1][key] = -1 if span is None else span[0]
        tables[2][key] = -1 if span is None else span[1]
        tables[5][key] = key & 1
        tables[6][key] = -1 if group is None else group
    to16 = Utf16Offsets(text)
    positions: Sequence[int] = high
    starts = _attempt_starts(run, keys, high)
    if to16.has_astral:
        positions = [to16(pos) for pos in high]
        starts = [to16(start) for start in starts]
    out = array(_INT32, bytes(4 * STEP_FIELDS * count))
    view = memoryview(out)
    for field_index in (0, 1, 2, 5, 6):
        view[field_index::STEP_FIELDS] = _int32s(map(tables[field_index].__getitem__, keys))
    view[3::STEP_FIELDS] = positions if isinstance(positions, memoryview) else _int32s(positions)
    view[4::STEP_FIELDS] = _int32s(starts)
    view.release()
    low.release()
    high.release()
    if sys.byteorder != "little":
        out.byteswap()
    layout: PackedSteps = {"count": count, "opNames": list(prog.op_names)}
    return layout, out.tobytes()


def _int32s(values: Iterable[int]) -> memoryview:
    """A column as native int32s (struct packs a list several times faster than array does)."""
    column = list(values)
    return memoryview(struct.pack(f"={len(column)}{_INT32}", *column)).cast(_INT32)
