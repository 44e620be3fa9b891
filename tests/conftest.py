"""Shared test setup: one Hypothesis profile, and a count of the cases it generated.

Natively every property test runs 1 000 examples (over 10 000 generated cases in a full run, in
seconds); inside Pyodide, where each case costs several times more, 300. PYREGEX_MAX_EXAMPLES
sets the number for a deeper (or quicker) run, e.g.
`PYREGEX_MAX_EXAMPLES=5000 pytest tests/test_properties.py`. The terminal summary says how many
cases Hypothesis ran (shrinking included), so the claim is checked on every run, not assumed.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

IN_PYODIDE = sys.platform == "emscripten"

_profile: dict[str, Any] = {
    "max_examples": int(os.environ.get("PYREGEX_MAX_EXAMPLES", "300" if IN_PYODIDE else "1000")),
    # Timing varies too much between native CPython and WebAssembly for per-example deadlines.
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
if IN_PYODIDE:
    # Nothing to gain from an example database written through Node's file system.
    _profile["database"] = None

settings.register_profile("pyregex", **_profile)
settings.load_profile("pyregex")


_ran = {"cases": 0}


def _counting(inner: Any) -> Any:
    @functools.wraps(inner)
    def run_one_case(*args: Any, **kwargs: Any) -> Any:
        _ran["cases"] += 1
        return inner(*args, **kwargs)

    return run_one_case


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Hypothesis runs `test.hypothesis.inner_test` for each case and lets plugins replace it
    # (as pytest-trio does); wrapping it costs next to nothing, unlike observability callbacks.
    for item in items:
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        if handle is not None and hasattr(handle, "inner_test"):
            handle.inner_test = _counting(handle.inner_test)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _ran["cases"] > 0:
        terminalreporter.write_line(f"Hypothesis generated and ran {_ran['cases']} test cases.")
