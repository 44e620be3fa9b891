"""The command line's time limit per test case, and its Ctrl-C, for `run_suite` natively.

In the browser the engine client stops a runaway case; on the command line nobody else can, so this
arms a SIGALRM timer (`signal.setitimer`) around each case, whose handler raises suite.CaseTimeout.
`_sre` checks for signals as it matches, so even a catastrophic backtrack stops there, within a few
milliseconds of the limit. Ctrl-C is turned into "stop the suite" (run_suite's `should_stop`) so the
report of the cases already run is still printed.

Signals are process-wide and can be handled only in the main thread, so everything here is undone
on exit and does nothing where it cannot work: on Windows and in Pyodide (no `setitimer`) there is
no per-case limit, and off the main thread there is neither limit nor Ctrl-C handling. It must never
be imported by the core modules: run_suite stays free of signals (it only takes `case_guard`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

from pyregex.suite import CaseTimeout


def case_limits_supported() -> bool:
    """True where a per-case time limit can be enforced (setitimer, and not in Pyodide)."""
    return hasattr(signal, "setitimer") and sys.platform != "emscripten"


class CaseTimer:
    """A context manager for a whole suite run; inside it, `case_guard` limits one case and
    `should_stop` reports whether Ctrl-C was pressed.

        with CaseTimer(seconds=10) as timer:
            run_suite(suite, case_guard=timer.case_guard, should_stop=timer.should_stop)

    `case_guard` is None where limits are not supported (see case_limits_supported) or when
    `seconds` is None.
    """

    def __init__(self, seconds: float | None) -> None:
        self._seconds = seconds
        self._in_main_thread = threading.current_thread() is threading.main_thread()
        self._armed = False
        self._stop_requested = False
        self._saved: dict[signal.Signals, Any] = {}  # the handlers to put back
        enforce = seconds is not None and case_limits_supported() and self._in_main_thread
        self.case_guard = self._case_guard if enforce else None

    def __enter__(self) -> CaseTimer:
        if self._in_main_thread and sys.platform != "emscripten":
            self._saved[signal.SIGINT] = signal.signal(signal.SIGINT, self._on_ctrl_c)
            if self.case_guard is not None:
                self._saved[signal.SIGALRM] = signal.signal(signal.SIGALRM, self._on_alarm)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._disarm()
        for signum, handler in self._saved.items():
            if handler is not None:  # None: set from C, and Python cannot set it back
                signal.signal(signum, handler)
        self._saved.clear()

    def should_stop(self, index: int) -> bool:
        """For run_suite: True once Ctrl-C was pressed."""
        return self._stop_requested

    @contextmanager
    def _case_guard(self) -> Iterator[None]:
        assert self._seconds is not None
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self._seconds)
        try:
            yield
        finally:
            self._disarm()

    def _disarm(self) -> None:
        # Cleared first: an alarm whose handler runs after this point no longer raises.
        self._armed = False
        if self.case_guard is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            raise CaseTimeout

    def _on_ctrl_c(self, signum: int, frame: FrameType | None) -> None:
        self._stop_requested = True
        raise KeyboardInterrupt
