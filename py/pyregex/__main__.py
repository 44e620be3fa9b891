"""Lets `python -m pyregex` run the command line (see cli.py)."""

from pyregex.cli import main

raise SystemExit(main())
