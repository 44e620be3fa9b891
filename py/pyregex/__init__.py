"""pyregex: exact CPython `re` results as plain JSON-able dicts, for a browser regex tester.

The page uses only what is re-exported here (the worker calls these three functions with JSON in and
out); every other module is an implementation detail that may change.
"""

from pyregex.codegen import to_python
from pyregex.evaluate import evaluate
from pyregex.explain import explain

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "explain", "to_python"]
