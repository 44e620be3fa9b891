"""pyregex: exact CPython `re` results as plain JSON-able dicts, for a browser regex tester.

The Python API is what is re-exported here (the worker calls the same functions through bridge.py,
with JSON in and out); every other module is an implementation detail that may change.
`explain`, `run_suite` and `to_python` are imported on first use (PEP 562), so importing the
package for a first evaluation does not pay for them (see bridge.DEFERRED_MODULES).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pyregex.evaluate import evaluate

if TYPE_CHECKING:
    from pyregex.codegen import to_python
    from pyregex.explain import explain
    from pyregex.suite import run_suite

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "explain", "run_suite", "to_python"]

_LAZY = {"explain": "pyregex.explain", "run_suite": "pyregex.suite", "to_python": "pyregex.codegen"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'pyregex' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
