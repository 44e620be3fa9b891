"""`python -m pyregex`: evaluate JSON requests from stdin, for scripts and for trying pyregex out.

A thin shell around `evaluate` (or `trace`, with --trace): it reads, validates and writes JSON and
does nothing else. A problem with the input itself (invalid JSON, an unknown key...) is the
caller's mistake, so it gets a clear message on stderr and exit code 2, never a traceback; a bad
pattern is a normal result on stdout.
`python -m pyregex test ...` runs a test suite instead (suite_cli.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import BinaryIO, NoReturn, TextIO

from pyregex import __version__, suite_cli
from pyregex.cli_shared import EXIT_USAGE, StrictParser, UsageError, silence_stdout
from pyregex.evaluate import evaluate
from pyregex.request import FLAG_LETTERS, OPS, RequestError, parse_request
from pyregex.schema import json_schema
from pyregex.trace import DEFAULT_MAX_STEPS, DEFAULT_MAX_TRACE_STEPS, split_budgets, trace_request

PROG = "python -m pyregex"

DESCRIPTION = """\
Run Python regular expressions with CPython's own `re` and print the results as JSON.

Reads one JSON request (an object) or a JSON array of requests from stdin, and writes one result
(or an array of results, in the same order) to stdout. A bad pattern is a normal result with
"ok": false; invalid JSON or a malformed request prints a message on stderr and exits with 2.

`python -m pyregex test [SOURCE]` runs a test suite (a file, stdin or a permalink) and reports
each case like pytest: see `python -m pyregex test --help`."""

EPILOG = f"""\
request keys:
  pattern      the regular expression (required)
  text         the string to search (required)
  op           {", ".join(OPS)} (required)
  flags        flag letters from "{"".join(FLAG_LETTERS)}", e.g. "im"
  replacement  the template for sub/subn
  count        sub/subn: replace at most this many (0 = all)
  maxsplit     split: split at most this many times (0 = all)
  maxMatches   report at most this many matches (default 100000)
  maxSteps     --trace only: stop after this many steps (default {DEFAULT_MAX_STEPS})
  maxTraceSteps  --trace only: list at most this many steps (default {DEFAULT_MAX_TRACE_STEPS})

example:
  $ echo '{{"pattern": "(\\\\w+)@(\\\\w+)", "text": "me@host",
          "op": "sub", "replacement": "\\\\2"}}' | {PROG} --indent 2
  prints a result with "ok": true, "output": {{"repr": "'host'", "value": "host", ...}} and the
  match with its groups, spans in code points ("span") and in UTF-16 units ("span16").

  {PROG} --schema    prints the JSON Schema of requests and results.
  {PROG} --trace     runs the requests in an interpreter of CPython's regex engine: the
                               same matches, with the steps (opcodes) that found them."""


def build_parser() -> argparse.ArgumentParser:
    parser = StrictParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--schema", action="store_true", help="print the JSON Schema (draft 2020-12) and exit"
    )
    parser.add_argument("--version", action="store_true", help="print pyregex's version and exit")
    parser.add_argument(
        "--trace",
        action="store_true",
        help=(
            "run each request in pyregex's interpreter of CPython's regex engine and print its "
            "TraceResult: the matches with the steps (opcodes) that found them"
        ),
    )
    parser.add_argument(
        "--indent", type=int, default=None, metavar="N", help="pretty-print with N spaces"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code. Streams are parameters for tests."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["test"]:
        return suite_cli.main(arguments[1:], stdin=stdin, stdout=stdout, stderr=stderr)
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
        if args.help:
            out.write(parser.format_help())
        elif args.version:
            out.write(f"pyregex {__version__}\n")
        elif args.schema:
            _write_json(out, json_schema(), indent=2)
        else:
            source = stdin if stdin is not None else sys.stdin.buffer
            if source.isatty():
                err.write(f"{PROG}: reading a JSON request from stdin; end it with Ctrl-D\n")
            run = run_traces if args.trace else run_requests
            _write_json(out, run(source.read()), indent=args.indent)
    except UsageError as exc:
        err.write(f"{PROG}: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not worth a traceback.
        silence_stdout(out)
        return 1
    return 0


def run_requests(raw: bytes) -> object:
    """The result (or list of results) for the request (or list of requests) in `raw` JSON."""
    payload = _parse_json(raw)
    if isinstance(payload, list):
        for number, request in enumerate(payload, start=1):
            _check_request(request, f"request {number} of {len(payload)}")
        return [evaluate(request) for request in payload]
    if isinstance(payload, dict):
        _check_request(payload, "the request")
        return evaluate(payload)
    _fail(f"expected a JSON object (one request) or an array of them on stdin, not {payload!r:.40}")


def run_traces(raw: bytes) -> object:
    """Like run_requests, with `trace` instead of `evaluate`; each request may also carry
    maxSteps and maxTraceSteps."""
    payload = _parse_json(raw)
    if isinstance(payload, list):
        for number, request in enumerate(payload, start=1):
            _check_trace_request(request, f"request {number} of {len(payload)}")
        return [trace_request(request)[0] for request in payload]
    if isinstance(payload, dict):
        _check_trace_request(payload, "the request")
        return trace_request(payload)[0]
    _fail(f"expected a JSON object (one request) or an array of them on stdin, not {payload!r:.40}")


def _check_trace_request(request: object, label: str) -> None:
    try:
        _check_request(split_budgets(request)[0], label)
    except RequestError as exc:
        _fail(f"{label} is invalid: {exc}")


def _parse_json(raw: bytes) -> object:
    if not raw.strip():
        _fail("no input: pipe a JSON request into stdin (see --help)")
    try:
        return json.loads(raw)
    except UnicodeDecodeError as exc:
        _fail(f"stdin is not UTF-8 text: {exc}")
    except ValueError as exc:
        _fail(f"invalid JSON on stdin: {exc}")
    except RecursionError:
        _fail("invalid JSON on stdin: nested too deeply")


def _check_request(request: object, label: str) -> None:
    try:
        parse_request(request)
    except RequestError as exc:
        _fail(f"{label} is invalid: {exc}")


def _fail(message: str) -> NoReturn:
    raise UsageError(message)


def _write_json(out: TextIO, value: object, indent: int | None) -> None:
    # ASCII escapes keep lone surrogates (valid in JSON, not in UTF-8) and any locale safe.
    out.write(json.dumps(value, indent=indent, ensure_ascii=True))
    out.write("\n")
