#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: Debian packages (browsers, Xvfb)
# when running as root, a Python venv with the dev extras (and one more per other CPython >= 3.11
# on the machine, for the native test runs), the npm packages, and the pure-Python wheels pytest
# needs inside Pyodide. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

# pip on some machines is configured with local mirror folders that may be absent; its warnings
# about them are noise, everything else it prints is kept.
quiet_pip() { "$pip_python" -m pip "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2); }
pip_python=.venv/bin/python

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
pyproject_hash=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f ".venv/.installed-$pyproject_hash" ]; then
  quiet_pip install -q --disable-pip-version-check -e ".[dev]"
  touch ".venv/.installed-$pyproject_hash"
fi

# --- a venv per other CPython >= 3.11 found (.venv-3.12, …): scripts/test.sh runs pytest in each ---
# Found in pyenv's versions (the newest patch release of each minor) and on PATH; the minor version
# of .venv is left out, it has its own run. A machine with none of them runs the default only; on
# GitHub Actions the workflow's own matrix covers the versions, so none are made there.
default_minor=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
declare -A interpreter_of=()
consider() {  # $1: an interpreter named python3.N; pyenv's sorted list first, so its newest wins
  local minor=${1##*/python}
  if [ -x "$1" ] && [ "${minor#3.}" -ge 11 ] && { [ "$2" = pyenv ] || [ -z "${interpreter_of[$minor]:-}" ]; }; then
    interpreter_of[$minor]=$1
  fi
}
if [ -z "${GITHUB_ACTIONS:-}" ]; then
  while read -r candidate; do
    consider "$candidate" pyenv
  done < <(printf '%s\n' "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3.[1-9][0-9] | sort -V)
  for minor in $(seq 11 19); do
    if candidate=$(command -v "python3.$minor"); then consider "$candidate" path; fi
  done
fi
for minor in "${!interpreter_of[@]}"; do
  [ "$minor" = "$default_minor" ] && continue
  venv=.venv-$minor
  if ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    if ! "${interpreter_of[$minor]}" -m venv "$venv"; then
      echo "warning: no venv from ${interpreter_of[$minor]} (its venv module is missing?): pytest will not run on $minor" >&2
      rm -rf "$venv"
      continue
    fi
  fi
  if [ ! -f "$venv/.installed-$pyproject_hash" ]; then
    echo "Installing the dev extras into $venv (${interpreter_of[$minor]})"
    if ! pip_python=$venv/bin/python quiet_pip install -q --disable-pip-version-check -e ".[dev]"; then
      echo "warning: the dev extras do not install on ${interpreter_of[$minor]}: pytest will not run on $minor" >&2
      rm -rf "$venv"
      continue
    fi
    touch "$venv/.installed-$pyproject_hash"
  fi
done

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
