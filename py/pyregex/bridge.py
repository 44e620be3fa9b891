"""JSON-string entry points for the browser worker: one str in, one str out (plus, for evaluate,
one bytes object of packed matches), nothing else crosses.

Passing JSON strings keeps Pyodide's FFI out of the data path (no proxies to leak or destroy); the
one bytes object is copied out and released at once by the caller. The interrupt that stops a
runaway run can land anywhere, also while a big result is being encoded, so each entry point turns
a KeyboardInterrupt into pyregex's own Interrupted result instead of letting a traceback reach the
page. `json.dumps` keeps its default `ensure_ascii`, so lone
surrogates travel as \\ud8xx escapes that JSON.parse turns back into the same UTF-16.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pyregex import __version__
from pyregex.codegen import to_python
from pyregex.contract import PackedEvaluation
from pyregex.errors import interrupted_error
from pyregex.evaluate import evaluate_packed
from pyregex.explain import explain


def info_json() -> str:
    return json.dumps({"python": sys.version, "pyregex": __version__})


def evaluate_json(request_json: str) -> tuple[str, bytes]:
    """The JSON of a PackedEvaluation, and the packed matches it describes (b"" if none).

    The matches are packed (see packed.py) because a big result as JSON objects costs more than
    the search itself; the page rebuilds each match it shows from the offsets and its own text.
    """
    try:
        result, packed = evaluate_packed(json.loads(request_json))
        layout, data = packed if packed is not None else (None, b"")
        evaluation: PackedEvaluation = {"result": result, "packed": layout}
        return json.dumps(evaluation), data
    except KeyboardInterrupt:
        interrupted: PackedEvaluation = {"result": interrupted_error(), "packed": None}
        return json.dumps(interrupted), b""


def explain_json(args_json: str) -> str:
    try:
        pattern, flags = json.loads(args_json)
        return json.dumps(explain(pattern, flags))
    except KeyboardInterrupt:
        return json.dumps(interrupted_error())


def to_python_json(request_json: str) -> str:
    request: Any = json.loads(request_json)
    return json.dumps(to_python(request))
