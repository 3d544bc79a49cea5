"""Benchmark of the real stack (bridge, Rasa, action server) against a fake Bot API server.

Not part of ./test.sh: it takes minutes and its numbers depend on the machine. Run
`bench/run.sh` (or `bench/run.sh --quick`); results go to bench/RESULTS.md and bench/out/.
"""
