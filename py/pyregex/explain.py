"""Explains a pattern as a tree of its constructs, for highlighting and the explanation panel.

`explain(pattern, flags)` answers with CPython's own reading of the pattern: `re` compiles it first
(a bad pattern gets the same error result as `evaluate`), pattern_tree reads the source with every
construct's position, and sre_check proves that reading equal to what `re._parser` makes of it. Only
then does the page get the tree, with spans in UTF-16 code units. If this Python's private parser
cannot be read or disagrees, the page gets the pattern as one node and a note: never a wrong tree,
never an exception.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Literal, NotRequired, TypeAlias, TypedDict, get_args

from pyregex.contract import ErrorResult, Span
from pyregex.describe import Describer
from pyregex.errors import compile_error, request_error
from pyregex.evaluate import FLAG_NAMES
from pyregex.pattern_tree import NodeKind, PatternNode, RepeatMode, read_pattern
from pyregex.request import RequestError, flag_bits
from pyregex.sre_check import agrees_with_cpython, cpython_parser
from pyregex.utf16 import Utf16Offsets, utf16_len

CategoryName: TypeAlias = Literal["digit", "notDigit", "space", "notSpace", "word", "notWord"]
AnchorName: TypeAlias = Literal[
    "start", "end", "startOfString", "endOfString", "wordBoundary", "notWordBoundary"
]

NODE_KINDS: tuple[NodeKind, ...] = get_args(NodeKind)

CATEGORY_NAMES: dict[str, CategoryName] = {
    "CATEGORY_DIGIT": "digit",
    "CATEGORY_NOT_DIGIT": "notDigit",
    "CATEGORY_SPACE": "space",
    "CATEGORY_NOT_SPACE": "notSpace",
    "CATEGORY_WORD": "word",
    "CATEGORY_NOT_WORD": "notWord",
}
ANCHOR_NAMES: dict[str, AnchorName] = {
    "AT_BEGINNING": "start",
    "AT_END": "end",
    "AT_BEGINNING_STRING": "startOfString",
    "AT_END_STRING": "endOfString",
    "AT_BOUNDARY": "wordBoundary",
    "AT_NON_BOUNDARY": "notWordBoundary",
}

FALLBACK_NOTE = (
    "This Python's regular expression parser could not be matched with the pattern's source, so "
    "the pattern is shown as a whole, without its structure."
)


class ExplainNode(TypedDict):
    """One construct of the pattern; the schema's ExplainNode documents the kind-specific keys."""

    kind: NodeKind
    description: str
    span: Span
    span16: Span
    children: list[ExplainNode]
    char: NotRequired[str]
    codePoint: NotRequired[int]
    first: NotRequired[str]
    last: NotRequired[str]
    negated: NotRequired[bool]
    category: NotRequired[CategoryName]
    anchor: NotRequired[AnchorName]
    groupIndex: NotRequired[int]
    name: NotRequired[str | None]
    min: NotRequired[int]
    max: NotRequired[int | None]
    mode: NotRequired[RepeatMode]
    quantifierSpan16: NotRequired[Span]
    flags: NotRequired[list[str]]
    added: NotRequired[list[str]]
    removed: NotRequired[list[str]]
    text: NotRequired[str]


class ExplainSuccess(TypedDict):
    """The pattern compiled. `note` is set, and the tree flat, only if the parser was unreadable."""

    ok: Literal[True]
    tree: ExplainNode
    flags: list[str]
    note: str | None


ExplainResult: TypeAlias = ExplainSuccess | ErrorResult


def explain(pattern: str, flags: str = "") -> ExplainResult:
    """The tree of `pattern` under flag letters `flags` ("imsxalu"), or the error `re` raises."""
    try:
        flag_value = flag_bits(flags)
    except RequestError as exc:
        return request_error(str(exc))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # evaluate reports them; the tree has no place for them
            compiled = re.compile(pattern, flag_value)
    except Exception as exc:
        return compile_error(exc, pattern)
    flag_names = _flag_names(compiled.flags)
    try:
        tree = _checked_tree(pattern, flag_value, compiled)
    except Exception:  # the private parser changed, or this reader met something new
        tree = None
    if tree is None:
        return {
            "ok": True,
            "tree": _whole_pattern_node(pattern),
            "flags": flag_names,
            "note": FALLBACK_NOTE,
        }
    return {"ok": True, "tree": tree, "flags": flag_names, "note": None}


def _flag_names(bits: int) -> list[str]:
    return [name for value, name in FLAG_NAMES if bits & value]


def _checked_tree(pattern: str, flags: int, compiled: re.Pattern[str]) -> ExplainNode | None:
    """The tree as JSON, or None if it does not agree with CPython's parser and `re`."""
    parser = cpython_parser()
    root = read_pattern(pattern, flags, parser.tables)
    if not agrees_with_cpython(root, pattern, flags, parser):
        return None
    if _group_names(root) != compiled.groupindex or _fixed_flags(root.flags) != compiled.flags:
        return None
    describer = Describer(pattern, dict(FLAG_NAMES))
    return _NodeWriter(pattern, describer).write(root)


def _fixed_flags(flags: int) -> int:
    """The flags `re` reports for a str pattern compiled with `flags` (UNICODE unless ASCII)."""
    return flags if flags & re.ASCII.value else flags | re.UNICODE.value


def _group_names(root: PatternNode) -> dict[str, int]:
    return {
        node.name: node.group
        for node in root.walk()
        if node.kind == "group" and node.name is not None
    }


def _whole_pattern_node(pattern: str) -> ExplainNode:
    return {
        "kind": "pattern",
        "description": "the whole pattern",
        "span": [0, len(pattern)],
        "span16": [0, utf16_len(pattern)],
        "children": [],
    }


class _NodeWriter:
    """Turns PatternNodes into ExplainNode dicts, with UTF-16 spans and descriptions."""

    def __init__(self, pattern: str, describer: Describer) -> None:
        self._pattern = pattern
        self._to16 = Utf16Offsets(pattern)
        self._describer = describer

    def write(
        self, node: PatternNode, parent: PatternNode | None = None, index: int = 0
    ) -> ExplainNode:
        out: ExplainNode = {
            "kind": node.kind,
            "description": self._describer.describe(node, parent, index),
            "span": [node.start, node.end],
            "span16": self._to16.span(node.start, node.end),
            "children": [self.write(child, node, i) for i, child in enumerate(node.children)],
        }
        self._add_details(node, out)
        return out

    def _add_details(self, node: PatternNode, out: ExplainNode) -> None:
        kind = node.kind
        if kind in ("literal", "escape"):
            out["char"] = chr(node.code)
            out["codePoint"] = node.code
        elif kind == "range":
            out["first"] = chr(node.children[0].code)
            out["last"] = chr(node.children[1].code)
        elif kind == "class":
            out["negated"] = node.negated
        elif kind == "category":
            out["category"] = CATEGORY_NAMES[node.sre_name]
        elif kind == "anchor":
            out["anchor"] = ANCHOR_NAMES[node.sre_name]
        elif kind in ("group", "backref", "conditional"):
            out["groupIndex"] = node.group
            out["name"] = node.name
        elif kind == "repeat":
            out["min"] = node.min
            out["max"] = node.max
            out["mode"] = node.mode
            out["quantifierSpan16"] = self._to16.span(node.quantifier_start, node.end)
        elif kind == "flags":
            out["flags"] = self._describer.names(node.added)
        elif kind == "scopedFlags":
            out["added"] = self._describer.names(node.added)
            out["removed"] = self._describer.names(node.removed)
        elif kind == "comment":
            out["text"] = self._comment_text(node)

    def _comment_text(self, node: PatternNode) -> str:
        source = self._pattern[node.start : node.end]
        return source[3:-1] if source.startswith("(?#") else source[1:]


# -- JSON Schema -------------------------------------------------------------------------------

JsonSchema: TypeAlias = dict[str, Any]


def _ref(name: str) -> JsonSchema:
    return {"$ref": f"#/$defs/{name}"}


def _described(schema: JsonSchema, description: str) -> JsonSchema:
    return {**schema, "description": description}


def _kind_requires(kinds: list[str], keys: list[str]) -> JsonSchema:
    return {
        "if": {"properties": {"kind": {"enum": kinds}}, "required": ["kind"]},
        "then": {"required": keys},
    }


_NAME_OR_NULL: JsonSchema = {"anyOf": [{"type": "string"}, {"type": "null"}]}
_FLAG_NAME_LIST: JsonSchema = {"type": "array", "items": {"type": "string"}}

EXPLAIN_SCHEMA_DEFS: dict[str, JsonSchema] = {
    "ExplainResult": {
        "title": "ExplainResult",
        "description": "What explain returns: the pattern's tree, or the error re raised for it.",
        "oneOf": [_ref("ExplainSuccess"), _ref("ErrorResult")],
    },
    "ExplainSuccess": {
        "title": "ExplainSuccess",
        "description": "The pattern compiled; its constructs as a tree.",
        "type": "object",
        "properties": {
            "ok": {"const": True},
            "tree": _described(_ref("ExplainNode"), "The whole pattern: a node of kind 'pattern'."),
            "flags": _described(
                _FLAG_NAME_LIST,
                "The effective flags by name, inline ones and the implied UNICODE included, in "
                "RegexFlag value order (as in EvaluateResult).",
            ),
            "note": _described(
                {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "Null normally. A sentence for the reader when this Python's parser could not "
                "be read; the tree is then one 'pattern' node without children.",
            ),
        },
        "required": ["ok", "tree", "flags", "note"],
        "additionalProperties": False,
    },
    "ExplainNodeKind": {
        "title": "ExplainNodeKind",
        "description": (
            "What a construct is. pattern: the whole pattern. sequence: one alternative of an "
            "alternation or one branch of a conditional. alternation: a|b (children are "
            "sequences). literal: a character written as itself. escape: a character written as "
            "an escape (\\n, \\., \\x41, \\u00e9, \\N{...}, \\101). any: '.'. class: [...] "
            "(children: literal, escape, range, category). range: a-z inside a class (children: "
            "its two ends). category: \\d \\D \\s \\S \\w \\W. group: (...) or (?P<name>...). "
            "noncapture: (?:...). lookahead (?=...), negativeLookahead (?!...), lookbehind "
            "(?<=...), negativeLookbehind (?<!...). atomic: (?>...). conditional: "
            "(?(1)yes|no) (children: the yes and optional no sequences). backref: \\1 or "
            "(?P=name). repeat: * + ? {m,n} with ? (lazy) or + (possessive) (children[0] is "
            "what is repeated; comments may follow it). anchor: ^ $ \\A \\Z \\z \\b \\B. flags: "
            "(?i) for the whole pattern. scopedFlags: (?i-m:...). comment: (?#...) or, in "
            "verbose mode, # to the end of the line."
        ),
        "enum": list(NODE_KINDS),
    },
    "ExplainNode": {
        "title": "ExplainNode",
        "description": (
            "One construct of the pattern. Children lie inside their parent's span, in source "
            "order, without overlapping. Whitespace that verbose mode ignores belongs to no node."
        ),
        "type": "object",
        "properties": {
            "kind": _ref("ExplainNodeKind"),
            "description": {"type": "string", "description": "What it does, in plain English."},
            "span": _described(_ref("Span"), "Where it is written, in code points."),
            "span16": _described(
                _ref("Span"), "Where it is written, in UTF-16 code units (for the editor)."
            ),
            "children": {
                "type": "array",
                "items": _ref("ExplainNode"),
                "description": "Its parts, in source order (see ExplainNodeKind for each kind's).",
            },
            "char": {
                "type": "string",
                "description": "literal, escape: the character matched.",
            },
            "codePoint": {
                "type": "integer",
                "minimum": 0,
                "description": "literal, escape: its code point.",
            },
            "first": {"type": "string", "description": "range: its first character."},
            "last": {"type": "string", "description": "range: its last character."},
            "negated": {"type": "boolean", "description": "class: [^...]."},
            "category": {
                "enum": list(CATEGORY_NAMES.values()),
                "description": "category: which one (\\d digit, \\D notDigit, ...).",
            },
            "anchor": {
                "enum": list(ANCHOR_NAMES.values()),
                "description": (
                    "anchor: ^ start, $ end, \\A startOfString, \\Z and \\z endOfString, \\b "
                    "wordBoundary, \\B notWordBoundary."
                ),
            },
            "groupIndex": {
                "type": "integer",
                "minimum": 1,
                "description": "group: its number; backref, conditional: the group referred to.",
            },
            "name": _described(_NAME_OR_NULL, "group, backref, conditional: the group's name."),
            "min": {"type": "integer", "minimum": 0, "description": "repeat: at least."},
            "max": _described(
                {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                "repeat: at most; null for no limit.",
            ),
            "mode": {
                "enum": ["greedy", "lazy", "possessive"],
                "description": "repeat: greedy (as many as possible), lazy (as few), possessive "
                "(as many, never giving any back).",
            },
            "quantifierSpan16": _described(
                _ref("Span"), "repeat: where its quantifier (*, +?, {2,3}+...) is, in UTF-16."
            ),
            "flags": _described(_FLAG_NAME_LIST, "flags: the flags turned on, by name."),
            "added": _described(_FLAG_NAME_LIST, "scopedFlags: the flags turned on."),
            "removed": _described(_FLAG_NAME_LIST, "scopedFlags: the flags turned off."),
            "text": {"type": "string", "description": "comment: its text."},
        },
        "required": ["kind", "description", "span", "span16", "children"],
        "additionalProperties": False,
        "allOf": [
            _kind_requires(["literal", "escape"], ["char", "codePoint"]),
            _kind_requires(["range"], ["first", "last"]),
            _kind_requires(["class"], ["negated"]),
            _kind_requires(["category"], ["category"]),
            _kind_requires(["anchor"], ["anchor"]),
            _kind_requires(["group", "backref", "conditional"], ["groupIndex", "name"]),
            _kind_requires(["repeat"], ["min", "max", "mode", "quantifierSpan16"]),
            _kind_requires(["flags"], ["flags"]),
            _kind_requires(["scopedFlags"], ["added", "removed"]),
            _kind_requires(["comment"], ["text"]),
        ],
    },
}
