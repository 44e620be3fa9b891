#!/usr/bin/env bash
# Runs the Playwright end-to-end suite against the already-built page in dist/ (it builds nothing:
# run `npm run build` first), in every project of playwright.config.ts: Chromium, Firefox and WebKit,
# each with and without cross-origin isolation. Extra arguments go to `playwright test`
# (e.g. --project='webkit-*', a spec file, --reporter=line).
#
# Browser choice (the PW_LOCAL_BROWSERS switch, documented in playwright.config.ts):
#   - on GitHub Actions: Playwright's own downloaded browsers (PW_LOCAL_BROWSERS=0);
#   - elsewhere, when Debian's /usr/bin/chromium exists: the Debian browsers (PW_LOCAL_BROWSERS=1):
#     chromium, firefox-esr, and WebKitGTK's MiniBrowser, which e2e/fixtures.ts runs on a private
#     Xvfb per browser (so no DISPLAY is needed here, and none is used if there is one);
#   - a PW_LOCAL_BROWSERS already set in the environment is respected.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/index.html ]; then
  echo "test-e2e: dist/index.html is missing; build the page first (npm run build)" >&2
  exit 2
fi

if [ -z "${PW_LOCAL_BROWSERS:-}" ]; then
  if [ -z "${GITHUB_ACTIONS:-}" ] && [ -x /usr/bin/chromium ]; then
    PW_LOCAL_BROWSERS=1
  else
    PW_LOCAL_BROWSERS=0
  fi
fi
export PW_LOCAL_BROWSERS

if [ "$PW_LOCAL_BROWSERS" = 1 ]; then
  missing=()
  for tool in /usr/bin/chromium /usr/bin/firefox-esr Xvfb; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "test-e2e: missing ${missing[*]}; install the Debian packages chromium firefox-esr" \
      "webkit2gtk-driver xvfb (scripts/setup.sh does, as root)" >&2
    exit 2
  fi
  echo "e2e: Debian chromium, firefox-esr and WebKitGTK (PW_LOCAL_BROWSERS=1)"
else
  echo "e2e: Playwright's downloaded browsers (PW_LOCAL_BROWSERS=0)"
fi

started=$(date +%s)
status=0
npx --no-install playwright test "$@" || status=$?
echo "e2e: finished in $(($(date +%s) - started)) s (exit $status)"
exit "$status"
