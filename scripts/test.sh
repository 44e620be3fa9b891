#!/usr/bin/env bash
# Runs every check pyregex has, from a fresh machine: installs what is missing (apt as root, a Python
# venv, npm packages, test wheels), then lints, type-checks and tests each layer, builds the page and
# runs the end-to-end suite in three browser engines. The README names this command and .ci/run calls
# it, so a newcomer and CI run exactly the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

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

# The page ships a trimmed standard library (scripts/build-stdlib.mjs); the suite runs against it,
# with a guard that fails any module pyregex needs but the trimmed zip lacks.
# vite.config.ts (read by svelte-check and Vitest) ships the wheel, so it must exist first too.
step "Web: build the pyregex wheel and the trimmed standard library"
npm run --silent build:wheel
npm run --silent build:stdlib

step "Python: the same pytest suite inside Pyodide (Node), in the trimmed runtime"
node scripts/pytest-in-pyodide.mjs --stdlib .cache/stdlib/3.14

step "Workflows: actionlint"
bash scripts/lint-workflows.sh

step "Web: svelte-check + tsc (strict)"
npx --no-install svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
npx --no-install tsc --noEmit -p .

step "Web: ESLint + Prettier"
npx --no-install eslint .
npx --no-install prettier --check .

# Vitest includes the engine runtime on real Pyodide in Node, and the contract check: the generated
# TypeScript types match the Python schema and real Python results validate against it.
step "Web: unit tests (Vitest)"
npx --no-install vitest run

step "Web: production build"
npm run --silent build

# Chromium, Firefox and WebKit, each with and without cross-origin isolation (six projects).
step "Web: end-to-end (Playwright: Chromium, Firefox, WebKit; with and without isolation)"
bash scripts/test-e2e.sh

echo
echo "All checks passed in $(($(date +%s) - started)) s."
