"""The corpus scripts/find-version-differences.mjs runs in every CPython runtime, and how.

Each runtime imports this module and calls outcomes(): every request of REQUESTS goes through the
core's public pyregex.evaluate, and every probe of PROBES (what evaluate cannot express: `re`'s own
signatures, bytes patterns, module attributes) through plain `re`; the answers come back as JSON
with what varies between runs (timings, the version string) left out, so equal outcomes compare
equal. A dev tool's corpus: the tests never import it.
"""

# The corpus is made of what these rules warn about: look-alike characters in group names and
# `re` calls with positional count/maxsplit/flags.
# ruff: noqa: RUF001, B034

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from collections.abc import Callable
from typing import Any

import pyregex

# A text with something for most patterns to find: letters, a newline, digits, non-ASCII.
TEXT = "ab a\nb aaab é_1 —\u00a0x ß"
# Characters Unicode gave a category in 15.0 (CJK ext. H, Kawi letter), 15.1 (CJK ext. I),
# 16.0 (Cyrillic TJE, Ol Onal), 17.0 (CJK ext. J): each CPython knows the Unicode of its release.
NEW_CHARACTERS = "\U00031350\U00011f04\U0002ebf0\u1c89\U0001e5d0\U000323b0"

PATTERNS = [
    # escapes
    *(r"a\z", r"\z", r"a\Z", r"\Z", r"\A", r"\B", r"\b", r"x\B", r"\Ba", r"a\b"),
    *(r"\N{EM DASH}", r"\N{LATIN SMALL LETTER A}", r"\N{nope}", r"\N", r"\N{", r"\N{}"),
    *(r"\U0001F600", r"\U00110000", r"\U0001F60", r"\u00e9", r"\u12", r"\x4", r"\x41", r"\x"),
    *(r"\0", r"\08", r"\8", r"\9", r"\400", r"\377", r"\777", r"\1", r"(a)\2", r"(a)\1"),
    *(r"\e", r"\q", r"\_", r"\-", r"\&", r"\~", r"\ ", r"\#", r"\c", r"\i", r"\j", r"\k"),
    *(r"\l", r"\m", r"\o", r"\p{L}", r"\P{L}", r"\R", r"\X", r"\h", r"\v", r"\y", r"\K"),
    *(r"\G", r"\Q", r"\E", r"\g", r"\g<1>", r"\\", "\\", r"a\\"),
    # escapes in classes
    *(r"[\z]", r"[\Z]", r"[\A]", r"[\b]", r"[\B]", r"[\N{EM DASH}]", r"[\q]", r"[\d-z]"),
    *(r"[a-\d]", r"[\w-]", r"[z-a]", r"[\8]", r"[\0]", r"[\400]", r"[\x4]", r"[\u12]"),
    *(r"[\N{nope}]", r"[\e]", r"[\_]", r"[\G]"),
    # repeats: possessive, atomic, huge, odd
    *(r"a*+", r"a++b", r"a?+", r"a{1,2}+", r"(?>a*)a", r"(?>a|ab)c", r"a**", r"a*+*"),
    *(r"a{2}{3}", r"(?>)", r"a{,3}", r"a{3,}+", r"a{}", r"a{,}", r"a{1,2", r"{1}", r"x{2,1}"),
    *(r"a{99999999999}", r"a{4294967295}", r"a{4294967296}", r"a{65535}", r"a{1000000}"),
    *(r"(a){2147483648}", r"a{0,4294967295}", r"x{1,}?", r"^*", r"$*", r"\b*", r"(?=a)*"),
    *(r"(?!a)+", r"(?<=a)?", r"(?:)*", r"()*", r"a|*", r"*", r"+a", r"a{1}{2}", r"a??+"),
    # inline flags
    *(r"a(?i)b", r"(?i)a", r"a(?x) b", r"(?i:a)b", r"(?-i:a)", r"(?i-i:a)", r"(?a)\w"),
    *(r"(?u)\w", r"(?L)a", r"(?au)a", r"(?i", r"(?", r"(?z)", r"(?-)", r"(?i-:a)", r"(?s:.)"),
    *(r"(?-s:.)", r"(?x: a b )", r"(?i)(?m)a", r"a|(?i)b", r"(?#comment)a", r"(?#unterminated"),
    *(r"(?imsx)a", r"(?t)a", r"(?L:a)", r"(?-a:a)", r"(?-u:a)", r"(?a-u:a)", r"((?i)a)"),
    *(r"(?x)(?i)a", r"(?-x: a)", r"(?i)(?i)a", r"(?a)(?u)a", r"(?:(?i)a)"),
    # group names and references
    *(r"(?P<name>a)", r"(?<name>a)", r"(?P<1>a)", r"(?P<a1>a)", r"(?P<é>a)", r"(?P<١>a)"),
    *(r"(?P<a-b>a)", r"(?P<>a)", r"(?P<a>a)(?P<a>b)", r"(?P=name)", r"(?P<n>a)(?P=n)"),
    *(r"(?P<n>a)(?P=1)", r"(?P<n>a)(?P=é)", r"(?P<𝔘>a)", r"(?P<ªb>a)", r"(?P<a>", r"(?P"),
    *(r"(?P<a", r"(?Px)", r"(?P<ǅ>a)", r"(?P<_>a)", r"(?P<a>a)\g<a>", r"(?P<n>a)(?P=n"),
    # lookarounds
    *(r"(?<=a)b", r"(?<!a)b", r"(?<a)", r"(?<=a|bc)", r"(?<=a*)", r"(?<!ab|c)d", r"(?<=\b)a"),
    *(r"(?<=(a))b", r"(?<=(?P<x>a))", r"(?<=a{2})", r"(?<=a{1,2})", r"(?<=(?>a))b"),
    *(r"(?<=\z)", r"(?<=\Z)", r"(?<=a", r"(?=", r"(?<=(a)\1)b", r"(?<=a+?)"),
    # conditional groups
    *(r"(a)?(?(1)b|c)", r"(?(1)a|b)", r"(a)(?(2)b)", r"(?P<n>a)(?(n)b|c)", r"(a)(?(1)b|c|d)"),
    *(r"(a)(?(0)b)", r"(a)(?(-1)b)", r"(a)(?(١)b)", r"(a)(?(1a)b)", r"(a)(?(1", r"(?(a)b)"),
    *(r"(a)(?(1)", r"(a)(?(+1)b)", r"(a)(?(01)b)", r"(?P<é>a)(?(é)b)", r"(a)(?(1)|b)"),
    # character sets
    *(r"[[a]", r"[a--b]", r"[a&&b]", r"[a||b]", r"[a~~b]", r"[[:alpha:]]", r"[a-[]", r"[--]"),
    *(r"[&&]", r"[a-]", r"[]a]", r"[^]a]", r"[]", r"[^]", r"[", r"[a", r"[\]", r"[a-\w]"),
    *(r"[^\W\d]", r"[\s\S]", r"[a-a]", r"[\x00-\U0010ffff]", r"[é-a]"),
    # structure
    *(r"(", r")", r"a)", r"(?:", r"(?:a", r"a|", r"|", r"()", r"(?:)", r"\1(a)", r"(?:a)\1"),
    *(r"(?m)^$", r"(?s).", r"$", r"\Z|a", r"(?x)a # c", r"(?x)[ ]", r"(?x)a\ b", r"a{2,3}?"),
    *(r"(?x)a{1, 2}", r"a{1, 2}", r"a{ 1}", r"(?x)a {2}", r"a{1,2}{3}", r"(" * 10 + ")" * 10),
    # Unicode: case folding, classes, characters newer than some runtimes' Unicode
    *(r"(?i)ß", r"(?i)ſ", r"(?i)ǅ", r"(?i)K", r"(?ai)é", r"\d", r"\w", r"\s", r"(?a)\s"),
    *(r"(?i)\u1c89", r"(?i)\u1c8a", r"[\u1c80-\u1c8f]", r"(?i)[\u1c89]", r"\W"),
]

EXTRA_TEXTS = {
    r"\w": NEW_CHARACTERS,
    r"\W": NEW_CHARACTERS,
    r"(?i)\u1c89": "\u1c89\u1c8a",
    r"(?i)\u1c8a": "\u1c89\u1c8a",
    r"(?i)[\u1c89]": "\u1c89\u1c8a",
    r"\d": "\u0660\U0001fbf0\U0001e4f0",
    r"\s": "\u1680\u180e\u200b\u2028\x1c\x85",
}

TEMPLATES = [
    *(r"\g<0>", r"\g<1>", r"\g<name>", r"\g<-1>", r"\g<01>", r"\g<١>", r"\g<1a>", r"\g<>"),
    *(r"\g<", r"\g", r"\1", r"\0", r"\10", r"\100", r"\8", r"\q", r"\n", r"\z", r"\\"),
    *("\\", r"\g<2>", r"\g<é>", r"\g<+1>", r"\g< 1>", r"\x41", r"\N{EM DASH}", r"\u00e9"),
    *(r"\U0001F600", r"\a\b\f\v", r"\400", r"\3", r"\g<3>", r"\g<nope>", r"\g<name", r"\Z"),
    *(r"\G", r"\A", r"\B", r"\_", r"\-", r"\01", r"\000", r"\g<00>", r"\g<4294967296>"),
]

# Patterns that match empty strings, for split/sub/findall and the \b, \B rules on ''.
EMPTY_MATCHERS = [r"", r"\b", r"\B", r"x*", r"(x*)", r"^", r"$", r"(?m)^", r"\Z", r"\A"]
EMPTY_MATCHERS_NEWER = [r"\z", r"^\B$", r"\B|a", r"(?:\B)*", r"\b|\B"]


def requests() -> list[dict[str, Any]]:
    """Every request of the corpus, in a fixed order (the same in every runtime)."""
    found: list[dict[str, Any]] = []
    for pattern in PATTERNS:
        text = EXTRA_TEXTS.get(pattern, TEXT)
        found.append({"pattern": pattern, "text": text, "op": "finditer"})
        found.append({"pattern": pattern, "text": "", "op": "search"})
    for replacement in TEMPLATES:
        found.append(
            {"pattern": "(?P<name>a)(b)?", "text": "ab a", "op": "sub", "replacement": replacement}
        )
    for pattern in EMPTY_MATCHERS + EMPTY_MATCHERS_NEWER:
        for text in ("", "a", "ab c"):
            found.append({"pattern": pattern, "text": text, "op": "split"})
            found.append({"pattern": pattern, "text": text, "op": "sub", "replacement": "-"})
            found.append({"pattern": pattern, "text": text, "op": "findall"})
        found.append({"pattern": pattern, "text": "ab c", "op": "split", "maxsplit": 1})
    for count in (0, 1, 2):
        found.append(
            {"pattern": "a", "text": "aaa", "op": "subn", "replacement": "b", "count": count}
        )
    for flags in ("l", "au", "al", "ix", "L", "imsxau"):
        found.append({"pattern": r"\w", "text": "é", "op": "search", "flags": flags})
    return found


def _call(thunk: Callable[[], object]) -> dict[str, Any]:
    """What calling thunk did: its repr or its exception, and the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome: dict[str, Any] = {"value": repr(thunk())}
        except Exception as exc:
            outcome = {"raised": f"{type(exc).__name__}: {exc}"}
    outcome["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    return outcome


# What evaluate cannot express: `re` called with positional arguments (the core passes count,
# maxsplit and flags by keyword), bytes patterns (the core takes str), module attributes.
PROBES: dict[str, Callable[[], object]] = {
    "re.sub('a', 'b', 'aaa', 1)": lambda: re.sub("a", "b", "aaa", 1),
    "re.subn('a', 'b', 'aaa', 1)": lambda: re.subn("a", "b", "aaa", 1),
    "re.split('a', 'bab', 1)": lambda: re.split("a", "bab", 1),
    "re.sub('A', 'b', 'aaa', 0, re.I)": lambda: re.sub("A", "b", "aaa", 0, re.I),
    "re.sub('a', 'b', 'aaa', count=1)": lambda: re.sub("a", "b", "aaa", count=1),
    "re.compile('a').sub('b', 'aaa', 1)": lambda: re.compile("a").sub("b", "aaa", 1),
    "re.error.__name__": lambda: re.error.__name__,
    "hasattr(re, 'PatternError')": lambda: hasattr(re, "PatternError"),
    "hasattr(re, 'NOFLAG')": lambda: hasattr(re, "NOFLAG"),
    "hasattr(re, 'template')": lambda: hasattr(re, "template"),
    "hasattr(re, 'TEMPLATE')": lambda: hasattr(re, "TEMPLATE"),
    "hasattr(re, 'prefixmatch')": lambda: hasattr(re, "prefixmatch"),
    "re.compile(b'(?u)a')": lambda: re.compile(b"(?u)a"),
    "re.compile(rb'(?P<\\xe9>a)')": lambda: re.compile(rb"(?P<\xe9>a)"),
    "re.compile(rb'\\z').search(b'a')": lambda: re.compile(rb"\z").search(b"a"),
    "re.compile(rb'\\B').search(b'')": lambda: re.compile(rb"\B").search(b""),
    "re.compile(rb'(a)').sub(rb'\\g<\\xe9>', b'a')": lambda: re.compile(rb"(a)").sub(
        rb"\g<\xe9>", b"a"
    ),
    "re.escape('a-b#c d~')": lambda: re.escape("a-b#c d~"),
    "re.compile('a', re.I | re.M)": lambda: re.compile("a", re.I | re.M),
    "repr(re.I | re.M)": lambda: repr(re.I | re.M),
    "repr(re.compile('a').search('a'))": lambda: repr(re.compile("a").search("a")),
    "re.purge()": re.purge,
    "unicodedata.unidata_version": lambda: unicodedata.unidata_version,
}


def _evaluated(request: dict[str, Any]) -> dict[str, Any]:
    result = dict(pyregex.evaluate(request))
    result.pop("elapsedMs", None)
    result.pop("python", None)
    return result


def outcomes() -> str:
    """The JSON of [request, outcome] pairs and {probe: outcome}, for the calling script."""
    evaluated = [[request, _evaluated(request)] for request in requests()]
    probed = {name: _call(thunk) for name, thunk in PROBES.items()}
    return json.dumps({"requests": evaluated, "probes": probed})
