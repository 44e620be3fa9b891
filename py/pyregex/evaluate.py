"""Runs one request through CPython's `re` and shapes what happened as a JSON-able result.

Everything reported comes from `re` itself: the op's return value is computed by the real call, the
matches are the ones `re` finds, positions are the ones it reports (plus their UTF-16 twins for the
browser). `evaluate` never raises, whatever the request: a malformed request, a bad pattern, a
runaway match stopped by KeyboardInterrupt and any other exception all come back as error results.
The page calls this on every keystroke, so per-match work is kept to what the result needs.
suite.py runs its cases through the same compile cache and the same `run_op`, so a suite's verdict
is about exactly what the page shows.
"""

from __future__ import annotations

import gc
import re
import sys
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from time import perf_counter
from typing import Any, TypeAlias, cast

from pyregex.contract import (
    ErrorResult,
    EvaluateResult,
    Group,
    Match,
    Output,
    OutputItem,
    SuccessResult,
)
from pyregex.errors import (
    compile_error,
    engine_error,
    interrupted_error,
    replacement_error,
    request_error,
)
from pyregex.packed import Packed, output_spans16, pack_matches
from pyregex.request import ParsedRequest, RequestError, parse_request
from pyregex.utf16 import Utf16Offsets

CompileFn: TypeAlias = Callable[[str, int], re.Pattern[str]]
TemplateParser: TypeAlias = Callable[[str, re.Pattern[str]], object]
# (category, message) of one warning, kept immutable inside the cache.
WarningKey: TypeAlias = tuple[str, str]

COMPILE_CACHE_SIZE = 128

# The new string of sub/subn is cut to this many characters: past it, the result is larger than any
# page can show, and its repr and JSON would take gigabytes (a 20 000-character replacement on
# 100 000 matches builds 2 GB). The counts and match spans stay exact.
MAX_OUTPUT_CHARS = 16_000_000

# Every flag `re` defines, in value order, to name a compiled pattern's flags.
FLAG_NAMES: tuple[tuple[int, str], ...] = tuple(
    sorted((flag.value, flag.name) for flag in re.RegexFlag if flag.value and flag.name)
)


def _find_uncached_compile() -> CompileFn:
    """`re.compile` answers from re's own cache, and a cached answer raises no warnings again.

    `re._compiler.compile` (3.11+) is what `re.compile` calls on a cache miss. It is private, so it
    is used only if it still behaves that way; otherwise `re.compile` is the fallback.
    """
    candidate = getattr(getattr(re, "_compiler", None), "compile", None)
    try:
        if callable(candidate) and isinstance(candidate("a", 0), re.Pattern):
            return cast(CompileFn, candidate)
    except Exception:
        pass
    return re.compile


def _find_template_parser() -> TemplateParser | None:
    """CPython's own replacement-template parser, or None if this version hides it elsewhere.

    3.11 to 3.14 all have `re._parser.parse_template(template, pattern)` (3.11 also re-exports it as
    the deprecated `sre_parse`). Without it, template errors surface from the op itself instead.
    """
    candidate = getattr(getattr(re, "_parser", None), "parse_template", None)
    try:
        if callable(candidate):
            candidate(r"\1\g<name>", re.compile("(?P<name>a)"))
            return cast(TemplateParser, candidate)
    except Exception:
        pass
    return None


_compile_uncached: CompileFn = _find_uncached_compile()
_parse_template: TemplateParser | None = _find_template_parser()


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A compiled pattern with what the result reports about it, computed once."""

    regex: re.Pattern[str]
    warnings: tuple[WarningKey, ...]
    group_names: tuple[str | None, ...]  # by group index, 0 (the whole match) included
    flag_names: tuple[str, ...]


class CompileCache:
    """A small LRU cache of compiled patterns that remembers the warnings compiling raised.

    re's own cache would hand back the compiled pattern on the next keystroke without raising its
    warnings again, so the page would see them flicker away. Errors are not cached: they are cheap.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, int], CompiledPattern] = OrderedDict()

    def get(self, pattern: str, flags: int) -> CompiledPattern:
        key = (pattern, flags)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        entry = compile_pattern(pattern, flags)
        self._entries[key] = entry
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()


def compile_pattern(pattern: str, flags: int) -> CompiledPattern:
    with _recording_warnings() as caught:
        regex = _compile_uncached(pattern, flags)
    names: list[str | None] = [None] * (regex.groups + 1)
    for name, index in regex.groupindex.items():
        names[index] = name
    return CompiledPattern(
        regex=regex,
        warnings=tuple(caught),
        group_names=tuple(names),
        flag_names=tuple(name for value, name in FLAG_NAMES if regex.flags & value),
    )


_cache = CompileCache(COMPILE_CACHE_SIZE)


def compile_cached(pattern: str, flags: int) -> CompiledPattern:
    """`pattern` compiled with `flags`, through the shared cache; raises what compiling raises."""
    return _cache.get(pattern, flags)


def evaluate(request: object) -> EvaluateResult:
    """Run `request` (see contract.EvaluateRequest) and return its result; never raises."""
    return _guarded(request, packed=False)[0]


def evaluate_packed(request: object) -> tuple[EvaluateResult, Packed | None]:
    """Like `evaluate`, but a success's matches come packed (see packed.py), not as objects.

    The result's `matches` list is then empty and the second item holds the layout and the bytes;
    it is None for an error result. Never raises.
    """
    return _guarded(request, packed=True)


def _guarded(request: object, packed: bool) -> tuple[EvaluateResult, Packed | None]:
    try:
        return _evaluate(request, packed)
    except KeyboardInterrupt:
        # How the browser stops a runaway pattern: Pyodide raises it from inside _sre.
        return interrupted_error(), None
    except Exception as exc:
        # The op itself failed (MemoryError, RecursionError...): still a result, never a raise.
        return engine_error(exc), None


@dataclass(slots=True)
class PreparedRequest:
    """A checked request with its pattern compiled and its replacement (sub/subn) parsed."""

    req: ParsedRequest
    compiled: CompiledPattern
    warnings: list[WarningKey]  # from compiling the pattern and parsing the replacement


def prepare_request(request: object) -> PreparedRequest | ErrorResult:
    """The request checked and compiled, or the error result evaluate gives for it (a malformed
    request, a bad pattern or flags, a bad replacement). Shared with trace.py, so both answer a
    bad request the same way."""
    try:
        req = parse_request(request)
    except RequestError as exc:
        return request_error(str(exc))
    try:
        compiled = compile_cached(req.pattern, req.flags)
    except Exception as exc:
        return compile_error(exc, req.pattern)
    found_warnings = list(compiled.warnings)
    if req.op in ("sub", "subn"):
        try:
            found_warnings += check_template(req.replacement, compiled.regex)
        except Exception as exc:
            return replacement_error(exc, req.replacement, compiled.regex.groupindex)
    return PreparedRequest(req, compiled, found_warnings)


def _evaluate(request: object, packed: bool) -> tuple[EvaluateResult, Packed | None]:
    prepared = prepare_request(request)
    if not isinstance(prepared, PreparedRequest):
        return prepared, None
    req, compiled, found_warnings = prepared.req, prepared.compiled, prepared.warnings
    replaces = req.op in ("sub", "subn")
    packed_matches: Packed | None = None
    try:
        # Match.expand re-parses the template on 3.11 and warns again: record that too.
        with _recording_warnings() as op_warnings, gc_paused():
            run = _run_op(req, compiled.regex)
            result = _success(req, compiled, run, as_objects=not packed)
            if packed:
                packed_matches = pack_matches(
                    run.found,
                    req.text,
                    compiled.regex.groups + 1,
                    req.replacement if replaces else None,
                )
    except (re.error, IndexError) as exc:
        if not replaces:
            raise
        # Only without an explicit template check (see _find_template_parser) can this happen.
        return replacement_error(exc, req.replacement, compiled.regex.groupindex), None
    for key in op_warnings:
        if key not in found_warnings:  # the template check may have reported it already
            found_warnings.append(key)
    result["warnings"] = [
        {"category": category, "message": text} for category, text in found_warnings
    ]
    return result, packed_matches


def check_template(replacement: str, regex: re.Pattern[str]) -> list[WarningKey]:
    """Parse the replacement as sub() would, so its errors show even when nothing matches.

    Raises what CPython raises for a bad template; returns the warnings parsing raised. A template
    without a backslash is a literal to CPython and is never parsed.
    """
    if _parse_template is None or "\\" not in replacement:
        return []
    with _recording_warnings() as caught:
        _parse_template(replacement, regex)
    return caught


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a result is built.

    A result is up to maxMatches small acyclic dicts and lists; allocating them makes the collector
    scan the growing heap again and again for nothing, which costs more than building them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _recording_warnings() -> Iterator[list[WarningKey]]:
    """Collect every warning raised inside, as (category, message); none is printed."""
    caught: list[WarningKey] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        yield caught
    caught.extend((record.category.__name__, str(record.message)) for record in records)


@dataclass(slots=True)
class OpRun:
    """What running the op gave: the matches it used, capped (truncated: more existed), and its
    output."""

    found: list[re.Match[str]]
    truncated: bool
    output: Output
    elapsed_ms: float


def run_op(req: ParsedRequest, regex: re.Pattern[str], matches_kept: int | None = None) -> OpRun:
    """Run the request's op on its text with `regex` (its pattern compiled with its flags).

    The output is cut to req.max_matches items. `matches_kept` caps the matches findall, split,
    sub and subn report as used (default req.max_matches): a caller that needs only the first one
    saves a second pass over the text. finditer's matches are its output, so they follow the
    output's cap; match, search and fullmatch use at most one.
    """
    if req.op in ("match", "search", "fullmatch"):
        return _run_single(req, regex)
    if req.op == "finditer":
        return _run_finditer(req, regex)
    kept = req.max_matches if matches_kept is None else matches_kept
    if req.op == "findall":
        return _run_findall(req, regex, kept)
    if req.op == "split":
        return _run_split(req, regex, kept)
    return _run_sub(req, regex, kept)


# What _evaluate calls: tests (and build-stdlib's exercise) replace it to stop a run mid-way.
_run_op = run_op


def _run_single(req: ParsedRequest, regex: re.Pattern[str]) -> OpRun:
    method: Callable[[str], re.Match[str] | None] = getattr(regex, req.op)
    start = perf_counter()
    match = method(req.text)
    elapsed = _ms_since(start)
    output: Output = {
        "repr": repr(match),
        "value": None if match is None else match.group(0),
        "truncated": False,
    }
    return OpRun([] if match is None else [match], False, output, elapsed)


def _run_finditer(req: ParsedRequest, regex: re.Pattern[str]) -> OpRun:
    start = perf_counter()
    found = list(islice(regex.finditer(req.text), req.max_matches + 1))
    elapsed = _ms_since(start)
    truncated = len(found) > req.max_matches
    del found[req.max_matches :]
    output: Output = {
        "repr": _list_repr(found, truncated),
        "value": [match.group(0) for match in found],
        "truncated": truncated,
    }
    return OpRun(found, truncated, output, elapsed)


def _run_findall(req: ParsedRequest, regex: re.Pattern[str], kept: int) -> OpRun:
    start = perf_counter()
    result: list[Any] = regex.findall(req.text)
    elapsed = _ms_since(start)
    found, truncated = _matches_used(regex, req.text, 0, kept)
    return OpRun(found, truncated, _list_output(result, req.max_matches), elapsed)


def _run_split(req: ParsedRequest, regex: re.Pattern[str], kept: int) -> OpRun:
    start = perf_counter()
    result: list[str | None] = regex.split(req.text, maxsplit=req.maxsplit)
    elapsed = _ms_since(start)
    found, truncated = _matches_used(regex, req.text, req.maxsplit, kept)
    return OpRun(found, truncated, _list_output(result, req.max_matches), elapsed)


def _run_sub(req: ParsedRequest, regex: re.Pattern[str], kept: int) -> OpRun:
    start = perf_counter()
    replaced, count = regex.subn(req.replacement, req.text, count=req.count)
    elapsed = _ms_since(start)
    found, truncated = _matches_used(regex, req.text, req.count, kept)
    cut = len(replaced) > MAX_OUTPUT_CHARS
    if cut:
        replaced = replaced[:MAX_OUTPUT_CHARS]
    output: Output
    if req.op == "sub":
        output = {"repr": repr(replaced), "value": replaced, "truncated": cut}
    else:
        output = {"repr": repr((replaced, count)), "value": [replaced, count], "truncated": cut}
    return OpRun(found, truncated, output, elapsed)


def _matches_used(
    regex: re.Pattern[str], text: str, limit: int, cap: int
) -> tuple[list[re.Match[str]], bool]:
    """The matches sub/split/findall used, at most `cap` of them, and whether more existed.

    sub, split and finditer share one search loop in _sre (3.7+ empty-match rules included), so
    finditer yields exactly their matches. `limit` is count/maxsplit as CPython reads it: 0 means
    no limit and a negative value means none at all.
    """
    wanted = cap + 1 if limit == 0 else min(max(limit, 0), cap + 1)
    found = list(islice(regex.finditer(text), wanted))
    truncated = len(found) > cap
    del found[cap:]
    return found, truncated


def _list_output(result: list[Any], cap: int) -> Output:
    """Output of a list result (findall, split), cut to `cap` items if longer."""
    truncated = len(result) > cap
    shown = result[:cap] if truncated else result
    return {
        "repr": _list_repr(shown, truncated),
        "value": [_json_item(item) for item in shown],
        "truncated": truncated,
    }


def _json_item(item: str | tuple[str, ...] | None) -> OutputItem:
    return list(item) if isinstance(item, tuple) else item


def _list_repr(items: Iterable[object], truncated: bool) -> str:
    text = repr(items if isinstance(items, list) else list(items))
    return text[:-1] + ", ...]" if truncated else text


def _ms_since(start: float) -> float:
    return (perf_counter() - start) * 1000.0


def _success(
    req: ParsedRequest, compiled: CompiledPattern, run: OpRun, as_objects: bool
) -> SuccessResult:
    """The success result, with its warnings left for the caller to fill in.

    Its matches are objects only `as_objects`; otherwise the list stays empty (they are packed).
    """
    matches: list[Match] = []
    if run.found and as_objects:
        to16 = Utf16Offsets(req.text)
        names = compiled.group_names
        matches = [match_json(match.regs, req.text, to16, names) for match in run.found]
        if req.op in ("sub", "subn"):
            _add_output_spans(run.found, matches, req.replacement, to16)
    regex = compiled.regex
    return {
        "ok": True,
        "op": req.op,
        "python": sys.version,
        "matches": matches,
        "truncated": run.truncated,
        "output": run.output,
        "groupCount": regex.groups,
        "groupNames": dict(regex.groupindex),
        "flags": list(compiled.flag_names),
        "warnings": [],
        "elapsedMs": run.elapsed_ms,
    }


def match_json(
    regs: Sequence[tuple[int, int]],
    text: str,
    to16: Utf16Offsets,
    names: tuple[str | None, ...],
) -> Match:
    """One match as the result reports it, from its spans (Match.regs: group 0 first, (-1, -1)
    for a group that did not take part); trace.py builds its matches with it too."""
    groups: list[Group] = []
    for index, name in enumerate(names):
        start, end = regs[index]
        if start < 0:
            groups.append(
                {"index": index, "name": name, "span": None, "span16": None, "value": None}
            )
        else:
            groups.append(
                {
                    "index": index,
                    "name": name,
                    "span": [start, end],
                    "span16": [to16(start), to16(end)],
                    "value": text[start:end],
                }
            )
    start, end = regs[0]
    return {"span": [start, end], "span16": [to16(start), to16(end)], "groups": groups}


def _add_output_spans(
    found: list[re.Match[str]], matches: list[Match], replacement: str, to16: Utf16Offsets
) -> None:
    """Mark where each match's replacement stands in sub's output, in UTF-16 units."""
    spans = output_spans16(found, to16, replacement)
    for i, shaped in enumerate(matches):
        shaped["outputSpan16"] = [spans[2 * i], spans[2 * i + 1]]


def clear_cache() -> None:
    """Forget every compiled pattern (for tests and memory pressure)."""
    _cache.clear()
