"""Property tests: for patterns drawn from a small regex grammar and texts full of astral and
control characters, evaluate never raises and agrees with `re` itself on every op, and span16
always slices the UTF-16 encoding to the same text as span slices the str.

Sized by the Hypothesis profile in conftest.py (PYREGEX_MAX_EXAMPLES raises it).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pyregex import evaluate

LITERALS = [
    "a",
    "b",
    "é",
    "😀",
    "\U0001d538",
    "e\u0301",
    " ",
    "1",
    r"\n",
    r"\r",
    r"\.",
    r"\x00",
    "\\U0001F600",
]
ESCAPES = [r"\d", r"\w", r"\s", r"\W", "."]
CLASSES = ["[ab]", "[^a]", "[a-z😀]", r"[\s\d]", "[😀-😂]", "[.]", r"[\r\n]", r"[^\w]"]
ANCHORS = ["^", "$", r"\A", r"\Z", r"\b", r"\B"]
BACKREFS = [r"\1", r"\2", "(?P=n1)"]
QUANTIFIERS = ["*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?", "??", "{1,2}?"]
GROUP_NAMES = ["n1", "n2"]

TEXT_CHARACTERS = [
    "a",
    "b",
    "A",
    "é",
    "😀",
    "😂",
    "\U0001d538",
    "\u0301",
    " ",
    "1",
    "_",
    ".",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x7f",
    "\u2028",
    "\udc00",  # a lone surrogate: one code point and one UTF-16 unit, as in JavaScript
]

leaves = st.sampled_from(LITERALS + ESCAPES + CLASSES + ANCHORS + BACKREFS)


def compound(child: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(child, min_size=2, max_size=3).map("".join),
        st.lists(child, min_size=2, max_size=3).map("|".join),
        child.map(lambda inner: f"({inner})"),
        child.map(lambda inner: f"(?:{inner})"),
        child.map(lambda inner: f"({inner})?"),
        st.tuples(st.sampled_from(GROUP_NAMES), child).map(
            lambda pair: f"(?P<{pair[0]}>{pair[1]})"
        ),
        st.tuples(child, st.sampled_from(QUANTIFIERS)).map(lambda pair: f"(?:{pair[0]}){pair[1]}"),
        child.map(lambda inner: f"(?={inner})"),
        child.map(lambda inner: f"(?!{inner})"),
    )


patterns = st.recursive(leaves, compound, max_leaves=6)
texts = st.lists(st.sampled_from(TEXT_CHARACTERS), max_size=12).map("".join)
flag_letters = st.sampled_from(["", "i", "m", "s", "x", "ims", "a", "ai"])
replacements = st.sampled_from(
    ["", "-", "😀", r"\g<0>", r"<\1>", r"\g<n1>", r"[\g<0>\g<0>]", r"\n\\", "e\u0301", r"\2"]
)
limits = st.integers(min_value=-1, max_value=4)
max_matches = st.sampled_from([1, 2, 100_000])

FLAG_VALUES = {"i": re.I, "m": re.M, "s": re.S, "x": re.X, "a": re.A}


def re_flags(letters: str) -> int:
    flags = 0
    for letter in letters:
        flags |= FLAG_VALUES[letter]
    return flags


def compile_or_error(pattern: str, flags: int) -> re.Pattern[str] | Exception:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return re.compile(pattern, flags)
        except (re.error, ValueError, OverflowError, RecursionError) as exc:
            return exc


def shaped_groups(m: re.Match[str]) -> list[tuple[Any, ...]]:
    """(index, span, value) of every group, as evaluate should report it."""
    rows = []
    for index in range(m.re.groups + 1):
        start, end = m.span(index)
        rows.append((index, [start, end] if start >= 0 else None, m.group(index)))
    return rows


def reported_groups(match: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(g["index"], g["span"], g["value"]) for g in match["groups"]]


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def assert_same_error(result: Any, expected: Exception) -> None:
    assert result["ok"] is False
    assert result["error"]["type"] == type(expected).__name__
    assert result["error"]["message"] == str(expected)


def assert_matches_equal(result: Any, expected: list[re.Match[str]]) -> None:
    assert [match["span"] for match in result["matches"]] == [list(m.span()) for m in expected]
    assert [reported_groups(match) for match in result["matches"]] == [
        shaped_groups(m) for m in expected
    ]


def limited(found: list[re.Match[str]], limit: int, cap: int) -> list[re.Match[str]]:
    """The matches sub/split use under count/maxsplit `limit` (0: all, negative: none), capped."""
    if limit < 0:
        return []
    used = found if limit == 0 else found[:limit]
    return used[:cap]


@given(patterns, texts, flag_letters, st.sampled_from(["match", "search", "fullmatch"]))
def test_single_match_ops_equal_re(pattern: str, text: str, letters: str, op: str) -> None:
    result = evaluate({"pattern": pattern, "text": text, "op": op, "flags": letters})
    regex = compile_or_error(pattern, re_flags(letters))
    if isinstance(regex, Exception):
        assert_same_error(result, regex)
        return
    m = getattr(regex, op)(text)
    assert result["ok"] is True
    assert_matches_equal(result, [] if m is None else [m])
    assert result["output"]["repr"] == repr(m)


@given(patterns, texts, flag_letters, max_matches)
def test_findall_and_finditer_equal_re(pattern: str, text: str, letters: str, cap: int) -> None:
    regex = compile_or_error(pattern, re_flags(letters))
    for op in ("findall", "finditer"):
        result = evaluate(
            {"pattern": pattern, "text": text, "op": op, "flags": letters, "maxMatches": cap}
        )
        if isinstance(regex, Exception):
            assert_same_error(result, regex)
            continue
        found = list(regex.finditer(text))
        assert result["ok"] is True
        assert_matches_equal(result, found[:cap])
        assert result["truncated"] == (len(found) > cap)
        if op == "findall":
            everything = regex.findall(text)
            shown = [list(item) if isinstance(item, tuple) else item for item in everything[:cap]]
            assert result["output"]["value"] == shown
            if len(everything) <= cap:
                assert result["output"]["repr"] == repr(everything)
        else:
            assert result["output"]["value"] == [m.group(0) for m in found[:cap]]


@given(
    pattern=patterns,
    text=texts,
    letters=flag_letters,
    replacement=replacements,
    count=limits,
    cap=max_matches,
)
def test_sub_and_subn_equal_re(
    *, pattern: str, text: str, letters: str, replacement: str, count: int, cap: int
) -> None:
    request = {
        "pattern": pattern,
        "text": text,
        "flags": letters,
        "replacement": replacement,
        "count": count,
        "maxMatches": cap,
    }
    regex = compile_or_error(pattern, re_flags(letters))
    for op in ("sub", "subn"):
        result = evaluate({**request, "op": op})
        if isinstance(regex, Exception):
            assert_same_error(result, regex)
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                output, n = regex.subn(replacement, text, count=count)
        except (re.error, IndexError) as exc:
            assert_same_error(result, exc)
            assert result["error"]["where"] == "replacement"
            continue
        assert result["ok"] is True
        assert result["output"]["value"] == (output if op == "sub" else [output, n])
        used = limited(list(regex.finditer(text)), count, cap)
        assert_matches_equal(result, used)
        assert result["truncated"] == (n > cap)
        output16 = utf16(output)
        for match, m in zip(result["matches"], used, strict=True):
            start16, end16 = match["outputSpan16"]
            assert output16[2 * start16 : 2 * end16] == utf16(m.expand(replacement))


@given(patterns, texts, flag_letters, limits, max_matches)
def test_split_equals_re(pattern: str, text: str, letters: str, maxsplit: int, cap: int) -> None:
    result = evaluate(
        {
            "pattern": pattern,
            "text": text,
            "op": "split",
            "flags": letters,
            "maxsplit": maxsplit,
            "maxMatches": cap,
        }
    )
    regex = compile_or_error(pattern, re_flags(letters))
    if isinstance(regex, Exception):
        assert_same_error(result, regex)
        return
    parts = regex.split(text, maxsplit=maxsplit)
    assert result["ok"] is True
    assert result["output"]["value"] == parts[:cap]
    assert result["output"]["truncated"] == (len(parts) > cap)
    assert_matches_equal(result, limited(list(regex.finditer(text)), maxsplit, cap))


@given(patterns, texts, flag_letters)
def test_span16_slices_the_utf16_encoding_like_span_slices_the_str(
    pattern: str, text: str, letters: str
) -> None:
    result = evaluate({"pattern": pattern, "text": text, "op": "finditer", "flags": letters})
    if not result["ok"]:
        return
    units = utf16(text)
    for match in result["matches"]:
        assert match["span"] == match["groups"][0]["span"]
        for group in match["groups"]:
            if group["span"] is None:
                assert group["span16"] is None
                assert group["value"] is None
                continue
            start, end = group["span"]
            start16, end16 = group["span16"]
            assert text[start:end] == group["value"]
            assert units[2 * start16 : 2 * end16] == utf16(text[start:end])


@given(patterns, st.text(max_size=6), flag_letters)
def test_pattern_errors_point_into_the_pattern(pattern: str, noise: str, letters: str) -> None:
    broken = pattern + noise
    result = evaluate({"pattern": broken, "text": "", "op": "search", "flags": letters})
    if result["ok"]:
        return
    error = result["error"]
    regex = compile_or_error(broken, re_flags(letters))
    assert isinstance(regex, Exception)
    assert_same_error(result, regex)
    if isinstance(regex, re.error) and regex.pos is not None:
        assert error["pos"] == regex.pos
        assert error["pos16"] == len(utf16(broken[: regex.pos])) // 2
        assert (error["lineno"], error["colno"]) == (regex.lineno, regex.colno)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda child: (
        st.lists(child, max_size=3) | st.dictionaries(st.text(max_size=5), child, max_size=3)
    ),
    max_leaves=5,
)
request_keys = st.sampled_from(
    ["pattern", "text", "op", "flags", "replacement", "count", "maxsplit", "maxMatches", "extra"]
)
request_values = st.one_of(
    json_values,
    st.sampled_from(
        ["match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"]
    ),
    st.sampled_from(["", "i", "imsx", "l", "au", "z"]),
    patterns,
    st.integers(min_value=-3, max_value=5),
)


@given(st.dictionaries(request_keys, request_values, max_size=9) | json_values)
def test_evaluate_never_raises_on_any_request(request: Any) -> None:
    result = evaluate(request)
    assert isinstance(result, dict)
    if result["ok"]:
        assert set(result["output"]) == {"repr", "value", "truncated"}
    else:
        assert set(result) == {"ok", "error"}
        assert set(result["error"]) == {
            "type",
            "where",
            "message",
            "pos",
            "pos16",
            "lineno",
            "colno",
        }
