"""The sre interpreter against `_sre` itself: for a corpus that exercises every opcode, flag and
search shortcut, and for generated patterns, its groups and lastindex equal `re`'s in every mode
(match, fullmatch, search with pos/endpos, and a scanner's run with must_advance); plus its step
budget, its refusal of unknown opcodes, and steps that grow the way backtracking grows.

The program is CPython's own: re._compiler._code of re._parser.parse, as sre_program wraps it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import warnings
from array import array
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyregex import sre_vm
from pyregex.sre_vm import StepBudgetExceeded, UnsupportedOpcode, run
from test_properties import compile_or_error, flag_letters, patterns, re_flags, texts

BUDGET = 2_000_000

OPCODE_NAMES = {int(op): str(op) for op in re._constants.OPCODES}  # type: ignore[attr-defined]


def program(pattern: str | bytes, flags: int = 0) -> tuple[list[int], int]:
    parsed = _parser.parse(pattern, flags)
    return _compiler._code(parsed, flags), parsed.state.groups - 1


def expected(m: re.Match[Any] | None) -> tuple[Any, Any]:
    return (None, None) if m is None else (list(m.regs), m.lastindex)


def outcome(call: Any) -> Any:
    """(regs, lastindex) of a match call, or the type of the error it raised (re raises a
    SystemError for a group span its engine got wrong, on versions with that bug)."""
    try:
        return call()
    except SystemError as exc:
        return type(exc)


def vm_outcome(code: list[int], groups: int, text: str, pos: int, endpos: int, **kw: Any) -> Any:
    def call() -> tuple[Any, Any]:
        result = run(code, groups, text, pos, endpos, max_steps=BUDGET, **kw)
        return result.regs, result.lastindex

    return outcome(call)


def scan(code: list[int], groups: int, text: str) -> list[tuple[Any, Any]]:
    """finditer the way _sre's scanner does it: each search starts where the last match ended,
    with must_advance after an empty match."""
    found = []
    pos = 0
    must_advance = False
    while pos <= len(text):
        result = run(
            code, groups, text, pos, len(text), search=True, must_advance=must_advance,
            max_steps=BUDGET,
        )  # fmt: skip
        if result.regs is None:
            break
        found.append((result.regs, result.lastindex))
        start, end = result.regs[0]
        must_advance = start == end
        pos = end
    return found


def assert_agrees(pattern: str | bytes, text: str, flags: int = 0) -> int:
    """The VM agrees with re on `text` in every mode; returns how many calls were compared."""
    regex = re.compile(pattern, flags)
    code, groups = program(pattern, flags)
    subject: Any = text.encode("latin-1") if isinstance(pattern, bytes) else text
    n = len(text)
    compared = 0
    bounds = {(0, n), (1, n), (0, max(n - 1, 0)), (2, 1)}
    for pos, endpos in sorted(bounds):
        for mode in ("match", "fullmatch", "search"):
            want = outcome(lambda: expected(getattr(regex, mode)(subject, pos, endpos)))  # noqa: B023
            got = vm_outcome(
                code, groups, text, pos, endpos, search=mode == "search",
                match_all=mode == "fullmatch",
            )  # fmt: skip
            assert got == want, (pattern, text, flags, mode, pos, endpos)
            compared += 1
    want_all = outcome(lambda: [expected(m) for m in regex.finditer(subject)])
    got_all = outcome(lambda: scan(code, groups, text))
    assert got_all == want_all, (pattern, text, flags, "finditer")
    return compared + 1


BIG_SET = "[" + "".join(chr(c) for c in range(0x100, 0x2000, 37)) + "😀]"

CORPUS = [
    # literals, search prefixes (one character, several with an overlap table, whole literal)
    "a", "abc", "abab", "aab", "hello", "ab[cd]", r"xyz\d", "ab|ac", "",
    # classes: sets, negation, ranges, categories, big charsets, non-BMP ranges
    "[abc]", "[^abc]", "[^b]c", "x[^y]+", "[a-f0-9]+", "[^a-f]", r"[\d\s]", r"[^\w]",
    "[😀-😂x]+", "[\u0100-\u0200]",
    BIG_SET, BIG_SET + "+", r"[\s\S]", r"[^\s\S]", r"[\d\D]+", "[ab]c", "(a|b)c",
    # categories and dot
    r"\d+", r"\D", r"\s", r"\S+", r"\w+", r"\W", ".", ".+", "(?s).+", "(?s).", "a.c",
    r"(?a)\w+", r"(?a)\d\s\W",
    # case-insensitive: Unicode folds (long s, Kelvin sign, sharp s, final sigma), ASCII-only
    "(?i)\u017f", "(?i)s+", "(?i)k", "(?i)K", "(?i)ß", "(?i)[a-z]+", "(?i)[k-m]", "(?i)[^k]",
    "(?i)Σ", "(?i)[ǅ]", "(?i)[\u0100-\u017f]+", "(?i)[ά-ώ]+", "(?i)[^a]*", "(?i)x[^k]", "(?ia)k",
    "(?ia)[k]+", "(?ia)[^s]", r"(?i)(ab)\1", r"(?i)(\u017f)\1", r"(?ia)(k)\1", "(?i)hello",
    "(?i)a+?b",
    # anchors
    "^a", "a$", "(?m)^a$", r"\Aa", r"a\Z", r"\bab\b", r"\Bb\B", "$", "^", "(?m)$", "(?m)^",
    r"\b", r"\B", r"(?a)\b\w+\b", r"\w+\B",
    # quantifiers: greedy, lazy, possessive, bounded
    "a*", "a+", "a?", "a{2}", "a{2,3}", "a{2,}", "a*?", "a+?", "a??", "a{2,3}?", "a*+", "a++",
    "a?+", "a{1,2}+", "(?:ab)*", "(?:ab)+?", "(?:ab){2,3}", "(?:ab)*+", "(?:a|b)*+", "(?:ab?)*c",
    "(?:a*)*", "(?:a*)+b", "(?:a|)*", "(a*)+", "(a|b)*?c", "(?:x?)*?y", "(?:ab?c)*+", "(?:ab)++a",
    "(?:a{1,2}){2}", "x*a", "a.*b", "a.*?b", ".*a", "[ab]*?b", "(?:a|b){2,}?a",
    # groups, named groups, lastindex
    "(a)(b)?", "(?P<x>a)|(?P<y>b)", "((a)|b)+", "(a)|(b)", "(?:(a)|b)*", "((a)b)+", "(a(b(c)))",
    "((x)|y|z)*+", "((x)|y)++", "(?:(a)|(b))+", "((a+)b)+", "(a{1,2}){2}",
    # backreferences
    r"(a+)\1", r"(?P<q>[ab])(?P=q)", r"(a)?\1", r"(?:(a)|b)\1", r"(a*)b\1", r"(\w)\1+",
    # conditionals
    r"(a)?(?(1)b|c)", r"(?P<n>x)?(?(n)y)", r"(a)?(?(1)b)", r"(?:(a)|c)(?(1)b|d)+",
    # lookarounds
    "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?<=ab)c", r"(?=(a+))a*b\1", "(?!(a)b)",
    "(?<=(a))b", "(?<![ab])c", "(?=a|b)", "(?:(?=a)a)+", "(?:a(?!b))+",
    # atomic groups
    "(?>a+)b", "(?>a|ab)c", "(?>(a+))b", "(?>x*)x", "(?>(?:ab|a)*)b", "(?>.(?!D))+",
    # empty matches
    "()", "(?:)*", "(?:)", "(|a)+", "(a|)+?", "x*|a",
    # alternations with common prefixes
    "abc|abd", "foo|foobar", "a(?:bc|bd)", "cat|car|cow", "(?:ca|co)+",
    # verbose
    "(?x) a b # comment",
    # nested repeats and backtracking
    "(?:(?:a|b)+c)+", "(a+)+$", "(a|a)+$", "(?:a+)+b", "(a|b)+(?:ab)+",
]  # fmt: skip

TEXTS = [
    "", "a", "ab", "abc", "aab", "abab", "xaby", "aaa", "ba", "a\nb\n", "foo foobar",
    "KkK\u212a\u017fSsß", "αβγ ΑΒΓ ς", "😀😁😂x", "cat car cow", "abcabd", "  a_b 12 ", "ǅǆǄ",
    "ab\nab", "xyzzy hello xyz7", "\u0101\u0125\u1f00 ĀĂ", "abcac", "aaab", "ABCD",
]  # fmt: skip

BYTES_CORPUS = [
    # bytes patterns: the ASCII and, with re.LOCALE, the LOCALE opcodes (on texts whose
    # characters are bytes, read as latin-1)
    (rb"\w+", 0), (rb"\bab", 0), (rb"(?i)ab", 0), (rb"(?i)[a-c]+", 0), (rb"(?i)(a)\1", 0),
    (rb"\w+", re.LOCALE), (rb"\b\w", re.LOCALE), (rb"\B", re.LOCALE), (rb"(?i)ab", re.LOCALE),
    (rb"(?i)[a-c]+", re.LOCALE), (rb"(?i)[^b]+", re.LOCALE), (rb"(?i)a+", re.LOCALE),
    (rb"(?i)[^a]", re.LOCALE), (rb"(?i)(ab)\1", re.LOCALE), (rb"(?i)x[^y]*", re.LOCALE),
]  # fmt: skip

BYTES_TEXTS = ["", "ab", "AB aB", "abAB", "xYyx", "caB\xe9\xc9", "ABab", "a_b\xff"]


@pytest.mark.parametrize("pattern", CORPUS)
def test_corpus_agrees_with_re(pattern: str) -> None:
    for text in TEXTS:
        assert_agrees(pattern, text)


@pytest.mark.parametrize(("pattern", "flags"), BYTES_CORPUS)
def test_bytes_corpus_agrees_with_re(pattern: bytes, flags: int) -> None:
    for text in BYTES_TEXTS:
        assert_agrees(pattern, text, flags)


def test_flags_given_to_compile_agree_with_re() -> None:
    cases = [
        ("a.b", re.S, "a\nb"), ("^b$", re.M, "a\nb\nc"), ("a b # c", re.X, "ab"),
        ("Ǆ+", re.I, "ǆǅǄ"), (r"\w+", re.A, "é_a1"), ("[é-ö]+", re.I, "ÉöÖ"),
    ]  # fmt: skip
    for pattern, flags, text in cases:
        assert_agrees(pattern, text, flags)


def dispatched_opcodes(pattern: str | bytes, text: str, flags: int = 0) -> set[str]:
    code, groups = program(pattern, flags)
    seen: set[str] = set()
    for search in (False, True):
        # a SystemError: a group span this version's engine gets wrong (as re itself says)
        with contextlib.suppress(SystemError):
            run(
                code, groups, text, 0, len(text), search=search, max_steps=BUDGET,
                on_step=lambda pc, pos, bt: seen.add(OPCODE_NAMES[code[pc]]),
            )  # fmt: skip
    return seen


def test_the_corpus_dispatches_every_opcode_of_the_main_loop() -> None:
    seen: set[str] = set()
    for pattern in CORPUS:
        for text in TEXTS:
            seen |= dispatched_opcodes(pattern, text)
    for pattern, flags in BYTES_CORPUS:
        for text in BYTES_TEXTS:
            seen |= dispatched_opcodes(pattern, text, flags)
    main_loop = {
        "FAILURE", "SUCCESS", "ANY", "ANY_ALL", "ASSERT", "ASSERT_NOT", "AT", "BRANCH",
        "CATEGORY", "GROUPREF", "GROUPREF_EXISTS", "IN", "JUMP", "LITERAL", "MARK", "MAX_UNTIL",
        "MIN_UNTIL", "NOT_LITERAL", "REPEAT", "REPEAT_ONE", "MIN_REPEAT_ONE", "ATOMIC_GROUP",
        "POSSESSIVE_REPEAT", "POSSESSIVE_REPEAT_ONE", "GROUPREF_IGNORE", "IN_IGNORE",
        "LITERAL_IGNORE", "GROUPREF_LOC_IGNORE", "IN_LOC_IGNORE", "LITERAL_LOC_IGNORE",
        "NOT_LITERAL_LOC_IGNORE", "GROUPREF_UNI_IGNORE", "IN_UNI_IGNORE", "LITERAL_UNI_IGNORE",
        "NOT_LITERAL_UNI_IGNORE",
    }  # fmt: skip
    # CATEGORY is only emitted outside a set by older compilers; NOT_LITERAL_IGNORE needs an
    # ASCII-only negated single cased letter; FAILURE as an opcode needs an empty set (3.15).
    optional = {"CATEGORY", "FAILURE"}
    assert main_loop - optional - seen == set()


def test_not_literal_ignore_and_category_agree_where_they_are_emitted() -> None:
    for pattern, flags in [("[^k]", re.I | re.A), ("[^K]+", re.I | re.A)]:
        for text in TEXTS:
            assert_agrees(pattern, text, flags)
    assert "NOT_LITERAL_IGNORE" in dispatched_opcodes("[^k]", "k", re.I | re.A)


@settings(max_examples=max(settings.default.max_examples, 300))
@given(patterns, st.lists(texts, min_size=3, max_size=3), flag_letters)
def test_generated_patterns_agree_with_re(pattern: str, texts3: list[str], letters: str) -> None:
    flags = re_flags(letters)
    regex = compile_or_error(pattern, flags)
    if isinstance(regex, Exception):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code, groups = program(pattern, flags)
    for text in texts3:
        for mode in ("match", "fullmatch", "search"):
            try:
                result = run(
                    code, groups, text, 0, len(text), search=mode == "search",
                    match_all=mode == "fullmatch", max_steps=100_000,
                )  # fmt: skip
            except StepBudgetExceeded:
                continue
            except SystemError as exc:
                got: Any = type(exc)
            else:
                got = (result.regs, result.lastindex)
            want = outcome(lambda: expected(getattr(regex, mode)(text)))  # noqa: B023
            assert got == want, (pattern, letters, text, mode)


def search_steps(pattern: str, text: str) -> int:
    code, groups = program(pattern)
    return run(code, groups, text, 0, len(text), search=True, max_steps=BUDGET).steps


def test_catastrophic_backtracking_costs_more_steps_with_each_character() -> None:
    steps = [search_steps("(a+)+$", "a" * n + "b") for n in range(6, 12)]
    for fewer, more in itertools.pairwise(steps):
        assert more >= 1.5 * fewer


def test_a_step_budget_stops_the_run() -> None:
    code, groups = program("(a+)+$")
    text = "a" * 30 + "b"
    with pytest.raises(StepBudgetExceeded) as raised:
        run(code, groups, text, 0, len(text), search=True, max_steps=1000)
    assert raised.value.steps == 1000
    assert 0 <= raised.value.pos <= len(text)
    assert 0 <= raised.value.pc < len(code)


def test_on_step_sees_every_dispatch_and_marks_the_backtracks() -> None:
    code, groups = program(r"(\w+)\d")
    calls: list[tuple[str, int, bool]] = []
    result = run(
        code, groups, "ab12x", 0, 5, search=False, max_steps=BUDGET,
        on_step=lambda pc, pos, bt: calls.append((OPCODE_NAMES[code[pc]], pos, bt)),
    )  # fmt: skip
    assert result.regs == [(0, 4), (0, 3)]
    # REPEAT_ONE takes all five word characters, then gives one back at a time (each a
    # backtrack) until the digit after the group matches.
    assert calls == [
        ("MARK", 0, False), ("REPEAT_ONE", 0, False), ("MARK", 5, False), ("IN", 5, False),
        ("MARK", 4, True), ("IN", 4, False), ("MARK", 3, True), ("IN", 3, False),
        ("SUCCESS", 4, False),
    ]  # fmt: skip
    assert result.steps == len(calls)
    assert result.backtracks == 2


def recorded_run(
    code: list[int], groups: int, text: str, search: bool, limit: int
) -> tuple[Any, list[tuple[int, int, bool]], list[tuple[int, int, bool]]]:
    """One run with both on_step and a recording: (outcome, on_step's calls, the recording)."""
    calls: list[tuple[int, int, bool]] = []
    record = array("q")
    try:
        outcome: Any = run(
            code, groups, text, 0, len(text), search=search, max_steps=20_000,
            on_step=lambda pc, pos, bt: calls.append((pc, pos, bt)),
            record=record, record_limit=limit,
        )  # fmt: skip
    except StepBudgetExceeded as exc:
        outcome = ("budget", exc.steps, exc.pc, exc.pos, exc.backtracks)
    except SystemError as exc:  # a group span this version's engine gets wrong
        outcome = ("SystemError", str(exc))
    decoded = [(value & 0xFFFFFFFF) >> 1 for value in record]
    steps = [(pc, value >> 32, bool(value & 1)) for pc, value in zip(decoded, record, strict=True)]
    return outcome, calls, steps


def test_recording_steps_changes_nothing_and_records_what_on_step_sees() -> None:
    # The recording path (what trace uses) against on_step and against a run with neither: the
    # same regs, lastindex, steps and backtracks (or the same budget stop), and each recorded
    # step is exactly on_step's (pc, pos, backtrack), up to the limit.
    for pattern, text in itertools.product(CORPUS[::3], [*TEXTS[::2], "a" * 12 + "b"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code, groups = program(pattern)
        for search in (False, True):
            plain = recorded_run(code, groups, text, search, 0)
            limited = recorded_run(code, groups, text, search, 7)
            full = recorded_run(code, groups, text, search, 1_000_000)
            assert plain[0] == limited[0] == full[0], (pattern, text)
            assert plain[2] == [], (pattern, text)
            assert full[2] == full[1], (pattern, text)
            assert limited[2] == full[1][:7], (pattern, text)


def test_a_literal_prefix_search_skips_without_dispatching() -> None:
    # SRE(search) finds a whole-literal pattern through the INFO prefix, without SRE(match)
    code, groups = program("hello")
    result = run(code, groups, "say hello", 0, 9, search=True, max_steps=BUDGET)
    assert result.regs == [(4, 9)]
    assert result.steps == 0


def test_an_unknown_opcode_is_refused() -> None:
    unknown = max(OPCODE_NAMES) + 1
    with pytest.raises(UnsupportedOpcode, match=str(unknown)):
        run([unknown, 0], 0, "a", 0, 1, search=False, max_steps=BUDGET)
    subpattern = sre_vm.SUBPATTERN
    with pytest.raises(UnsupportedOpcode, match="SUBPATTERN"):
        run([subpattern, 0], 0, "a", 0, 1, search=False, max_steps=BUDGET)


def test_long_texts_do_not_recurse_in_python() -> None:
    text = "ab" * 20_000 + "c"
    for pattern in ["(?:a|b)*c", "(a|b)*?c", "(?:ab)+c", "((?:ab)*)c"]:
        code, groups = program(pattern)
        result = run(code, groups, text, 0, len(text), search=False, max_steps=10**7)
        m = re.match(pattern, text)
        assert m is not None
        assert result.regs == list(m.regs)
