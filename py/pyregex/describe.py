"""Plain-English descriptions of a pattern's constructs, for the page's explanation panel.

What a construct does can depend on the flags in force where it stands (`^` under MULTILINE, `\\d`
under ASCII, `.` under DOTALL), so each node is described with its own flags, never by kind alone.
Words only: no markup and no positions, which the page takes from the tree itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pyregex.pattern_tree import NodeKind, PatternNode

_IGNORECASE = re.IGNORECASE.value
_MULTILINE = re.MULTILINE.value
_DOTALL = re.DOTALL.value
_ASCII = re.ASCII.value

# Longer source text is not repeated inside another construct's description.
_MAX_QUOTED_SOURCE = 40

_CATEGORY_PHRASES = {
    "CATEGORY_DIGIT": "a digit",
    "CATEGORY_NOT_DIGIT": "a character that is not a digit",
    "CATEGORY_SPACE": "a whitespace character",
    "CATEGORY_NOT_SPACE": "a character that is not whitespace",
    "CATEGORY_WORD": "a word character (letter, digit or underscore)",
    "CATEGORY_NOT_WORD": "a character that is not a word character",
}

# What a construct is called when its source is too long to quote.
_NOUNS = {
    "class": "the character class",
    "noncapture": "the non-capturing group",
    "atomic": "the atomic group",
    "scopedFlags": "the group with its own flags",
    "conditional": "the conditional",
    "lookahead": "the lookahead",
    "negativeLookahead": "the negative lookahead",
    "lookbehind": "the lookbehind",
    "negativeLookbehind": "the negative lookbehind",
}

_LOOKAROUND_PHRASES = {
    "lookahead": "lookahead: succeeds if what follows matches, without consuming it",
    "negativeLookahead": "negative lookahead: succeeds if what follows does not match",
    "lookbehind": "lookbehind: succeeds if what precedes matches (it must have a fixed width)",
    "negativeLookbehind": "negative lookbehind: succeeds if what precedes does not match",
}

# unicodedata has no names for control characters; these are the ones regexes write as escapes.
_CONTROL_NAMES = {
    "\0": "NULL",
    "\a": "BELL",
    "\b": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\v": "VERTICAL TAB",
    "\f": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def show_char(code: int) -> str:
    """A character as Python writes it, with its code point and name when it is not plain ASCII:
    'a', '\\n' (U+000A), 'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)."""
    char = chr(code)
    shown = repr(char)
    if char.isascii() and char.isprintable():
        return shown
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"{shown} (U+{code:04X}{' ' + name if name else ''})"


def flag_list(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


class Describer:
    """Describes the nodes of one pattern; `flag_names` names a set of flag bits."""

    def __init__(self, pattern: str, flag_names: dict[int, str]) -> None:
        self._text = pattern
        self._flag_names = flag_names

    def describe(self, node: PatternNode, parent: PatternNode | None = None, index: int = 0) -> str:
        """The description of `node`, the `index`-th child of `parent`."""
        if node.kind == "sequence":
            return self._sequence(node, parent, index)
        return _BY_KIND[node.kind](self, node)

    def names(self, bits: int) -> list[str]:
        return [name for value, name in self._flag_names.items() if bits & value]

    # -- helpers -------------------------------------------------------------------------------

    def _source(self, node: PatternNode) -> str:
        return self._text[node.start : node.end]

    def _label(self, node: PatternNode) -> str:
        """A short noun phrase for `node` inside another description."""
        if node.kind in ("literal", "escape", "any", "category", "backref"):
            return self.describe(node).removeprefix("the character ")
        if node.kind == "group":
            return self._group(node)
        source = self._source(node)
        if len(source) <= _MAX_QUOTED_SOURCE:
            return source
        return _NOUNS.get(node.kind, "the group")

    @staticmethod
    def _case_note(node: PatternNode, *codes: int) -> str:
        """ " (ignoring case)" when IGNORECASE changes what these characters match."""
        if not node.flags & _IGNORECASE:
            return ""
        for code in codes:
            char = chr(code)
            if node.flags & _ASCII and not char.isascii():
                continue
            if char.lower() != char or char.upper() != char:
                return " (ignoring case)"
        return ""

    @staticmethod
    def _charset_name(node: PatternNode) -> str:
        return "ASCII" if node.flags & _ASCII else "Unicode"

    def _group_reference(self, node: PatternNode) -> str:
        named = f" ('{node.name}')" if node.name is not None else ""
        return f"group #{node.group}{named}"

    # -- one method per kind -------------------------------------------------------------------

    def _whole_pattern(self, node: PatternNode) -> str:
        if not node.children:
            return "an empty pattern: it matches the empty string at every position"
        return "the whole pattern"

    def _sequence(self, node: PatternNode, parent: PatternNode | None, index: int) -> str:
        empty = ": empty, so it matches the empty string" if not node.children else ""
        if parent is not None and parent.kind == "conditional":
            reference = self._group_reference(parent)
            if index == 0:
                return f"what to match if {reference} took part in the match{empty}"
            return f"what to match if {reference} did not take part in the match{empty}"
        total = len(parent.children) if parent is not None else 1
        return f"alternative {index + 1} of {total}{empty}"

    def _alternation(self, node: PatternNode) -> str:
        return (
            f"one of {len(node.children)} alternatives, tried left to right: the first that "
            "lets the whole pattern match is used"
        )

    def _literal(self, node: PatternNode) -> str:
        return f"the character {show_char(node.code)}{self._case_note(node, node.code)}"

    def _any(self, node: PatternNode) -> str:
        if node.flags & _DOTALL:
            return "any character, newline included (DOTALL)"
        return "any character except a newline"

    def _class(self, node: PatternNode) -> str:
        members = ", ".join(self._class_member(member) for member in node.children)
        codes = [member.code for member in node.walk() if member.kind in ("literal", "escape")]
        which = "not in" if node.negated else "from"
        return f"one character {which}: {members}{self._case_note(node, *codes)}"

    def _class_member(self, node: PatternNode) -> str:
        if node.kind == "range":
            first, last = node.children
            return f"{show_char(first.code)} to {show_char(last.code)}"
        if node.kind == "category":
            return self._category(node)
        return show_char(node.code)

    def _range(self, node: PatternNode) -> str:
        first, last = node.children
        span = f"{show_char(first.code)} to {show_char(last.code)}"
        return f"a character from {span}{self._case_note(node, first.code, last.code)}"

    def _category(self, node: PatternNode) -> str:
        phrase = _CATEGORY_PHRASES.get(node.sre_name, f"a character of {node.sre_name}")
        return f"{phrase} ({self._source(node)}, {self._charset_name(node)})"

    def _group(self, node: PatternNode) -> str:
        named = f" named '{node.name}'" if node.name is not None else ""
        return f"capturing group #{node.group}{named}"

    def _noncapture(self, node: PatternNode) -> str:
        return "a non-capturing group"

    def _lookaround(self, node: PatternNode) -> str:
        return _LOOKAROUND_PHRASES[node.kind]

    def _negative_lookaround(self, node: PatternNode) -> str:
        if not node.children:
            direction = "lookahead" if node.kind == "negativeLookahead" else "lookbehind"
            return f"an empty negative {direction}: it never succeeds"
        return _LOOKAROUND_PHRASES[node.kind]

    def _atomic(self, node: PatternNode) -> str:
        return "an atomic group: once it has matched, the engine never backtracks into it"

    def _conditional(self, node: PatternNode) -> str:
        otherwise = "the second branch" if len(node.children) > 1 else "nothing"
        return (
            f"a conditional: if {self._group_reference(node)} took part in the match, match the "
            f"first branch, otherwise {otherwise}"
        )

    def _backref(self, node: PatternNode) -> str:
        return f"the same text that {self._group_reference(node)} matched"

    def _repeat(self, node: PatternNode) -> str:
        described = f"{_quantity(node.min, node.max)} of {self._label(node.children[0])}"
        if node.min == node.max and node.mode != "possessive":
            return described  # greedy and lazy match the same when the count is fixed
        return f"{described}, {node.mode}"

    def _anchor(self, node: PatternNode) -> str:
        multiline = bool(node.flags & _MULTILINE)
        source = self._source(node)
        name = node.sre_name
        if name == "AT_BEGINNING":
            return "the start of a line (MULTILINE)" if multiline else "the start of the string"
        if name == "AT_END":
            if multiline:
                return "the end of a line (MULTILINE)"
            return "the end of the string, or just before a newline that ends it"
        if name == "AT_BEGINNING_STRING":
            return f"the start of the string only ({source})"
        if name == "AT_END_STRING":
            return f"the end of the string only ({source})"
        if name == "AT_BOUNDARY":
            return f"a word boundary ({source}, {self._charset_name(node)})"
        if name == "AT_NON_BOUNDARY":
            return f"a position that is not a word boundary ({source}, {self._charset_name(node)})"
        return f"a position ({source})"

    def _global_flags(self, node: PatternNode) -> str:
        return f"flags for the whole pattern: {flag_list(self.names(node.added))}"

    def _scoped_flags(self, node: PatternNode) -> str:
        changes = [f"{name} on" for name in self.names(node.added)]
        changes += [f"{name} off" for name in self.names(node.removed)]
        return f"a non-capturing group with its own flags: {', '.join(changes)}"

    def _comment(self, node: PatternNode) -> str:
        return "a comment, ignored when matching"


def _quantity(low: int, high: int | None) -> str:
    if high is None:
        return {0: "zero or more", 1: "one or more"}.get(low, f"at least {low}")
    if low == high:
        return f"exactly {low}"
    if low == 0:
        return "zero or one" if high == 1 else f"at most {high}"
    return f"between {low} and {high}"


_BY_KIND: dict[NodeKind, Callable[[Describer, PatternNode], str]] = {
    "pattern": Describer._whole_pattern,
    "alternation": Describer._alternation,
    "literal": Describer._literal,
    "escape": Describer._literal,
    "any": Describer._any,
    "class": Describer._class,
    "range": Describer._range,
    "category": Describer._category,
    "group": Describer._group,
    "noncapture": Describer._noncapture,
    "lookahead": Describer._lookaround,
    "negativeLookahead": Describer._negative_lookaround,
    "lookbehind": Describer._lookaround,
    "negativeLookbehind": Describer._negative_lookaround,
    "atomic": Describer._atomic,
    "conditional": Describer._conditional,
    "backref": Describer._backref,
    "repeat": Describer._repeat,
    "anchor": Describer._anchor,
    "flags": Describer._global_flags,
    "scopedFlags": Describer._scoped_flags,
    "comment": Describer._comment,
}
