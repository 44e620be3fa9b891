#!/usr/bin/env bash
# Runs every check pyregex has, from a fresh machine: installs what is missing (apt as root, a Python
# venv, npm packages), then lints, type-checks and tests each layer. The README names this command and
# .ci/run calls it, so a newcomer and CI run exactly the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Installing tools"
bash scripts/setup.sh

# shellcheck source=/dev/null
source .venv/bin/activate

step "Python: ruff lint + format check"
ruff check py tests
ruff format --check py tests

step "Python: mypy --strict"
mypy

step "Python: pytest (native CPython $(python -c 'import sys; print(sys.version.split()[0])'))"
pytest -q

step "Python: the same pytest suite inside Pyodide (Node)"
node scripts/pytest-in-pyodide.mjs
