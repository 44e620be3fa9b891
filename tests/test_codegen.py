"""to_python(): every generated snippet is executed and must print what evaluate reports.

Snippets run with exec() and a captured stdout rather than in a subprocess, so these tests also run
inside Pyodide. Literals are checked separately to be exact for any string whatsoever.
"""

from __future__ import annotations

import ast
import contextlib
import io
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyregex.codegen import python_str, to_python
from pyregex.evaluate import evaluate
from pyregex.request import RequestError

Request = dict[str, Any]


def run_snippet(snippet: str) -> str:
    """What the snippet prints; deprecated `re` usage (positional count...) fails the test."""
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        with contextlib.redirect_stdout(out):
            exec(compile(snippet, "<snippet>", "exec"), {"__name__": "__snippet__"})
    return out.getvalue()


def request(pattern: str, text: str, op: str, **options: Any) -> Request:
    return {"pattern": pattern, "text": text, "op": op, **options}


OPS = ["match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"]

REQUESTS: list[Request] = [
    # every op, matching and not
    *(
        request(r"(\w+)@(\w+)", "mail ann@example or bob@test", op, replacement=r"\2 at \1")
        for op in OPS
    ),
    *(request(r"x(y)?", "aaa", op, replacement="-") for op in OPS),
    *(request(r"", "ab", op, replacement="-") for op in OPS),  # empty matches, 3.7+ rules
    request(r"(?P<first>\w)(\w)?", "a bc", "findall"),
    request(r"(a)|b", "ab", "split"),
    # every flag
    request("hello", "HeLLo", "search", flags="i"),
    request("^b$", "a\nb\nc", "findall", flags="m"),
    request("a.b", "a\nb", "search", flags="s"),
    request(" a  b # comment", "ab", "search", flags="x"),
    request(r"\w+", "né café", "findall", flags="a"),
    request(r"\w+", "né café", "findall", flags="u"),
    request(r"^\w+$", "ÀB\nçd", "findall", flags="imsu"),
    request("(?im)^a", "b\nA", "search"),
    # count and maxsplit
    request("a", "aaaa", "sub", replacement="b", count=2),
    request("a", "aaaa", "subn", replacement="b", count=3),
    request(",", "1,2,3,4", "split", maxsplit=2),
    request(",", "1,2,3,4", "split", maxsplit=0),
    request("a", "aaa", "sub", replacement="b", count=-1),  # negative: replace nothing
    request("a", "bab", "split", maxsplit=-1),
    request("a", "aaa", "search", replacement="z", count=5, maxsplit=2),  # ignored by search
    # quotes and backslashes in every literal
    request(r"\"", 'say "hi"', "findall"),
    request(r"'", "it's", "findall"),
    request(r"""['"]""", """'a' "b" """, "findall"),
    request(r"\\", "a\\b\\", "split"),
    request(r"\\$", "ends with a backslash\\", "search"),
    request(r"(\w)", "ab", "sub", replacement=r"\\\1\\"),
    request(r"(?P<w>\w)", "ab", "sub", replacement=r"<\g<w>> \g<0> 'q' \"d\""),
    request(r"\d", "1", "sub", replacement="a\\\\"),
    request(r"a", "a", "sub", replacement="both ' and \""),
    # line breaks and control characters, in pattern and text
    request("a\nb", "a\nb", "search"),
    request(r"\r\n", "one\r\ntwo\rthree\n", "split"),
    request("\r", "lone\rcr", "split"),
    request("\t", "tab\there", "split"),
    request("\x00", "nul\x00here", "split"),
    request("b", "a\x0cb\x0bc\x85d\u2028e", "search"),
    request(".", "\ud800", "findall"),  # a lone surrogate
    request("(?x)\n  (\\d+)  # digits\n  -  # dash\n", "12-", "search"),
    request("(?x)\n  a \\# '''\"\"\" \n", "a#'''\"\"\"", "search"),
    request("a\n b", "ab", "search", flags="x"),
    request("(?x) a\n b\\\\", "ab\\", "search"),
    request('a # ends with a quote "\n', "a", "search", flags="x"),
    request("a", "line one\nline two\n", "findall"),
    request("e", 'text ending with a quote "\n"', "findall"),
    # astral characters and combining marks
    request("😀+", "a😀😀b😀", "finditer"),
    request("[😀-😂]", "x😁y", "search"),
    request("e\u0301", "cafe\u0301", "search"),
    request("\u0301", "\u0301a", "split"),
    request(r"\U0001F600", "😀", "fullmatch"),
    # unicode in the pattern and an empty text
    request("é|ü", "", "findall"),
]


@pytest.mark.parametrize("req", REQUESTS, ids=[f"{r['op']}:{r['pattern']!r}" for r in REQUESTS])
def test_snippet_prints_what_evaluate_reports(req: Request) -> None:
    result = evaluate(req)
    assert result["ok"], result
    assert not result["output"]["truncated"]
    assert run_snippet(to_python(req)) == result["output"]["repr"] + "\n"


ERROR_REQUESTS: list[Request] = [
    request("(", "", "search"),
    request("a{3,2}", "", "search"),
    request("a", "", "search", flags="l"),
    request("a", "", "search", flags="au"),
    request("(a)", "a", "sub", replacement=r"\2"),
    request("(a)", "a", "sub", replacement=r"\g<name>"),
]


@pytest.mark.parametrize("req", ERROR_REQUESTS, ids=[repr(r) for r in ERROR_REQUESTS])
def test_snippet_raises_what_evaluate_reports(req: Request) -> None:
    error = evaluate(req)
    assert not error["ok"]
    with pytest.raises(Exception) as raised:  # noqa: PT011 (the type is checked by name below)
        run_snippet(to_python(req))
    assert type(raised.value).__name__ == error["error"]["type"]
    assert str(raised.value) == error["error"]["message"]


def test_truncated_output_is_the_start_of_the_full_output() -> None:
    req = request("a", "a" * 10, "findall", maxMatches=3)
    result = evaluate(req)
    assert result["ok"]
    assert result["output"]["truncated"]
    shown = result["output"]["repr"].removesuffix(", ...]")
    assert run_snippet(to_python(req)).startswith(shown)


def test_snippet_shape() -> None:
    snippet = to_python(
        request(r"(?P<year>\d{4})", "in 2024", "sub", replacement=r"\g<year>!", count=1, flags="im")
    )
    assert snippet == (
        "import re\n"
        "\n"
        'pattern = r"(?P<year>\\d{4})"\n'
        'text = "in 2024"\n'
        'replacement = r"\\g<year>!"\n'
        "result = re.sub(pattern, replacement, text, count=1, "
        "flags=re.IGNORECASE | re.MULTILINE)\n"
        "print(repr(result))\n"
    )


def test_split_and_finditer_calls() -> None:
    assert "result = re.split(pattern, text, maxsplit=2)\n" in to_python(
        request(",", "a,b", "split", maxsplit=2)
    )
    assert "result = list(re.finditer(pattern, text, flags=re.ASCII))\n" in to_python(
        request("a", "a", "finditer", flags="a")
    )


def test_verbose_multiline_pattern_is_triple_quoted() -> None:
    pattern = "(?x)\n  \\d+  # digits\n"
    assert f'pattern = r"""{pattern}"""\n' in to_python(request(pattern, "1", "search"))


@pytest.mark.parametrize(
    ("value", "raw", "expected"),
    [
        (r"\d+", True, r'r"\d+"'),
        ("plain", False, '"plain"'),
        ('say "hi"', True, """r'say "hi"'"""),
        ("both ' and \"", True, "r'''both ' and \"'''"),
        ("""['"]\\d""", True, 'r"""[\'"]\\d"""'),
        ("'\"\\", True, repr("'\"\\")),
        ("a\\", False, repr("a\\")),  # a raw string cannot end with an odd backslash
        ("a\\\\", True, 'r"a\\\\"'),
        ("tab\t", False, repr("tab\t")),
        ("crlf\r\n", False, repr("crlf\r\n")),
        ("😀é\u0301", False, '"😀é\u0301"'),
        ("nbsp\xa0", False, repr("nbsp\xa0")),
    ],
)
def test_literal_choice(value: str, raw: bool, expected: str) -> None:
    assert python_str(value, raw=raw, multiline=False) == expected


def test_multiline_literal_choice() -> None:
    assert python_str("a\nb\n", raw=False, multiline=True) == '"""a\nb\n"""'
    assert python_str("a\nb", raw=True, multiline=True) == 'r"""a\nb"""'
    assert python_str('a\n"', raw=True, multiline=True) == "r'''a\n\"'''"
    assert python_str("a\r\nb", raw=False, multiline=True) == repr("a\r\nb")
    assert python_str("a\nb", raw=False, multiline=False) == repr("a\nb")


@given(st.text(), st.booleans(), st.booleans())
def test_literals_are_exact(value: str, raw: bool, multiline: bool) -> None:
    assert ast.literal_eval(python_str(value, raw=raw, multiline=multiline)) == value


@given(
    st.text(alphabet=st.sampled_from([*"ab\\'\"\n\r\t\x00 ", "😀", "é"])),
    st.booleans(),
    st.booleans(),
)
def test_tricky_literals_are_exact(value: str, raw: bool, multiline: bool) -> None:
    assert ast.literal_eval(python_str(value, raw=raw, multiline=multiline)) == value


@given(
    st.sampled_from([r"\w+", "(a)|b", "", "a*?", r"(?P<n>.)\s"]),
    st.text(alphabet=st.sampled_from([*"ab \n\r\t'\"\\", "😀"]), max_size=12),
    st.sampled_from(OPS),
    st.sampled_from(["", "i", "ms", "x"]),
)
def test_any_request_round_trips(pattern: str, text: str, op: str, flags: str) -> None:
    req = request(pattern, text, op, flags=flags, replacement=r"[\g<0>]", count=1, maxsplit=1)
    result = evaluate(req)
    assert result["ok"]
    assert run_snippet(to_python(req)) == result["output"]["repr"] + "\n"


def test_malformed_request_is_refused() -> None:
    with pytest.raises(RequestError, match="unknown key"):
        to_python({"pattern": "a", "text": "", "op": "search", "colour": "red"})
    with pytest.raises(RequestError):
        to_python({"pattern": "a", "text": "", "op": "replace"})
