#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: Debian packages (browsers, Xvfb)
# when running as root, a Python venv with the dev extras, the npm packages, and the pure-Python
# wheels pytest needs inside Pyodide. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

# pip on some machines is configured with local mirror folders that may be absent; its warnings
# about them are noise, everything else it prints is kept.
quiet_pip() { .venv/bin/python -m pip "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2); }

# --- Debian packages: the three browser engines for Playwright, Xvfb for WebKitGTK, shellcheck ---
# On GitHub Actions Playwright downloads its own browsers instead (see .github/workflows/ci.yml).
apt_packages=(chromium firefox-esr webkit2gtk-driver xvfb xauth shellcheck)
if [ "${SETUP_BROWSERS:-1}" = 0 ]; then
  :  # serving needs no browsers
elif [ -z "${GITHUB_ACTIONS:-}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
elif [ -z "${GITHUB_ACTIONS:-}" ]; then
  for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || echo "warning: Debian package $pkg is missing (run as root to install it)" >&2
  done
fi

# --- Python venv with pyregex (editable) and its dev tools ---
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  quiet_pip install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi

# --- npm packages (exact versions from package-lock.json) ---
# `npm install --no-save`, not `npm ci`: the registry mirror of this machine lacks some of rollup's
# platform-specific optional packages (rollup comes with workbox-build), so the lockfile cannot list
# them and `npm ci` refuses it as "out of sync". `npm install` installs the locked versions all the
# same and, with --no-save, never rewrites the lockfile.
lockstamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$lockstamp" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi

# --- wheels that pytest needs inside Pyodide (pure Python, for CPython 3.14) ---
wheels=.cache/pyodide-wheels
if [ ! -f "$wheels/.complete" ]; then
  mkdir -p "$wheels"
  quiet_pip download -q --disable-pip-version-check \
    --only-binary=:all: --python-version 3.14 --platform any --implementation py \
    -d "$wheels" "pytest==9.0.3" "hypothesis==6.155.2"
  touch "$wheels/.complete"
fi
