"""JSON-string entry points for the browser worker: one str in, one str out, nothing else crosses.

Passing one JSON string each way keeps Pyodide's FFI out of the data path (no proxies to leak or
destroy). The interrupt that stops a runaway run can land anywhere, also while a big result is being
encoded, so each entry point turns a KeyboardInterrupt into pyregex's own Interrupted result instead
of letting a traceback reach the page. `json.dumps` keeps its default `ensure_ascii`, so lone
surrogates travel as \\ud8xx escapes that JSON.parse turns back into the same UTF-16.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pyregex import __version__
from pyregex.codegen import to_python
from pyregex.errors import interrupted_error
from pyregex.evaluate import evaluate
from pyregex.explain import explain


def info_json() -> str:
    return json.dumps({"python": sys.version, "pyregex": __version__})


def evaluate_json(request_json: str) -> str:
    try:
        return json.dumps(evaluate(json.loads(request_json)))
    except KeyboardInterrupt:
        return json.dumps(interrupted_error())


def explain_json(args_json: str) -> str:
    try:
        pattern, flags = json.loads(args_json)
        return json.dumps(explain(pattern, flags))
    except KeyboardInterrupt:
        return json.dumps(interrupted_error())


def to_python_json(request_json: str) -> str:
    request: Any = json.loads(request_json)
    return json.dumps(to_python(request))
