"""The permalink codec against the shared fixtures (links the page and this package wrote), and
against hostile links: each is refused with one clear sentence, and a zip bomb never unpacks past
the cap."""

from __future__ import annotations

import base64
import json
import random
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest

from pyregex import run_suite
from pyregex.permalink import (
    MAX_FRAGMENT_CHARS,
    MAX_JSON_BYTES,
    SUITE_FIELDS,
    PermalinkError,
    decode_permalink,
    encode_session,
    session_to_suite,
)
from pyregex.suite_format import parse_suite

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "permalinks"
FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))
LINKS: list[tuple[str, dict[str, Any]]] = [
    (f"{path.name}: {entry['name']}", entry)
    for path in FIXTURE_FILES
    for entry in json.loads(path.read_text(encoding="utf-8"))
]
CORE = [entry for label, entry in LINKS if label.startswith("core.json")]


def test_the_fixture_files_are_there() -> None:
    names = {path.name for path in FIXTURE_FILES}
    assert {"v1-before-suites.json", "core.json"} <= names
    for label, entry in LINKS:
        assert set(entry) == {"name", "madeBy", "fragment", "session"}, label
        assert entry["fragment"].startswith("#v1="), label


@pytest.mark.parametrize("entry", [entry for _, entry in LINKS], ids=[label for label, _ in LINKS])
def test_every_fixture_link_decodes_to_its_session(entry: dict[str, Any]) -> None:
    assert decode_permalink(entry["fragment"]) == entry["session"]


@pytest.mark.parametrize("entry", [entry for _, entry in LINKS], ids=[label for label, _ in LINKS])
def test_every_fixture_session_survives_encoding_and_decoding(entry: dict[str, Any]) -> None:
    fragment = encode_session(entry["session"])
    assert fragment.startswith("#v1=")
    assert "=" not in fragment.removeprefix("#v1=")  # base64url without padding
    assert decode_permalink(fragment) == entry["session"]


@pytest.mark.parametrize("entry", [entry for _, entry in LINKS], ids=[label for label, _ in LINKS])
def test_every_fixture_session_is_a_valid_suite(entry: dict[str, Any]) -> None:
    session = entry["session"]
    suite = session_to_suite(session)
    assert set(suite) == {field for field in SUITE_FIELDS if field in session} | {"tests"}
    assert suite["tests"] == session.get("tests", [])
    assert all(suite[field] == session[field] for field in SUITE_FIELDS if field in session)
    parsed = parse_suite(suite)
    assert len(parsed.cases) == len(session.get("tests", []))


@pytest.mark.parametrize("entry", CORE, ids=[entry["name"] for entry in CORE])
def test_every_case_in_the_core_fixtures_passes_with_cpythons_re(entry: dict[str, Any]) -> None:
    result = run_suite(session_to_suite(decode_permalink(entry["fragment"])))
    assert result["error"] is None
    assert [case["message"] for case in result["cases"]] == [""] * len(result["cases"])


def test_links_made_before_suites_are_suites_with_no_cases() -> None:
    old = [entry for label, entry in LINKS if label.startswith("v1-before-suites.json")]
    assert old
    for entry in old:
        assert "tests" not in entry["session"]
        result = run_suite(session_to_suite(decode_permalink(entry["fragment"])))
        assert (result["cases"], result["passed"], result["failed"], result["error"]) == (
            [],
            0,
            0,
            None,
        )


SESSION: dict[str, Any] = {
    "pattern": "(a)",
    "flags": "i",
    "op": "search",
    "text": "A\ud800\r\n😀",
    "replacement": "",
    "count": 0,
    "maxsplit": 0,
    "deadlineMs": 2000,
    "tests": [{"text": "xa", "expect": "match", "groups": {"1": "a"}}],
}
FRAGMENT = encode_session(SESSION)
PAYLOAD = FRAGMENT.removeprefix("#v1=")


@pytest.mark.parametrize(
    "link",
    [
        FRAGMENT,
        FRAGMENT.removeprefix("#"),
        f"https://example.org/pyregex/{FRAGMENT}",
        f"http://127.0.0.1:8000/?x=1{FRAGMENT}",
        f"  {FRAGMENT}\n",
        FRAGMENT.replace("=", "%3D", 1),
        FRAGMENT.replace("=", "%3d", 1),
        FRAGMENT + "=" * (-len(PAYLOAD) % 4),  # padded, as other base64 encoders write it
    ],
)
def test_a_link_may_be_a_url_a_fragment_or_percent_encoded(link: str) -> None:
    assert decode_permalink(link) == SESSION


def test_the_encoded_json_is_utf8_with_lone_surrogates_escaped_as_javascript_writes_them() -> None:
    inflated = zlib.decompress(base64.urlsafe_b64decode(PAYLOAD + "=="), wbits=-15)
    text = inflated.decode("utf-8")  # strict: a raw surrogate could not be in valid UTF-8
    assert "\\ud800" in text
    assert "😀" in text  # other characters stay as they are, as in JSON.stringify
    assert json.loads(text) == SESSION


def test_session_to_suite_leaves_out_the_pages_fields_and_any_unknown_one() -> None:
    session = {**SESSION, "pythonVersions": ["3.13"], "theme": "dark"}
    suite = session_to_suite(session)
    assert suite == {
        "pattern": "(a)",
        "flags": "i",
        "op": "search",
        "replacement": "",
        "count": 0,
        "maxsplit": 0,
        "tests": SESSION["tests"],
    }
    assert session_to_suite({"pattern": "a", "op": "match"}) == {
        "pattern": "a",
        "op": "match",
        "tests": [],
    }


def test_a_links_python_version_is_carried_but_is_not_part_of_the_suite() -> None:
    # The page's choice of CPython: the command line runs on its own CPython, whatever it says.
    session = {**SESSION, "python": "3.12"}
    decoded = decode_permalink(encode_session(session))
    assert decoded == session
    assert "python" not in session_to_suite(decoded)
    assert session_to_suite(decoded) == session_to_suite(SESSION)


def test_session_to_suite_leaves_out_what_the_op_cannot_check_as_the_page_does() -> None:
    cases = [
        {"text": "a", "expect": "match", "groups": {"1": "a"}, "output": ["a"], "name": "kept"},
        {"text": "b", "expect": "no match", "groups": {"1": None}, "output": []},
    ]
    searched = session_to_suite({"pattern": "(a)", "op": "search", "tests": cases})
    assert searched["tests"] == [
        {"text": "a", "expect": "match", "groups": {"1": "a"}, "name": "kept"},
        {"text": "b", "expect": "no match"},
    ]
    assert run_suite(searched)["passed"] == 2
    found = session_to_suite({"pattern": "(a)", "op": "findall", "tests": cases})
    assert found["tests"] == [cases[0], {"text": "b", "expect": "no match", "output": []}]
    assert run_suite(found)["passed"] == 2


def deflated(data: bytes) -> str:
    packer = zlib.compressobj(level=9, wbits=-15)
    packed = packer.compress(data) + packer.flush()
    return "#v1=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("", "is not a pyregex permalink"),
        ("#", "is not a pyregex permalink"),
        ("#foo=bar", "#foo=bar is not a pyregex permalink, which starts with #v1="),
        ("https://example.org/page", "has no '#v1=…' part"),
        ("#v1", "holds no data after #v1: it was cut off"),
        ("#v1=", "holds no data after #v1=: it was cut off"),
        ("#v2=abcd", "permalink format v2, made by a newer pyregex"),
        ("#v0=abcd", "permalink format v0, made by no pyregex ever"),
        ("#v1=ab$d", "contains '$' at position 3 of its data"),
        ("#v1=abc=d", "contains '=' at position 4 of its data"),
        (FRAGMENT + "===", "contains '='"),
        ("#v1=abcde", "incomplete: its data stops short"),
        (FRAGMENT[: len(FRAGMENT) // 2], "incomplete"),
        ("#v1=" + "A" * 40, "damaged"),  # zeros: not a deflate stream
        (deflated(b'{"a": 1}') + "AAAA", "damaged"),  # bytes after the end of the stream
        (deflated(b"\xff\xfe not utf-8"), "damaged"),
        (deflated(b'{"pattern": "a",'), "damaged"),
        (deflated(b'{"count": NaN}'), "damaged"),
        (deflated(b"[1, 2]"), "does not hold a pyregex session"),
        (deflated(b'"a string"'), "does not hold a pyregex session"),
        ("#v1=" + "A" * (MAX_FRAGMENT_CHARS + 1), "too long to open"),
    ],
)
def test_an_unreadable_link_is_one_clear_permalink_error(link: str, words: str) -> None:
    with pytest.raises(PermalinkError) as caught:
        decode_permalink(link)
    assert words in str(caught.value)


def test_a_zip_bomb_is_refused_without_unpacking_past_the_cap() -> None:
    bomb = deflated(b" " * (40 * 1024 * 1024))
    assert len(bomb) < 60_000
    tracemalloc.start()
    try:
        with pytest.raises(PermalinkError, match="larger than 2 MB when unpacked"):
            decode_permalink(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The cap, a 64 KiB slice and a few copies of the 60 KB link: not the 40 MB it unpacks to.
    assert peak < MAX_JSON_BYTES + 512 * 1024


def test_a_session_just_under_the_cap_still_opens() -> None:
    session = {"pattern": "a", "op": "search", "text": "b" * (MAX_JSON_BYTES - 100)}
    data = json.dumps(session, separators=(",", ":")).encode()
    assert len(data) <= MAX_JSON_BYTES
    assert decode_permalink(deflated(data)) == session


def test_encoding_a_session_too_large_to_share_is_refused() -> None:
    with pytest.raises(PermalinkError, match="too large for a link"):
        encode_session({"text": "x" * (MAX_JSON_BYTES + 1)})
    # Under the JSON cap, but random text compresses so little that the link would be too long.
    noise = base64.b64encode(random.Random(14).randbytes(MAX_JSON_BYTES * 3 // 4)).decode()
    with pytest.raises(PermalinkError, match="the link would be"):
        encode_session({"text": noise[: MAX_JSON_BYTES - 100]})
