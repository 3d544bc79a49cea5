"""Our Rasa beside a bare Rasa bot (`rasa init`), under the same load, on the same machine.

Why an anchor: the benchmark's absolute numbers move about twofold between machines of the
same size (bench/RESULTS.md). A bare assistant made by `rasa init --no-prompt` (Rasa's own
"moodbot": seven intents, a few stories, no custom actions) measured in the same run gives
a yardstick that moves with the machine: our CPU per message divided by its CPU per message
says what our assistant costs on any machine, and the two highest rates are compared as a
ratio too.

Both are driven by the same open-loop load generator over Rasa's REST channel, through the
product's own `RasaClient`: messages leave at a fixed rate whatever Rasa answers, each to a
chat whose last answer is in. Ours gets the benchmark's random walk (bench/walk.py: buttons,
answers, commands, off-path messages, through `Bridge` as Telegram's frontend hands them
over); the moodbot gets its own training phrases. Both run at once and take turns at each
rate, so other work on the machine weighs on both alike. Rates step up until p95 passes
500 ms or a message goes unanswered. CPU is read from /proc per process: Rasa, and for ours the action
server; the bridge's and Telegram's share is in bench/benchmark.py (it needs the fake Bot API).

Part of the full `bench/run.sh` (and of `--quick --anchor`); alone: `bench/run.sh anchor`, 4-6
minutes (the moodbot is trained once and kept in bench/out/). Results: bench/out/anchor.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

import httpx

from bench.chats import LATE_AFTER
from bench.procs import cpu_seconds
from bench.stack import OUT, bridge_for, service_settings, serving
from bench.stats import percentile
from bench.walk import Parent
from bot.config import Settings
from bot.rasa_client import RasaClient
from bot.services import Service, services
from testkit.ports import free_port

P95_LIMIT_MS = 500.0
LOST_AFTER = LATE_AFTER  # the benchmark's own limit for a reply
RATES = (10, 20, 30, 40, 50, 60, 80, 100, 130, 160)
# What a person says to the moodbot: its own training phrases (data/nlu.yml of `rasa init`).
MOODBOT_TEXTS = (
    "hey",
    "hello",
    "hi there",
    "good morning",
    "I am feeling very good",
    "great",
    "amazing",
    "I am sad",
    "my day was horrible",
    "not good",
    "yes",
    "of course",
    "no",
    "never",
    "are you a bot?",
    "am I talking to a human?",
    "bye",
    "see you later",
)
ANCHOR_DIR = OUT / "anchor-moodbot"
Turn = Callable[[int], Awaitable[None]]


@dataclass
class Step:
    """One rate of the step-up: what was sent, answered, how fast, and the CPU it took."""

    rate: float
    sent: int = 0
    answered: int = 0
    lost: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    cpu_ms_per_message: dict[str, float] = field(default_factory=dict)

    @property
    def p95_ms(self) -> float | None:
        return percentile(self.latencies_ms, 95)

    @property
    def holds(self) -> bool:
        p95 = self.p95_ms
        return self.lost == 0 and p95 is not None and p95 <= P95_LIMIT_MS

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "sent": self.sent,
            "answered": self.answered,
            "lost": self.lost,
            "p50_ms": percentile(self.latencies_ms, 50),
            "p95_ms": self.p95_ms,
            "cpu_ms_per_message": self.cpu_ms_per_message,
            "holds": self.holds,
        }


async def open_loop(rate: float, seconds: float, turn: Turn, chats: int, first_chat: int) -> Step:
    """`rate` messages per second for `seconds`, each slot to a random chat that is not waiting.

    When all chats wait, a new one starts, so a slow Rasa never slows the arrivals (open loop,
    as Telegram delivers). A turn that takes longer than LOST_AFTER counts as lost.
    """
    step = Step(rate)
    rng = random.Random(first_chat)
    waiting: set[int] = set()
    pool = list(range(first_chat, first_chat + chats))
    tasks: list[asyncio.Task[None]] = []

    async def one(chat: int) -> None:
        started = time.perf_counter()
        try:
            await asyncio.wait_for(turn(chat), LOST_AFTER)
        except Exception:  # a timeout or an error: the parent saw no answer in time
            step.lost += 1
        else:
            step.answered += 1
            step.latencies_ms.append(1000 * (time.perf_counter() - started))
        finally:
            waiting.discard(chat)

    loop = asyncio.get_running_loop()
    start = loop.time()
    for slot in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + slot / rate - loop.time()))
        ready = [c for c in pool if c not in waiting]
        chat = rng.choice(ready) if ready else pool[-1] + 1
        if not ready:
            pool.append(chat)
        waiting.add(chat)
        step.sent += 1
        tasks.append(asyncio.create_task(one(chat)))
    await asyncio.gather(*tasks)
    return step


async def predictions_per_message(base_url: str, senders: list[str]) -> dict[str, float]:
    """From the trackers (Rasa's HTTP API): actions predicted, and custom actions run, per message.

    Every action Rasa runs is one prediction of its policies, `action_listen` included (the
    session start of a new chat counts too). A custom action is one round trip to the action
    server; a form run is one or two (its validation, then the question it asks).
    """
    from rasa.shared.core.constants import DEFAULT_ACTION_NAMES

    users = predicted = custom = 0
    async with httpx.AsyncClient(timeout=30) as client:
        for sender in senders:
            response = await client.get(f"{base_url}/conversations/{sender}/tracker", params={"include_events": "ALL"})
            response.raise_for_status()
            for event in response.json().get("events", []):
                if event.get("event") == "user":
                    users += 1
                elif event.get("event") == "action":
                    predicted += 1
                    name = event.get("name") or ""
                    custom += name not in DEFAULT_ACTION_NAMES and not name.startswith("utter_")
    return {
        "messages": users,
        "predictions": round(predicted / max(1, users), 2),
        "custom_actions": round(custom / max(1, users), 2),
    }


@dataclass
class Subject:
    """One assistant under test: its processes, how to send it one message, whose trackers to read."""

    name: str
    items: list[Service]
    base_url: str
    turn: Turn
    senders: Callable[[], list[str]]
    close: Callable[[], Awaitable[None]]
    steps: list[Step] = field(default_factory=list)

    def pids(self) -> dict[str, int]:
        return {item.name: item.process.pid for item in self.items if item.process is not None}

    @property
    def done(self) -> bool:
        return bool(self.steps) and not self.steps[-1].holds


async def step_up(subjects: list[Subject], seconds: float, chats: int) -> None:
    """Rates from RATES, each subject in turn at each rate, until a rate no longer holds for it.

    Interleaving the two at every rate means other work on the machine, if any, weighs on
    both alike, so their ratio stays fair.
    """
    for n, rate in enumerate(RATES):
        for subject in subjects:
            if subject.done:
                continue
            pids = subject.pids()
            before = {k: cpu_seconds(p) for k, p in pids.items()}
            step = await open_loop(rate, seconds, subject.turn, chats, first_chat=100_000 * (n + 1))
            handled = max(step.answered, 1)
            step.cpu_ms_per_message = {k: round(1000 * (cpu_seconds(p) - before[k]) / handled, 1) for k, p in pids.items()}
            subject.steps.append(step)
            print(
                f"{subject.name}: {rate} msg/s, p95 {step.p95_ms or 0:.0f} ms, lost {step.lost}, CPU {step.cpu_ms_per_message} ms/msg",
                flush=True,
            )
        if all(s.done for s in subjects):
            return


def prepare_moodbot(python: str) -> Path:
    """`rasa init --no-prompt` in a folder of its own (trains the moodbot); kept for reruns.

    It is made in a side folder and renamed when done, so a broken run leaves no half bot.
    """
    if not list((ANCHOR_DIR / "models").glob("*.tar.gz")):
        partial = ANCHOR_DIR.with_name(ANCHOR_DIR.name + ".partial")
        for folder in (partial, ANCHOR_DIR):
            shutil.rmtree(folder, ignore_errors=True)
        partial.mkdir(parents=True)  # rasa init wants the folder to exist
        print("anchor: rasa init --no-prompt (trains the moodbot, 1-3 minutes) ...", flush=True)
        with open(OUT / "anchor-init.log", "wb") as log:
            # Service.start sets the same two variables for the served bot.
            env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
            subprocess.run(
                [python, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(partial)],
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        partial.rename(ANCHOR_DIR)
    return ANCHOR_DIR


def moodbot() -> Subject:
    """The bare assistant of `rasa init`, served as Rasa serves it, with its own phrases as load."""
    python = sys.executable
    folder = prepare_moodbot(python)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    service = Service(
        "Rasa",
        [python, "-m", "rasa", "run", "--enable-api", "--model", "models", "--interface", "127.0.0.1", "--port", str(port)],
        f"{base_url}/webhooks/rest/",
        cwd=folder,
    )
    rng = random.Random(7)
    client = RasaClient(base_url, LOST_AFTER, Settings.from_env().rasa_max_concurrent)
    senders: dict[str, None] = {}

    async def turn(chat: int) -> None:
        senders[f"anchor-{chat}"] = None
        await client.send(f"anchor-{chat}", rng.choice(MOODBOT_TEXTS))

    return Subject("bare Rasa", [service], base_url, turn, lambda: list(senders), client.close)


def ours() -> Subject:
    """Our action server and Rasa as the runner starts them, walked as in the benchmark."""
    settings = service_settings(rasa_timeout=LOST_AFTER)
    items = services(settings)
    items[1].command.append("--enable-api")  # to read the trackers afterwards (loopback only)
    bridge = bridge_for(settings)
    parents: dict[int, Parent] = {}

    async def turn(chat: int) -> None:
        await parents.setdefault(chat, Parent(bridge, chat)).turn()

    return Subject(
        "ours", items, settings.rasa_url, turn, lambda: [bridge.pseudonymizer.key(c) for c in parents], bridge.rasa.close
    )


async def measure(seconds: float, chats: int) -> list[tuple[Subject, dict[str, float]]]:
    """Both assistants up side by side, warmed up, stepped up together; always stopped."""
    subjects = [moodbot(), ours()]
    async with serving([item for s in subjects for item in s.items], "anchor-stack.log", *(s.close for s in subjects)):
        for subject in subjects:  # Rasa traces its TensorFlow functions on the first messages
            for n in range(5):
                await subject.turn(-1 - n)
        await step_up(subjects, seconds, chats)
        return [(s, await predictions_per_message(s.base_url, s.senders())) for s in subjects]


def highest(steps: list[Step]) -> float:
    held = [s.rate for s in steps if s.holds]
    return max(held) if held else 0.0


def table(mood: list[Step], ours: list[Step], mood_pred: dict[str, float], ours_pred: dict[str, float]) -> str:
    """Both assistants side by side: CPU per message at the lowest rate, and the highest rate held."""

    def cpu(steps: list[Step]) -> float:
        return sum(steps[0].cpu_ms_per_message.values())

    def parts(steps: list[Step]) -> str:
        return ", ".join(f"{k} {v:.1f}" for k, v in steps[0].cpu_ms_per_message.items())

    ratio_cpu = cpu(ours) / cpu(mood) if cpu(mood) else float("nan")
    ratio_rate = highest(ours) / highest(mood) if highest(mood) else float("nan")
    return "\n".join(
        [
            "| measure (REST channel, same load generator, same run) | bare Rasa (`rasa init`) | ours | ours ÷ bare |",
            "|---|---|---|---|",
            f"| CPU per message at {RATES[0]} msg/s, ms | {cpu(mood):.1f} ({parts(mood)}) | {cpu(ours):.1f} ({parts(ours)}) | {ratio_cpu:.2f} |",
            f"| highest rate with p95 ≤ {P95_LIMIT_MS:.0f} ms and nothing lost (steps {', '.join(map(str, RATES))}) "
            f"| {highest(mood):.0f} msg/s | {highest(ours):.0f} msg/s | {ratio_rate:.2f} |",
            f"| Rasa predictions per message (actions run, `action_listen` included) | {mood_pred['predictions']:.2f} "
            f"| {ours_pred['predictions']:.2f} | {ours_pred['predictions'] / max(mood_pred['predictions'], 0.01):.2f} |",
            f"| custom actions and form runs per message (1-2 action server round trips each) | {mood_pred['custom_actions']:.2f} "
            f"| {ours_pred['custom_actions']:.2f} | – |",
        ]
    )


def run(seconds: float, chats: int) -> dict[str, Any]:
    """Both step-ups, the moodbot first; the result as bench/benchmark.py stores it."""
    OUT.mkdir(parents=True, exist_ok=True)
    (mood, mood_pred), (mine, ours_pred) = asyncio.run(measure(seconds, chats))
    result = {
        "seconds_per_step": seconds,
        "chats": chats,
        "loadavg": Path("/proc/loadavg").read_text().strip(),
        "moodbot": [s.as_dict() for s in mood.steps],
        "ours": [s.as_dict() for s in mine.steps],
        "predictions": {"moodbot": mood_pred, "ours": ours_pred},
        "table": table(mood.steps, mine.steps, mood_pred, ours_pred),
    }
    (OUT / "anchor.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
