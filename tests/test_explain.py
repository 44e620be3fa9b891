"""explain(): every construct `re` has, with its kind, its span in UTF-16 and its description.

Spans are checked the way the page uses them: slicing the pattern's UTF-16 encoding by `span16` must
give the construct's source text. Property tests check that explain never raises and that every tree
is well formed, and that patterns drawn from a grammar never fall back to the flat tree (which would
mean the reader disagrees with CPython's parser).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyregex import sre_check
from pyregex.evaluate import evaluate
from pyregex.explain import EXPLAIN_SCHEMA_DEFS, FALLBACK_NOTE, NODE_KINDS, explain
from pyregex.pattern_tree import UnreadablePattern
from pyregex.schema import json_schema

Node = dict[str, Any]

# By its import path: the package may re-export the function `explain` under the same name.
explain_module = importlib.import_module("pyregex.explain")

HAS_LOWER_Z = sre_check.cpython_parser().tables.anchors.get(r"\z") is not None

# Source text each kind must have (checked on every tree the tests see).
_OPENERS = {
    "noncapture": "(?:",
    "lookahead": "(?=",
    "negativeLookahead": "(?!",
    "lookbehind": "(?<=",
    "negativeLookbehind": "(?<!",
    "atomic": "(?>",
    "conditional": "(?(",
    "scopedFlags": "(?",
    "group": "(",
}
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node["children"]:
        yield from walk(child)


def source16(pattern: str, span16: list[int]) -> str:
    """What the browser gets by slicing the pattern (a JS string, UTF-16) with span16."""
    units = pattern.encode("utf-16-le", "surrogatepass")
    start, end = span16
    return units[2 * start : 2 * end].decode("utf-16-le", "surrogatepass")


def tree_of(pattern: str, flags: str = "") -> Node:
    result = explain(pattern, flags)
    assert result["ok"], result
    assert result["note"] is None, "the reader disagreed with CPython's parser"
    assert_well_formed(result["tree"], pattern)
    tree: Node = dict(result["tree"])
    return tree


def find(tree: Node, kind: str, source: str, pattern: str) -> Node:
    """The node of `kind` whose source text is `source`."""
    found = [
        n for n in walk(tree) if n["kind"] == kind and source16(pattern, n["span16"]) == source
    ]
    assert found, f"no {kind} node {source!r} in {pattern!r}"
    return found[0]


def assert_well_formed(tree: Node, pattern: str) -> None:
    """Spans nest and run in source order, span16 and span agree, and each node's source text
    has the shape of its kind."""
    assert tree["kind"] == "pattern"
    assert tree["span"] == [0, len(pattern)]
    assert tree["span16"] == [0, len(pattern.encode("utf-16-le", "surrogatepass")) // 2]
    for node in walk(tree):
        start, end = node["span"]
        assert source16(pattern, node["span16"]) == pattern[start:end]
        assert node["kind"] in NODE_KINDS
        assert node["description"]
        previous_end = node["span16"][0]
        for child in node["children"]:
            assert previous_end <= child["span16"][0] <= child["span16"][1] <= node["span16"][1]
            previous_end = child["span16"][1]
        assert_shape(node, source16(pattern, node["span16"]), pattern)


def assert_shape(node: Node, source: str, pattern: str) -> None:
    kind = node["kind"]
    if kind == "literal":
        assert source == node["char"]
    elif kind == "escape":
        assert source.startswith("\\")
        assert len(source) >= 2
    elif kind == "any":
        assert source == "."
    elif kind == "class":
        assert source.startswith("[")
        assert source.endswith("]")
    elif kind == "range":
        first, last = (source16(pattern, end["span16"]) for end in node["children"])
        assert source == f"{first}-{last}"
    elif kind == "category":
        assert re.fullmatch(r"\\[dDsSwW]", source)
    elif kind in _OPENERS:
        assert source.startswith(_OPENERS[kind])
        assert source.endswith(")")
    elif kind == "backref":
        assert re.fullmatch(r"\\\d\d?|\(\?P=\w+\)", source)
    elif kind == "repeat":
        assert _QUANTIFIER.fullmatch(source16(pattern, node["quantifierSpan16"]))
        assert node["quantifierSpan16"][1] == node["span16"][1]
        assert node["children"][0]["span16"][0] == node["span16"][0]
    elif kind == "anchor":
        assert source in ("^", "$") or re.fullmatch(r"\\[AZzbB]", source)
    elif kind == "flags":
        assert re.fullmatch(r"\(\?[a-zA-Z]+\)", source)
    elif kind == "comment":
        assert source.startswith(("(?#", "#"))


# -- every construct ---------------------------------------------------------------------------

# (pattern, flags, kind, source of the node, fields it must have, words its description contains)
CONSTRUCTS: list[tuple[str, str, str, str, dict[str, Any], str]] = [
    ("abc", "", "literal", "b", {"char": "b", "codePoint": 98}, "the character 'b'"),
    ("x{a", "", "literal", "{", {"char": "{"}, "'{'"),
    ("a", "i", "literal", "a", {}, "ignoring case"),
    (r"a\.", "", "escape", r"\.", {"char": "."}, "'.'"),
    (r"\n", "", "escape", r"\n", {"char": "\n", "codePoint": 10}, "LINE FEED"),
    (r"\t", "", "escape", r"\t", {"char": "\t"}, "TAB"),
    (r"\x41", "", "escape", r"\x41", {"char": "A"}, "'A'"),
    (r"\u00e9", "", "escape", r"\u00e9", {"char": "é"}, "LATIN SMALL LETTER E WITH ACUTE"),
    (r"\U0001F600", "", "escape", r"\U0001F600", {"char": "😀"}, "GRINNING FACE"),
    (r"\N{EM DASH}", "", "escape", r"\N{EM DASH}", {"char": "—"}, "EM DASH"),
    (r"\101", "", "escape", r"\101", {"char": "A"}, "'A'"),
    (r"\0", "", "escape", r"\0", {"char": "\0"}, "NULL"),
    (r"\07", "", "escape", r"\07", {"char": "\a"}, "BELL"),
    (".", "", "any", ".", {}, "any character except a newline"),
    (".", "s", "any", ".", {}, "newline included"),
    ("[a-z_]", "", "class", "[a-z_]", {"negated": False}, "one character from: 'a' to 'z', '_'"),
    (r"[^\d\s]", "", "class", r"[^\d\s]", {"negated": True}, "one character not in"),
    ("[a-z_]", "", "range", "a-z", {"first": "a", "last": "z"}, "from 'a' to 'z'"),
    (r"[\x00-\x1f]", "", "range", r"\x00-\x1f", {"first": "\0", "last": "\x1f"}, "U+001F"),
    ("[]a]", "", "literal", "]", {"char": "]"}, "']'"),
    ("[a-]", "", "literal", "-", {"char": "-"}, "'-'"),
    (r"[\]]", "", "escape", r"\]", {"char": "]"}, "']'"),
    (r"[\b]", "", "escape", r"\b", {"char": "\b"}, "BACKSPACE"),
    (r"[\w.]", "", "category", r"\w", {"category": "word"}, "word character"),
    (r"\d", "", "category", r"\d", {"category": "digit"}, r"a digit (\d, Unicode)"),
    (r"\d", "a", "category", r"\d", {"category": "digit"}, r"a digit (\d, ASCII)"),
    (r"\D", "", "category", r"\D", {"category": "notDigit"}, "not a digit"),
    (r"\s", "", "category", r"\s", {"category": "space"}, "whitespace"),
    (r"\S", "", "category", r"\S", {"category": "notSpace"}, "not whitespace"),
    (r"\w", "", "category", r"\w", {"category": "word"}, "letter, digit or underscore"),
    (r"\W", "", "category", r"\W", {"category": "notWord"}, "not a word character"),
    ("(a)", "", "group", "(a)", {"groupIndex": 1, "name": None}, "capturing group #1"),
    (
        r"(?P<year>\d{4})",
        "",
        "group",
        r"(?P<year>\d{4})",
        {"groupIndex": 1, "name": "year"},
        "capturing group #1 named 'year'",
    ),
    ("(?:ab)", "", "noncapture", "(?:ab)", {}, "non-capturing group"),
    ("a(?=b)", "", "lookahead", "(?=b)", {}, "what follows matches"),
    ("a(?!b)", "", "negativeLookahead", "(?!b)", {}, "what follows does not match"),
    ("a(?!)", "", "negativeLookahead", "(?!)", {}, "never succeeds"),
    ("(?<=a)b", "", "lookbehind", "(?<=a)", {}, "what precedes matches"),
    ("(?<!a)b", "", "negativeLookbehind", "(?<!a)", {}, "what precedes does not match"),
    ("(?>a+)b", "", "atomic", "(?>a+)", {}, "never backtracks"),
    ("a*", "", "repeat", "a*", {"min": 0, "max": None, "mode": "greedy"}, "zero or more of 'a'"),
    ("a+", "", "repeat", "a+", {"min": 1, "max": None}, "one or more of 'a', greedy"),
    ("a?", "", "repeat", "a?", {"min": 0, "max": 1}, "zero or one of 'a'"),
    ("a+?", "", "repeat", "a+?", {"mode": "lazy"}, "one or more of 'a', lazy"),
    ("a++", "", "repeat", "a++", {"mode": "possessive"}, "one or more of 'a', possessive"),
    ("a*+", "", "repeat", "a*+", {"mode": "possessive"}, "possessive"),
    ("a?+", "", "repeat", "a?+", {"mode": "possessive"}, "possessive"),
    ("a{3}", "", "repeat", "a{3}", {"min": 3, "max": 3}, "exactly 3 of 'a'"),
    ("a{2,}", "", "repeat", "a{2,}", {"min": 2, "max": None}, "at least 2 of 'a'"),
    ("a{,3}", "", "repeat", "a{,3}", {"min": 0, "max": 3}, "at most 3 of 'a'"),
    ("a{2,3}?", "", "repeat", "a{2,3}?", {"mode": "lazy"}, "between 2 and 3 of 'a', lazy"),
    ("a{1,2}+", "", "repeat", "a{1,2}+", {"mode": "possessive"}, "possessive"),
    ("(?:a|b)+", "", "repeat", "(?:a|b)+", {}, "one or more of (?:a|b)"),
    (
        "(a)?(?(1)b|c)",
        "",
        "conditional",
        "(?(1)b|c)",
        {"groupIndex": 1, "name": None},
        "if group #1 took part in the match",
    ),
    (
        "(?P<x>a)?(?(x)b)",
        "",
        "conditional",
        "(?(x)b)",
        {"groupIndex": 1, "name": "x"},
        "otherwise nothing",
    ),
    (r"(a)\1", "", "backref", r"\1", {"groupIndex": 1, "name": None}, "group #1 matched"),
    ("(?P<x>a)(?P=x)", "", "backref", "(?P=x)", {"groupIndex": 1, "name": "x"}, "('x')"),
    ("^a", "", "anchor", "^", {"anchor": "start"}, "the start of the string"),
    ("^a", "m", "anchor", "^", {"anchor": "start"}, "the start of a line"),
    ("a$", "", "anchor", "$", {"anchor": "end"}, "the end of the string"),
    ("a$", "m", "anchor", "$", {"anchor": "end"}, "the end of a line"),
    (r"\Aa", "", "anchor", r"\A", {"anchor": "startOfString"}, "start of the string only"),
    (r"a\Z", "", "anchor", r"\Z", {"anchor": "endOfString"}, "end of the string only"),
    (r"\ba", "", "anchor", r"\b", {"anchor": "wordBoundary"}, "a word boundary"),
    (r"\Ba", "", "anchor", r"\B", {"anchor": "notWordBoundary"}, "not a word boundary"),
    ("(?i)a", "", "flags", "(?i)", {"flags": ["IGNORECASE"]}, "whole pattern: IGNORECASE"),
    ("(?im)a", "", "flags", "(?im)", {"flags": ["IGNORECASE", "MULTILINE"]}, "MULTILINE"),
    ("(?i:a)", "", "scopedFlags", "(?i:a)", {"added": ["IGNORECASE"], "removed": []}, "on"),
    ("(?-i:a)", "i", "scopedFlags", "(?-i:a)", {"removed": ["IGNORECASE"]}, "IGNORECASE off"),
    ("(?s-i:.)", "", "scopedFlags", "(?s-i:.)", {"added": ["DOTALL"]}, "DOTALL on"),
    ("a(?#note)b", "", "comment", "(?#note)", {"text": "note"}, "comment"),
    ("a # note\nb", "x", "comment", "# note", {"text": " note"}, "comment"),
    ("a|b", "", "alternation", "a|b", {}, "one of 2 alternatives"),
    ("a|b", "", "sequence", "b", {}, "alternative 2 of 2"),
    ("a|", "", "sequence", "", {}, "empty"),
]
if HAS_LOWER_Z:
    CONSTRUCTS.append((r"a\z", "", "anchor", r"\z", {"anchor": "endOfString"}, "end of the"))


class Construct(NamedTuple):
    pattern: str
    flags: str
    kind: str
    source: str  # the node's source text
    fields: dict[str, Any]  # keys the node must have, with these values
    words: str  # a phrase its description must contain


@pytest.mark.parametrize(
    "case", [Construct(*c) for c in CONSTRUCTS], ids=[f"{c[2]}:{c[0]}/{c[1]}" for c in CONSTRUCTS]
)
def test_construct(case: Construct) -> None:
    node = find(tree_of(case.pattern, case.flags), case.kind, case.source, case.pattern)
    assert {key: node[key] for key in case.fields} == case.fields
    assert case.words in node["description"]


def test_every_documented_kind_is_covered() -> None:
    covered = {kind for _, _, kind, _, _, _ in CONSTRUCTS} | {"pattern"}
    assert covered == set(NODE_KINDS)


def test_sample_from_the_issue() -> None:
    pattern = r"(?P<year>\d{4})-(?:a|b)+?"
    tree = tree_of(pattern)
    group, dash, repeat = tree["children"]
    assert (group["kind"], group["span16"], group["name"]) == ("group", [0, 15], "year")
    assert group["children"][0]["description"] == r"exactly 4 of a digit (\d, Unicode)"
    assert (dash["kind"], dash["span16"]) == ("literal", [15, 16])
    assert repeat["description"] == "one or more of (?:a|b), lazy"
    assert repeat["quantifierSpan16"] == [23, 25]
    alternation = repeat["children"][0]["children"][0]
    assert [branch["span16"] for branch in alternation["children"]] == [[19, 20], [21, 22]]


# -- structure -----------------------------------------------------------------------------------


def test_nodes_carry_only_their_kinds_keys() -> None:
    tree = tree_of(r"a")
    assert set(tree["children"][0]) == {
        "kind",
        "description",
        "span",
        "span16",
        "children",
        "char",
        "codePoint",
    }


def test_verbose_mode_skips_whitespace_and_comments() -> None:
    pattern = "(?x)\n  (?P<y> \\d{4} )  # the year\n  - \\#  [ #]  # dash, hash, class\n"
    tree = tree_of(pattern)
    kinds = [(n["kind"], source16(pattern, n["span16"])) for n in tree["children"]]
    assert kinds == [
        ("flags", "(?x)"),
        ("group", "(?P<y> \\d{4} )"),
        ("comment", "# the year"),
        ("literal", "-"),
        ("escape", "\\#"),
        ("class", "[ #]"),
        ("comment", "# dash, hash, class"),
    ]
    group = tree["children"][1]
    assert [source16(pattern, n["span16"]) for n in group["children"]] == ["\\d{4}"]
    class_members = tree["children"][5]["children"]
    assert [m["char"] for m in class_members] == [" ", "#"]  # whitespace counts inside a class


def test_verbose_flag_letter_and_scoped_verbose() -> None:
    assert [n["kind"] for n in tree_of("a b", "x")["children"]] == ["literal", "literal"]
    tree = tree_of("(?x: a b ) c")
    scoped = tree["children"][0]
    assert [n["char"] for n in scoped["children"]] == ["a", "b"]
    assert [n["char"] for n in tree["children"][1:]] == [
        " ",
        "c",
    ]  # outside: not verbose


def test_verbose_turned_off_in_a_group() -> None:
    tree = tree_of("a (?-x: b )", "x")
    assert [n["char"] for n in tree["children"][1]["children"]] == [" ", "b", " "]


def test_quantifier_after_whitespace_and_comment_repeats_the_item() -> None:
    pattern = "a  # why\n  +"
    repeat = tree_of(pattern, "x")["children"][0]
    assert repeat["kind"] == "repeat"
    assert [c["kind"] for c in repeat["children"]] == ["literal", "comment"]
    assert source16(pattern, repeat["quantifierSpan16"]) == "+"
    inline = tree_of("a(?#why)*")["children"][0]
    assert [c["kind"] for c in inline["children"]] == ["literal", "comment"]


def test_escaped_newline_does_not_end_a_verbose_comment() -> None:
    pattern = "a # one \\\n two\nb"
    tree = tree_of(pattern, "x")
    assert [n["kind"] for n in tree["children"]] == ["literal", "comment", "literal"]
    assert tree["children"][1]["text"] == " one \\\n two"


def test_astral_characters_count_as_two_utf16_units() -> None:
    pattern = "😀+(é|😺)[😀-😂]"
    tree = tree_of(pattern)
    repeat, group, char_class = tree["children"]
    assert repeat["span16"] == [0, 3]
    assert repeat["span"] == [0, 2]
    assert group["span16"] == [3, 9]
    assert char_class["span16"] == [9, 16]
    assert source16(pattern, char_class["children"][0]["span16"]) == "😀-😂"


def test_conditional_branches_are_sequences() -> None:
    pattern = "(a)?(?(1)bc|d)"
    conditional = find(tree_of(pattern), "conditional", "(?(1)bc|d)", pattern)
    yes, no = conditional["children"]
    assert (yes["kind"], source16(pattern, yes["span16"])) == ("sequence", "bc")
    assert (no["kind"], source16(pattern, no["span16"])) == ("sequence", "d")
    assert "did not take part" in no["description"]


def test_numbered_backref_knows_the_group_name() -> None:
    pattern = r"(?P<word>\w+) \1"
    assert find(tree_of(pattern), "backref", r"\1", pattern)["name"] == "word"


def test_backref_versus_octal_escape() -> None:
    pattern = r"(a)\1\111\08"
    tree = tree_of(pattern)
    kinds = [(n["kind"], source16(pattern, n["span16"])) for n in tree["children"][1:]]
    assert kinds == [("backref", r"\1"), ("escape", r"\111"), ("escape", r"\0"), ("literal", "8")]


def test_template_only_escape_g_is_a_pattern_error() -> None:
    result = explain(r"\g<1>")
    assert not result["ok"]
    assert result["error"]["message"].startswith("bad escape \\g")


def test_scoped_ascii_replaces_unicode() -> None:
    pattern = r"\w(?a:\w)"
    tree = tree_of(pattern)
    assert "Unicode" in tree["children"][0]["description"]
    assert "ASCII" in tree["children"][1]["children"][0]["description"]


def test_result_flags_include_inline_and_implied_ones() -> None:
    result = explain("(?x)a", "i")
    assert result["ok"]
    assert result["flags"] == ["IGNORECASE", "UNICODE", "VERBOSE"]
    assert (
        result["flags"]
        == evaluate({"pattern": "(?x)a", "text": "", "op": "search", "flags": "i"})["flags"]
    )


def test_long_constructs_are_named_not_quoted() -> None:
    pattern = "(?:" + "x" * 50 + ")+"
    assert tree_of(pattern)["children"][0]["description"] == (
        "one or more of the non-capturing group, greedy"
    )


def test_lone_surrogates_count_as_one_utf16_unit() -> None:
    pattern = "\ud800+a"
    repeat, literal = tree_of(pattern)["children"]
    assert (repeat["span16"], literal["span16"]) == ([0, 2], [2, 3])


def test_nesting_deeper_than_the_reader_can_go_falls_back() -> None:
    """CPython's parser recurses less per level than the reader; past the reader's depth the
    pattern is still explained, as a whole, and the interpreter stays usable."""
    pattern = "(?:" * 300 + "a" + ")" * 300
    result = explain(pattern)
    assert result["ok"]
    assert result["note"] in (None, FALLBACK_NOTE)
    assert tree_of("(a)")["children"][0]["kind"] == "group"


def test_empty_pattern() -> None:
    tree = tree_of("")
    assert tree["children"] == []
    assert "empty string" in tree["description"]


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["(", "a)", "[a", "a**", r"\p", "(?P<1>a)", "😀(", "a{3,2}"])
def test_bad_pattern_gives_the_same_error_as_evaluate(pattern: str) -> None:
    result = explain(pattern)
    assert not result["ok"]
    assert result["error"]["where"] == "pattern"
    evaluated = evaluate({"pattern": pattern, "text": "", "op": "search"})
    assert not evaluated["ok"]
    assert result["error"] == evaluated["error"]


def test_bad_flags() -> None:
    locale = explain("a", "l")
    assert not locale["ok"]
    assert (locale["error"]["type"], locale["error"]["where"]) == ("ValueError", "flags")
    unknown = explain("a", "q")
    assert not unknown["ok"]
    assert unknown["error"]["where"] == "request"


# -- falling back when CPython's parser cannot be read --------------------------------------------


def _assert_fallback(pattern: str) -> None:
    result = explain(pattern)
    assert result["ok"]
    assert result["note"] == FALLBACK_NOTE
    tree = result["tree"]
    assert tree["kind"] == "pattern"
    assert tree["children"] == []
    assert tree["span16"] == [0, len(pattern.encode("utf-16-le")) // 2]


def test_falls_back_when_the_parser_module_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise sre_check.ParserChanged("no regex parser module")

    monkeypatch.setattr(sre_check, "_import_parser_module", missing)
    sre_check.cpython_parser.cache_clear()
    try:
        _assert_fallback("a😀(b)")
    finally:
        monkeypatch.undo()
        sre_check.cpython_parser.cache_clear()
    assert explain("a😀(b)")["note"] is None


def test_falls_back_when_the_parser_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = sre_check.cpython_parser()
    monkeypatch.setattr(type(parser), "parse", lambda self, pattern, flags: [("LITERAL", 0)])
    _assert_fallback("ab")


def test_falls_back_when_the_reader_meets_something_new(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(*args: object) -> object:
        raise UnreadablePattern("new syntax")

    monkeypatch.setattr(explain_module, "read_pattern", unreadable)
    _assert_fallback("(?P<n>x)")


def test_a_wrong_reading_is_caught_by_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    read = explain_module.read_pattern

    def misread(pattern: str, flags: int, tables: Any) -> Any:
        root = read(pattern, flags, tables)
        for node in root.walk():
            if node.kind == "repeat":
                node.max = 5
        return root

    monkeypatch.setattr(explain_module, "read_pattern", misread)
    _assert_fallback("a+")


# -- properties ----------------------------------------------------------------------------------

REGEX_ALPHABET = [*"()[]{}?*+|\\^$.-:=!<>#Pix1dDwbBAZz ,\n", "😀", "é"]


@given(
    st.one_of(st.text(), st.text(alphabet=st.sampled_from(REGEX_ALPHABET))),
    st.sampled_from(["", "x", "ims"]),
)
def test_explain_never_raises_and_trees_are_well_formed(pattern: str, flags: str) -> None:
    result = explain(pattern, flags)
    assert json.loads(json.dumps(result)) == result
    if result["ok"]:
        assert_well_formed(dict(result["tree"]), pattern)
    else:
        assert result["error"]["where"] == "pattern"


_ATOMS = st.sampled_from(
    [
        "a",
        "b",
        "é",
        "😀",
        ".",
        r"\d",
        r"\W",
        r"\.",
        r"\x41",
        "[a-c]",
        "[^x😀]",
        r"[\d-]",
        "[]-]",
        "^",
        "$",
        r"\b",
        r"\A",
        " ",
        "#",
        r"\1",
        "(?P=g)",
        "(?#c)",
        "x{",
        "(?<=a)",
        "(?<![ab]c)",
    ]
)
_QUANTIFIERS = st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{,2}", "{2,}"]).flatmap(
    lambda q: st.sampled_from([q, q + "?", q + "+"])
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = st.tuples(inner, inner)
    return st.one_of(
        pairs.map("".join),
        pairs.map("|".join),
        st.tuples(inner, _QUANTIFIERS).map(lambda t: f"(?:{t[0]}){t[1]}"),
        st.tuples(
            st.sampled_from(["(", "(?:", "(?>", "(?=", "(?!", "(?i:", "(?-i:", "(?x:"]), inner
        ).map(lambda t: f"{t[0]}{t[1]})"),
        st.tuples(st.sampled_from(["a", "[ab]", r"\w", "(?:ab)"]), _QUANTIFIERS).map("".join),
        pairs.map(lambda t: f"(?(g){t[0]}|{t[1]})"),
        pairs.map(lambda t: f"(?(1){t[0]})"),
    )


GRAMMAR_PATTERNS = st.tuples(
    st.sampled_from(["", "(?x)", "(?i)"]),
    st.recursive(_ATOMS, _extend, max_leaves=10),
    st.sampled_from(["", "\n # end"]),
).map(lambda t: f"{t[0]}(?P<g>g)?{t[1]}{t[2]}")


@given(GRAMMAR_PATTERNS, st.sampled_from(["", "x", "is", "a"]))
def test_grammar_patterns_agree_with_cpython(pattern: str, flags: str) -> None:
    result = explain(pattern, flags)
    if not result["ok"]:
        return  # e.g. a lookbehind of variable width: re's error, not ours
    assert result["note"] is None, pattern
    assert_well_formed(dict(result["tree"]), pattern)


# -- schema --------------------------------------------------------------------------------------


def test_schema_defs_are_documented_and_closed() -> None:
    assert set(EXPLAIN_SCHEMA_DEFS) == {
        "ExplainResult",
        "ExplainSuccess",
        "ExplainNode",
        "ExplainNodeKind",
    }
    for name, schema in EXPLAIN_SCHEMA_DEFS.items():
        assert schema["title"] == name
        assert schema["description"]
        if schema.get("type") == "object":
            assert schema["additionalProperties"] is False
            for prop in schema["properties"].values():
                assert "description" in prop or "$ref" in prop or "const" in prop
    assert EXPLAIN_SCHEMA_DEFS["ExplainNodeKind"]["enum"] == list(NODE_KINDS)


def test_results_validate_against_the_schema() -> None:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is not installed (it is not among the Pyodide test wheels)"
    )
    document = json_schema()
    validator = jsonschema.Draft202012Validator({**document, "$ref": "#/$defs/ExplainResult"})
    patterns = [pattern for pattern, *_ in CONSTRUCTS] + ["(", "a{3,2}"]
    for pattern in patterns:
        validator.validate(explain(pattern))
    validator.validate(explain("a", "l"))


def test_the_fixture_the_page_draws_from_is_the_cores_own_answer() -> None:
    # tests/fixtures/explain_trees.json feeds the diagram's Vitest tests (see
    # scripts/generate-explain-trees.py); it must stay what explain() answers, on every version.
    path = Path(__file__).parent / "fixtures" / "explain_trees.json"
    entries = json.loads(path.read_text("utf-8"))
    drawn = {entry["kind"] for entry in entries}
    assert drawn == {kind for _, _, kind, _, _, _ in CONSTRUCTS} | {None}
    for entry in entries:
        assert explain(entry["pattern"], entry["flags"]) == entry["answer"], entry["pattern"]
