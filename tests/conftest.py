"""Shared test setup: one Hypothesis profile sized to run in seconds, natively and in Pyodide.

PYREGEX_MAX_EXAMPLES raises the number of examples per property test for a deeper run, e.g.
`PYREGEX_MAX_EXAMPLES=5000 pytest tests/test_properties.py`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from hypothesis import HealthCheck, settings

IN_PYODIDE = sys.platform == "emscripten"

_profile: dict[str, Any] = {
    "max_examples": int(os.environ.get("PYREGEX_MAX_EXAMPLES", "300")),  # ~2 s a test in Pyodide
    # Timing varies too much between native CPython and WebAssembly for per-example deadlines.
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
if IN_PYODIDE:
    # Nothing to gain from an example database written through Node's file system.
    _profile["database"] = None

settings.register_profile("pyregex", **_profile)
settings.load_profile("pyregex")
