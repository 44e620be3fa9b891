"""`python -m pyregex test`: run a test suite from a file, stdin or a permalink; report like pytest.

A thin shell: it finds and reads the suite, and turns every problem with the input (no such file,
invalid JSON, a link it cannot read, a malformed suite) into one line on stderr and exit code 2,
never a traceback. Running is suite.py's, the per-case time limit case_timer.py's, the report
suite_report.py's. Exit code 0 means every case passed (or there were none), 1 that some did not
(a pattern that does not compile included).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import BinaryIO, TextIO

from pyregex.case_timer import CaseTimer, case_limits_supported
from pyregex.cli_shared import EXIT_USAGE, StrictParser, UsageError, silence_stdout
from pyregex.permalink import PermalinkError, decode_permalink, session_to_suite
from pyregex.request import FLAG_LETTERS, OPS
from pyregex.suite import run_parsed_suite
from pyregex.suite_codegen import suite_to_pytest
from pyregex.suite_format import ParsedSuite, SuiteError, parse_suite
from pyregex.suite_report import WIDTH, format_report

PROG = "python -m pyregex test"
EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C

DEFAULT_TIMEOUT_SECONDS = 10.0

# What a pasted link looks like: a URL, a fragment, or the fragment's `v1=...` without its '#'.
_LINK = re.compile(r"[a-z][a-z0-9+.-]*://|#|v\d+(=|$)", re.IGNORECASE)

DESCRIPTION = """\
Run a regex test suite with CPython's own `re` and report each case, like pytest.

A suite is one pattern with one op and the cases it must pass: texts that must match (with the
groups and return value they must give) and texts that must not. SOURCE is a suite file (JSON),
'-' for stdin (the default when stdin is not a terminal), or a pyregex permalink (a URL or its
#v1=... fragment; a file or stdin may hold one too). Exit code 0: every case passed (or there are
none); 1: some case failed, timed out or was skipped, or the pattern does not compile; 2: the
input is unusable (no such file, invalid JSON, an unreadable link, a malformed suite)."""

EPILOG = f"""\
suite keys:
  pattern      the regular expression (required)
  op           {", ".join(OPS)} (required)
  flags        flag letters from "{"".join(FLAG_LETTERS)}", e.g. "im"
  replacement  the template for sub/subn
  count        sub/subn: replace at most this many (0 = all)
  maxsplit     split: split at most this many times (0 = all)
  tests        the cases, an array (required); each case has:
    text         the subject (required)
    expect       "match" or "no match" (required): whether the op finds a match
    groups       expect "match" only: groups of the first match by number ("1") or
                 name ("year"), each a string or null (did not take part)
    output       findall/sub/subn/split only: what the op returns, as JSON (tuples
                 as arrays; subn gives [new string, count])
    name         a label for the report

example:
  $ cat dates.json
  {{"pattern": "(?P<year>\\\\d{{4}})-(\\\\d\\\\d)", "op": "search", "tests": [
    {{"text": "Released 2025-10-07", "expect": "match", "groups": {{"year": "2025"}}}},
    {{"text": "no date here", "expect": "no match", "name": "plain text"}}]}}
  $ {PROG} dates.json
  pyregex test: 2 cases, pattern r"(?P<year>\\d{{4}})-(\\d\\d)" (search), Python 3...
  case 1    PASSED   'Released 2025-10-07'
  case 2    PASSED   plain text
  {" 2 passed in 0.00s ".center(WIDTH, "=")}

  {PROG} 'https://.../#v1=...'   runs the tests saved in a permalink.
  {PROG} dates.json --json       prints the SuiteResult (python -m pyregex --schema).
  {PROG} dates.json --pytest > test_dates.py
                                 writes the same checks as a pytest file for your repository."""


def build_parser() -> argparse.ArgumentParser:
    parser = StrictParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="a suite file, '-' for stdin, or a pyregex permalink",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--pytest",
        action="store_true",
        help="print the suite as a pytest file (plain re, no pyregex) instead of running it",
    )
    parser.add_argument(
        "--indent", type=int, default=None, metavar="N", help="with --json: pretty-print"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help=(
            f"stop a case after this long and count it as timed out (default "
            f"{DEFAULT_TIMEOUT_SECONDS:g}; 0: no limit; not on Windows)"
        ),
    )
    return parser


def main(
    argv: Sequence[str],
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run `python -m pyregex test` with `argv` (after `test`); returns the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    source = stdin if stdin is not None else sys.stdin.buffer
    try:
        args = build_parser().parse_args(argv)
        if args.help:
            out.write(build_parser().format_help())
            return EXIT_PASSED
        seconds = _timeout_seconds(args.timeout, err)
        suite = read_suite(
            args.source, source, note=lambda text: err.write(f"{PROG}: note: {text}\n")
        )
        if args.pytest:
            out.write(suite_to_pytest(suite))
            return EXIT_PASSED
        with CaseTimer(seconds) as timer:
            result = run_parsed_suite(
                suite,
                case_ms=None if seconds is None else seconds * 1000,
                should_stop=timer.should_stop,
                case_guard=timer.case_guard,
            )
        if args.json:
            out.write(json.dumps(result, indent=args.indent, ensure_ascii=True) + "\n")
        else:
            out.write(printable(format_report(result, suite), out))
        out.flush()
    except UsageError as exc:
        err.write(f"{PROG}: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        silence_stdout(out)
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    passed = result["error"] is None and result["failed"] == 0
    return EXIT_PASSED if passed else EXIT_FAILED


def printable(text: str, out: TextIO) -> str:
    """`text` with whatever `out` cannot encode written as a backslash escape (a lone surrogate in
    a case's name, or any non-ASCII character on an ASCII terminal), as repr would write it."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")


def read_suite(
    name: str | None, stdin: BinaryIO, note: Callable[[str], object] = lambda text: None
) -> ParsedSuite:
    """The checked suite SOURCE names; UsageError saying what is wrong with it. `note` hears
    what the user should know but does not stop the run (a link made on another Python)."""
    if name is None:
        if stdin.isatty():
            raise UsageError(
                "give a suite file, '-' to read stdin, or a pyregex permalink (see --help)"
            )
        name = "-"
    if name == "-":
        return _suite_from_text(_decoded(stdin.read(), "stdin"), "stdin", note)
    if os.path.exists(name):
        try:
            with open(name, "rb") as file:
                raw = file.read()
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
        return _suite_from_text(_decoded(raw, name), name, note)
    if _LINK.match(name):
        return _suite_from_link(name, note)
    raise UsageError(f"no such file: {name} (nor is it a pyregex permalink)")


def _decoded(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where} is not UTF-8 text: {exc}") from None


def _suite_from_text(text: str, where: str, note: Callable[[str], object]) -> ParsedSuite:
    stripped = text.strip()
    if not stripped:
        raise UsageError(f"{where} is empty: expected a suite (JSON) or a permalink")
    if not stripped.startswith(("{", "[")) and _LINK.match(stripped):
        return _suite_from_link(stripped, note)
    try:
        raw = json.loads(stripped)
    except ValueError as exc:
        raise UsageError(f"invalid JSON in {where}: {exc}") from None
    except RecursionError:
        raise UsageError(f"invalid JSON in {where}: nested too deeply") from None
    return _checked(raw, f"the suite in {where}")


def _suite_from_link(link: str, note: Callable[[str], object]) -> ParsedSuite:
    try:
        session = decode_permalink(link)
    except PermalinkError as exc:
        raise UsageError(f"cannot read the link: {exc}") from None
    suite = _checked(session_to_suite(session), "the link's suite")
    made_on = session.get("python")
    running = "{}.{}".format(*sys.version_info[:2])
    if isinstance(made_on, str) and made_on != running:
        note(
            f"the link was made on Python {made_on} and runs here on Python {running}; "
            "re differs between versions in places (\\z, \\B on '', error messages)"
        )
    return suite


def _checked(raw: object, what: str) -> ParsedSuite:
    try:
        return parse_suite(raw)
    except SuiteError as exc:
        raise UsageError(f"{what} is invalid: {exc}") from None


def _timeout_seconds(value: float | None, err: TextIO) -> float | None:
    """The per-case limit in seconds, or None for none."""
    if value is None:
        return DEFAULT_TIMEOUT_SECONDS if case_limits_supported() else None
    if not 0 <= value < float("inf"):
        raise UsageError(f"--timeout must be a number of seconds, 0 for no limit, not {value:g}")
    if value == 0:
        return None
    if not case_limits_supported():
        err.write(f"{PROG}: note: this platform cannot stop a running case; --timeout is ignored\n")
        return None
    return value
