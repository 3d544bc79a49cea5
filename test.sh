#!/usr/bin/env bash
# Run every check: dependencies, Rasa data, model (trained only when its inputs changed),
# pytest (unit, bridge against a fake Telegram Bot API server, the real stack, the conversation
# tests of tests/conversations and the held-out sets through the running assistant). Any
# failure, or pytest collecting no tests, fails the run.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false PYTHONDONTWRITEBYTECODE=1
started=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - started))"; }

step "lint, format and types (ruff, mypy; settings in pyproject.toml)"
scripts/lint.sh

step "pip check"
.venv/bin/python -m pip check

step "rasa data validate (warnings fail)"
out=$(.venv/bin/python -m bot.rasa_cli data validate --fail-on-warnings 2>&1) || { echo "$out"; exit 1; }
if grep -E "UserWarning|WARNING|ERROR" <<<"$out"; then echo "rasa data validate reported the lines above"; exit 1; fi
echo "clean"

step "model"
.venv/bin/python -m bot.train

# Exit code 5 ("no tests ran") is an error here too, because set -e stops on any non-zero code.
rm -f results/heldout_*.txt
if [ $# -eq 0 ]; then
  step "pytest: every test, the conversation stories of tests/conversations end to end, the held-out sets"
  # Two workers (pytest-xdist), one per core, each with its own running stack; a module stays on
  # one worker (--dist loadfile), so its fixtures start once. tests/conftest.py sends the long
  # modules out first.
  .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile
else
  step "pytest $*"
  .venv/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/test_conversations.py --ignore=tests/test_heldout.py "$@"
  # Steps of their own when pytest gets arguments, so that -k ... never leaves them out.
  step "conversation tests in tests/conversations, end to end (real text, action server, Rasa)"
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_conversations.py
  step "held-out sets, through the running assistant (tests/test_heldout.py)"
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_heldout.py
fi

step "held-out sets: messages written apart, never trained on (figures for the README; floors asserted above)"
cat results/heldout_safety.txt results/heldout_heard.txt results/heldout_sadness.txt results/heldout_calm.txt

step "all checks passed"
