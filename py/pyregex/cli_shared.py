"""What both commands of the command line share (cli.py's JSON mode and suite_cli.py's `test`).

A usage error that main() turns into exit code 2, an argument parser that raises it instead of
exiting, and the quiet way out when the reader of stdout goes away. Nothing here reads input or
runs a pattern.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn, TextIO

EXIT_USAGE = 2


class UsageError(Exception):
    """The command line or the input is wrong; the message says how."""


class StrictParser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of exiting, and leaves -h/--help to the
    caller (as a flag), so that main() returns its exit code and writes only to its streams."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(add_help=False, **kwargs)
        self.add_argument("-h", "--help", action="store_true", help="show this help and exit")

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().rstrip()}")


def silence_stdout(out: TextIO) -> None:
    """Point stdout at devnull so Python's exit flush does not hit the closed pipe again."""
    if out is sys.stdout:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
