"""The full run of the benchmark: `bench/run.sh [--quick]` (bench/__main__.py has the other modes).

Why it exists (issue 7): the tests prove that the bot works, not that it is fast enough.
This measures, on the machine it runs on, what a parent and the operator would notice:
reply latency for one chat and under a sustained load of many chats, errors and lost
messages, peak memory, training time, cold start and the NLU's cross-validated intent F1.

Order of the phases: the running bot first (cold start, one chat, load; memory is read
before it stops), then training and cross-validation, which would otherwise compete with
the bot for the 2 cores. Results: bench/RESULTS.md, raw numbers in bench/out/.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from bench import offline, procs, report
from bench.chats import LATE_AFTER, Inbox, Turn
from bench.phases import run_open_loop, run_sequential
from bench.stack import OUT, RunningBot
from bench.stats import summarize
from bench.walk import ANSWERS
from bot.paths import ROOT
from bot.train import model_is_current
from testkit.fake_telegram import FakeBotApi

COLD_START_LIMIT = 180.0  # give up waiting for the first reply after this long


@dataclass(frozen=True)
class Plan:
    """How long each phase runs; --quick shortens them for development."""

    sequential: int
    warmup: int
    load_chats: int
    load_rate: float
    load_seconds: float
    load_warmup_seconds: float
    settle_sequential: float
    settle_load: float
    cross_validation: bool
    telegram_delay_ms: float = 0.0  # per Bot API call, a round trip as to Telegram (0: loopback)


FULL = Plan(200, 5, 100, 30.0, 60.0, 5.0, 0.3, 0.5, True)
QUICK = Plan(40, 3, 100, 30.0, 10.0, 2.0, 0.3, 0.5, False)


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        # GIT_OPTIONAL_LOCKS=0: `git status` must not rewrite the index others work with.
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, env=env).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "dirty": bool(git("status", "--porcelain"))}


@contextlib.contextmanager
def recorded(plan: object, names: list[str], **extra: Any) -> Iterator[dict[str, Any]]:
    """The results of a run, headed by the plan, the machine and the commit; written to
    bench/out/`names` however the run ends, with the load average after it."""
    results: dict[str, Any] = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        **extra,
        "plan": plan.__dict__,
        "machine": procs.machine(),
        "git": git_state(),
        "loadavg_before": procs.loadavg(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        yield results
    finally:
        results["loadavg_after"] = procs.loadavg()
        for name in names:
            (OUT / name).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


def require_current_model() -> None:
    """The runner would train first, and the cold start would measure training."""
    if not model_is_current():
        raise SystemExit("models/ouderschap.tar.gz is older than its inputs: run `.venv/bin/python -m bot.train` first")


async def cold_start(bot: RunningBot, fake: FakeBotApi, inbox: Inbox, chat_id: int) -> dict[str, Any]:
    """Spawn the runner and send /start at once; the clock stops at the first reply."""
    bot.spawn()
    update_id = fake.push_text(chat_id, "/start")
    deadline = time.monotonic() + COLD_START_LIMIT
    while not inbox.of(chat_id) and time.monotonic() < deadline:
        if bot.process is not None and bot.process.poll() is not None:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # the rest of the welcome, so it is not taken for the next reply
    replies = inbox.of(chat_id)
    first_poll = next((c.time for c in fake.calls_of("getUpdates") if c.time >= bot.spawned_at), None)
    delivered = fake.delivered_at(update_id)
    steps = {
        "model checked": bot.first_line_at("starting the action server and Rasa"),
        "action server up": bot.first_line_at("Action endpoint is up and running"),
        "Rasa up": bot.first_line_at("Rasa server is up and running"),
        "bridge polling": bot.first_line_at("long polling started"),
        "first getUpdates": None if first_poll is None else first_poll - bot.spawned_at,
        "/start handed over": None if delivered is None else delivered - bot.spawned_at,
        "first reply": replies[0].time - bot.spawned_at if replies else None,
    }
    if steps["first reply"] is None:
        raise RuntimeError(f"no reply to /start within {COLD_START_LIMIT:.0f} s; see {bot.log_path}")
    # When the inputs changed since the last training, the runner trains first: not a cold start.
    return {"seconds": steps["first reply"], "steps": steps, "trained_first": bot.first_line_at("model: training") is not None}


def cpu_use(before: dict[str, float], after: dict[str, float], seconds: float, messages: int) -> dict[str, dict[str, float]]:
    """Average cores each component used between two CPU readings, and CPU ms per message.

    CPU per message tells the capacity: a single-threaded server that needs 100 ms of CPU
    per message cannot answer more than 10 messages per second, whatever the load.
    """
    used = {name: after.get(name, 0.0) - before.get(name, 0.0) for name in after}
    return {
        "cores": {name: round(v / seconds, 2) for name, v in used.items()},
        "cpu_ms_per_message": {name: round(1000 * v / max(1, messages), 1) for name, v in used.items()},
    }


def texts_in_log(lines: list[str]) -> int:
    """Runner log lines that hold a free-text answer of the simulated parents (privacy check)."""
    fragments = [answer[:40] for answer in ANSWERS]
    return sum(any(f in line for f in fragments) for line in lines)


async def measure_stack(plan: Plan, out: dict[str, Any], turns_path: Path) -> None:
    """Cold start, one chat, the paced load, memory; always stops the runner."""
    require_current_model()
    with FakeBotApi(call_delay=plan.telegram_delay_ms / 1000) as fake:
        bot = RunningBot(fake, OUT / "runner.log")
        inbox = Inbox(fake)
        inbox.start()
        all_turns: list[tuple[str, Turn]] = []
        try:
            print("cold start: spawning python -m bot.run ...", flush=True)
            out["cold_start"] = await cold_start(bot, fake, inbox, chat_id=9_000_001)
            print(f"cold start: {out['cold_start']['seconds']:.1f} s", flush=True)

            print(f"one chat: {plan.warmup} warm-up + {plan.sequential} messages ...", flush=True)
            cpu0, t0 = bot.cpu_seconds(), time.monotonic()
            turns = await run_sequential(fake, inbox, 9_100_001, plan.sequential, plan.warmup, plan.settle_sequential)
            cpu1, t1 = bot.cpu_seconds(), time.monotonic()
            out["sequential"] = summarize(turns)
            all_turns += [("sequential", t) for t in turns]
            print(f"one chat: p95 {out['sequential']['p95_ms']:.0f} ms, missing {out['sequential']['missing']}", flush=True)

            print(
                f"load: {plan.load_rate:g} msg/s open loop, {plan.load_chats} chats to start with, "
                f"{plan.load_warmup_seconds:g} s warm-up + {plan.load_seconds:g} s ...",
                flush=True,
            )
            inbox.drain()
            calls_before = inbox.methods.copy()
            load = await run_open_loop(
                fake,
                inbox,
                9_200_001,
                plan.load_chats,
                plan.load_rate,
                plan.load_seconds,
                plan.load_warmup_seconds,
                plan.settle_load,
            )
            cpu2, t2 = bot.cpu_seconds(), time.monotonic()
            summary = summarize(load.turns)
            inbox.drain()
            handled = max(1, load.sent + load.warmup_sent)
            calls = inbox.methods - calls_before
            out["load"] = {
                "bot_api_calls_per_message": {m: round(n / handled, 2) for m, n in calls.most_common()},
                "bot_api_calls_per_message_total": round(sum(calls.values()) / handled, 2),
                **summary,
                "rate": plan.load_rate,
                "chats": plan.load_chats,
                "duration": plan.load_seconds,
                "warmup_seconds": plan.load_warmup_seconds,
                "warmup_sent": load.warmup_sent,
                "sent": load.sent,
                "send_window": round(load.send_window, 2),
                "achieved_rate": load.sent / load.send_window if load.send_window else 0.0,
                "answered_rate": summary["answered"] / load.send_window if load.send_window else 0.0,
                "max_pacer_lag_ms": round(load.max_pacer_lag * 1000, 1),
                "slots_late_100ms": load.slots_late_100ms,
                "slots_without_a_chat": load.slots_without_a_chat,
                "chats_started": load.chats_started,
                "groups": load.groups,
            }
            all_turns += [("load", t) for t in load.turns]
            print(
                f"load: {out['load']['achieved_rate']:.1f} msg/s sent, p95 {out['load']['p95_ms'] or 0:.0f} ms, "
                f"late {summary['late']}, missing {summary['missing']}",
                flush=True,
            )
            out["cpu"] = {
                "sequential": cpu_use(cpu0, cpu1, t1 - t0, len(turns)),
                "load": cpu_use(cpu1, cpu2, t2 - t1, load.sent + load.warmup_sent),
            }
            out["memory_mb"] = {k: round(v, 1) for k, v in bot.memory_mb(procs.peak_rss_kb).items()}
            out["processes"] = {name: [procs.cmdline(p)[:120] for p in pids] for name, pids in bot.components().items()}
        finally:
            await inbox.stop()
            out["shutdown"] = bot.stop()
            inbox.drain()
            failed = Counter(f"{c.method} {c.status} {c.response.get('description', '')}".strip() for c in inbox.failed_calls)
            out["failed_calls"] = dict(failed.most_common())
            out["text_in_runner_log"] = texts_in_log([line.text for line in bot.lines])
            # Rasa stops a turn that predicts action after action; the conversation then often falls silent.
            out["circuit_breaker_trips"] = sum("Circuit breaker tripped" in line.text for line in bot.lines)
            with open(turns_path, "w", encoding="utf-8") as f:
                for phase, t in all_turns:
                    f.write(json.dumps({"phase": phase, **t.as_dict()}) + "\n")


def run(plan: Plan, skip_training: bool, command: str) -> int:
    """The phases of `plan`; bench/RESULTS.md for a full run, bench/out/RESULTS-partial.md otherwise.

    Returns the exit code: 1 when a process of the stack outlived its shutdown.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with recorded(plan, [f"results-{stamp}.json", "latest.json"], command=command, late_after_s=LATE_AFTER) as results:
        asyncio.run(measure_stack(plan, results, OUT / f"turns-{stamp}.jsonl"))
        if not skip_training:
            print("training: rasa train --force into a temp dir ...", flush=True)
            results["training_seconds"] = offline.training_seconds(OUT / "train.log")
            results["training_other_cores"] = offline.LAST_OTHERS.get("train")
        if plan.cross_validation:
            print("NLU: 5-fold cross-validation ...", flush=True)
            results["nlu"] = offline.intent_f1(OUT / "nlu-cv.log", OUT / "nlu-cv")
            results["nlu"]["other_cores"] = offline.LAST_OTHERS.get("test")
    # bench/RESULTS.md always shows a full run; shortened runs only go to bench/out/.
    full = plan == FULL and not skip_training
    summary = ROOT / "bench" / "RESULTS.md" if full else OUT / "RESULTS-partial.md"
    report.write(summary, results)
    print(report.table(results))
    print(f"\nwritten: {summary.relative_to(ROOT)}, bench/out/results-{stamp}.json", flush=True)
    return 1 if (results.get("shutdown") or {}).get("left_over") else 0
