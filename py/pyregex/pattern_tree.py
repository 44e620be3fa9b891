"""Reads a regular expression's source into a tree of constructs, each with its position.

CPython's parser (`re._parser`) says what a pattern means but not where each part of it is written,
and the page needs both: positions to highlight the pattern, meanings to explain it. This module
re-reads the source token by token the way that parser does and keeps every construct's span in
code points. It never judges a pattern (`re` compiles it first) and never guesses: anything it does
not recognise raises UnreadablePattern. `sre_check.py` then compares the tree with CPython's own
parse, so a tree that reaches the page always agrees with the running Python.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

NodeKind: TypeAlias = Literal[
    "pattern",
    "sequence",
    "alternation",
    "literal",
    "escape",
    "any",
    "class",
    "range",
    "category",
    "group",
    "noncapture",
    "lookahead",
    "negativeLookahead",
    "lookbehind",
    "negativeLookbehind",
    "atomic",
    "conditional",
    "backref",
    "repeat",
    "anchor",
    "flags",
    "scopedFlags",
    "comment",
]
RepeatMode: TypeAlias = Literal["greedy", "lazy", "possessive"]

# The character sets of CPython's parser; they have not changed since Python 3.7.
WHITESPACE = frozenset(" \t\n\r\v\f")
DIGITS = frozenset(string.digits)
OCTDIGITS = frozenset(string.octdigits)
HEXDIGITS = frozenset(string.hexdigits)
ASCII_LETTERS = frozenset(string.ascii_letters)
SPECIAL_CHARS = frozenset(".\\[{()*+?^$|")
REPEAT_CHARS = frozenset("*+?{")

_VERBOSE = re.VERBOSE.value
_LOOKAROUND_MARKERS: dict[str, NodeKind] = {
    "=": "lookahead",
    "!": "negativeLookahead",
    "<=": "lookbehind",
    "<!": "negativeLookbehind",
}


class UnreadablePattern(Exception):
    """The source holds something this reader does not know; the caller must not guess."""


@dataclass(frozen=True, slots=True)
class ParserTables:
    """What the running CPython's parser knows about escapes and flags, by name.

    Taken from `re._parser` at run time (see sre_check.read_tables), so an escape a version adds
    (3.14's `\\z`) is read exactly as that version reads it.
    """

    anchors: Mapping[str, str]  # escape -> CPython's AT_* name, e.g. "\\A" -> "AT_BEGINNING_STRING"
    categories: Mapping[str, str]  # escape -> CATEGORY_* name, e.g. "\\d" -> "CATEGORY_DIGIT"
    escapes: Mapping[str, int]  # escape -> code point, e.g. "\\n" -> 10
    flag_letters: Mapping[str, int]  # inline flag letter -> flag bit, e.g. "i" -> 2
    type_flags: int  # ASCII | LOCALE | UNICODE: turning one on in a group turns the others off


@dataclass(eq=False, slots=True)
class PatternNode:
    """One construct of the pattern: its kind, its [start, end) span in code points, the flags in
    force where it stands, its parts, and what its kind needs to be described."""

    kind: NodeKind
    start: int
    end: int
    flags: int
    children: list[PatternNode] = field(default_factory=list)
    code: int = 0  # literal, escape: the code point matched
    sre_name: str = ""  # anchor: CPython's AT_* name; category: its CATEGORY_* name
    group: int = 0  # group, backref, conditional: the group's number
    name: str | None = None  # group, backref, conditional: the group's name, if it has one
    min: int = 0  # repeat: the least number of times
    max: int | None = None  # repeat: the most, None for no limit
    mode: RepeatMode = "greedy"  # repeat
    quantifier_start: int = 0  # repeat: where `*`, `+?`, `{2,3}`... begins
    negated: bool = False  # class: `[^...]`
    added: int = 0  # flags, scopedFlags: the flag bits turned on
    removed: int = 0  # scopedFlags: the flag bits turned off

    def walk(self) -> list[PatternNode]:
        """This node and every node below it, parents first, in source order."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def read_pattern(pattern: str, flags: int, tables: ParserTables) -> PatternNode:
    """The tree of `pattern` compiled with `flags`; the root has kind "pattern".

    The pattern must be one `re` compiles: errors are `re`'s to report, not this reader's.
    """
    return _Reader(pattern, flags, tables).read()


class _Source:
    """The pattern as CPython's Tokenizer sees it: tokens of one character, or of a backslash and
    the character after it, with `pos` the offset of the next token."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str | None:
        if self.pos >= len(self.text):
            return None
        if self.text[self.pos] != "\\":
            return self.text[self.pos]
        if self.pos + 1 >= len(self.text):
            raise UnreadablePattern("bad escape (end of pattern)")
        return self.text[self.pos : self.pos + 2]

    def get(self) -> str | None:
        token = self.peek()
        if token is not None:
            self.pos += len(token)
        return token

    def take(self) -> str:
        token = self.get()
        if token is None:
            raise UnreadablePattern("unexpected end of pattern")
        return token

    def match(self, token: str) -> bool:
        if self.peek() == token:
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.match(token):
            raise UnreadablePattern(f"expected {token!r} at {self.pos}")

    def take_while(self, allowed: frozenset[str], limit: int | None = None) -> str:
        taken = ""
        while limit is None or len(taken) < limit:
            token = self.peek()
            if token is None or token not in allowed:
                break
            taken += token
            self.pos += 1
        return taken

    def take_until(self, terminator: str) -> str:
        taken = ""
        while (token := self.take()) != terminator:
            taken += token
        if not taken:
            raise UnreadablePattern(f"empty name before {terminator!r}")
        return taken


class _Reader:
    """A recursive-descent reader following re._parser's _parse_sub / _parse / _escape."""

    def __init__(self, pattern: str, flags: int, tables: ParserTables) -> None:
        self._pattern = pattern
        self._source = _Source(pattern)
        self._tables = tables
        self._flags = flags  # in force at the current position
        self._group_count = 0
        self._group_numbers: dict[str, int] = {}

    def read(self) -> PatternNode:
        children = self._read_body()
        if self._source.peek() is not None:
            raise UnreadablePattern("unbalanced parenthesis")
        root = PatternNode("pattern", 0, len(self._pattern), self._flags, children)
        self._name_group_references(root)
        return root

    @property
    def _verbose(self) -> bool:
        return bool(self._flags & _VERBOSE)

    def _node(self, kind: NodeKind, start: int, **details: Any) -> PatternNode:
        """A node from `start` to the current position, under the flags in force."""
        return PatternNode(kind, start, self._source.pos, self._flags, **details)

    # -- sequences and alternatives ------------------------------------------------------------

    def _read_body(self) -> list[PatternNode]:
        """What a group (or the whole pattern) holds: the items of its only alternative, or one
        alternation node whose children are the alternatives."""
        branches = [self._read_sequence()]
        while self._source.match("|"):
            branches.append(self._read_sequence())
        if len(branches) == 1:
            return branches[0].children
        start, end = branches[0].start, branches[-1].end
        return [PatternNode("alternation", start, end, self._flags, branches)]

    def _read_sequence(self) -> PatternNode:
        """Items up to the next `|` or `)`; the span hugs the items (an empty one is zero-width)."""
        start = self._source.pos
        items: list[PatternNode] = []
        while (token := self._source.peek()) is not None and token not in ("|", ")"):
            token_start = self._source.pos
            self._source.pos += len(token)
            if self._verbose and token in WHITESPACE:
                continue
            if self._verbose and token == "#":
                items.append(self._read_verbose_comment(token_start))
            elif token in REPEAT_CHARS:
                self._read_quantifier(token, token_start, items)
            else:
                items.append(self._read_atom(token, token_start))
        if items:
            return PatternNode("sequence", items[0].start, items[-1].end, self._flags, items)
        return PatternNode("sequence", start, start, self._flags, items)

    def _read_atom(self, token: str, start: int) -> PatternNode:
        if token[0] == "\\":
            return self._read_escape(token, start)
        if token not in SPECIAL_CHARS:
            return self._node("literal", start, code=ord(token))
        if token == "[":
            return self._read_class(start)
        if token == "(":
            return self._read_group(start)
        if token == ".":
            return self._node("any", start)
        if token == "^":
            return self._node("anchor", start, sre_name="AT_BEGINNING")
        if token == "$":
            return self._node("anchor", start, sre_name="AT_END")
        raise UnreadablePattern(f"unexpected {token!r} at {start}")

    def _read_verbose_comment(self, start: int) -> PatternNode:
        """`# ...` in verbose mode, up to (not including) the newline; an escaped newline does not
        end it, as CPython skips whole tokens."""
        end = self._source.pos
        while (token := self._source.get()) is not None and token != "\n":
            end = self._source.pos
        return PatternNode("comment", start, end, self._flags)

    # -- quantifiers ---------------------------------------------------------------------------

    def _read_quantifier(self, token: str, start: int, items: list[PatternNode]) -> None:
        bounds = self._read_bounds(token)
        if bounds is None:  # a `{` that does not start `{m,n}` is the character itself
            items.append(PatternNode("literal", start, start + 1, self._flags, code=ord("{")))
            return
        mode: RepeatMode = "greedy"
        if self._source.match("?"):
            mode = "lazy"
        elif self._source.match("+"):
            mode = "possessive"
        target = _repeat_target(items)
        repeated = items[target:]
        del items[target:]
        low, high = bounds
        items.append(
            self._node(
                "repeat",
                repeated[0].start,
                children=repeated,
                min=low,
                max=high,
                mode=mode,
                quantifier_start=start,
            )
        )

    def _read_bounds(self, token: str) -> tuple[int, int | None] | None:
        if token == "?":
            return 0, 1
        if token == "*":
            return 0, None
        if token == "+":
            return 1, None
        if self._source.peek() == "}":
            return None
        after_brace = self._source.pos
        low = self._source.take_while(DIGITS)
        high = self._source.take_while(DIGITS) if self._source.match(",") else low
        if not self._source.match("}"):
            self._source.pos = after_brace
            return None
        return (int(low) if low else 0), (int(high) if high else None)

    # -- escapes -------------------------------------------------------------------------------

    def _read_escape(self, token: str, start: int) -> PatternNode:
        """A backslash token outside a class (CPython's _escape)."""
        tables = self._tables
        if token in tables.anchors:
            return self._node("anchor", start, sre_name=tables.anchors[token])
        if token in tables.categories:
            return self._node("category", start, sre_name=tables.categories[token])
        if token in tables.escapes:
            return self._node("escape", start, code=tables.escapes[token])
        letter = token[1]
        if letter == "0":
            digits = letter + self._source.take_while(OCTDIGITS, 2)
            return self._node("escape", start, code=int(digits, 8))
        if letter in DIGITS:
            return self._read_backref_or_octal(letter, start)
        code = self._read_code_escape(letter)
        if code is None and letter in ASCII_LETTERS:
            raise UnreadablePattern(f"bad escape {token}")
        return self._node("escape", start, code=ord(letter) if code is None else code)

    def _read_backref_or_octal(self, first_digit: str, start: int) -> PatternNode:
        """`\\1`..`\\99` refer to a group; three octal digits (`\\101`) are a character."""
        digits = first_digit
        if self._source.peek() in DIGITS:
            digits += self._source.take()
            if all(digit in OCTDIGITS for digit in digits) and self._source.peek() in OCTDIGITS:
                digits += self._source.take()
                return self._node("escape", start, code=int(digits, 8))
        return self._node("backref", start, group=int(digits))

    def _read_code_escape(self, letter: str) -> int | None:
        """The code point of `\\xhh`, `\\uhhhh`, `\\Uhhhhhhhh` or `\\N{name}`; None for others."""
        if letter == "x":
            return self._read_hex(2)
        if letter == "u":
            return self._read_hex(4)
        if letter == "U":
            return ord(chr(self._read_hex(8)))  # chr rejects what CPython rejects
        if letter == "N":
            self._source.expect("{")
            return ord(unicodedata.lookup(self._source.take_until("}")))
        return None

    def _read_hex(self, count: int) -> int:
        digits = self._source.take_while(HEXDIGITS, count)
        if len(digits) != count:
            raise UnreadablePattern("incomplete escape")
        return int(digits, 16)

    # -- character classes ---------------------------------------------------------------------

    def _read_class(self, start: int) -> PatternNode:
        negated = self._source.match("^")
        members: list[PatternNode] = []
        while True:
            token_start = self._source.pos
            token = self._source.take()
            if token == "]" and members:
                break
            first = self._read_class_char(token, token_start)
            if not self._source.match("-"):
                members.append(first)
                continue
            dash = self._source.pos - 1
            last_start = self._source.pos
            last_token = self._source.take()
            if last_token == "]":  # `[a-]`: the dash is a character
                members += [
                    first,
                    PatternNode("literal", dash, dash + 1, self._flags, code=ord("-")),
                ]
                break
            members.append(self._range(first, self._read_class_char(last_token, last_start)))
        return self._node("class", start, children=members, negated=negated)

    def _read_class_char(self, token: str, start: int) -> PatternNode:
        """One member of a class (CPython's _class_escape for backslash tokens)."""
        if token[0] != "\\":
            return self._node("literal", start, code=ord(token))
        tables = self._tables
        if token in tables.escapes:
            return self._node("escape", start, code=tables.escapes[token])
        if token in tables.categories:
            return self._node("category", start, sre_name=tables.categories[token])
        letter = token[1]
        code = self._read_code_escape(letter)
        if code is None and letter in OCTDIGITS:
            code = int(letter + self._source.take_while(OCTDIGITS, 2), 8)
        if code is None and (letter in DIGITS or letter in ASCII_LETTERS):
            raise UnreadablePattern(f"bad escape {token}")
        return self._node("escape", start, code=ord(letter) if code is None else code)

    def _range(self, first: PatternNode, last: PatternNode) -> PatternNode:
        if first.kind not in ("literal", "escape") or last.kind not in ("literal", "escape"):
            raise UnreadablePattern("bad character range")
        if last.code < first.code:
            raise UnreadablePattern("bad character range")
        return PatternNode("range", first.start, last.end, self._flags, [first, last])

    # -- groups --------------------------------------------------------------------------------

    def _read_group(self, start: int) -> PatternNode:
        if not self._source.match("?"):
            return self._read_capture(start, None)
        marker = self._source.take()
        if marker == "<":
            marker += self._source.take()
        if marker in _LOOKAROUND_MARKERS:
            return self._read_group_body(_LOOKAROUND_MARKERS[marker], start)
        if marker == "P":
            return self._read_named(start)
        if marker == ":":
            return self._read_group_body("noncapture", start)
        if marker == ">":
            return self._read_group_body("atomic", start)
        if marker == "#":
            while self._source.take() != ")":
                pass
            return self._node("comment", start)
        if marker == "(":
            return self._read_conditional(start)
        if marker == "-" or marker in self._tables.flag_letters:
            return self._read_inline_flags(marker, start)
        raise UnreadablePattern(f"unknown extension ?{marker}")

    def _read_group_body(
        self, kind: NodeKind, start: int, inner_flags: int | None = None, **details: Any
    ) -> PatternNode:
        outer_flags = self._flags
        if inner_flags is not None:
            self._flags = inner_flags
        try:
            children = self._read_body()
        finally:
            self._flags = outer_flags
        self._source.expect(")")
        return self._node(kind, start, children=children, **details)

    def _read_capture(self, start: int, name: str | None) -> PatternNode:
        self._group_count += 1
        if name is not None:
            self._group_numbers[name] = self._group_count
        return self._read_group_body("group", start, group=self._group_count, name=name)

    def _read_named(self, start: int) -> PatternNode:
        """`(?P<name>...)` or `(?P=name)`."""
        if self._source.match("<"):
            return self._read_capture(start, self._source.take_until(">"))
        self._source.expect("=")
        name = self._source.take_until(")")
        return self._node("backref", start, group=self._group_numbers[name], name=name)

    def _read_conditional(self, start: int) -> PatternNode:
        """`(?(1)yes|no)` or `(?(name)yes|no)`; each branch is a plain sequence, as in CPython."""
        reference = self._source.take_until(")")
        number = self._group_numbers.get(reference)
        if number is None:
            number = int(reference)  # a ValueError here means a grammar this reader lacks
        branches = [self._read_sequence()]
        if self._source.match("|"):
            branches.append(self._read_sequence())
        self._source.expect(")")
        return self._node("conditional", start, children=branches, group=number)

    def _read_inline_flags(self, letter: str, start: int) -> PatternNode:
        """`(?i)` for the whole pattern, or `(?i-m:...)` for one group (CPython's _parse_flags)."""
        letters = self._tables.flag_letters
        added = removed = 0
        token = letter
        if token != "-":
            while token not in (")", "-", ":"):
                added |= letters[token]
                token = self._source.take()
        if token == ")":
            self._flags |= added  # CPython allows these only at the very start
            return self._node("flags", start, added=added)
        if token == "-":
            while (token := self._source.take()) != ":":
                removed |= letters[token]
        inner = self._scoped_flags(added, removed)
        return self._read_group_body("scopedFlags", start, inner, added=added, removed=removed)

    def _scoped_flags(self, added: int, removed: int) -> int:
        """The flags inside `(?added-removed:...)`, as CPython's compiler combines them."""
        flags = self._flags
        if added & self._tables.type_flags:
            flags &= ~self._tables.type_flags
        return (flags | added) & ~removed

    def _name_group_references(self, root: PatternNode) -> None:
        """Give backrefs and conditionals their group's name, known only once all is read."""
        names = {number: name for name, number in self._group_numbers.items()}
        for node in root.walk():
            if node.kind in ("backref", "conditional"):
                node.name = names.get(node.group)


def _repeat_target(items: list[PatternNode]) -> int:
    """Where the item a quantifier repeats is: the last one, looking past comments (CPython drops
    them, so `a(?#note)*` repeats the `a`)."""
    for index in range(len(items) - 1, -1, -1):
        kind = items[index].kind
        if kind == "comment":
            continue
        if kind in ("anchor", "repeat", "flags"):
            raise UnreadablePattern("nothing to repeat")
        return index
    raise UnreadablePattern("nothing to repeat")
