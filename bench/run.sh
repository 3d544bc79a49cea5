#!/usr/bin/env bash
# Benchmark the real stack (not part of ./test.sh): set up .venv (first time), train the model
# if its inputs changed, then run `python -m bench` (bench/__main__.py). Without a mode: latency,
# load, CPU and Bot API calls per message, memory, cold start, training time and intent F1.
# Results: bench/RESULTS.md (full runs only); raw numbers: bench/out/.
#   bench/run.sh                 full run (20 to 25 minutes on 2 cores, most of it cross-validation)
#   bench/run.sh --quick         short phases, no cross-validation (bench/out/RESULTS-partial.md)
#   bench/run.sh --quick --rate 8 --load-seconds 30   the load phase at 8 instead of 30 messages per second
#   bench/run.sh soak [--quick]  30 (5) minutes at 10 msg/s over 500 chats: does memory level off?
#   bench/run.sh MODE --help     a mode's options
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false PYTHONDONTWRITEBYTECODE=1
.venv/bin/python -m bot.train
# The harness's own tests first (seconds; not part of ./test.sh): its load, its pipelines.
.venv/bin/python -m pytest -q -p no:cacheprovider bench/tests
exec .venv/bin/python -m bench "$@"
