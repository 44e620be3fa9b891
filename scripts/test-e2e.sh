#!/usr/bin/env bash
# Runs the Playwright end-to-end suite against the already-built page in dist/ (it builds nothing:
# run `npm run build` first), in every project of playwright.config.ts: Chromium, Firefox and WebKit,
# each with and without cross-origin isolation. Extra arguments go to `playwright test`
# (e.g. --project='webkit-*', a spec file, --reporter=line).
#
# Browser choice (the PW_LOCAL_BROWSERS switch, documented in playwright.config.ts):
#   - on GitHub Actions: Playwright's own downloaded browsers (PW_LOCAL_BROWSERS=0);
#   - elsewhere, when Debian's /usr/bin/chromium exists: the Debian browsers (PW_LOCAL_BROWSERS=1),
#     i.e. chromium, firefox-esr and WebKitGTK's MiniBrowser; the latter is a GTK program, so without
#     a DISPLAY this script starts a private Xvfb for the run;
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

xvfb_pid=
xvfb_dir=
# shellcheck disable=SC2317  # called through the EXIT trap, which shellcheck 0.9 does not follow
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_dir" ]; then rm -rf "$xvfb_dir"; fi
}
trap cleanup EXIT

# WebKitGTK needs an X server. Xvfb picks a free display number itself (-displayfd), which, unlike
# `xvfb-run -a`, cannot race with another Xvfb starting at the same moment on a shared machine.
if [ "$PW_LOCAL_BROWSERS" = 1 ] && [ -z "${DISPLAY:-}" ]; then
  if ! command -v Xvfb >/dev/null; then
    echo "test-e2e: Xvfb not found; WebKitGTK needs it (apt-get install xvfb xauth)" >&2
    exit 2
  fi
  xvfb_dir=$(mktemp -d)
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$xvfb_dir/display" 2>"$xvfb_dir/log" &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$xvfb_dir/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$xvfb_dir/display" ]; then
    echo "test-e2e: Xvfb did not start:" >&2
    cat "$xvfb_dir/log" >&2
    exit 2
  fi
  DISPLAY=":$(tr -d '[:space:]' <"$xvfb_dir/display")"
  export DISPLAY
fi

browsers=$([ "$PW_LOCAL_BROWSERS" = 1 ] && echo "Debian chromium, firefox-esr, WebKitGTK" || echo "Playwright's downloaded browsers")
echo "e2e: ${browsers}${DISPLAY:+ (DISPLAY=$DISPLAY)}"
started=$(date +%s)
status=0
npx --no-install playwright test "$@" || status=$?
echo "e2e: finished in $(($(date +%s) - started)) s (exit $status)"
exit "$status"
