"""sre_program: CPython's own code for a pattern, and for each code the construct that emitted it.

The code must be exactly what `re._compiler._code` gives. The spans are checked the way the
debugger uses them: every code index has one, inside the pattern, and each opcode's span holds the
construct that opcode stands for (a MARK its group, a BRANCH its alternation, a REPEAT_ONE its
quantified item...). Opcodes are found by disassembling the code the way `re._compiler.dis` does.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyregex import sre_program
from pyregex.pattern_tree import read_pattern
from pyregex.sre_check import cpython_parser
from pyregex.sre_program import Program, program

FLAGS = {"": 0, "i": re.I, "x": re.X, "s": re.S, "m": re.M, "a": re.A, "im": re.I | re.M}

CORPUS = [
    "",
    "a",
    "abc",
    "a(b)c",
    "a+",
    "a*?b",
    "a{2,5}+",
    "(?:ab)*x",
    "(a|b)+c",
    "(a+)+$",
    "ab|ac",
    "a|b|[cd]",
    "x|yz|",
    r"(?P<year>\d{4})-(?P<month>\d\d)",
    r"(?P<n>a)(?P=n)\1",
    "(a)?(?(1)b|c)",
    "(?(1)x)(a)",
    "(?=ab)a",
    "(?!a)b",
    "(?<=ab)c",
    "(?<!x)y",
    "(?!)",
    "(?>a+)b",
    "a*+b",
    "(?i)Straße",
    "(?i:K)k",
    "(?-i:a)b",
    "(?x) a b # comment\n c",
    r"\bfoo\B\A\Z",
    "^a$",
    ".+.*?",
    r"[^\W\d]+",
    "[a-z😀]+",
    "[😀-😂]x",
    "😀(x)😂",
    "\ud800+",
    r"\x41\u00e9\U0001F600\N{BULLET}",
    r"[\s\S]",
    r"\d|\s|x",
    "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\\11",
    "a{,3}b{3}c{3,}",
    "(?:a|b)*?c",
    "((a)|b)*",
    "(?#note)a(?#n2)*",
    "x{",
    "[]-]",
]


def disassemble(prog: Program) -> Iterator[tuple[int, str, list[int]]]:
    """(index, opcode name, arguments) of every opcode, as re._compiler.dis walks the code."""
    code, names = prog.code, prog.op_names

    def walk(start: int, end: int) -> Iterator[tuple[int, str, list[int]]]:
        i = start
        while i < end:
            at, name = i, names[code[i]]
            i += 1
            if name in ("SUCCESS", "FAILURE", "ANY", "ANY_ALL", "MAX_UNTIL", "MIN_UNTIL"):
                yield at, name, []
            elif (
                "LITERAL" in name
                or name in ("AT", "CATEGORY", "MARK", "JUMP")
                or (name.startswith("GROUPREF") and name != "GROUPREF_EXISTS")
            ):
                yield at, name, [code[i]]
                i += 1
            elif name.startswith("IN"):
                if name == "INFO":
                    yield at, name, code[i : i + 4]
                else:
                    yield at, name, [code[i]]
                i += code[i]
            elif name == "BRANCH":
                yield at, name, [code[i]]
                skip = code[i]
                while skip:
                    yield from walk(i + 1, i + skip)
                    i += skip
                    skip = code[i]
                i += 1
            elif name in ("REPEAT", "REPEAT_ONE", "MIN_REPEAT_ONE", "POSSESSIVE_REPEAT_ONE") or (
                name == "POSSESSIVE_REPEAT"
            ):
                yield at, name, code[i : i + 3]
                yield from walk(i + 3, i + code[i])
                i += code[i]
            elif name == "GROUPREF_EXISTS":
                yield at, name, code[i : i + 2]
                i += 2
            elif name in ("ASSERT", "ASSERT_NOT"):
                yield at, name, code[i : i + 2]
                yield from walk(i + 2, i + code[i])
                i += code[i]
            elif name == "ATOMIC_GROUP":
                yield at, name, [code[i]]
                yield from walk(i + 1, i + code[i])
                i += code[i]
            else:
                raise AssertionError(f"unexpected opcode {name} at {at}")

    return walk(0, len(code))


_QUANTIFIED = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?$")


def assert_plausible(pattern: str, flags: int, prog: Program) -> None:
    """Each opcode's span holds the construct that opcode stands for."""
    assert prog.spans is not None, pattern
    assert len(prog.spans) == len(prog.code)
    for span in prog.spans:
        assert span is not None
        assert 0 <= span[0] <= span[1] <= len(pattern)
    last = len(prog.code) - 1
    parser = cpython_parser()
    group_spans = {
        node.group: (node.start, node.end)
        for node in read_pattern(pattern, flags, parser.tables).walk()
        if node.kind == "group"
    }
    assert prog.op_names[prog.code[last]] == "SUCCESS"
    assert prog.spans[0] == prog.spans[last] == (0, len(pattern))
    for index, name, args in disassemble(prog):
        start, end = prog.spans[index]
        source = pattern[start:end]
        if name == "MARK":
            assert group_spans[args[0] // 2 + 1] == (start, end), (pattern, index, source)
        elif name in ("REPEAT", "REPEAT_ONE", "MIN_REPEAT_ONE") or name.startswith("POSSESSIVE"):
            assert _QUANTIFIED.search(source), (pattern, index, source)
        elif name == "BRANCH" or "|" in source:
            # Items alternatives share, or merge into one class, are the alternation's.
            assert "|" in source, (pattern, index, source)
        elif name in ("ASSERT", "ASSERT_NOT"):
            assert source[:3] in ("(?=", "(?!", "(?<"), (pattern, index, source)
        elif name == "ATOMIC_GROUP":
            assert source.startswith("(?>"), (pattern, index, source)
        elif name == "GROUPREF_EXISTS":
            assert source.startswith("(?("), (pattern, index, source)
        elif name.startswith("GROUPREF"):
            assert source.startswith(("\\", "(?P=")), (pattern, index, source)
        elif name in {"ANY", "ANY_ALL"}:
            assert source == "." or source.startswith("["), (pattern, index, source)
        elif name == "AT":
            assert source in ("^", "$") or source[0] == "\\", (pattern, index, source)
        elif "LITERAL" in name or (name.startswith("IN") and name != "INFO"):
            assert len(source) == 1 or source.startswith(("\\", "[")), (pattern, index, source)
        elif name == "INFO":
            assert (start, end) == (0, len(pattern))


def expected_code(pattern: str, flags: int) -> list[int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compiled = re._compiler._code(re._parser.parse(pattern, flags), flags)  # type: ignore[attr-defined]
    return list(compiled if isinstance(compiled, list) else compiled.code)


@pytest.mark.parametrize("letters", sorted(FLAGS))
@pytest.mark.parametrize("pattern", CORPUS)
def test_code_is_cpythons_and_every_opcode_points_at_its_construct(
    pattern: str, letters: str
) -> None:
    flags = FLAGS[letters]
    try:
        re.compile(pattern, flags)
    except (re.error, ValueError):
        with pytest.raises((re.error, ValueError)):
            program(pattern, flags)
        return
    prog = program(pattern, flags)
    assert list(prog.code) == expected_code(pattern, flags)
    assert prog.groups == re.compile(pattern, flags).groups
    assert_plausible(pattern, flags, prog)


def op_spans(pattern: str, op_name: str) -> list[tuple[int, int] | None]:
    prog = program(pattern, 0)
    assert prog.spans is not None
    return [prog.spans[index] for index, name, _ in disassemble(prog) if name == op_name]


def test_named_examples() -> None:
    assert op_spans("a(b)c", "LITERAL") == [(0, 1), (2, 3), (4, 5)]
    assert op_spans("a(b)c", "MARK") == [(1, 4), (1, 4)]
    assert op_spans("a+", "REPEAT_ONE") == [(0, 2)]
    assert op_spans("x(?:y|zz)", "BRANCH") == [(4, 8)]
    assert op_spans("(a|b)c", "IN") == [(1, 4)]  # one-character alternatives merged
    assert op_spans("ab|ac", "LITERAL")[0] == (0, 5)  # the prefix both alternatives share
    assert op_spans("(?:ab)+", "REPEAT") == [(0, 7)]
    assert op_spans("(?:ab)+", "MAX_UNTIL") == [(0, 7)]
    assert op_spans("(?P<n>a)(?P=n)", "GROUPREF") == [(8, 14)]
    assert op_spans(r"a\b", "AT") == [(1, 3)]


def test_positions_are_code_points_with_astral_and_lone_surrogates() -> None:
    assert op_spans("😀(x)", "MARK") == [(1, 4), (1, 4)]
    assert op_spans("😀😂x", "LITERAL")[-1] == (2, 3)
    assert op_spans("\ud800+y", "REPEAT_ONE") == [(0, 2)]
    assert op_spans("[😀-😂]+", "REPEAT_ONE") == [(0, 6)]


def test_op_names_are_re_constants() -> None:
    names = program("a", 0).op_names
    opcodes = re._constants.OPCODES  # type: ignore[attr-defined]
    assert names == tuple(op.name for op in opcodes)
    assert names[0] == "FAILURE"
    assert "MARK" in names


def test_errors_are_res_own() -> None:
    with pytest.raises(re.error):
        program("(", 0)
    with pytest.raises(re.error):
        program("(?<=a+)b", 0)
    with pytest.raises(ValueError, match="cannot use LOCALE flag"):
        program("a", re.LOCALE)


def test_a_compiler_that_emits_other_code_gives_no_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    real = re._compiler._compile  # type: ignore[attr-defined]

    def different(code: list[int], pattern: object, flags: int) -> None:
        """Compiles the wrapped parse (the second compilation) into something else."""
        real(code, pattern, flags)
        if type(pattern).__name__ == "_SpannedSubpattern":
            code.append(0)

    monkeypatch.setattr(re._compiler, "_compile", different)  # type: ignore[attr-defined]
    prog = program("a(b)", 0)
    monkeypatch.undo()
    assert prog.spans is None
    assert list(prog.code) == expected_code("a(b)", 0)


def test_a_source_that_cannot_be_matched_gives_no_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    def unmatched(*args: object) -> None:
        raise sre_program.ParserChanged("new parse shape")

    monkeypatch.setattr(sre_program, "item_spans", unmatched)
    prog = program("a(b)", 0)
    assert prog.spans is None
    assert list(prog.code) == expected_code("a(b)", 0)


_ATOMS = st.sampled_from(
    [
        *("a", "b", "é", "😀", ".", r"\d", r"\W", r"\x41", "[a-c]", "[^x😀]", "^", "$", r"\b"),
        *(r"\1", "(?P=g)", "(?#c)", "(?<=a)", "(?<![ab]c)", " ", "#"),
    ]
)
_QUANTIFIERS = st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{,2}"]).flatmap(
    lambda q: st.sampled_from([q, q + "?", q + "+"])
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = st.tuples(inner, inner)
    return st.one_of(
        pairs.map("".join),
        pairs.map("|".join),
        st.tuples(inner, _QUANTIFIERS).map(lambda t: f"(?:{t[0]}){t[1]}"),
        st.tuples(st.sampled_from(["(", "(?:", "(?>", "(?=", "(?!", "(?i:", "(?x:"]), inner).map(
            lambda t: f"{t[0]}{t[1]})"
        ),
        st.tuples(st.sampled_from(["a", "[ab]", r"\w", "(?:ab)", "(b)"]), _QUANTIFIERS).map(
            "".join
        ),
        pairs.map(lambda t: f"(?(g){t[0]}|{t[1]})"),
    )


GRAMMAR_PATTERNS = st.recursive(_ATOMS, _extend, max_leaves=10).map(lambda p: f"(?P<g>g)?{p}")


@given(GRAMMAR_PATTERNS, st.sampled_from(sorted(FLAGS)))
def test_grammar_patterns_are_mapped(pattern: str, letters: str) -> None:
    flags = FLAGS[letters]
    try:
        re.compile(pattern, flags)
    except re.error:
        return  # e.g. a lookbehind of variable width
    prog = program(pattern, flags)
    assert list(prog.code) == expected_code(pattern, flags)
    assert_plausible(pattern, flags, prog)
