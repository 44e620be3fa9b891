"""Reads and writes the page's permalinks, so that a link's tests can run on the command line.

The format is the page's (web/src/lib/state/permalink.ts), and it stays v1: `#v1=` then the
base64url (no padding) of the deflate-raw compressed UTF-8 JSON of the session. Sessions only gain
fields (`tests` and `python`, the page's CPython version, came after the first links), so old links
lack them and unknown fields are ignored.

Links are hostile input: decoding never inflates more than MAX_JSON_BYTES (a tiny link can unpack
to gigabytes) and every failure is a PermalinkError with one sentence a person can act on. Only the
session's shape is read here; whether it is a valid suite is suite_format.py's to say.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any

from pyregex.suite_format import OUTPUT_OPS

PERMALINK_VERSION = 1

# The page's own caps (permalink.ts): the longest fragment and the largest session JSON.
MAX_FRAGMENT_CHARS = 1_500_000
MAX_JSON_BYTES = 2 * 1024 * 1024

# Inflated at most this much at a time: what a bomb can cost past the cap.
_INFLATE_SLICE_BYTES = 64 * 1024

# The session fields a suite is made of; the others (text, deadlineMs...) belong to the page.
SUITE_FIELDS = ("pattern", "flags", "op", "replacement", "count", "maxsplit")

_HEADER = re.compile(r"v(\d{1,6})=")
_VERSION_ONLY = re.compile(r"v(\d{1,6})")
_NOT_BASE64URL = re.compile(r"[^A-Za-z0-9_-]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Decoded by hand rather than with urllib.parse, which the page's trimmed stdlib does not ship:
# a link's payload is ASCII, so an escape of any other byte leaves it unreadable either way.
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")

_DAMAGED = (
    "this link is damaged: its data could not be unpacked (it may have been changed when it was "
    "copied)"
)
_CUT_OFF = "this link is incomplete: its data stops short (it was cut off when it was copied)"


class PermalinkError(ValueError):
    """The text is not a pyregex permalink this version can read; the message says why."""


def decode_permalink(link: str) -> dict[str, Any]:
    """The session in `link`: a whole URL, or its fragment with or without the '#'."""
    fragment = _fragment(link)
    if len(fragment) > MAX_FRAGMENT_CHARS:
        raise PermalinkError(
            f"this link is too long to open ({len(fragment):,} characters after '#'; the limit "
            f"is {MAX_FRAGMENT_CHARS:,})"
        )
    if "%" in fragment:  # some apps percent-encode the '=' when they pass a link on
        fragment = _PERCENT_ESCAPE.sub(lambda escape: chr(int(escape.group(1), 16)), fragment)
    header = _HEADER.match(fragment)
    if header is None:
        version_only = _VERSION_ONLY.fullmatch(fragment)
        if version_only is not None:
            raise PermalinkError(f"this link holds no data after #{fragment}: it was cut off")
        raise PermalinkError(
            f"#{_preview(fragment)} is not a pyregex permalink, which starts with "
            f"#v{PERMALINK_VERSION}="
        )
    version = int(header.group(1))
    if version != PERMALINK_VERSION:
        made_by = "a newer pyregex" if version > PERMALINK_VERSION else "no pyregex ever"
        raise PermalinkError(
            f"this link uses permalink format v{version}, made by {made_by}; this pyregex reads "
            f"v{PERMALINK_VERSION} links only"
        )
    payload = fragment[header.end() :]
    if not payload:
        raise PermalinkError(f"this link holds no data after #v{version}=: it was cut off")
    session = _parse_json(_inflate(_from_base64url(payload)))
    if not isinstance(session, dict):
        raise PermalinkError("this link does not hold a pyregex session")
    return session


def encode_session(session: Mapping[str, object]) -> str:
    """The fragment (with its '#') that the page reads back as `session`."""
    text = json.dumps(session, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # As JSON.stringify does: a lone surrogate is written as an escape, so the UTF-8 is valid.
    text = _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    data = text.encode("utf-8")
    if len(data) > MAX_JSON_BYTES:
        raise PermalinkError(
            f"the session is too large for a link ({len(data):,} bytes of JSON; the limit is "
            f"{MAX_JSON_BYTES:,})"
        )
    packer = zlib.compressobj(level=9, wbits=-15)
    packed = packer.compress(data) + packer.flush()
    fragment = f"v{PERMALINK_VERSION}={base64.urlsafe_b64encode(packed).decode().rstrip('=')}"
    if len(fragment) > MAX_FRAGMENT_CHARS:
        raise PermalinkError(
            f"the session is too large for a link (the link would be {len(fragment):,} "
            f"characters; the limit is {MAX_FRAGMENT_CHARS:,})"
        )
    return f"#{fragment}"


def session_to_suite(session: Mapping[str, object]) -> dict[str, object]:
    """The test suite a session holds: its pattern, flags, op and arguments, and its tests (none
    in a link made before suites). The page's own fields (text, deadlineMs...) are left out.

    A case keeps what it expects across the page's op switches (an expected return value stays
    when the user moves from findall to search and back), so what does not apply to the session's
    op is left out here, as the page leaves it out when it runs the suite: `output` unless the op
    is findall, sub, subn or split, and `groups` of a case that expects no match.
    """
    suite = {field: session[field] for field in SUITE_FIELDS if field in session}
    tests = session.get("tests", [])
    if isinstance(tests, list):
        keeps_output = session.get("op") in OUTPUT_OPS
        tests = [_applicable(case, keeps_output) for case in tests]
    suite["tests"] = tests
    return suite


def _applicable(case: object, keeps_output: bool) -> object:
    """The case without the expectations its suite's op cannot check (see session_to_suite)."""
    if not isinstance(case, dict):
        return case  # suite_format.py reports it
    drop = set()
    if not keeps_output:
        drop.add("output")
    if case.get("expect") == "no match":
        drop.add("groups")
    return {key: value for key, value in case.items() if key not in drop}


def _fragment(link: str) -> str:
    text = link.strip()
    if "#" in text:
        return text.partition("#")[2]
    if "://" in text:
        raise PermalinkError(
            f"{_preview(text)} has no '#v{PERMALINK_VERSION}=…' part: it is not a pyregex permalink"
        )
    return text


def _from_base64url(payload: str) -> bytes:
    body = payload[:-2] + payload[-2:].rstrip("=")  # up to two '=' of padding, as the page
    bad = _NOT_BASE64URL.search(body)
    if bad is not None:
        raise PermalinkError(
            f"this link is damaged: it contains {bad.group()!r} at position {bad.start() + 1} of "
            "its data, which a pyregex link never has"
        )
    if len(body) % 4 == 1:
        raise PermalinkError(_CUT_OFF)
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error:
        raise PermalinkError(_DAMAGED) from None


def _inflate(packed: bytes) -> bytes:
    """The inflated bytes, refused as soon as they pass MAX_JSON_BYTES.

    Inflated a slice at a time, so that a zip bomb costs the cap and one slice in memory, no more
    (one call with max_length would hold its output twice while joining its blocks).
    """
    unpacker = zlib.decompressobj(wbits=-15)
    slices: list[bytes] = []
    size = 0
    pending = packed
    try:
        while not unpacker.eof:
            inflated = unpacker.decompress(pending, _INFLATE_SLICE_BYTES)
            pending = unpacker.unconsumed_tail
            if not inflated and not pending:
                break  # every byte read and nothing more comes out: the data stops short
            slices.append(inflated)
            size += len(inflated)
            if size > MAX_JSON_BYTES:
                raise PermalinkError(
                    f"this link's session is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB "
                    "when unpacked, more than pyregex opens"
                )
    except zlib.error:
        raise PermalinkError(_DAMAGED) from None
    if not unpacker.eof:
        raise PermalinkError(_CUT_OFF)
    if unpacker.unused_data:
        raise PermalinkError(_DAMAGED)  # bytes after the end of the compressed data
    return b"".join(slices)


def _parse_json(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        raise PermalinkError(_DAMAGED) from None


def _reject_constant(name: str) -> object:
    # NaN and Infinity are Python's extensions to JSON; JSON.parse (the page) rejects them.
    raise ValueError(f"{name} is not JSON")


def _preview(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:24]}…"
