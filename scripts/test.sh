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

# The page ships each runtime with its own trimmed standard library (scripts/build-stdlib.mjs); the
# suite runs against each, with a guard that fails any module pyregex needs but a trimmed zip lacks.
# vite.config.ts (read by svelte-check and Vitest) ships the wheel, so it must exist first too.
step "Web: build the pyregex wheel and the trimmed standard library of every runtime"
npm run --silent build:wheel
npm run --silent build:stdlib

# The suite natively on every CPython >= 3.11 setup.sh found (.venv, .venv-3.12, …) and inside every
# Pyodide runtime the page ships: independent single-threaded runs, two at a time (two cores).
runs=()
natives=()
for venv in .venv .venv-3.*; do
  if version=$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null); then
    natives+=("$version")
    runs+=("native $version" "$venv/bin/python -m pytest -q -p no:cacheprovider")
  fi
done
mapfile -t runtimes < <(node scripts/runtimes.mjs)
for key in "${runtimes[@]}"; do
  runs+=("pyodide $key" "node scripts/pytest-in-pyodide.mjs --runtime $key --stdlib .cache/stdlib/$key")
done
step "Python: pytest natively on CPython ${natives[*]} and inside Pyodide ${runtimes[*]} (trimmed)"
node scripts/run-parallel.mjs --jobs 2 "${runs[@]}"

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
