"""The whole bot on the cheapest server: `bench/run.sh small` (issue 31).

A Home-Start branch rents the cheapest server it can: one core and 1 GB, shared with the
operating system. This runs the real runner (`python -m bot.run`: bridge, Rasa and action
server, against the fake Bot API server, as the full run does) pinned to one core (as
`taskset -c`) in each setup of `--setups`, one after the other in the same run:

- before: the pipeline before issue 31 (bench/config-diet.yml: DIET, so TensorFlow);
- today: the project's config.yml (logistic regression, no TensorFlow), as the runner starts
  it, under the memory ceiling;
- before-arena, today-arena: each with MALLOC_ARENA_MAX=2, to see what that lever alone does.

Each setup runs from its own copy of the project in bench/out/small/SETUP/ (the files git
tracks, as they are in the working tree, with the setup's config.yml), trained there once
and kept while its inputs do not change. Each gets a cold start, then `--rate` messages per
second over 100 chats for `--seconds` after a 5 s warm-up, open loop (bench/phases.py), and
reports the peak memory (the kernel's VmHWM of each process, summed: an upper bound, as
shared pages count in each process), the highest summed VmRSS seen (sampled 5 times a
second), p50/p95/p99, lost, late and error replies, and CPU per message; the ratio of each
setup to the first. The benchmark's own process (fake Telegram, simulated parents) runs on
the other cores, so it does not take the bot's.

The memory ceiling is the benchmark's own: when the summed resident memory of a setup with a
ceiling passes it, its largest process is killed (SIGKILL), as the kernel's out-of-memory
killer would on a server of that size; the supervisor then restarts it, and the lost
messages show in the figures. Summed peaks over the ceiling fail the setup as well.

Results: bench/out/small-*.json, and the "Small server" section of bench/RESULTS.md (kept
when a full run rewrites the rest). About 6-10 minutes on 2 cores (more the first time: the
copies are trained).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import procs
from bench.benchmark import cold_start, cpu_use, git_state
from bench.chats import Inbox
from bench.phases import run_open_loop
from bench.stack import OUT, RunningBot
from bench.stats import summarize
from bot.paths import ROOT
from testkit.fake_telegram import FakeBotApi

DIET = ROOT / "bench" / "config-diet.yml"
P95_LIMIT_MS = 500.0
WARMUP_SECONDS = 5.0
SAMPLE_SECONDS = 0.2
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- small: written by bench/run.sh small -->", "<!-- /small -->"


@dataclass(frozen=True)
class Setup:
    """One way to run the whole bot: its pipeline, its environment, its ceiling."""

    name: str
    what: str
    config: Path | None  # the pipeline; None: the project's own config.yml
    environment: dict[str, str] = field(default_factory=dict)
    ceiling_mib: float | None = None


def setups(ceiling_mib: float) -> dict[str, Setup]:
    arena = {"MALLOC_ARENA_MAX": "2"}
    return {
        "before": Setup("before", "bench/config-diet.yml (DIET, TensorFlow), the pipeline before issue 31", DIET),
        "before-arena": Setup("before-arena", "before with MALLOC_ARENA_MAX=2", DIET, arena),
        "today": Setup(
            "today", f"config.yml (logistic regression, no TensorFlow), ceiling {ceiling_mib:g} MiB", None, {}, ceiling_mib
        ),
        "today-arena": Setup("today-arena", "today with MALLOC_ARENA_MAX=2", None, arena, ceiling_mib),
    }


def project_copy(setup: Setup) -> Path:
    """bench/out/small/NAME: the tracked files of the working tree, the setup's config.yml, a
    current model (trained there when its inputs changed; models/ is kept between runs)."""
    where = OUT / "small" / setup.name
    where.mkdir(parents=True, exist_ok=True)
    for child in where.iterdir():
        if child.name != "models":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, where / name)
    if setup.config is not None:
        shutil.copy2(setup.config, where / "config.yml")
    print(f"small: {setup.name}: model for its config.yml ...", flush=True)
    subprocess.run([sys.executable, "-m", "bot.train"], cwd=where, check=True)
    return where


class Watch:
    """Samples the stack's summed VmRSS; above the ceiling, kills its largest process."""

    def __init__(self, bot: RunningBot, ceiling_mib: float | None) -> None:
        self.bot = bot
        self.ceiling_mib = ceiling_mib
        self.highest_mib = 0.0
        self.kills: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        last_kill = 0.0
        while not self._stop.wait(SAMPLE_SECONDS):
            pids = [pid for group in self.bot.components().values() for pid in group]
            sizes = {pid: procs.rss_kb(pid) / 1024 for pid in pids}
            total = sum(sizes.values())
            self.highest_mib = max(self.highest_mib, total)
            if self.ceiling_mib and total > self.ceiling_mib and time.monotonic() - last_kill > 5:
                largest = max(sizes, key=lambda pid: sizes[pid])
                self.kills.append({"mib": round(total, 1), "killed": procs.cmdline(largest)[:80]})
                last_kill = time.monotonic()
                try:
                    os.kill(largest, signal.SIGKILL)
                except ProcessLookupError:
                    pass


async def measure(setup: Setup, where: Path, rate: float, seconds: float, chats: int, cpus: set[int]) -> dict[str, Any]:
    """Cold start and the paced load of one setup on `cpus`; always stops the runner."""
    with FakeBotApi() as fake:
        bot = RunningBot(fake, OUT / f"small-{setup.name}-runner.log", environment=setup.environment, cwd=where, cpus=cpus)
        inbox = Inbox(fake)
        inbox.start()
        watch = Watch(bot, setup.ceiling_mib)
        out: dict[str, Any] = {"setup": setup.__dict__ | {"config": str(setup.config or "config.yml")}}
        try:
            print(f"small: {setup.name}: cold start on core {sorted(cpus)} ...", flush=True)
            out["cold_start"] = await cold_start(bot, fake, inbox, chat_id=9_300_001)
            watch.start()
            print(f"small: {setup.name}: {rate:g} msg/s over {chats} chats, {WARMUP_SECONDS:g} + {seconds:g} s ...", flush=True)
            cpu0, t0 = bot.cpu_seconds(), time.monotonic()
            load = await run_open_loop(fake, inbox, 9_400_001, chats, rate, seconds, WARMUP_SECONDS, 0.5)
            cpu1, t1 = bot.cpu_seconds(), time.monotonic()
            out["load"] = {
                **summarize(load.turns),
                "sent": load.sent,
                "achieved_rate": load.sent / load.send_window if load.send_window else 0.0,
            }
            out["cpu"] = cpu_use(cpu0, cpu1, t1 - t0, load.sent + load.warmup_sent)
            out["peak_mib"] = {k: round(v, 1) for k, v in bot.memory_mb(procs.peak_rss_kb).items()}
            out["rasa_holds_tensorflow"] = any(
                "/site-packages/tensorflow/" in _maps(pid) for pid in bot.components().get("Rasa", [])
            )
        finally:
            watch.stop()
            await inbox.stop()
            out["shutdown"] = bot.stop()
            out["highest_summed_rss_mib"] = round(watch.highest_mib, 1)
            out["ceiling_kills"] = watch.kills
            out["restarts"] = [line.text for line in bot.lines if "restarting it in" in line.text]
    return out


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


def verdict(r: dict[str, Any]) -> bool:
    """Within the ceiling (if any), p95 within 500 ms, nothing lost, late or killed."""
    load = r["load"]
    ceiling = r["setup"]["ceiling_mib"]
    return (
        (ceiling is None or r["peak_mib"]["total"] <= ceiling)
        and not r["ceiling_kills"]
        and (load["p95_ms"] or 1e9) <= P95_LIMIT_MS
        and load["missing"] == 0
        and load["late"] == 0
        and load["errors"] == 0
    )


def table(results: dict[str, Any]) -> str:
    """The setups in columns, with each one's ratio to the first."""
    runs = results["setups"]
    names = list(runs)
    first = runs[names[0]]

    def ratio(value: float | None, base: float | None) -> str:
        return f" ({value / base:.2f}×)" if value is not None and base else ""

    def row(label: str, cell: Any) -> str:
        return "| " + label + " | " + " | ".join(cell(runs[n]) for n in names) + " |"

    def peak(r: dict[str, Any]) -> str:
        p = r["peak_mib"]
        base = "" if r is first else ratio(p["total"], first["peak_mib"]["total"])
        return f"{p['total']:.0f}{base}: bridge {p['bridge']:.0f}, Rasa {p['Rasa']:.0f}, action server {p['action server']:.0f}"

    def latency(r: dict[str, Any]) -> str:
        load = r["load"]
        base = "" if r is first else ratio(load["p95_ms"], first["load"]["p95_ms"])
        return f"{load['p50_ms']:.0f} / {load['p95_ms']:.0f}{base} / {load['p99_ms']:.0f} ms"

    def cpu(r: dict[str, Any]) -> str:
        ms = r["cpu"]["cpu_ms_per_message"]
        total = ms.get("bridge", 0) + ms.get("Rasa", 0) + ms.get("action server", 0)
        first_ms = first["cpu"]["cpu_ms_per_message"]
        base = "" if r is first else ratio(total, sum(first_ms.get(k, 0) for k in ("bridge", "Rasa", "action server")))
        return f"{total:.1f}{base}: bridge {ms.get('bridge', 0)}, Rasa {ms.get('Rasa', 0)}, action server {ms.get('action server', 0)}"

    lines = [
        "| measure | " + " | ".join(names) + " |",
        "|---" * (len(names) + 1) + "|",
        row("what", lambda r: r["setup"]["what"]),
        row("peak memory, summed VmHWM, MiB (÷ first)", peak),
        row("highest summed VmRSS seen, MiB", lambda r: f"{r['highest_summed_rss_mib']:.0f}"),
        row("TensorFlow loaded in Rasa", lambda r: "yes" if r["rasa_holds_tensorflow"] else "no"),
        row(f"latency p50 / p95 / p99 at {results['rate']:g} msg/s", latency),
        row(
            "sent / lost (no reply) / late / errors",
            lambda r: f"{r['load']['sent']} / {r['load']['missing']} / {r['load']['late']} / {r['load']['errors']}",
        ),
        row("CPU ms per message (÷ first)", cpu),
        row("cold start", lambda r: f"{r['cold_start']['seconds']:.1f} s"),
        row("killed at the ceiling / restarts", lambda r: f"{len(r['ceiling_kills'])} / {len(r['restarts'])}"),
        row(
            "pass (ceiling, p95 ≤ 500 ms, nothing lost)",
            lambda r: (
                ("**pass**" if verdict(r) else "**fail**") if r["setup"]["ceiling_mib"] else ("yes" if verdict(r) else "no")
            ),
        ),
    ]
    return "\n".join(lines)


def section(results: dict[str, Any]) -> str:
    """The "Small server" section of bench/RESULTS.md."""
    m = results["machine"]
    others = ", ".join(f"{name} {r['cpu']['cores'].get('other processes', 0):.2f}" for name, r in results["setups"].items())
    return "\n".join(
        [
            BEGIN,
            "## Small server (issue 31): `bench/run.sh small`",
            "",
            f"The whole bot pinned to one core (core {results['bot_cores']} of {m['cores']}, {m['cpu']}), {results['rate']:g} messages",
            f"per second over {results['chats']} chats for {results['seconds']:g} s after a {WARMUP_SECONDS:g} s warm-up, through",
            "the fake Bot API server; each setup from its own copy of the project (bench/small.py). Run",
            f"{results['started']} at `{results['git']['commit']}`{' + uncommitted changes' if results['git']['dirty'] else ''};",
            f"load average before {results['loadavg_before']}, after {results['loadavg_after']}; other processes used",
            f"{others} cores",
            "during the load.",
            "",
            table(results),
            "",
            "The growth with 10,000 live conversations (`bench/run.sh memory`) and the quality of",
            "config.yml against DIET (`bench/run.sh quality`) are measured apart: bench/ANALYSIS.md.",
            "",
            END,
        ]
    )


def write_section(results: dict[str, Any]) -> None:
    """Put the section into bench/RESULTS.md, in place of the last one."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section(results) + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section(results) + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def run(names: list[str], rate: float, seconds: float, chats: int, ceiling_mib: float, write: bool) -> int:
    """The setups one after the other; 1 when the last setup with a ceiling fails it."""
    known = setups(ceiling_mib)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown setup(s) {unknown}; known: {', '.join(known)}")
    cores = sorted(os.sched_getaffinity(0))
    bot_cores = {cores[-1]}
    ours = set(cores[:-1]) or set(cores)
    results: dict[str, Any] = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": procs.machine(),
        "git": git_state(),
        "rate": rate,
        "seconds": seconds,
        "chats": chats,
        "bot_cores": sorted(bot_cores),
        "loadavg_before": procs.loadavg(),
        "setups": {},
    }
    copies = {name: project_copy(known[name]) for name in names}
    own = os.sched_getaffinity(0)
    os.sched_setaffinity(0, ours)
    try:
        for name in names:
            results["setups"][name] = asyncio.run(measure(known[name], copies[name], rate, seconds, chats, bot_cores))
    finally:
        os.sched_setaffinity(0, own)
    results["loadavg_after"] = procs.loadavg()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"small-{stamp}.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(table(results))
    if write:
        write_section(results)
    print(f"\nwritten: bench/out/small-{stamp}.json{', bench/RESULTS.md' if write else ''}", flush=True)
    judged = [r for r in results["setups"].values() if r["setup"]["ceiling_mib"]]
    return 0 if all(verdict(r) for r in judged) else 1
