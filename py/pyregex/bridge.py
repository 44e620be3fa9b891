"""JSON-string entry points for the browser worker: one str in, one str out (plus, for evaluate,
one bytes object of packed matches, and for trace one of packed steps), nothing else crosses.

Passing JSON strings keeps Pyodide's FFI out of the data path (no proxies to leak or destroy); the
one bytes object is copied out and released at once by the caller. The interrupt that stops a
runaway run can land anywhere, also while a big result is being encoded, so each entry point turns
a KeyboardInterrupt into pyregex's own Interrupted result instead of letting a traceback reach the
page. `json.dumps` keeps its default `ensure_ascii`, so lone
surrogates travel as \\ud8xx escapes that JSON.parse turns back into the same UTF-16.

A suite run is the exception to "one str in": it also takes the page's `should_stop` callback,
which run_suite calls between cases (see suite.run_suite for the protocol). Its interrupts are
read by run_suite itself; one landing while the result is encoded only makes the encoding start
again, since the verdicts are already in hand.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pyregex import __version__
from pyregex.contract import PackedEvaluation
from pyregex.errors import interrupted_error, request_error
from pyregex.evaluate import evaluate_packed, gc_paused
from pyregex.request import RequestError

if TYPE_CHECKING:
    from pyregex.contract import SuiteResult

# Imported at their first use, not with this module: a first visit's first result waits for this
# module's import, and needs none of them (the worker imports them once that result is out, see
# engineRuntime.ts, so a saved snapshot holds them). The step debugger's interpreter and the ReDoS
# check were about 40% of what importing pyregex cost in Pyodide (21 of 50 ms); the explanation
# (with its check of CPython's parser), the code generation and the test suites were 25 of the 45
# ms left (docs/benchmarks.md).
DEFERRED_MODULES = (
    "pyregex.trace",
    "pyregex.redos_request",
    "pyregex.explain",
    "pyregex.codegen",
    "pyregex.suite",
    "pyregex.suite_codegen",
)


def import_deferred() -> None:
    """Import DEFERRED_MODULES now (the worker does once its first answer is out)."""
    for name in DEFERRED_MODULES:
        importlib.import_module(name)


def info_json() -> str:
    return json.dumps({"python": sys.version, "pyregex": __version__})


def evaluate_json(request_json: str) -> tuple[str, bytes]:
    """The JSON of a PackedEvaluation, and the packed matches it describes (b"" if none).

    The matches are packed (see packed.py) because a big result as JSON objects costs more than
    the search itself; the page rebuilds each match it shows from the offsets and its own text.
    """
    try:
        # The collector stays off until the result is encoded and the search's own objects are
        # gone: switched back on while a big search's 100 000 matches were still alive, it scanned
        # them all at the next allocation (20 of 140 ms natively for one such evaluation).
        with gc_paused():
            result, packed = evaluate_packed(json.loads(request_json))
            layout, data = packed if packed is not None else (None, b"")
            evaluation: PackedEvaluation = {"result": result, "packed": layout}
            return json.dumps(evaluation), data
    except KeyboardInterrupt:
        interrupted: PackedEvaluation = {"result": interrupted_error(), "packed": None}
        return json.dumps(interrupted), b""


def trace_json(request_json: str) -> tuple[str, bytes]:
    """The JSON of the TraceResult for a TraceRequest (JSON), and its steps packed as int32s.

    A success's `trace` list is left empty: its steps travel as the bytes, described by its
    `packedSteps` key (see trace.pack_steps). Errors and unsupported programs come with b"".
    """
    from pyregex.trace import trace_request  # noqa: PLC0415 (see DEFERRED_MODULES)

    try:
        result, data = trace_request(json.loads(request_json), packed=True)
        return json.dumps(result), data
    except KeyboardInterrupt:
        return json.dumps(interrupted_error()), b""


def redos_json(request_json: str) -> str:
    """The JSON of the RedosResult for a RedosRequest (JSON); never raises.

    A request that is not valid JSON or not a RedosRequest is the RequestError result; an interrupt
    (the page's deadline, or a newer run) is the Interrupted result, as for the other entry points.
    """
    from pyregex.redos_request import answer as redos_answer  # noqa: PLC0415
    from pyregex.redos_request import parse_redos_request  # noqa: PLC0415

    try:
        try:
            request = parse_redos_request(json.loads(request_json))
        except RequestError as exc:
            return json.dumps(request_error(str(exc)))
        except (ValueError, RecursionError) as exc:
            return json.dumps(request_error(f"the request is not valid JSON: {exc}"))
        return json.dumps(redos_answer(request))
    except KeyboardInterrupt:
        return json.dumps(interrupted_error())


def explain_json(args_json: str) -> str:
    from pyregex.explain import explain  # noqa: PLC0415 (see DEFERRED_MODULES)

    try:
        pattern, flags = json.loads(args_json)
        return json.dumps(explain(pattern, flags))
    except KeyboardInterrupt:
        return json.dumps(interrupted_error())


def to_python_json(request_json: str) -> str:
    from pyregex.codegen import to_python  # noqa: PLC0415 (see DEFERRED_MODULES)

    request: Any = json.loads(request_json)
    return json.dumps(to_python(request))


def run_suite_json(request_json: str, should_stop: Callable[[int], object] | None = None) -> str:
    """The JSON of the SuiteResult for a RunSuiteRequest (JSON); never raises.

    A request that is not valid JSON or not a RunSuiteRequest is a SuiteResult with its error.
    """
    from pyregex.suite import retried_on_interrupt, run_suite, suite_error_result  # noqa: PLC0415
    from pyregex.suite_format import SuiteError, parse_run_request  # noqa: PLC0415

    result: SuiteResult
    try:
        suite, case_ms, suite_ms = retried_on_interrupt(
            lambda: parse_run_request(json.loads(request_json))
        )
    except SuiteError as exc:
        result = suite_error_result(str(exc))
    except (ValueError, RecursionError) as exc:
        result = suite_error_result(f"the request is not valid JSON: {exc}")
    else:
        result = run_suite(suite, case_ms=case_ms, suite_ms=suite_ms, should_stop=should_stop)
    return retried_on_interrupt(lambda: json.dumps(result))


def suite_to_pytest_json(suite_json: str) -> str:
    """The pytest file for a Suite (JSON), as a JSON string; SuiteError if it is malformed."""
    from pyregex.suite_codegen import suite_to_pytest  # noqa: PLC0415 (see DEFERRED_MODULES)

    return json.dumps(suite_to_pytest(json.loads(suite_json)))
