#!/usr/bin/env bash
# Builds the page and serves it on http://127.0.0.1:8000/ with the cross-origin isolation headers
# (COOP/COEP), so runaway patterns are stopped instantly by the SharedArrayBuffer interrupt.
# Installs what the build needs first (Python venv, npm packages); browsers are not needed to serve.
# Options: PORT=9000 to change the port; ISOLATION=off to serve without the headers.
set -euo pipefail
cd "$(dirname "$0")/.."

SETUP_BROWSERS=0 bash scripts/setup.sh
npm run --silent build

args=(--port "${PORT:-8000}")
[ "${ISOLATION:-on}" = off ] && args+=(--no-isolation)
exec node scripts/serve-dist.mjs "${args[@]}"
