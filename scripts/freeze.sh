#!/usr/bin/env bash
# Regenerate constraints.txt (the full resolved dependency set) from the current .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' > constraints.txt
echo "constraints.txt: $(wc -l < constraints.txt) packages"
