#!/usr/bin/env bash
# Prepare the project environment: find Python 3.10, create .venv/, install the pinned
# dependencies when requirements.txt or constraints.txt changed, and check them.
# Sourced by run.sh and test.sh so that both work on a fresh clone with no manual step.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python310() {
  # An explicit choice wins, then python3.10 on PATH, then pyenv's 3.10 (as on our machines).
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
  fi
  for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
  for c in "${candidates[@]}"; do
    if "$c" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  return 1
}

quiet_pip() {
  # This machine's pip config lists local mirrors that may be absent; hide only that noise.
  "$@" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
  return "${PIPESTATUS[0]}"
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
Python 3.10 is needed (Rasa Open Source 3.6 does not run on Python 3.11 or newer) and was not found.
Install it, then run this command again:
  - with pyenv:          pyenv install 3.10.13
  - on Debian/Ubuntu:    sudo apt install python3.10 python3.10-venv   (deadsnakes PPA on older Ubuntu)
  - or point to it:      PYTHON=/path/to/python3.10 ./run.sh
MSG
    exit 1
  fi
  echo "setup: creating .venv with $PY"
  rm -rf .venv
  "$PY" -m venv .venv
fi

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing pinned dependencies (first time takes a few minutes)"
  quiet_pip .venv/bin/python -m pip install -q --upgrade "pip<25"
  quiet_pip .venv/bin/python -m pip install -q -r requirements.txt -c constraints.txt
  .venv/bin/python -m pip check
  echo "$want" > "$stamp"
fi
