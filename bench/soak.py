"""Soak test of the real stack: `python -m bench.soak [--quick] [--minutes N]` (issue 20).

Why: the benchmark's load phase lasts a minute; a coordinator's bot runs for weeks. This
runs the real runner for 30 minutes (5 with --quick) at a steady 10 messages per second
over 500 chats at a time, and reports what would show a slow leak or a slow death: the
resident memory of each process once a minute (it must level off), the number of
conversations Rasa holds (from its once-a-minute log line: idle expiry and the cap at
work), errors, lost messages and restarts by the supervisor.

So that expiry works within the run, parents come and go: each simulated parent sends a
number of messages and is then replaced by a new chat, and the runner gets a short
`STATE_IDLE_MINUTES` (`Plan`: 20 messages and 5 minutes; with --quick 4 and 1, so that
parents leave and are forgotten within the 5 minutes). Results: bench/out/soak-*.json,
with every sample; the "Soak" section of bench/RESULTS.md is written from it by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from bench import procs
from bench.benchmark import OUT, cold_start, git_state
from bench.chats import Inbox, SimChat, Turn
from bench.phases import finish_all, settle_all
from bench.stack import RunningBot
from bench.stats import summarize
from bot.train import model_is_current
from testkit.fake_telegram import FakeBotApi

RATE = 10.0
CHATS = 500
SAMPLE_SECONDS = 60.0
HELD = re.compile(r"Conversations held: (\d+)\.")


@dataclass(frozen=True)
class Plan:
    """How long the load runs, how long a parent stays, and how soon Rasa forgets them."""

    minutes: float
    turns_per_parent: int
    idle_minutes: float


FULL = Plan(30.0, 20, 5.0)
QUICK = Plan(5.0, 4, 1.0)


async def soak(plan: Plan, out: dict[str, Any]) -> None:
    """Run the load for `minutes`, sampling memory and conversations held once a minute."""
    if not model_is_current():
        raise SystemExit("models/ouderschap.tar.gz is older than its inputs: run `.venv/bin/python -m bot.train` first")
    with FakeBotApi() as fake:
        bot = RunningBot(fake, OUT / "soak-runner.log", environment={"STATE_IDLE_MINUTES": str(plan.idle_minutes)})
        inbox = Inbox(fake)
        inbox.start()
        everyone: list[SimChat] = []
        samples: list[dict[str, Any]] = []
        try:
            started = await cold_start(bot, fake, inbox, chat_id=8_000_001)
            if started["seconds"] is None:
                raise RuntimeError(f"no reply to /start; see {bot.log_path}")
            t0 = time.monotonic()

            def sample() -> None:
                held = [int(m.group(1)) for line in bot.lines if (m := HELD.search(line.text))]
                samples.append(
                    {
                        "minute": round((time.monotonic() - t0) / 60, 2),
                        "rss_mb": {k: round(v, 1) for k, v in bot.memory_mb().items()},
                        "conversations_held": held[-1] if held else None,
                        "turns": sum(len(c.turns) for c in everyone),
                    }
                )
                print(
                    f"soak {samples[-1]['minute']:5.1f} min: rss {samples[-1]['rss_mb']}, held {samples[-1]['conversations_held']}, turns {samples[-1]['turns']}",
                    flush=True,
                )

            sample()
            load = asyncio.create_task(paced_with_turnover(fake, inbox, plan.minutes * 60, plan.turns_per_parent, everyone))
            while not load.done():
                await asyncio.wait({load}, timeout=SAMPLE_SECONDS)
                sample()
            out["sent"] = await load
            out["samples"] = samples
            turns: list[Turn] = settle_all(everyone)
            out["load"] = summarize(turns)
            out["peak_memory_mb"] = {k: round(v, 1) for k, v in bot.peak_memory_mb().items()}
        finally:
            await inbox.stop()
            out["shutdown"] = bot.stop()
            out["restarts"] = [line.text for line in bot.lines if "restarting it in" in line.text]
            out["failed_calls"] = dict(Counter(f"{c.method} {c.status}" for c in inbox.failed_calls).most_common())


async def paced_with_turnover(
    fake: FakeBotApi, inbox: Inbox, seconds: float, turns_per_parent: int, everyone: list[SimChat]
) -> int:
    """RATE messages per second over CHATS parents at a time; a parent leaves after `turns_per_parent` turns.

    Open loop, as bench.phases.run_open_loop: each send slot goes to a parent (chosen at random,
    seeded) whose last answer is over; a parent who leaves is replaced by a new one, so Rasa
    keeps meeting new conversations and must forget the old ones. Every chat ever started is
    put in `everyone`, so the caller can count turns while the load runs.
    """
    ids = itertools.count(8_100_001)

    def new() -> SimChat:
        chat_id = next(ids)
        everyone.append(SimChat(fake, inbox, chat_id, seed=chat_id, settle=0.5))
        return everyone[-1]

    present = [new() for _ in range(CHATS)]
    rng = random.Random(8_100_001)
    loop = asyncio.get_running_loop()
    start, slot, sent = loop.time(), 0, 0
    while (due := start + slot / RATE) < start + seconds:
        await asyncio.sleep(max(0.0, due - loop.time()))
        slot += 1
        inbox.drain()
        now = time.time()
        ready = [c for c in present if c.state(now) == "ready"]
        if not ready:
            continue
        chat = rng.choice(ready)
        chat.send()
        sent += 1
        if len(chat.turns) >= turns_per_parent:  # this parent leaves; Rasa should forget them after the idle time
            present[present.index(chat)] = new()
    await finish_all(everyone)
    return sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 minutes instead of 30")
    parser.add_argument("--minutes", type=float, help="how long the load runs")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.minutes:
        plan = replace(plan, minutes=args.minutes)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "plan": plan.__dict__,
        "rate": RATE,
        "chats": CHATS,
        "machine": procs.machine(),
        "git": git_state(),
        "loadavg_before": procs.loadavg(),
    }
    try:
        asyncio.run(soak(plan, results))
    finally:
        results["loadavg_after"] = procs.loadavg()
        path = OUT / f"soak-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"written: {path}", flush=True)
    return 1 if (results.get("shutdown") or {}).get("left_over") else 0


if __name__ == "__main__":
    sys.exit(main())
