#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: Debian packages (browsers, Xvfb)
# when running as root, a Python venv with the dev extras, the npm packages, and the pure-Python
# wheels pytest needs inside Pyodide. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

# --- Python venv with pyregex (editable) and its dev tools ---
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi

# --- npm packages (exact versions from package-lock.json) ---
lockstamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$lockstamp" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi

# --- wheels that pytest needs inside Pyodide (pure Python, for CPython 3.14) ---
wheels=.cache/pyodide-wheels
if [ ! -f "$wheels/.complete" ]; then
  mkdir -p "$wheels"
  .venv/bin/python -m pip download -q --disable-pip-version-check \
    --only-binary=:all: --python-version 3.14 --platform any --implementation py \
    -d "$wheels" "pytest==9.0.3" "hypothesis==6.155.2"
  touch "$wheels/.complete"
fi
