"""An interpreter of CPython's sre bytecode that follows `Modules/_sre/sre_lib.h` opcode by opcode.

Why it exists: the step debugger has to show what `_sre` does while it matches (which opcode ran at
which text position, where it backtracked, how many dispatches a match cost), and `_sre` itself says
none of that. So this module runs the very program `re` compiled (`re._compiler._code(...)` of the
running Python) the way SRE(match), SRE(search) and SRE(count) run it: the same explicit context
stack (sre_lib.h's DO_JUMP and its jump labels, so deep backtracking never recurses in Python), the
same mark saving (LASTMARK_SAVE/RESTORE, MARK_PUSH/POP), the same repeat chain for MAX_UNTIL and
MIN_UNTIL, the same INFO-block prefix and charset skipping in search. Its matches are `_sre`'s and
its step count is the number of dispatches of SRE(match)'s main loop.

Where CPython's engine changed between the versions the page ships, the behaviour is probed from
the running `re` once at import (see `_Quirks`) instead of guessed from a version number:
- \\b and \\B on an empty text (3.14 dropped the "empty string never has a boundary" rule);
- POSSESSIVE_REPEAT resetting the text position after its last, failed iteration (3.11.5);
- POSSESSIVE_REPEAT installing a repeat context so that marks are saved inside it (3.12.8, 3.13.1).

Only str texts are handled (code points); LOCALE opcodes, which only bytes patterns produce, use
the C/UTF-8 locale's ASCII-only case rules. Anything this interpreter does not know raises
UnsupportedOpcode instead of answering.
"""

from __future__ import annotations

import importlib
import re
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from re import _constants as _sre_constants  # type: ignore[attr-defined]
from typing import Any

_sre: Any = importlib.import_module("_sre")

__all__ = ["StepBudgetExceeded", "UnsupportedOpcode", "VmRun", "run"]


class UnsupportedOpcode(Exception):
    """The program holds an opcode (or a state) this interpreter does not handle; names it."""


class StepBudgetExceeded(Exception):
    """The run needed more dispatches than max_steps; where the last allowed dispatch was."""

    def __init__(self, steps: int, pc: int, pos: int, backtracks: int = 0) -> None:
        super().__init__(f"step budget of {steps} exceeded at code index {pc}, text position {pos}")
        self.steps = steps
        self.pc = pc
        self.pos = pos
        self.backtracks = backtracks  # choice points resumed before the budget ran out


@dataclass
class VmRun:
    """One SRE(match) or SRE(search) call: its match (like Match.regs/lastindex) and its cost."""

    regs: list[tuple[int, int]] | None
    lastindex: int | None
    steps: int
    backtracks: int


# --- opcode, AT and CATEGORY numbers of the running Python ---------------------------------------

_OPS: dict[str, int] = {str(op): int(op) for op in _sre_constants.OPCODES}
_NAMES: dict[int, str] = {number: name for name, number in _OPS.items()}


def _op(name: str) -> int:
    """The running Python's number for an opcode, or -1 (matches nothing) if it has none."""
    return _OPS.get(name, -1)


def _const(name: str) -> int:
    value = getattr(_sre_constants, name, None)
    return -1 if value is None else int(value)


FAILURE = _op("FAILURE")
SUCCESS = _op("SUCCESS")
ANY = _op("ANY")
ANY_ALL = _op("ANY_ALL")
ASSERT = _op("ASSERT")
ASSERT_NOT = _op("ASSERT_NOT")
AT = _op("AT")
BRANCH = _op("BRANCH")
CATEGORY = _op("CATEGORY")
CHARSET = _op("CHARSET")
BIGCHARSET = _op("BIGCHARSET")
GROUPREF = _op("GROUPREF")
GROUPREF_EXISTS = _op("GROUPREF_EXISTS")
IN = _op("IN")
INFO = _op("INFO")
JUMP = _op("JUMP")
LITERAL = _op("LITERAL")
MARK = _op("MARK")
MAX_UNTIL = _op("MAX_UNTIL")
MIN_UNTIL = _op("MIN_UNTIL")
NOT_LITERAL = _op("NOT_LITERAL")
NEGATE = _op("NEGATE")
RANGE = _op("RANGE")
REPEAT = _op("REPEAT")
REPEAT_ONE = _op("REPEAT_ONE")
SUBPATTERN = _op("SUBPATTERN")
MIN_REPEAT_ONE = _op("MIN_REPEAT_ONE")
ATOMIC_GROUP = _op("ATOMIC_GROUP")
POSSESSIVE_REPEAT = _op("POSSESSIVE_REPEAT")
POSSESSIVE_REPEAT_ONE = _op("POSSESSIVE_REPEAT_ONE")
GROUPREF_IGNORE = _op("GROUPREF_IGNORE")
IN_IGNORE = _op("IN_IGNORE")
LITERAL_IGNORE = _op("LITERAL_IGNORE")
NOT_LITERAL_IGNORE = _op("NOT_LITERAL_IGNORE")
GROUPREF_LOC_IGNORE = _op("GROUPREF_LOC_IGNORE")
IN_LOC_IGNORE = _op("IN_LOC_IGNORE")
LITERAL_LOC_IGNORE = _op("LITERAL_LOC_IGNORE")
NOT_LITERAL_LOC_IGNORE = _op("NOT_LITERAL_LOC_IGNORE")
GROUPREF_UNI_IGNORE = _op("GROUPREF_UNI_IGNORE")
IN_UNI_IGNORE = _op("IN_UNI_IGNORE")
LITERAL_UNI_IGNORE = _op("LITERAL_UNI_IGNORE")
NOT_LITERAL_UNI_IGNORE = _op("NOT_LITERAL_UNI_IGNORE")
RANGE_UNI_IGNORE = _op("RANGE_UNI_IGNORE")

AT_BEGINNING = _const("AT_BEGINNING")
AT_BEGINNING_LINE = _const("AT_BEGINNING_LINE")
AT_BEGINNING_STRING = _const("AT_BEGINNING_STRING")
AT_BOUNDARY = _const("AT_BOUNDARY")
AT_NON_BOUNDARY = _const("AT_NON_BOUNDARY")
AT_END = _const("AT_END")
AT_END_LINE = _const("AT_END_LINE")
AT_END_STRING = _const("AT_END_STRING")
AT_LOC_BOUNDARY = _const("AT_LOC_BOUNDARY")
AT_LOC_NON_BOUNDARY = _const("AT_LOC_NON_BOUNDARY")
AT_UNI_BOUNDARY = _const("AT_UNI_BOUNDARY")
AT_UNI_NON_BOUNDARY = _const("AT_UNI_NON_BOUNDARY")

SRE_INFO_PREFIX = _const("SRE_INFO_PREFIX")
SRE_INFO_LITERAL = _const("SRE_INFO_LITERAL")
SRE_INFO_CHARSET = _const("SRE_INFO_CHARSET")

MAXREPEAT: int = _sre.MAXREPEAT
_CODE_BITS = 8 * _sre.CODESIZE
_MAP_WORDS = 256 // _CODE_BITS  # words of a 256-bit CHARSET bitmap
_INDEX_WORDS = 256 // _sre.CODESIZE  # words of BIGCHARSET's 256-byte block index
_LITTLE_ENDIAN = sys.byteorder == "little"

# --- character predicates: sre.c's macros, with the str methods behind CPython's own predicates --

_ascii_lower: Callable[[int], int] = _sre.ascii_tolower
_unicode_lower: Callable[[int], int] = _sre.unicode_tolower


def _unicode_upper(ch: int) -> int:
    """Py_UNICODE_TOUPPER: the simple mapping, which CPython takes as the first character of the
    full one for characters with special casing (so 'ß' gives 'S')."""
    return ord(chr(ch).upper()[0])


def _locale_lower(ch: int) -> int:
    # sre_lower_locale with the C (or a UTF-8) locale's tolower: ASCII letters only.
    return ch + 32 if 65 <= ch <= 90 else ch


def _locale_upper(ch: int) -> int:
    return ch - 32 if 97 <= ch <= 122 else ch


def _char_loc_ignore(pattern: int, ch: int) -> bool:
    return ch == pattern or _locale_lower(ch) == pattern or _locale_upper(ch) == pattern


def _is_word(ch: int) -> bool:  # SRE_IS_WORD
    return ch <= 122 and (ch == 95 or 48 <= ch <= 57 or 65 <= ch <= 90 or 97 <= ch <= 122)


def _is_loc_word(ch: int) -> bool:  # SRE_LOC_IS_WORD, C/UTF-8 locale
    return _is_word(ch)


def _is_uni_word(ch: int) -> bool:  # SRE_UNI_IS_WORD: Py_UNICODE_ISALNUM or '_'
    return ch == 95 or chr(ch).isalnum()


def _is_uni_linebreak(ch: int) -> bool:  # Py_UNICODE_ISLINEBREAK: what str.splitlines splits at
    return chr(ch).splitlines() == [""]


def _category_table() -> dict[int, Callable[[int], bool]]:
    def digit(ch: int) -> bool:
        return 48 <= ch <= 57

    def space(ch: int) -> bool:
        return ch == 32 or 9 <= ch <= 13

    def uni_digit(ch: int) -> bool:
        return chr(ch).isdecimal()

    def uni_space(ch: int) -> bool:
        return chr(ch).isspace()

    def linebreak(ch: int) -> bool:
        return ch == 10

    pairs: dict[str, Callable[[int], bool]] = {
        "DIGIT": digit,
        "SPACE": space,
        "WORD": _is_word,
        "LINEBREAK": linebreak,
        "LOC_WORD": _is_loc_word,
        "UNI_DIGIT": uni_digit,
        "UNI_SPACE": uni_space,
        "UNI_WORD": _is_uni_word,
        "UNI_LINEBREAK": _is_uni_linebreak,
    }
    table: dict[int, Callable[[int], bool]] = {}
    for name, test in pairs.items():
        table[_const("CATEGORY_" + name)] = test
        negated = "CATEGORY_" + name.replace("LOC_", "LOC_NOT_").replace("UNI_", "UNI_NOT_")
        if negated == "CATEGORY_" + name:
            negated = "CATEGORY_NOT_" + name

        def negative(ch: int, test: Callable[[int], bool] = test) -> bool:
            return not test(ch)

        table[_const(negated)] = negative
    return table


_CATEGORIES = _category_table()


def _category(category: int, ch: int) -> bool:
    test = _CATEGORIES.get(category)
    return False if test is None else test(ch)


def _charset(code: Sequence[int], pc: int, ch: int) -> bool:
    """SRE(charset): is ch in the set that starts at code[pc] (and ends with FAILURE)?"""
    ok = True
    while True:
        op = code[pc]
        pc += 1
        if op == FAILURE:
            return not ok
        if op == LITERAL:
            if ch == code[pc]:
                return ok
            pc += 1
        elif op == RANGE:
            if code[pc] <= ch <= code[pc + 1]:
                return ok
            pc += 2
        elif op == CHARSET:
            if ch < 256 and (code[pc + ch // _CODE_BITS] >> (ch & (_CODE_BITS - 1))) & 1:
                return ok
            pc += _MAP_WORDS
        elif op == CATEGORY:
            if _category(code[pc], ch):
                return ok
            pc += 1
        elif op == NEGATE:
            ok = not ok
        elif op == RANGE_UNI_IGNORE:
            if code[pc] <= ch <= code[pc + 1]:
                return ok
            upper = _unicode_upper(ch)
            if code[pc] <= upper <= code[pc + 1]:
                return ok
            pc += 2
        elif op == BIGCHARSET:
            blocks = code[pc]
            pc += 1
            if ch < 0x10000:
                high = ch >> 8
                word = code[pc + high // _sre.CODESIZE]
                shift = 8 * (high % _sre.CODESIZE)
                if not _LITTLE_ENDIAN:
                    shift = 8 * (_sre.CODESIZE - 1) - shift
                block = (word >> shift) & 0xFF
                pc += _INDEX_WORDS
                bit = block * 256 + (ch & 255)
                if (code[pc + bit // _CODE_BITS] >> (ch & (_CODE_BITS - 1))) & 1:
                    return ok
            else:
                pc += _INDEX_WORDS
            pc += blocks * _MAP_WORDS
        else:
            # sre_lib.h: "internal error -- ... let's just pretend it didn't match"; we refuse.
            raise UnsupportedOpcode(f"{_NAMES.get(op, op)} inside a character set")


def _charset_loc_ignore(code: Sequence[int], pc: int, ch: int) -> bool:
    lower = _locale_lower(ch)
    if _charset(code, pc, lower):
        return True
    upper = _locale_upper(ch)
    return upper != lower and _charset(code, pc, upper)


# --- behaviours that differ between the CPython versions, probed from the running `re` -----------


class _Quirks:
    """What the running `_sre` does where versions differ (see the module docstring)."""

    def __init__(self) -> None:
        # 3.14+: no special case for an empty text, so \B matches there.
        self.boundary_needs_text = re.search(r"\B", "") is None
        # gh-106052 (3.11.5): after a failed iteration POSSESSIVE_REPEAT goes back to where it was.
        probe = re.match(r"(?:ab?c)*+", "abcab")
        self.possessive_restores_ptr = probe is not None and probe.end() == 3
        # gh-101955 (3.12.8, 3.13.1): POSSESSIVE_REPEAT installs a repeat context of its own.
        try:
            self.possessive_sets_repeat = re.match(r"((x)|y|z)*+", "xyz") is not None
        except SystemError:
            self.possessive_sets_repeat = False


QUIRKS = _Quirks()

# --- the machine ---------------------------------------------------------------------------------

# Where a context resumes when the one it started returns (sre_lib.h's JUMP_* labels), plus one
# internal label for scanning BRANCH alternatives.
_J_MAX_UNTIL_1 = 1
_J_MAX_UNTIL_2 = 2
_J_MAX_UNTIL_3 = 3
_J_MIN_UNTIL_1 = 4
_J_MIN_UNTIL_2 = 5
_J_MIN_UNTIL_3 = 6
_J_REPEAT = 7
_J_REPEAT_ONE_1 = 8
_J_REPEAT_ONE_2 = 9
_J_MIN_REPEAT_ONE = 10
_J_BRANCH = 11
_J_ASSERT = 12
_J_ASSERT_NOT = 13
_J_POSS_REPEAT_1 = 14
_J_POSS_REPEAT_2 = 15
_J_ATOMIC_GROUP = 16
_J_BRANCH_SCAN = 17

# Modes of the main loop.
_DISPATCH = 0
_ENTER = 1
_EXIT = 2
_RESUME = 3

# An SRE_REPEAT is a list: [count, pattern (code index of its <skip>), prev, last_ptr].
_R_COUNT = 0
_R_PATTERN = 1
_R_PREV = 2
_R_LAST_PTR = 3

# Sets of opcodes, labels and AT codes tested together: `x in (A, B)` of globals would build a
# tuple at every test, in the hottest loop.
_UNTIL_OPS = frozenset({MAX_UNTIL, MIN_UNTIL})
_SKIP_OPS = frozenset({JUMP, INFO})
_J_REPEAT_ONE_LABELS = frozenset({_J_REPEAT_ONE_1, _J_REPEAT_ONE_2})
_J_BRANCH_LABELS = frozenset({_J_BRANCH, _J_BRANCH_SCAN})
_J_UNTIL_1_LABELS = frozenset({_J_MAX_UNTIL_1, _J_MIN_UNTIL_1})
_J_POSS_REPEAT_LABELS = frozenset({_J_POSS_REPEAT_1, _J_POSS_REPEAT_2})
_AT_BEGINNINGS = frozenset({AT_BEGINNING, AT_BEGINNING_STRING})
_AT_ASCII_BOUNDARIES = frozenset({AT_BOUNDARY, AT_NON_BOUNDARY})
_AT_UNI_BOUNDARIES = frozenset({AT_UNI_BOUNDARY, AT_UNI_NON_BOUNDARY})
_AT_LOC_BOUNDARIES = frozenset({AT_LOC_BOUNDARY, AT_LOC_NON_BOUNDARY})
_AT_BOUNDARIES = frozenset({AT_BOUNDARY, AT_UNI_BOUNDARY, AT_LOC_BOUNDARY})
_REPEAT_ONE_OPS = frozenset({REPEAT_ONE, MIN_REPEAT_ONE, POSSESSIVE_REPEAT_ONE})
_GROUPREF_OPS = frozenset({GROUPREF, GROUPREF_IGNORE, GROUPREF_UNI_IGNORE, GROUPREF_LOC_IGNORE})
_SIMPLE_COUNT_OPS = frozenset(
    {
        IN,
        ANY,
        ANY_ALL,
        LITERAL,
        LITERAL_IGNORE,
        LITERAL_UNI_IGNORE,
        LITERAL_LOC_IGNORE,
        NOT_LITERAL,
        NOT_LITERAL_IGNORE,
        NOT_LITERAL_UNI_IGNORE,
        NOT_LITERAL_LOC_IGNORE,
    }
)


# SRE(charset) answers, remembered per (set position, character): key (pc << 21) | ch. Kept for
# the last program seen, as a scanner calls run() once per match with the same program.
_last_sets: list[Any] = [None, None]


def _set_memo(code: Sequence[int]) -> dict[int, bool]:
    if _last_sets[0] is not code:
        _last_sets[0] = code
        _last_sets[1] = {}
    memo: dict[int, bool] = _last_sets[1]
    return memo


def _in_set(memo: dict[int, bool], code: Sequence[int], pc: int, ch: int) -> bool:
    key = (pc << 21) | ch
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _charset(code, pc, ch)
    return hit


class _State:
    """SRE_STATE: what SRE(search), SRE(match) and SRE(count) share during one call of run()."""

    __slots__ = (
        "backtracks",
        "bt",
        "code",
        "end",
        "in_set",
        "last_pc",
        "last_pos",
        "lastindex",
        "lastmark",
        "marks",
        "match_all",
        "max_steps",
        "must_advance",
        "on_step",
        "ptr",
        "record_end",
        "record_step",
        "repeat",
        "start",
        "steps",
        "string",
        "text",
    )

    def __init__(
        self,
        code: Sequence[int],
        text: list[int],
        string: str,
        *,
        groups: int,
        start: int,
        end: int,
        max_steps: int,
        on_step: Callable[[int, int, bool], None] | None,
    ) -> None:
        self.code = code
        self.in_set = _set_memo(code)
        self.text = text
        self.string = string  # the same text as a str, for str.find's loop in C
        self.start = start
        self.end = end
        self.ptr = start
        self.marks = [-1] * (2 * groups)
        self.lastmark = -1
        self.lastindex = -1
        self.repeat: list[Any] | None = None
        self.match_all = False
        self.must_advance = False
        self.max_steps = max_steps
        self.on_step = on_step
        self.steps = 0
        self.backtracks = 0
        self.bt = False
        self.last_pc = 0
        self.last_pos = start
        # Recording (see run()): steps numbered up to record_end are appended by record_step.
        self.record_end = 0
        self.record_step: Callable[[int], None] = _no_record


def _no_record(value: int) -> None:  # pragma: no cover - record_end 0 never calls it
    raise AssertionError("no recording")


def _unsupported(op: int, pc: int) -> UnsupportedOpcode:
    return UnsupportedOpcode(f"opcode {_NAMES.get(op, op)} (at code index {pc}) is not handled")


def _count(st: _State, item: int, maxcount: int) -> int:
    """SRE(count): how many times the one-character item at code[item] matches from st.ptr."""
    code = st.code
    t = st.text
    ptr = st.ptr
    end = st.end
    if maxcount < end - ptr and maxcount != MAXREPEAT:
        end = ptr + maxcount
    op = code[item]
    if op == IN:
        memo = st.in_set
        key = (item + 2) << 21
        while ptr < end:
            hit = memo.get(key | t[ptr])
            if hit is None:
                hit = _in_set(memo, code, item + 2, t[ptr])
            if not hit:
                break
            ptr += 1
    elif op == ANY:
        while ptr < end and t[ptr] != 10:
            ptr += 1
    elif op == ANY_ALL:
        ptr = end
    elif op == LITERAL:
        chr_ = code[item + 1]
        while ptr < end and t[ptr] == chr_:
            ptr += 1
    elif op == LITERAL_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and _ascii_lower(t[ptr]) == chr_:
            ptr += 1
    elif op == LITERAL_UNI_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and _unicode_lower(t[ptr]) == chr_:
            ptr += 1
    elif op == LITERAL_LOC_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and _char_loc_ignore(chr_, t[ptr]):
            ptr += 1
    elif op == NOT_LITERAL:
        chr_ = code[item + 1]
        while ptr < end and t[ptr] != chr_:
            ptr += 1
    elif op == NOT_LITERAL_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and _ascii_lower(t[ptr]) != chr_:
            ptr += 1
    elif op == NOT_LITERAL_UNI_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and _unicode_lower(t[ptr]) != chr_:
            ptr += 1
    elif op == NOT_LITERAL_LOC_IGNORE:
        chr_ = code[item + 1]
        while ptr < end and not _char_loc_ignore(chr_, t[ptr]):
            ptr += 1
    else:
        # The general case: SRE(match)(state, item, 0) once per character. The item is one
        # single-character opcode followed by SUCCESS (the compiler's _simple()), so each call
        # dispatches that opcode and, if it matched, SUCCESS.
        begin = ptr
        while st.ptr < end:
            if not _match(st, item, False):
                break
        return st.ptr - begin
    return ptr - st.ptr


def _match(st: _State, pc: int, toplevel: bool) -> int:
    """SRE(match): 1 if the program from code[pc] matches at st.ptr (st.ptr is then its end)."""
    code = st.code
    in_set = st.in_set
    t = st.text
    end = st.end
    marks = st.marks
    on_step = st.on_step
    max_steps = st.max_steps
    steps = st.steps
    bt = st.bt
    backtracks = st.backtracks
    last_step = max_steps - 1
    record_end = st.record_end
    record_step = st.record_step
    sptr = st.ptr
    s_lastmark = st.lastmark
    s_lastindex = st.lastindex
    repeat = st.repeat

    stack: list[tuple[Any, ...]] = []  # suspended parent contexts
    dstack: list[Any] = []  # DATA_PUSH'd marks and last_ptr values

    # the current context (SRE(match_context))
    ptr = sptr
    count = 0
    rep: list[Any] | None = None
    c_lastmark = -1
    c_lastindex = -1
    chr_ = 0
    label = 0
    ret = 0
    mode = _ENTER

    while True:
        if mode == _ENTER:
            ptr = sptr
            if code[pc] == INFO:
                # <INFO> <1=skip> <2=flags> <3=min> ...: reject if not enough characters are left
                need = code[pc + 3]
                if need and 0 <= end - ptr < need:
                    ret = 0
                    mode = _EXIT
                else:
                    pc += code[pc + 1] + 1
                    mode = _DISPATCH
            else:
                mode = _DISPATCH

        if mode == _DISPATCH:
            while True:
                # one dispatch of SRE(match)'s main loop. The budget costs one comparison per
                # dispatch: only the last dispatch it allows is remembered (for the report).
                if steps >= last_step:
                    if steps >= max_steps:
                        st.steps = steps
                        st.backtracks = backtracks
                        raise StepBudgetExceeded(steps, st.last_pc, st.last_pos, backtracks)
                    st.last_pc = pc
                    st.last_pos = ptr
                steps += 1
                if steps <= record_end:
                    # see run(): one int per step, pos << 32 | pc << 1 | backtrack
                    record_step((ptr << 32) | (pc << 1) | bt)
                if on_step is not None:
                    on_step(pc, ptr, bt)
                if bt:
                    backtracks += 1
                    bt = False
                op = code[pc]

                # (most frequent first: an if-chain is the dispatch)
                if op == LITERAL:
                    if ptr >= end or t[ptr] != code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == MARK:
                    i = code[pc + 1]
                    if i & 1:
                        s_lastindex = i // 2 + 1
                    if i > s_lastmark:
                        j = s_lastmark + 1
                        while j < i:
                            marks[j] = -1
                            j += 1
                        s_lastmark = i
                    marks[i] = ptr
                    pc += 2
                elif op == IN:
                    if ptr >= end:
                        break
                    hit = in_set.get(((pc + 2) << 21) | t[ptr])
                    if hit is None:
                        hit = _in_set(in_set, code, pc + 2, t[ptr])
                    if not hit:
                        break
                    pc += code[pc + 1] + 1
                    ptr += 1
                elif op in _REPEAT_ONE_OPS:
                    # <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                    mn = code[pc + 2]
                    mx = code[pc + 3]
                    tail = pc + 1 + code[pc + 1]
                    if op == POSSESSIVE_REPEAT_ONE:
                        if ptr + mn > end:
                            break
                        sptr = st.ptr = ptr
                        if code[pc + 4] in _SIMPLE_COUNT_OPS:
                            n = _count(st, pc + 4, mx)
                        else:
                            st.steps = steps
                            st.bt = bt
                            st.backtracks = backtracks
                            n = _count(st, pc + 4, mx)
                            steps = st.steps
                            bt = st.bt
                            backtracks = st.backtracks
                        count = n
                        ptr += n
                        if count < mn:
                            break
                        pc = tail
                        if (
                            code[pc] == SUCCESS
                            and ptr == end
                            and not (toplevel and st.must_advance and ptr == st.start)
                        ):
                            sptr = ptr
                            ret = 1
                            mode = _EXIT
                            break
                        continue
                    if mn > end - ptr:
                        break
                    sptr = st.ptr = ptr
                    if op == REPEAT_ONE:
                        if code[pc + 4] in _SIMPLE_COUNT_OPS:
                            n = _count(st, pc + 4, mx)
                        else:
                            st.steps = steps
                            st.bt = bt
                            st.backtracks = backtracks
                            n = _count(st, pc + 4, mx)
                            steps = st.steps
                            bt = st.bt
                            backtracks = st.backtracks
                        count = n
                        ptr += n
                        if count < mn:
                            break
                        if (
                            code[tail] == SUCCESS
                            and ptr == end
                            and not (toplevel and st.must_advance and ptr == st.start)
                        ):
                            sptr = ptr
                            ret = 1
                            mode = _EXIT
                            break
                        c_lastmark = s_lastmark
                        c_lastindex = s_lastindex
                        if repeat is not None and c_lastmark >= 0:
                            dstack.append(marks[: c_lastmark + 1])
                        if code[tail] == LITERAL:
                            chr_ = code[tail + 1]
                            label = _J_REPEAT_ONE_1
                        else:
                            label = _J_REPEAT_ONE_2
                        # enter the backtracking loop as if resuming, without a failure
                        ret = -1
                        mode = _RESUME
                        break
                    # MIN_REPEAT_ONE
                    if mn == 0:
                        count = 0
                    else:
                        if code[pc + 4] in _SIMPLE_COUNT_OPS:
                            n = _count(st, pc + 4, mn)
                        else:
                            st.steps = steps
                            st.bt = bt
                            st.backtracks = backtracks
                            n = _count(st, pc + 4, mn)
                            steps = st.steps
                            bt = st.bt
                            backtracks = st.backtracks
                        if n < mn:
                            break
                        count = n
                        ptr += n
                    if code[tail] == SUCCESS and not (
                        toplevel
                        and ((st.match_all and ptr != end) or (st.must_advance and ptr == st.start))
                    ):
                        sptr = ptr
                        ret = 1
                        mode = _EXIT
                        break
                    c_lastmark = s_lastmark
                    c_lastindex = s_lastindex
                    if repeat is not None and c_lastmark >= 0:
                        dstack.append(marks[: c_lastmark + 1])
                    label = _J_MIN_REPEAT_ONE
                    ret = -1
                    mode = _RESUME
                    break
                elif op in _UNTIL_OPS:
                    rep = repeat
                    if rep is None:
                        st.steps = steps
                        raise UnsupportedOpcode(
                            f"{_NAMES[op]} without a repeat context (code index {pc})"
                        )
                    sptr = ptr
                    count = rep[_R_COUNT] + 1
                    rpc = rep[_R_PATTERN]
                    if count < code[rpc + 1]:
                        # not enough matches yet: match the item once more
                        rep[_R_COUNT] = count
                        stack.append(
                            (
                                _J_MAX_UNTIL_1 if op == MAX_UNTIL else _J_MIN_UNTIL_1,
                                pc,
                                ptr,
                                toplevel,
                                count,
                                rep,
                                c_lastmark,
                                c_lastindex,
                                chr_,
                            )
                        )
                        pc = rpc + 3
                        mode = _ENTER
                        break
                    if op == MAX_UNTIL:
                        mx = code[rpc + 2]
                        if (count < mx or mx == MAXREPEAT) and sptr != rep[_R_LAST_PTR]:
                            # we may have enough matches, but if we can match another item, do so
                            rep[_R_COUNT] = count
                            c_lastmark = s_lastmark
                            c_lastindex = s_lastindex
                            if c_lastmark >= 0:
                                dstack.append(marks[: c_lastmark + 1])
                            dstack.append(rep[_R_LAST_PTR])
                            rep[_R_LAST_PTR] = sptr
                            stack.append(
                                (
                                    _J_MAX_UNTIL_2,
                                    pc,
                                    ptr,
                                    toplevel,
                                    count,
                                    rep,
                                    c_lastmark,
                                    c_lastindex,
                                    chr_,
                                )
                            )
                            pc = rpc + 3
                            mode = _ENTER
                            break
                        # cannot match more repeated items here: make sure the tail matches
                        repeat = rep[_R_PREV]
                        stack.append(
                            (
                                _J_MAX_UNTIL_3,
                                pc,
                                ptr,
                                toplevel,
                                count,
                                rep,
                                c_lastmark,
                                c_lastindex,
                                chr_,
                            )
                        )
                        pc += 1
                        mode = _ENTER
                        break
                    # MIN_UNTIL: see if the tail matches
                    repeat = rep[_R_PREV]
                    c_lastmark = s_lastmark
                    c_lastindex = s_lastindex
                    if repeat is not None and c_lastmark >= 0:
                        dstack.append(marks[: c_lastmark + 1])
                    stack.append(
                        (
                            _J_MIN_UNTIL_2,
                            pc,
                            ptr,
                            toplevel,
                            count,
                            rep,
                            c_lastmark,
                            c_lastindex,
                            chr_,
                        )
                    )
                    pc += 1
                    mode = _ENTER
                    break
                elif op == AT:
                    if not _at(st, ptr, code[pc + 1]):
                        break
                    pc += 2
                elif op == BRANCH:
                    # <BRANCH> <0=skip> code <JUMP> ... <NULL>
                    c_lastmark = s_lastmark
                    c_lastindex = s_lastindex
                    if repeat is not None and c_lastmark >= 0:
                        dstack.append(marks[: c_lastmark + 1])
                    pc += 1
                    label = _J_BRANCH_SCAN
                    mode = _RESUME
                    break
                elif op == SUCCESS:
                    if toplevel and (
                        (st.match_all and ptr != end) or (st.must_advance and ptr == st.start)
                    ):
                        break
                    sptr = ptr
                    ret = 1
                    mode = _EXIT
                    break
                elif op in _SKIP_OPS:
                    pc += code[pc + 1] + 1
                elif op == REPEAT:
                    # <REPEAT> <skip> <1=min> <2=max> item <UNTIL> tail: install a repeat
                    # context; the UNTIL opcode (where skip leads) does the work.
                    rep = [-1, pc + 1, repeat, -1]
                    repeat = rep
                    sptr = ptr
                    stack.append(
                        (_J_REPEAT, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_)
                    )
                    pc = pc + 1 + code[pc + 1]
                    mode = _ENTER
                    break
                elif op == ANY:
                    if ptr >= end or t[ptr] == 10:
                        break
                    pc += 1
                    ptr += 1
                elif op == ANY_ALL:
                    if ptr >= end:
                        break
                    pc += 1
                    ptr += 1
                elif op == NOT_LITERAL:
                    if ptr >= end or t[ptr] == code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == CATEGORY:
                    if ptr >= end or not _category(code[pc + 1], t[ptr]):
                        break
                    pc += 2
                    ptr += 1
                elif op == LITERAL_UNI_IGNORE:
                    if ptr >= end or _unicode_lower(t[ptr]) != code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == NOT_LITERAL_UNI_IGNORE:
                    if ptr >= end or _unicode_lower(t[ptr]) == code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == IN_UNI_IGNORE:
                    if ptr >= end or not _in_set(in_set, code, pc + 2, _unicode_lower(t[ptr])):
                        break
                    pc += code[pc + 1] + 1
                    ptr += 1
                elif op == LITERAL_IGNORE:
                    if ptr >= end or _ascii_lower(t[ptr]) != code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == NOT_LITERAL_IGNORE:
                    if ptr >= end or _ascii_lower(t[ptr]) == code[pc + 1]:
                        break
                    pc += 2
                    ptr += 1
                elif op == IN_IGNORE:
                    if ptr >= end or not _in_set(in_set, code, pc + 2, _ascii_lower(t[ptr])):
                        break
                    pc += code[pc + 1] + 1
                    ptr += 1
                elif op == LITERAL_LOC_IGNORE:
                    if ptr >= end or not _char_loc_ignore(code[pc + 1], t[ptr]):
                        break
                    pc += 2
                    ptr += 1
                elif op == NOT_LITERAL_LOC_IGNORE:
                    if ptr >= end or _char_loc_ignore(code[pc + 1], t[ptr]):
                        break
                    pc += 2
                    ptr += 1
                elif op == IN_LOC_IGNORE:
                    if ptr >= end or not _charset_loc_ignore(code, pc + 2, t[ptr]):
                        break
                    pc += code[pc + 1] + 1
                    ptr += 1
                elif op == GROUPREF_EXISTS:
                    # <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno ...
                    g = code[pc + 1] * 2
                    if g >= s_lastmark:
                        pc = pc + 1 + code[pc + 2]
                        continue
                    p = marks[g]
                    e = marks[g + 1]
                    if p < 0 or e < 0 or e < p:
                        pc = pc + 1 + code[pc + 2]
                        continue
                    pc += 3
                elif op in _GROUPREF_OPS:
                    g = code[pc + 1] * 2
                    if g >= s_lastmark:
                        break
                    p = marks[g]
                    e = marks[g + 1]
                    if p < 0 or e < 0 or e < p:
                        break
                    fold: Callable[[int], int] | None = (
                        None
                        if op == GROUPREF
                        else _ascii_lower
                        if op == GROUPREF_IGNORE
                        else _unicode_lower
                        if op == GROUPREF_UNI_IGNORE
                        else _locale_lower
                    )
                    failed = False
                    while p < e:
                        if ptr >= end:
                            failed = True
                            break
                        if fold is None:
                            if t[ptr] != t[p]:
                                failed = True
                                break
                        elif fold(t[ptr]) != fold(t[p]):
                            failed = True
                            break
                        p += 1
                        ptr += 1
                    if failed:
                        break
                    pc += 2
                elif op == ASSERT:
                    # <ASSERT> <skip> <back> <pattern>
                    back = code[pc + 2]
                    if ptr < back:
                        break
                    sptr = ptr - back
                    stack.append(
                        (_J_ASSERT, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_)
                    )
                    pc += 3
                    toplevel = False
                    mode = _ENTER
                    break
                elif op == ASSERT_NOT:
                    back = code[pc + 2]
                    if ptr >= back:
                        sptr = ptr - back
                        c_lastmark = s_lastmark
                        c_lastindex = s_lastindex
                        if repeat is not None and c_lastmark >= 0:
                            dstack.append(marks[: c_lastmark + 1])
                        stack.append(
                            (
                                _J_ASSERT_NOT,
                                pc,
                                ptr,
                                toplevel,
                                count,
                                rep,
                                c_lastmark,
                                c_lastindex,
                                chr_,
                            )
                        )
                        pc += 3
                        toplevel = False
                        mode = _ENTER
                        break
                    pc = pc + 1 + code[pc + 1]
                elif op == ATOMIC_GROUP:
                    # <ATOMIC_GROUP> <skip> pattern <SUCCESS> tail
                    sptr = ptr
                    stack.append(
                        (
                            _J_ATOMIC_GROUP,
                            pc,
                            ptr,
                            toplevel,
                            count,
                            rep,
                            c_lastmark,
                            c_lastindex,
                            chr_,
                        )
                    )
                    pc += 2
                    toplevel = False
                    mode = _ENTER
                    break
                elif op == POSSESSIVE_REPEAT:
                    # <POSSESSIVE_REPEAT> <skip> <1=min> <2=max> pattern <SUCCESS> tail
                    sptr = ptr
                    if QUIRKS.possessive_sets_repeat:
                        rep = [-1, -1, repeat, -1]
                        repeat = rep
                    count = 0
                    label = _J_POSS_REPEAT_1
                    ret = -1
                    mode = _RESUME
                    break
                elif op == FAILURE:
                    break
                else:
                    st.steps = steps
                    raise _unsupported(op, pc)
            if mode == _DISPATCH:
                # an opcode failed: RETURN_FAILURE
                ret = 0
                mode = _EXIT

        if mode == _ENTER:
            continue

        # _EXIT: return ret from the current context to the one that started it; _RESUME:
        # carry on in the current context at `label` (ret -1 = not after a return).
        if mode == _EXIT:
            if not stack:
                st.ptr = sptr
                st.lastmark = s_lastmark
                st.lastindex = s_lastindex
                st.repeat = repeat
                st.steps = steps
                st.bt = False
                st.backtracks = backtracks
                return ret
            label, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_ = stack.pop()
        mode = _DISPATCH  # unless a label below says otherwise

        if label in _J_REPEAT_ONE_LABELS:
            # <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail; ret -1 = first try
            mn = code[pc + 2]
            retrying = ret == 0
            if ret == 1:
                if repeat is not None and c_lastmark >= 0:
                    dstack.pop()
                mode = _EXIT
                continue
            if retrying:
                if repeat is not None and c_lastmark >= 0:
                    marks[: c_lastmark + 1] = dstack[-1]
                s_lastmark = c_lastmark
                s_lastindex = c_lastindex
                ptr -= 1
                count -= 1
            if label == _J_REPEAT_ONE_1:
                # the tail starts with a literal: skip positions where it cannot match
                # (str.rfind would do this in C, but costs more than it saves on short runs)
                while count >= mn and (ptr >= end or t[ptr] != chr_):
                    ptr -= 1
                    count -= 1
            if count >= mn:
                sptr = ptr
                stack.append((label, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_))
                pc = pc + 1 + code[pc + 1]
                bt = retrying
                mode = _ENTER
                continue
            if repeat is not None and c_lastmark >= 0:
                dstack.pop()
            ret = 0
            mode = _EXIT
            continue

        if label == _J_MAX_UNTIL_2:
            assert rep is not None
            rep[_R_LAST_PTR] = dstack.pop()
            if ret:
                if c_lastmark >= 0:
                    dstack.pop()
                mode = _EXIT
                continue
            if c_lastmark >= 0:
                marks[: c_lastmark + 1] = dstack.pop()
            s_lastmark = c_lastmark
            s_lastindex = c_lastindex
            rep[_R_COUNT] = count - 1
            sptr = ptr
            # cannot match more repeated items here: make sure the tail matches
            repeat = rep[_R_PREV]
            stack.append(
                (_J_MAX_UNTIL_3, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_)
            )
            pc += 1
            bt = True
            mode = _ENTER
            continue

        if label == _J_MAX_UNTIL_3:
            repeat = rep  # restore repeat before return
            if ret:
                mode = _EXIT
                continue
            sptr = ptr
            mode = _EXIT
            continue

        if label in _J_BRANCH_LABELS:
            retrying = False
            if label == _J_BRANCH:
                if ret:
                    if repeat is not None and c_lastmark >= 0:
                        dstack.pop()
                    ret = 1
                    mode = _EXIT
                    continue
                if repeat is not None and c_lastmark >= 0:
                    marks[: c_lastmark + 1] = dstack[-1]
                s_lastmark = c_lastmark
                s_lastindex = c_lastindex
                pc += code[pc]
                retrying = True
            while code[pc]:
                nxt = code[pc + 1]
                if nxt == LITERAL and (ptr >= end or t[ptr] != code[pc + 2]):
                    pc += code[pc]
                    continue
                if nxt == IN and (ptr >= end or not _in_set(in_set, code, pc + 3, t[ptr])):
                    pc += code[pc]
                    continue
                sptr = ptr
                stack.append(
                    (_J_BRANCH, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_)
                )
                pc += 1
                bt = retrying
                mode = _ENTER
                break
            else:
                if repeat is not None and c_lastmark >= 0:
                    dstack.pop()
                ret = 0
                mode = _EXIT
            continue

        if label == _J_MIN_REPEAT_ONE:
            mx = code[pc + 3]
            if ret == 1:
                if repeat is not None and c_lastmark >= 0:
                    dstack.pop()
                mode = _EXIT
                continue
            retrying = ret == 0
            if retrying:
                if repeat is not None and c_lastmark >= 0:
                    marks[: c_lastmark + 1] = dstack[-1]
                s_lastmark = c_lastmark
                s_lastindex = c_lastindex
                sptr = st.ptr = ptr
                if code[pc + 4] in _SIMPLE_COUNT_OPS:
                    n = _count(st, pc + 4, 1)
                    bt = True  # the next dispatch resumes after a failure
                else:
                    st.steps = steps
                    st.bt = True
                    st.backtracks = backtracks
                    n = _count(st, pc + 4, 1)
                    steps = st.steps
                    bt = st.bt
                    backtracks = st.backtracks
                if n == 0:
                    bt = False
                    if repeat is not None and c_lastmark >= 0:
                        dstack.pop()
                    ret = 0
                    mode = _EXIT
                    continue
                ptr += 1
                count += 1
            if mx == MAXREPEAT or count <= mx:
                sptr = ptr
                stack.append(
                    (_J_MIN_REPEAT_ONE, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, 0)
                )
                pc = pc + 1 + code[pc + 1]
                mode = _ENTER
                continue
            bt = False
            if repeat is not None and c_lastmark >= 0:
                dstack.pop()
            ret = 0
            mode = _EXIT
            continue

        if label == _J_REPEAT:
            assert rep is not None
            repeat = rep[_R_PREV]
            mode = _EXIT
            continue

        if label in _J_UNTIL_1_LABELS:
            assert rep is not None
            if ret:
                mode = _EXIT
                continue
            rep[_R_COUNT] = count - 1
            sptr = ptr
            mode = _EXIT
            continue

        if label == _J_MIN_UNTIL_2:
            assert rep is not None
            repeat_of_tail = repeat
            repeat = rep  # restore repeat before return
            if ret:
                if repeat_of_tail is not None and c_lastmark >= 0:
                    dstack.pop()
                mode = _EXIT
                continue
            if repeat_of_tail is not None and c_lastmark >= 0:
                marks[: c_lastmark + 1] = dstack.pop()
            s_lastmark = c_lastmark
            s_lastindex = c_lastindex
            sptr = ptr
            mx = code[rep[_R_PATTERN] + 2]
            if (count >= mx and mx != MAXREPEAT) or sptr == rep[_R_LAST_PTR]:
                ret = 0
                mode = _EXIT
                continue
            rep[_R_COUNT] = count
            dstack.append(rep[_R_LAST_PTR])
            rep[_R_LAST_PTR] = sptr
            stack.append(
                (_J_MIN_UNTIL_3, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, chr_)
            )
            pc = rep[_R_PATTERN] + 3
            bt = True
            mode = _ENTER
            continue

        if label == _J_MIN_UNTIL_3:
            assert rep is not None
            rep[_R_LAST_PTR] = dstack.pop()
            if ret:
                mode = _EXIT
                continue
            rep[_R_COUNT] = count - 1
            sptr = ptr
            mode = _EXIT
            continue

        if label == _J_ASSERT:
            if not ret:
                mode = _EXIT
                continue
            pc = pc + 1 + code[pc + 1]
            continue  # DISPATCH

        if label == _J_ASSERT_NOT:
            if ret:
                if repeat is not None and c_lastmark >= 0:
                    dstack.pop()
                ret = 0
                mode = _EXIT
                continue
            if repeat is not None and c_lastmark >= 0:
                marks[: c_lastmark + 1] = dstack.pop()
            s_lastmark = c_lastmark
            s_lastindex = c_lastindex
            pc = pc + 1 + code[pc + 1]
            continue  # DISPATCH

        if label == _J_ATOMIC_GROUP:
            if not ret:
                sptr = ptr
                mode = _EXIT
                continue
            pc = pc + 1 + code[pc + 1]
            ptr = sptr
            continue  # DISPATCH

        if label in _J_POSS_REPEAT_LABELS:
            mn = code[pc + 2]
            mx = code[pc + 3]
            if label == _J_POSS_REPEAT_1:
                if ret == 1:
                    count += 1
                elif ret == 0:
                    sptr = ptr
                    if QUIRKS.possessive_sets_repeat:
                        assert rep is not None
                        repeat = rep[_R_PREV]
                    mode = _EXIT
                    continue
                if count < mn:
                    # not enough matches
                    stack.append(
                        (_J_POSS_REPEAT_1, pc, ptr, toplevel, count, rep, c_lastmark, -1, 0)
                    )
                    pc += 4
                    toplevel = False
                    mode = _ENTER
                    continue
                ptr = -1  # NULL: so that the loop below is entered
                label = _J_POSS_REPEAT_2
                ret = -1
            retrying = False
            if ret == 1:
                if c_lastmark >= 0:
                    dstack.pop()
                count += 1
            elif ret == 0:
                if c_lastmark >= 0:
                    marks[: c_lastmark + 1] = dstack.pop()
                s_lastmark = c_lastmark
                s_lastindex = c_lastindex
                if QUIRKS.possessive_restores_ptr:
                    sptr = ptr
                retrying = True
            if not retrying and (count < mx or mx == MAXREPEAT) and sptr != ptr:
                c_lastmark = s_lastmark
                c_lastindex = s_lastindex
                if c_lastmark >= 0:
                    dstack.append(marks[: c_lastmark + 1])
                ptr = sptr
                stack.append(
                    (_J_POSS_REPEAT_2, pc, ptr, toplevel, count, rep, c_lastmark, c_lastindex, 0)
                )
                pc += 4
                toplevel = False
                mode = _ENTER
                continue
            if QUIRKS.possessive_sets_repeat:
                assert rep is not None
                repeat = rep[_R_PREV]
            # evaluate the tail: skip to the SUCCESS that ends the body, and past it
            pc = pc + 1 + code[pc + 1] + 1
            ptr = sptr
            bt = retrying
            continue  # DISPATCH

        raise AssertionError(f"unknown resume label {label}")  # pragma: no cover


def _at(st: _State, ptr: int, at: int) -> bool:
    """SRE(at): is the text position ptr at the given AT code's place?"""
    t = st.text
    end = st.end
    if at in _AT_BEGINNINGS:
        return ptr == 0
    if at == AT_BEGINNING_LINE:
        return ptr == 0 or t[ptr - 1] == 10
    if at == AT_END:
        return (end - ptr == 1 and t[ptr] == 10) or ptr == end
    if at == AT_END_LINE:
        return ptr == end or t[ptr] == 10
    if at == AT_END_STRING:
        return ptr == end
    if at in _AT_ASCII_BOUNDARIES:
        is_word: Callable[[int], bool] = _is_word
    elif at in _AT_UNI_BOUNDARIES:
        is_word = _is_uni_word
    elif at in _AT_LOC_BOUNDARIES:
        is_word = _is_loc_word
    else:
        raise UnsupportedOpcode(f"AT code {at} is not handled")
    if QUIRKS.boundary_needs_text and end == 0:
        return False
    thatp = ptr > 0 and is_word(t[ptr - 1])
    thisp = ptr < end and is_word(t[ptr])
    if at in _AT_BOUNDARIES:
        return thisp != thatp
    return thisp == thatp


def _search(st: _State) -> int:
    """SRE(search): find the first position from st.start where the program matches."""
    code = st.code
    t = st.text
    ptr = st.start
    end = st.end
    flags = 0
    prefix_len = 0
    prefix_skip = 0
    prefix = 0
    charset = -1
    pattern = 0
    if ptr > end:
        return 0
    if code[0] == INFO:
        # <INFO> <1=skip> <2=flags> <3=min> <4=max> <5=prefix info>
        flags = code[2]
        if code[3] and end - ptr < code[3]:
            return 0
        if code[3] > 1:
            # adjust end point (but make sure we leave at least one character in there)
            end -= code[3] - 1
            end = max(end, ptr)
        if flags & SRE_INFO_PREFIX:
            # <length> <skip> <prefix data> <overlap data>
            prefix_len = code[5]
            prefix_skip = code[6]
            prefix = 7
        elif flags & SRE_INFO_CHARSET:
            charset = 5
        pattern = 1 + code[1]

    if prefix_len == 1:
        # the pattern starts with a literal character
        c = code[prefix]
        end = st.end
        st.must_advance = False
        literal = chr(c)
        while ptr < end:
            ptr = st.string.find(literal, ptr, end)  # sre_lib.h: `while (*ptr != c) ptr++`
            if ptr < 0:
                return 0
            st.start = ptr
            st.ptr = ptr + prefix_skip
            if flags & SRE_INFO_LITERAL:
                return 1  # we got all of it
            status = _match(st, pattern + 2 * prefix_skip, False)
            if status:
                return status
            ptr += 1
            st.lastmark = st.lastindex = -1
        return 0

    if prefix_len > 1:
        # the pattern starts with a known prefix: use the overlap table to skip forward
        overlap = prefix + prefix_len - 1
        end = st.end
        if prefix_len > end - ptr:
            return 0
        while ptr < end:
            c = code[prefix]
            while True:
                here = t[ptr]
                ptr += 1
                if here == c:
                    break
                if ptr >= end:
                    return 0
            if ptr >= end:
                return 0
            i = 1
            st.must_advance = False
            while True:
                if t[ptr] == code[prefix + i]:
                    i += 1
                    if i != prefix_len:
                        ptr += 1
                        if ptr >= end:
                            return 0
                        continue
                    # found a potential match
                    st.start = ptr - (prefix_len - 1)
                    st.ptr = ptr - (prefix_len - prefix_skip - 1)
                    if flags & SRE_INFO_LITERAL:
                        return 1
                    status = _match(st, pattern + 2 * prefix_skip, False)
                    if status:
                        return status
                    # close but no cigar -- try again
                    ptr += 1
                    if ptr >= end:
                        return 0
                    st.lastmark = st.lastindex = -1
                i = code[overlap + i]
                if i == 0:
                    break
        return 0

    if charset >= 0:
        # the pattern starts with a character from a known set
        end = st.end
        st.must_advance = False
        memo = st.in_set
        key = charset << 21
        while True:
            while ptr < end:  # (_in_set inlined: its memo first)
                hit = memo.get(key | t[ptr])
                if hit is None:
                    hit = _in_set(memo, code, charset, t[ptr])
                if hit:
                    break
                ptr += 1
            if ptr >= end:
                return 0
            st.start = ptr
            st.ptr = ptr
            status = _match(st, pattern, False)
            if status:
                return status
            ptr += 1
            st.lastmark = st.lastindex = -1

    # general case
    st.start = st.ptr = ptr
    status = _match(st, pattern, True)
    st.must_advance = False
    if (
        status == 0
        and code[pattern] == AT
        and code[pattern + 1] in (AT_BEGINNING, AT_BEGINNING_STRING)
    ):
        st.start = st.ptr = end
        return 0
    while status == 0 and ptr < end:
        ptr += 1
        st.lastmark = st.lastindex = -1
        st.start = st.ptr = ptr
        status = _match(st, pattern, False)
    return status


# The text as code points (plus a NUL, as CPython's strings end with one), for the last text seen:
# a scanner calls run() once per match on the same text.
_last_text: list[Any] = [None, None]


def _code_points(text: str) -> list[int]:
    if _last_text[0] is text:
        cached: list[int] = _last_text[1]
        return cached
    points = [ord(ch) for ch in text]
    points.append(0)
    _last_text[0] = text
    _last_text[1] = points
    return points


def run(
    code: Sequence[int],
    groups: int,
    text: str,
    pos: int,
    endpos: int,
    *,
    search: bool,
    match_all: bool = False,
    must_advance: bool = False,
    max_steps: int,
    on_step: Callable[[int, int, bool], None] | None = None,
    record: array[int] | None = None,
    record_limit: int = 0,
) -> VmRun:
    """Run CPython's program `code` (with `groups` capture groups) on text[pos:endpos] the way
    `_sre` does: SRE(search) if `search`, else SRE(match) from pos (`match_all` for fullmatch).
    `must_advance` is the scanner's rule after an empty match. Raises StepBudgetExceeded after
    max_steps dispatches, UnsupportedOpcode for anything this interpreter does not handle.

    `record` (an array('q')) gets the first `record_limit` dispatches appended, one int each:
    pos << 32 | pc << 1 | backtrack, what on_step would be given (so each step's high 32 bits are
    its position and its low 32 bits pc << 1 | backtrack). This is what trace.py uses: far cheaper
    than calling on_step a million times, 8 bytes a step, and decoded with no per-step Python."""
    if record is not None and (len(code) >= 1 << 30 or len(text) >= 1 << 31):
        raise UnsupportedOpcode("a program or text this large cannot be recorded")
    length = len(text)
    pos = min(max(pos, 0), length)
    endpos = min(max(endpos, 0), length)
    st = _State(
        code,
        _code_points(text),
        text,
        groups=groups,
        start=pos,
        end=endpos,
        max_steps=max_steps,
        on_step=on_step,
    )
    st.match_all = match_all
    st.must_advance = must_advance
    if record is not None and record_limit > 0:
        st.record_end = record_limit
        st.record_step = record.append
    status = _search(st) if search else _match(st, 0, True)
    if not status:
        return VmRun(None, None, st.steps, st.backtracks)
    regs = [(st.start, st.ptr)]
    marks = st.marks
    for g in range(groups):
        j = 2 * g
        if j + 1 <= st.lastmark and marks[j] >= 0 and marks[j + 1] >= 0:
            if marks[j] > marks[j + 1]:
                raise SystemError(
                    "The span of capturing group is wrong, please report a bug for the re module."
                )
            regs.append((marks[j], marks[j + 1]))
        else:
            regs.append((-1, -1))
    lastindex = st.lastindex if st.lastindex >= 0 else None
    return VmRun(regs, lastindex, st.steps, st.backtracks)
