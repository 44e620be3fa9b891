"""CPython's parse of a pattern as a position automaton, the model the ReDoS analysis reasons on.

Catastrophic backtracking is a property of the automaton a backtracking matcher walks: a pump string
that can go around a loop in two different ways doubles the work at every repeat (exponential), and
loops that can each take any share of the same pump multiply it (polynomial). This module builds
that automaton from `re._parser.parse` (the very tree CPython compiles) as a Glushkov automaton: one
state per character-consuming item, `follow` edges counting HOW MANY ways lead from one state to the
next (so `(a*)*` and `(a+)+` show as a doubled edge, not just an edge), over a small alphabet of
representative characters (every character the pattern names, plus one of each common kind) whose
membership in each item is decided by CPython itself, flags and all.

It over-approximates on purpose: anchors and lookbehinds match anywhere, a lookahead's body is a
dead-end side branch (its loops are found, what follows it does not wait for it), a backreference
is a fresh copy of its group, bounded repeats beyond a few iterations are loops (after their
mandatory iterations, so that an attack's prefix is long enough). Every finding is proven
afterwards by running the real program (redos_confirm), so a false lead costs time, never a wrong
verdict. What the model does keep exactly is commitment: states an atomic group or possessive
repeat can finish after are marked, because the matcher never backtracks into them.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyregex.pattern_tree import read_pattern
from pyregex.sre_check import cpython_parser, item_spans

# Representative characters, best first: a pump or suffix is spelled with the first one that fits.
_COMMON = "abxyzABXYZ019_ -.,:;/@=\"'!#<>()[]{}*+?&%\t\n\r\x00\x7f\u00e9\u00a0\u0663\u2028\u0130"
MAX_ALPHABET = 160
MAX_POSITIONS = 3000
UNROLL_LIMIT = 4  # bounded repeats up to this many iterations are spelled out; larger ones loop
MIN_COPIES = 100  # a loop's mandatory iterations are spelled out up to this many (attack prefixes)
SourceSpan = tuple[int, int]


class ModelTooLarge(Exception):
    """The automaton would be too big to analyse within the budget."""


@dataclass(slots=True)
class Position:
    """One character-consuming item of the pattern (a state of the automaton)."""

    mask: int  # bit i set: the item matches alphabet[i]
    span: SourceSpan | None  # where the item is written
    repeats: tuple[int, ...]  # enclosing repeat nodes, outermost first (indexes into `repeats`)
    follow: dict[int, int] = field(default_factory=dict)  # next state -> number of ways (<= 2)
    # next state -> the repeat nodes whose loop added a way to that edge (None: a concatenation)
    sources: dict[int, list[int | None]] = field(default_factory=dict)
    committed: bool = False  # an atomic group / possessive repeat may end right after it


@dataclass(slots=True)
class RepeatNode:
    """A quantified construct: where it is written and how it is quantified."""

    span: SourceSpan | None
    kind: str  # MAX_REPEAT, MIN_REPEAT or POSSESSIVE_REPEAT
    low: int
    high: int | None  # None: unbounded
    ancestors: tuple[int, ...]  # enclosing repeat nodes, outermost first


@dataclass(slots=True)
class Automaton:
    alphabet: str
    positions: list[Position]
    repeats: list[RepeatNode]
    first: dict[int, int]  # states a match can start with -> ways
    last: set[int]  # states a match can end after
    nullable: bool
    anchored: bool  # every match must start at the beginning of the text (\A, or ^ without M)
    search_state: int | None  # the implicit "retry at every position" loop of search, if any
    min_length: int  # the shortest text a match can take (shorter texts fail at once)


@dataclass(slots=True)
class _Fragment:
    first: dict[int, int]
    last: dict[int, int]
    empty: int  # ways to match the empty string (capped at 2)


def _cap(value: int) -> int:
    return 2 if value > 2 else value


def _add(target: dict[int, int], key: int, ways: int) -> None:
    if ways:
        target[key] = _cap(target.get(key, 0) + ways)


def _merged(a: dict[int, int], b: dict[int, int], scale: int = 1) -> dict[int, int]:
    out = dict(a)
    for key, ways in b.items():
        _add(out, key, ways * scale)
    return out


def _name(constant: object) -> str:
    return str(getattr(constant, "name", constant))


def build_automaton(pattern: str, flags: int, *, search: bool) -> Automaton:
    """The position automaton of `pattern` (re flag bits `flags`); re.error if it does not
    compile, ModelTooLarge if it is too big. `search` adds the implicit retry loop."""
    parser: Any = re._parser  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = parser.parse(pattern, flags)
    spans = _item_spans(pattern, flags, parsed)
    builder = _Builder(parsed, spans, _alphabet(parsed, pattern))
    whole = builder.sequence(parsed, int(parsed.state.flags), ())
    anchored = _starts_anchored(parsed.data, int(parsed.state.flags))
    search_state: int | None = None
    first = whole.first
    if search and not anchored:
        search_state = builder.new_position((1 << len(builder.alphabet)) - 1, None, ())
        loop = builder.positions[search_state]
        loop.follow[search_state] = 1
        for state, ways in whole.first.items():
            _add(loop.follow, state, ways)
        first = _merged({search_state: 1}, whole.first)
    builder.mark_committed()
    return Automaton(
        alphabet=builder.alphabet,
        positions=builder.positions,
        repeats=builder.repeats,
        first=first,
        last=set(whole.last),
        nullable=whole.empty > 0,
        anchored=anchored,
        search_state=search_state,
        min_length=int(parsed.getwidth()[0]),
    )


def _item_spans(pattern: str, flags: int, parsed: object) -> dict[int, list[SourceSpan]] | None:
    """Source spans of the parse's items (sre_check's alignment), or None if it cannot tell."""
    try:
        parser = cpython_parser()
        return item_spans(read_pattern(pattern, flags, parser.tables), parsed, parser)
    except Exception:  # a parser this reader does not follow: no spans, same analysis
        return None


def _alphabet(parsed: Any, pattern: str) -> str:
    """The representative characters: the common ones, then every one the pattern names."""
    named: list[str] = []
    case_insensitive = bool(int(parsed.state.flags) & re.IGNORECASE) or "(?" in pattern

    def visit(items: Iterable[Any]) -> None:
        for op, argument in items:
            name = _name(op)
            if name in ("LITERAL", "NOT_LITERAL"):
                named.append(chr(argument))
            elif name == "RANGE":
                low, high = argument
                named.extend({chr(low), chr(high), chr((low + high) // 2)})
            elif name == "IN":
                visit(argument)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                visit(argument[2])
            elif name == "SUBPATTERN":
                visit(argument[3])
            elif name == "ATOMIC_GROUP":
                visit(argument)
            elif name == "BRANCH":
                for branch in argument[1]:
                    visit(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                visit(argument[1])
            elif name == "GROUPREF_EXISTS":
                visit(argument[1])
                if argument[2] is not None:
                    visit(argument[2])

    visit(parsed.data)
    if case_insensitive:
        named += [ch.swapcase() for ch in named if len(ch.swapcase()) == 1]
    chars = dict.fromkeys(_COMMON + "".join(named))
    return "".join(list(chars)[:MAX_ALPHABET])


def _starts_anchored(items: Any, flags: int) -> bool:
    """Whether every match of this sequence must start at the very beginning of the text."""
    for op, argument in items:
        name = _name(op)
        if name == "AT":
            at = _name(argument)
            if at == "AT_BEGINNING_STRING" or (at == "AT_BEGINNING" and not flags & re.MULTILINE):
                return True
            continue  # another zero-width assertion: look further
        if name in ("ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN":
            inner = (flags | argument[1]) & ~argument[2]
            return _starts_anchored(argument[3], inner)
        if name == "ATOMIC_GROUP":
            return _starts_anchored(argument, flags)
        if name == "BRANCH":
            return all(_starts_anchored(branch, flags) for branch in argument[1])
        return False
    return False


class _Builder:
    """Glushkov construction over CPython's SubPatterns."""

    def __init__(
        self, parsed: Any, spans: dict[int, list[SourceSpan]] | None, alphabet: str
    ) -> None:
        self.parser: Any = re._parser  # type: ignore[attr-defined]
        self.compiler: Any = re._compiler  # type: ignore[attr-defined]
        self.spans = spans
        self.alphabet = alphabet
        self.positions: list[Position] = []
        self.repeats: list[RepeatNode] = []
        self.regions: list[tuple[set[int], dict[int, int]]] = []  # committed regions
        self.groups: dict[int, tuple[Any, int]] = {}  # group number -> (body, flags)
        self._masks: dict[tuple[str, int], int] = {}

    def new_position(self, mask: int, span: SourceSpan | None, repeats: tuple[int, ...]) -> int:
        if len(self.positions) >= MAX_POSITIONS:
            raise ModelTooLarge(f"more than {MAX_POSITIONS} character positions")
        self.positions.append(Position(mask, span, repeats))
        return len(self.positions) - 1

    def sequence(self, subpattern: Any, flags: int, repeats: tuple[int, ...]) -> _Fragment:
        spans = self.spans.get(id(subpattern)) if self.spans is not None else None
        result = _Fragment({}, {}, 1)
        for index, item in enumerate(subpattern.data):
            span = spans[index] if spans is not None and index < len(spans) else None
            result = self.concat(result, self.item(item, span, flags, repeats))
        return result

    def link(self, last: dict[int, int], first: dict[int, int], source: int | None) -> None:
        for state, ways in last.items():
            position = self.positions[state]
            for nxt, nways in first.items():
                _add(position.follow, nxt, ways * nways)
                position.sources.setdefault(nxt, []).append(source)

    def concat(self, a: _Fragment, b: _Fragment) -> _Fragment:
        self.link(a.last, b.first, None)
        return _Fragment(
            first=_merged(a.first, b.first, a.empty),
            last=_merged(b.last, a.last, b.empty),
            empty=_cap(a.empty * b.empty),
        )

    def item(
        self, item: Any, span: SourceSpan | None, flags: int, repeats: tuple[int, ...]
    ) -> _Fragment:
        op, argument = item
        name = _name(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            state = self.new_position(self.mask(item, flags), span, repeats)
            return _Fragment({state: 1}, {state: 1}, 0)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self.repeat(name, argument, span, flags, repeats)
        if name == "SUBPATTERN":
            group, add_flags, del_flags, body = argument
            inner = (flags | add_flags) & ~del_flags
            if group is not None:
                self.groups[group] = (body, inner)
            return self.sequence(body, inner, repeats)
        if name == "ATOMIC_GROUP":
            return self.committed(lambda: self.sequence(argument, flags, repeats))
        if name == "BRANCH":
            result = _Fragment({}, {}, 0)
            for branch in argument[1]:
                part = self.sequence(branch, flags, repeats)
                result = _Fragment(
                    _merged(result.first, part.first),
                    _merged(result.last, part.last),
                    _cap(result.empty + part.empty),
                )
            return result
        if name == "GROUPREF":
            body, group_flags = self.groups.get(argument, (None, flags))
            if body is None:
                return _Fragment({}, {}, 1)
            return self.sequence(body, group_flags, repeats)
        if name == "GROUPREF_EXISTS":
            yes = self.sequence(argument[1], flags, repeats)
            no = (
                self.sequence(argument[2], flags, repeats)
                if argument[2] is not None
                else _Fragment({}, {}, 1)
            )
            return _Fragment(
                _merged(yes.first, no.first), _merged(yes.last, no.last), _cap(yes.empty + no.empty)
            )
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, body = argument
            if direction < 0:
                return _Fragment({}, {}, 1)  # lookbehind: fixed width, no loops, matches anywhere
            # Lookahead: its body is explored as a side branch that leads nowhere.
            inside = self.sequence(body, flags, repeats)
            return _Fragment(dict(inside.first), {}, 1)
        if name == "FAILURE":
            return _Fragment({}, {}, 0)
        # AT (anchors, boundaries) and anything zero-width: matches the empty string.
        return _Fragment({}, {}, 1)

    def repeat(
        self,
        name: str,
        argument: Any,
        span: SourceSpan | None,
        flags: int,
        repeats: tuple[int, ...],
    ) -> _Fragment:
        low, high, body = argument
        unbounded = high == int(self.parser.MAXREPEAT) or high > UNROLL_LIMIT
        node = len(self.repeats)
        self.repeats.append(
            RepeatNode(
                span,
                name,
                int(low),
                None if high == int(self.parser.MAXREPEAT) else int(high),
                repeats,
            )
        )
        inner = (*repeats, node)

        def build() -> _Fragment:
            def copy() -> _Fragment:
                return self.sequence(body, flags, inner)

            if unbounded:
                copies = [copy() for _ in range(max(min(low, MIN_COPIES) - 1, 0))]
                looped = copy()
                self.link(looped.last, looped.first, node)
                plus = looped if low >= 1 else _Fragment(looped.first, looped.last, 1)
                result = _Fragment({}, {}, 1)
                for part in [*copies, plus]:
                    result = self.concat(result, part)
                return result
            # Bounded and small: X{m,n} = X^m (X (X ...)?)? spelled out, never ambiguous itself.
            optional = _Fragment({}, {}, 1)
            for _ in range(high - low):
                nested = self.concat(copy(), optional)
                optional = _Fragment(nested.first, nested.last, 1)
            result = _Fragment({}, {}, 1)
            for _ in range(low):
                result = self.concat(result, copy())
            return self.concat(result, optional)

        if name == "POSSESSIVE_REPEAT":
            return self.committed(build)
        return build()

    def committed(self, build: Any) -> _Fragment:
        """Builds a region the matcher never backtracks into once it is left."""
        start = len(self.positions)
        fragment: _Fragment = build()
        self.regions.append((set(range(start, len(self.positions))), dict(fragment.last)))
        return fragment

    def mark_committed(self) -> None:
        for _states, last in self.regions:
            for state in last:
                self.positions[state].committed = True

    def mask(self, item: Any, flags: int) -> int:
        """Which alphabet characters the one-character item matches, asked of CPython itself."""
        key = (repr(item), flags)
        cached = self._masks.get(key)
        if cached is not None:
            return cached
        state = self.parser.State()
        state.flags = flags
        matcher = self.compiler.compile(self.parser.SubPattern(state, [item]), flags)
        mask = 0
        for index, ch in enumerate(self.alphabet):
            if matcher.fullmatch(ch):
                mask |= 1 << index
        self._masks[key] = mask
        return mask


def sample_words(
    automaton: Automaton, rng: random.Random, count: int, longest: int = 24
) -> list[str]:
    """Strings the model accepts (random walks from a start state to an end state), which the real
    pattern mostly matches too: the near-misses a rewrite must not change."""
    alphabet = automaton.alphabet
    starts = [s for s in automaton.first if s != automaton.search_state]
    words: list[str] = [""] if automaton.nullable else []
    for _ in range(count * 4):
        if len(words) >= count or not starts:
            break
        state = rng.choice(starts)
        chars: list[str] = []
        while len(chars) < longest:
            mask = automaton.positions[state].mask
            bits = [bit for bit in range(len(alphabet)) if mask >> bit & 1]
            # Mostly the preferred characters, sometimes any: both kinds of near-miss matter.
            chars.append(
                alphabet[rng.choice(bits if rng.random() < 0.3 else bits[:4])] if bits else ""
            )
            nexts = [s for s in automaton.positions[state].follow if s != automaton.search_state]
            if state in automaton.last and (not nexts or rng.random() < 0.3):
                words.append("".join(chars))
                break
            if not nexts:
                break
            state = rng.choice(nexts)
    return words
