"""The program CPython's `_sre` runs for a pattern, with where in the pattern each code came from.

The step debugger interprets exactly the code `re` gives `_sre`: `re._compiler._code` of
`re._parser.parse`, taken from the running Python, never rebuilt here. To point each step back at
the pattern, the code is compiled a second time by CPython's own `_compile`, on a copy of the parse
whose subpatterns say which item is being compiled (their iteration pushes the item's source span on
a stack while its code is emitted) into a list that notes the span on top of that stack for every
code it receives. The spans of parse items come from pattern_tree's reading of the source, proved
equal to CPython's parse by sre_check. The second compilation must give the very same code as the
first; if it does not, or anything in this private API is not as expected, `spans` is None: never a
wrong span, never an exception beyond the re.error compiling itself raises.
"""

from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, SupportsIndex, TypeAlias

from pyregex.pattern_tree import read_pattern
from pyregex.sre_check import ParserChanged, SourceSpan, cpython_parser, item_spans

__all__ = ["ParserChanged", "Program", "opcode_names", "program"]

CodeSpans: TypeAlias = tuple[SourceSpan | None, ...]


@dataclass(frozen=True, slots=True)
class Program:
    """CPython's compiled code for a pattern, and what the debugger needs to show it."""

    code: tuple[int, ...]  # exactly re._compiler._code(parse, flags) of the running Python
    groups: int  # capturing groups, as Pattern.groups
    op_names: tuple[str, ...]  # opcode number -> name, from re._constants.OPCODES
    # Per code index, the [start, end) in code points of the construct that emitted it; the whole
    # tuple is None when the pattern could not be mapped.
    spans: CodeSpans | None


def program(pattern: str, flags: int) -> Program:
    """The program of `pattern` compiled with `flags` (re flag bits); raises what compiling
    raises (re.error, ValueError for bad flag combinations, OverflowError...)."""
    parser = re._parser  # type: ignore[attr-defined]
    compiler = re._compiler  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = parser.parse(pattern, flags)
        code = _code_list(compiler._code(parsed, flags))
    return Program(
        code=tuple(code),
        groups=int(parsed.state.groups) - 1,
        op_names=opcode_names(),
        spans=_spans_or_none(pattern, flags, parsed, code),
    )


def opcode_names() -> tuple[str, ...]:
    """The names of `_sre`'s opcodes by number, as this Python's re._constants has them."""
    opcodes: Iterable[object] = re._constants.OPCODES  # type: ignore[attr-defined]
    return tuple(str(getattr(opcode, "name", opcode)) for opcode in opcodes)


def _code_list(compiled: object) -> list[int]:
    """_code's answer as a list of ints (a list up to 3.15; an object holding `.code` in some
    development versions)."""
    code = compiled if isinstance(compiled, list) else getattr(compiled, "code", None)
    if not isinstance(code, list):
        raise TypeError(f"unexpected result of re._compiler._code: {type(compiled).__name__}")
    return [int(value) for value in code]


def _spans_or_none(pattern: str, flags: int, parsed: Any, code: list[int]) -> CodeSpans | None:
    try:
        return _code_spans(pattern, flags, parsed, code)
    except Exception:  # the private API changed, or the source reader met something new
        return None


def _code_spans(pattern: str, flags: int, parsed: Any, expected: list[int]) -> CodeSpans | None:
    compiler = re._compiler  # type: ignore[attr-defined]
    compile_items: Callable[..., None] = compiler._compile
    compile_info: Callable[..., None] = compiler._compile_info
    if list(inspect.signature(compile_items).parameters)[:1] != ["code"]:
        return None  # a compiler that does not take the code list itself
    parser = cpython_parser()
    root = read_pattern(pattern, flags, parser.tables)
    spans_by_subpattern = item_spans(root, parsed, parser)
    whole = (0, len(pattern))
    stack: list[SourceSpan] = [whole]
    wrapped = _SpannedSubpattern.wrap(parsed, spans_by_subpattern, stack)
    code = _RecordingCode(stack)
    all_flags = parsed.state.flags | flags  # as _code combines them
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compile_info(code, parsed, all_flags)
        compile_items(code, wrapped, all_flags)
    code.append(int(compiler.SUCCESS))
    if stack != [whole] or list(code) != expected or len(code.spans) != len(expected):
        return None
    return tuple(code.spans)


class _RecordingCode(list[int]):
    """The code list `_compile` appends to, noting the span on top of the stack for each code."""

    def __init__(self, stack: list[SourceSpan]) -> None:
        super().__init__()
        self._stack = stack
        self.spans: list[SourceSpan] = []

    def append(self, value: int) -> None:
        super().append(value)
        self.spans.append(self._stack[-1])

    def extend(self, values: Iterable[int]) -> None:
        before = len(self)
        super().extend(values)
        self.spans.extend([self._stack[-1]] * (len(self) - before))

    def __iadd__(self, values: Iterable[int]) -> _RecordingCode:  # type: ignore[override,misc]
        self.extend(values)
        return self


class _SpannedSubpattern:
    """Stands in for one of CPython's SubPatterns while `_compile` reads it.

    Iterating yields its items (with their own subpatterns wrapped too) and keeps the span of the
    item being compiled on top of the stack: `_compile`'s for-loop resumes the iteration only once
    the item's code is emitted, so nested items nest. Only what `_compile` is known to use is
    offered (len, indexing, truth, getwidth); anything else raises, and the spans are dropped.
    """

    __slots__ = ("_items", "_real", "_spans", "_stack")

    def __init__(
        self, real: Any, items: list[Any], spans: list[SourceSpan], stack: list[SourceSpan]
    ) -> None:
        self._real = real
        self._items = items
        self._spans = spans
        self._stack = stack

    @classmethod
    def wrap(
        cls, parsed: Any, spans: dict[int, list[SourceSpan]], stack: list[SourceSpan]
    ) -> _SpannedSubpattern:
        subpattern_type = type(parsed)

        def copy(value: Any) -> Any:
            if type(value) is subpattern_type:
                return cls(value, [copy(item) for item in value.data], spans[id(value)], stack)
            if isinstance(value, tuple):
                return tuple(copy(part) for part in value)
            if isinstance(value, list):
                return [copy(part) for part in value]
            return value  # opcodes stay the very same constants: _compile compares with `is`

        wrapped: _SpannedSubpattern = copy(parsed)
        return wrapped

    def __iter__(self) -> Iterator[Any]:
        for item, span in zip(self._items, self._spans, strict=True):
            self._stack.append(span)
            try:
                yield item
            finally:
                self._stack.pop()

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: SupportsIndex) -> Any:
        return self._items[index]

    def getwidth(self) -> Any:
        return self._real.getwidth()
