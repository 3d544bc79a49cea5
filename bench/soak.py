"""Soak test of the real stack: `bench/run.sh soak [--quick] [--minutes N]` (issue 20).

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

import asyncio
import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench import procs
from bench.benchmark import cold_start, recorded, require_current_model
from bench.chats import Inbox
from bench.phases import LoadResult, run_open_loop
from bench.stack import OUT, RunningBot
from bench.stats import summarize
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
    """Run the load for `minutes`, sampling memory and conversations held once a minute.

    The load is the benchmark's open loop (bench/phases.py) with turnover: RATE messages per
    second over CHATS private chats at a time, each parent replaced by a new one after
    `turns_per_parent` turns, so Rasa keeps meeting new conversations and must forget the old.
    """
    require_current_model()
    with FakeBotApi() as fake:
        bot = RunningBot(fake, OUT / "soak-runner.log", environment={"STATE_IDLE_MINUTES": str(plan.idle_minutes)})
        inbox = Inbox(fake)
        inbox.start()
        progress = LoadResult()
        samples: list[dict[str, Any]] = []
        try:
            await cold_start(bot, fake, inbox, chat_id=8_000_001)
            t0 = time.monotonic()

            def sample() -> None:
                held = [int(m.group(1)) for line in bot.lines if (m := HELD.search(line.text))]
                samples.append(
                    {
                        "minute": round((time.monotonic() - t0) / 60, 2),
                        "rss_mb": {k: round(v, 1) for k, v in bot.memory_mb().items()},
                        "conversations_held": held[-1] if held else None,
                        "turns": progress.sent,
                    }
                )
                print(
                    f"soak {samples[-1]['minute']:5.1f} min: rss {samples[-1]['rss_mb']}, held {samples[-1]['conversations_held']}, turns {samples[-1]['turns']}",
                    flush=True,
                )

            sample()
            load = asyncio.create_task(
                run_open_loop(
                    fake,
                    inbox,
                    8_100_001,
                    CHATS,
                    RATE,
                    plan.minutes * 60,
                    warmup=0.0,
                    settle=0.5,
                    leave_after=plan.turns_per_parent,
                    group_every=0,
                    result=progress,
                )
            )
            while not load.done():
                await asyncio.wait({load}, timeout=SAMPLE_SECONDS)
                sample()
            out["sent"] = (await load).sent
            out["samples"] = samples
            out["load"] = summarize(progress.turns)
            out["peak_memory_mb"] = {k: round(v, 1) for k, v in bot.memory_mb(procs.peak_rss_kb).items()}
        finally:
            await inbox.stop()
            out["shutdown"] = bot.stop()
            out["restarts"] = [line.text for line in bot.lines if "restarting it in" in line.text]
            out["failed_calls"] = dict(Counter(f"{c.method} {c.status}" for c in inbox.failed_calls).most_common())


def run(plan: Plan) -> int:
    """The soak of `plan`; returns 1 when a process of the stack outlived its shutdown."""
    name = f"soak-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    with recorded(plan, [name], rate=RATE, chats=CHATS) as results:
        asyncio.run(soak(plan, results))
    print(f"written: {OUT / name}", flush=True)
    return 1 if (results.get("shutdown") or {}).get("left_over") else 0
