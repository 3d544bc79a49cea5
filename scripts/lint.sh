#!/usr/bin/env bash
# Lint, format check and types (configured in pyproject.toml): the first step of ./test.sh.
# To fix what the formatter reports: .venv/bin/ruff format .
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
