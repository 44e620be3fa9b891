"""pyregex: exact CPython `re` results as plain JSON-able dicts, for a browser regex tester.

The Python API is what is re-exported here (the worker calls the same functions through bridge.py,
with JSON in and out); every other module is an implementation detail that may change.
"""

from pyregex.codegen import to_python
from pyregex.evaluate import evaluate
from pyregex.explain import explain
from pyregex.suite import run_suite

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "explain", "run_suite", "to_python"]
