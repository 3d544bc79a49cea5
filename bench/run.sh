#!/usr/bin/env bash
# Benchmark the real stack (not part of ./test.sh): set up .venv (first time), train the model
# if its inputs changed, then measure latency, load, memory, training time, cold start and
# intent F1. Results: bench/RESULTS.md (full runs only); raw numbers: bench/out/.
#   bench/run.sh            full run (15 to 20 minutes on 2 cores, most of it cross-validation)
#   bench/run.sh --quick    short phases, no cross-validation (for development; bench/out/RESULTS-partial.md)
#   bench/run.sh --rate 8   the load phase at 8 instead of 30 messages per second
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false PYTHONDONTWRITEBYTECODE=1
.venv/bin/python -m bot.train
exec .venv/bin/python -m bench.benchmark "$@"
