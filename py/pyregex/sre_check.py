"""Checks a tree read by pattern_tree against CPython's own parse of the same pattern.

The reader mirrors CPython's parser; this module proves it did, pattern by pattern. It rewrites the
tree into the (opcode, argument) lists `re._parser.parse` returns, applying that parser's own
simplifications (non-capturing groups unpacked, common prefixes of alternatives factored out,
one-character alternatives and classes merged), and compares the two. The parser is private API, so
it is found by feature, not by version, and every surprise in it means "cannot check", never a crash
of the caller: `explain` then shows the pattern without a tree.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any, TypeAlias

from pyregex.pattern_tree import ParserTables, PatternNode

# One parsed item as CPython has it: (opcode name, argument).
Item: TypeAlias = tuple[Any, Any]
# Where something is written in the pattern: [start, end) in code points.
SourceSpan: TypeAlias = tuple[int, int]

_REPEAT_OPCODES = {"greedy": "MAX_REPEAT", "lazy": "MIN_REPEAT", "possessive": "POSSESSIVE_REPEAT"}
_LOOKAROUND_OPCODES = {
    "lookahead": ("ASSERT", 1),
    "negativeLookahead": ("ASSERT_NOT", 1),
    "lookbehind": ("ASSERT", -1),
    "negativeLookbehind": ("ASSERT_NOT", -1),
}


class ParserChanged(Exception):
    """CPython's parser is missing or no longer looks the way this module expects."""


@dataclass(frozen=True, slots=True)
class CPythonParser:
    """The running interpreter's regex parser and what this module learned about it."""

    module: ModuleType
    tables: ParserTables
    maxrepeat: object  # the `max` of an unbounded repeat, as the parser writes it
    empty_negative_lookaround_fails: bool  # 3.13+ parse `(?!)` as FAILURE

    def parse(self, pattern: str, flags: int) -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return canonical(self.module.parse(pattern, flags))


@cache
def cpython_parser() -> CPythonParser:
    """The parser of this Python (`re._parser` on 3.11+, `sre_parse` before); ParserChanged if it
    is missing or unrecognisable. Computed once."""
    module = _import_parser_module()
    tables = read_tables(module)
    maxrepeat = getattr(module, "MAXREPEAT", None)
    if maxrepeat is None:
        raise ParserChanged("no MAXREPEAT")
    probe = canonical(module.parse("(?!)", 0))
    return CPythonParser(module, tables, maxrepeat, probe == [("FAILURE", ())])


def _import_parser_module() -> ModuleType:
    for name in ("re._parser", "sre_parse"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # sre_parse warns on import
                module = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(module, "parse", None)):
            return module
    raise ParserChanged("no regex parser module")


def read_tables(module: ModuleType) -> ParserTables:
    """The escape and flag tables of the parser module, with opcodes turned into their names."""
    anchors: dict[str, str] = {}
    categories: dict[str, str] = {}
    for escape, (opcode, argument) in module.CATEGORIES.items():
        if canonical(opcode) == "AT":
            anchors[escape] = _name_of(argument)
        elif canonical(opcode) == "IN" and len(argument) == 1:
            (member_opcode, category), *_ = argument
            if canonical(member_opcode) != "CATEGORY":
                raise ParserChanged(f"unexpected category {escape}")
            categories[escape] = _name_of(category)
        else:
            raise ParserChanged(f"unexpected category {escape}")
    escapes: dict[str, int] = {}
    for escape, (opcode, argument) in module.ESCAPES.items():
        if canonical(opcode) != "LITERAL":
            raise ParserChanged(f"unexpected escape {escape}")
        escapes[escape] = int(argument)
    flag_letters = {letter: int(bit) for letter, bit in module.FLAGS.items()}
    return ParserTables(anchors, categories, escapes, flag_letters, int(module.TYPE_FLAGS))


def _name_of(constant: object) -> str:
    name = canonical(constant)
    if not isinstance(name, str):
        raise ParserChanged(f"{constant!r} has no name")
    return name


def canonical(value: object) -> Any:
    """A parse result as plain data: opcode constants become their names, subpatterns lists.

    CPython's named constants are int subclasses with a `name`; its SubPattern keeps its items in
    `data`. Tuples stay tuples and lists lists, so the shapes of both sides must agree exactly.
    """
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        name = getattr(value, "name", None)
        return name if type(value) is not int and isinstance(name, str) else value
    if isinstance(value, tuple):
        return tuple(canonical(item) for item in value)
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, _Subpattern):
        return [canonical(item) for item in value.items]
    data = getattr(value, "data", None)
    if isinstance(data, list):
        return [canonical(item) for item in data]
    raise ParserChanged(f"unexpected value in a parse: {value!r}")


def agrees_with_cpython(root: PatternNode, pattern: str, flags: int, parser: CPythonParser) -> bool:
    """Whether the tree means exactly what CPython's parser makes of `pattern` with `flags`."""
    lowered = _Lowering(parser).subpattern(root.children)
    return bool(canonical(lowered) == parser.parse(pattern, flags))


def item_spans(
    root: PatternNode, parsed: object, parser: CPythonParser
) -> dict[int, list[SourceSpan]]:
    """Where each item of CPython's parse is written: for every SubPattern in `parsed` (the
    untouched result of the parser module's `parse` for the pattern `root` was read from), keyed by
    its id(), the [start, end) of each of its items in code points.

    An item the parser's simplifications made out of several constructs (a prefix common to all
    alternatives, alternatives merged into one class) gets the span of the alternation holding
    them. Raises ParserChanged unless the tree and `parsed` agree item for item, so a span is
    never given to the wrong item. Keep `parsed` alive while the ids are used.
    """
    lowered = _Lowering(parser).subpattern(root.children)
    spans: dict[int, list[SourceSpan]] = {}
    _align(parsed, lowered, spans)
    return spans


def _align(parsed: object, lowered: object, spans: dict[int, list[SourceSpan]]) -> None:
    """Walks CPython's parse and the lowered tree together, recording each SubPattern's spans."""
    if isinstance(lowered, _Subpattern):
        data = getattr(parsed, "data", None)
        if not isinstance(data, list) or len(data) != len(lowered.items) or id(parsed) in spans:
            raise ParserChanged("the parse does not line up with the source")
        spans[id(parsed)] = list(lowered.spans)
        for parsed_item, lowered_item in zip(data, lowered.items, strict=True):
            _align(parsed_item, lowered_item, spans)
    elif isinstance(lowered, tuple | list):
        if not isinstance(parsed, tuple | list) or type(parsed) is not type(lowered):
            raise ParserChanged("the parse does not line up with the source")
        if len(parsed) != len(lowered):
            raise ParserChanged("the parse does not line up with the source")
        for parsed_part, lowered_part in zip(parsed, lowered, strict=True):
            _align(parsed_part, lowered_part, spans)
    elif canonical(parsed) != canonical(lowered):
        raise ParserChanged("the parse does not line up with the source")


@dataclass(eq=False, slots=True)
class _Subpattern:
    """A lowered subpattern. Like CPython's SubPattern it is equal only to itself, which decides
    which prefixes alternatives share: `a*b|a*c` shares none, `ab|ac` shares `a`. `spans` runs
    beside `items`: where each item is written in the source."""

    items: list[Item]
    spans: list[SourceSpan]


# An item with where it is written.
_Spanned: TypeAlias = tuple[Item, SourceSpan]


def _subpattern_of(spanned: list[_Spanned]) -> _Subpattern:
    return _Subpattern([item for item, _ in spanned], [span for _, span in spanned])


def _span_of(node: PatternNode) -> SourceSpan:
    return (node.start, node.end)


def _is_plain_noncapture(item: Item) -> bool:
    if item[0] != "SUBPATTERN":
        return False
    group, added, removed, _ = item[1]
    return group is None and not added and not removed


def _uniq(items: Iterable[Item]) -> list[Item]:
    return list(dict.fromkeys(items))


class _Lowering:
    """Turns nodes into CPython's parse form, simplifying where CPython's parser does."""

    def __init__(self, parser: CPythonParser) -> None:
        self._parser = parser

    def subpattern(self, body: list[PatternNode]) -> _Subpattern:
        """A group's body (CPython's _parse_sub)."""
        if len(body) == 1 and body[0].kind == "alternation":
            return _subpattern_of(self._alternation(body[0]))
        return _subpattern_of(self._sequence(body))

    def _sequence(self, nodes: list[PatternNode]) -> list[_Spanned]:
        """Items in a row (CPython's _parse), with plain non-capturing groups unpacked."""
        items: list[_Spanned] = []
        for node in nodes:
            item = self._item(node)
            if item is None:
                continue
            if _is_plain_noncapture(item):
                inner: _Subpattern = item[1][3]
                items.extend(zip(inner.items, inner.spans, strict=True))
            else:
                items.append((item, _span_of(node)))
        return items

    def _alternation(self, node: PatternNode) -> list[_Spanned]:
        whole = _span_of(node)
        branches = [self._sequence(branch.children) for branch in node.children]
        items = [(item, whole) for item in self._common_prefix(branches)]
        merged = self._as_char_set([[item for item, _ in branch] for branch in branches])
        if merged is not None:
            items.append((("IN", _uniq(merged)), whole))
        else:
            alternatives = [_subpattern_of(branch) for branch in branches]
            items.append((("BRANCH", (None, alternatives)), whole))
        return items

    @staticmethod
    def _common_prefix(branches: list[list[_Spanned]]) -> list[Item]:
        """Moves the items every branch starts with out of the branches, as CPython does."""
        prefix: list[Item] = []
        while all(branches) and all(branch[0][0] == branches[0][0][0] for branch in branches):
            prefix.append(branches[0][0][0])
            for branch in branches:
                del branch[0]
        return prefix

    @staticmethod
    def _as_char_set(branches: list[list[Item]]) -> list[Item] | None:
        """The members of one class equal to the branches, if each is a single character or a
        non-negated class; None otherwise."""
        members: list[Item] = []
        for branch in branches:
            if len(branch) != 1:
                return None
            opcode, argument = branch[0]
            if opcode == "LITERAL":
                members.append(branch[0])
            elif opcode == "IN" and argument[0][0] != "NEGATE":
                members.extend(argument)
            else:
                return None
        return members

    def _item(self, node: PatternNode) -> Item | None:
        kind = node.kind
        if kind in ("comment", "flags"):
            return None
        if kind in ("literal", "escape"):
            return ("LITERAL", node.code)
        if kind == "any":
            return ("ANY", None)
        if kind == "class":
            return self._char_set(node)
        if kind == "category":
            return ("IN", [("CATEGORY", node.sre_name)])
        if kind == "anchor":
            return ("AT", node.sre_name)
        if kind == "backref":
            return ("GROUPREF", node.group)
        if kind == "repeat":
            return self._repeat(node)
        if kind == "conditional":
            return self._conditional(node)
        if kind in _LOOKAROUND_OPCODES:
            return self._lookaround(node)
        body = self.subpattern(node.children)
        if kind == "group":
            return ("SUBPATTERN", (node.group, 0, 0, body))
        if kind == "noncapture":
            return ("SUBPATTERN", (None, 0, 0, body))
        if kind == "scopedFlags":
            return ("SUBPATTERN", (None, node.added, node.removed, body))
        if kind == "atomic":
            return ("ATOMIC_GROUP", body)
        raise ParserChanged(f"cannot lower {kind}")

    def _char_set(self, node: PatternNode) -> Item:
        members = _uniq(self._set_member(member) for member in node.children)
        if len(members) == 1 and members[0][0] == "LITERAL":
            return ("NOT_LITERAL", members[0][1]) if node.negated else members[0]
        if node.negated:
            members.insert(0, ("NEGATE", None))
        return ("IN", members)

    @staticmethod
    def _set_member(node: PatternNode) -> Item:
        if node.kind == "range":
            first, last = node.children
            return ("RANGE", (first.code, last.code))
        if node.kind == "category":
            return ("CATEGORY", node.sre_name)
        return ("LITERAL", node.code)

    def _repeat(self, node: PatternNode) -> Item:
        target = self._item(node.children[0])
        if target is None:
            raise ParserChanged("a repeat of nothing")
        if _is_plain_noncapture(target):
            repeated = target[1][3]
        else:
            repeated = _Subpattern([target], [_span_of(node.children[0])])
        high = self._parser.maxrepeat if node.max is None else node.max
        return (_REPEAT_OPCODES[node.mode], (node.min, high, repeated))

    def _conditional(self, node: PatternNode) -> Item:
        yes, *no = (_subpattern_of(self._sequence(branch.children)) for branch in node.children)
        return ("GROUPREF_EXISTS", (node.group, yes, no[0] if no else None))

    def _lookaround(self, node: PatternNode) -> Item:
        opcode, direction = _LOOKAROUND_OPCODES[node.kind]
        body = self.subpattern(node.children)
        if (
            opcode == "ASSERT_NOT"
            and not body.items
            and self._parser.empty_negative_lookaround_fails
        ):
            return ("FAILURE", ())
        return (opcode, (direction, body))
