"""The benchmark's one entry point: `bench/run.sh [MODE] [options]` (`python -m bench`).

Without a mode, the full run (bench/benchmark.py): cold start, one chat, the load through
the fake Bot API, memory, training and cross-validation, written to bench/RESULTS.md;
`--quick` shortens it for development. The modes look at one thing each:

- `soak`: 30 minutes (5 with --quick) at 10 msg/s: does memory level off? (bench/soak.py);
- `memory`: where Rasa's memory goes: imports, model, allocator, per conversation (bench/memory.py);
- `quality`: intent F1 and the held-out sets of two NLU pipelines, same folds (bench/quality.py);
- `small`: the whole bot on one core with a memory ceiling, beside today's setup (bench/small.py).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from bench import benchmark, memory, quality, small, soak
from bot.paths import MODEL_FILE, ROOT


def parser() -> argparse.ArgumentParser:
    usage = "bench/run.sh [--quick] [--skip-training] [--rate R] [--load-seconds S] [--telegram-delay-ms MS]"
    usage += "\n       bench/run.sh {soak,memory,quality,small} [options]"
    main = argparse.ArgumentParser(prog="bench/run.sh", usage=usage, description=__doc__.split("\n\n")[0])
    main.add_argument(
        "--quick", action="store_true", help="short phases, no cross-validation (summary in bench/out/RESULTS-partial.md)"
    )
    main.add_argument("--skip-training", action="store_true", help="do not measure training time (development)")
    main.add_argument("--rate", type=float, help="messages per second in the load phase (default 30; lower to find capacity)")
    main.add_argument(
        "--load-seconds", type=float, help="length of the load phase (default 60, 10 with --quick), after its warm-up"
    )
    main.add_argument(
        "--telegram-delay-ms",
        type=float,
        default=0.0,
        help="time each Bot API call takes on the way to and from the fake Telegram, as a round trip to the real one (default 0)",
    )
    modes = main.add_subparsers(dest="mode", metavar="MODE", help="one measurement alone instead of the full run")

    def mode(name: str, module: object) -> argparse.ArgumentParser:
        doc = str(getattr(module, "__doc__", "")).split("\n\n")[0]
        return modes.add_parser(name, prog=f"bench/run.sh {name}", help=doc, description=doc)

    s = mode("soak", soak)
    s.add_argument("--quick", action="store_true", help="5 minutes instead of 30")
    s.add_argument("--minutes", type=float, help="how long the load runs")
    m = mode("memory", memory)
    m.add_argument(
        "--model", type=Path, action="append", default=[], help="another model to load beside models/ouderschap.tar.gz"
    )
    m.add_argument("--conversations", type=int, default=10000, help="live conversations to hold (0: imports and model only)")
    m.add_argument("--turns", type=int, default=3, help="turns per conversation")
    m.add_argument("--malloc-arena-max", action="store_true", help="run the conversations with MALLOC_ARENA_MAX=2")
    m.add_argument("--serve", type=Path, default=MODEL_FILE, help="the model Rasa serves for the conversations")
    q = mode("quality", quality)
    q.add_argument("--config", type=Path, default=ROOT / "config.yml", help="the pipeline to judge")
    q.add_argument("--against", type=Path, default=ROOT / "bench" / "config-diet.yml", help="the pipeline it replaced (DIET)")
    sm = mode("small", small)
    sm.add_argument(
        "--setups", default="before,today", help="comma-separated, in order (before, before-arena, today, today-arena)"
    )
    sm.add_argument("--rate", type=float, default=10.0, help="messages per second (default 10)")
    sm.add_argument("--seconds", type=float, default=60.0, help="length of the load after its 5 s warm-up (default 60)")
    sm.add_argument("--chats", type=int, default=100)
    sm.add_argument("--ceiling-mib", type=float, default=600.0, help="today's memory ceiling (default 600)")
    sm.add_argument("--no-write", action="store_true", help="leave bench/RESULTS.md as it is")
    return main


def full_plan(args: argparse.Namespace) -> benchmark.Plan:
    """The full run's plan, shortened or changed by the options."""
    plan = benchmark.QUICK if args.quick else benchmark.FULL
    if args.rate:
        plan = replace(plan, load_rate=args.rate)
    if args.load_seconds:
        plan = replace(plan, load_seconds=args.load_seconds)
    if args.telegram_delay_ms:
        plan = replace(plan, telegram_delay_ms=args.telegram_delay_ms)
    return plan


def main(argv: list[str]) -> int:
    options = parser()
    args = options.parse_args(argv)
    if args.mode is not None and argv.index(args.mode) > 0:
        options.error(f"the options before {args.mode!r} are the full run's; a mode's options come after it")
    if args.mode == "soak":
        plan = soak.QUICK if args.quick else soak.FULL
        return soak.run(replace(plan, minutes=args.minutes) if args.minutes else plan)
    elif args.mode == "memory":
        return memory.run(args.model, args.conversations, args.turns, args.malloc_arena_max, args.serve.resolve())
    elif args.mode == "small":
        return small.run(args.setups.split(","), args.rate, args.seconds, args.chats, args.ceiling_mib, not args.no_write)
    elif args.mode == "quality":
        return quality.run(args.config.resolve(), args.against.resolve())
    else:
        return benchmark.run(full_plan(args), args.skip_training, "bench/run.sh" + "".join(f" {shlex.quote(a)}" for a in argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
