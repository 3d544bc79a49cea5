"""Where Rasa's memory goes: `bench/run.sh memory` (issue 31).

Three measurements, each of one thing alone:

1. Imports and model, each in a fresh process, resident memory (VmRSS) after each stage:
   TensorFlow imported alone; Rasa's modules as `rasa run` imports them before the model,
   with and without addons/tensorflow_on_demand.py; the model loaded (`Agent.load`); 20
   messages parsed; the same with MALLOC_ARENA_MAX=2. For the product's model and, with
   `--model`, others (a model of another pipeline, say). The model's files are listed by
   component, as stored in its archive.
2. Per live conversation: the action server and Rasa started as the runner starts them
   (bot/services.py), `--conversations` simulated parents (bench/walk.py, through the
   product's `Bridge`) of `--turns` turns each, six at a time (RASA_MAX_CONCURRENT), up to
   STATE_MAX_CONVERSATIONS; Rasa's and the action server's VmRSS at checkpoints (Rasa serving
   `--serve`, by default the product's model). Rasa holds
   every conversation for STATE_IDLE_MINUTES, so after the run it holds all of them.
3. The bridge's own share per chat (its `ChatMark` and key), from tracemalloc.

Results: bench/out/memory-*.json and a summary on screen. About 10 minutes for 10,000
conversations of 3 turns on a quiet core.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.procs import peak_rss_kb, rss_kb
from bench.stack import OUT, bridge_for, service_settings, serving
from bench.walk import Parent
from bot.bridge import Bridge
from bot.paths import MODEL_FILE, ROOT
from bot.pseudonym import Pseudonymizer
from bot.services import services

CHECKPOINTS = (0, 100, 1000, 2500, 5000, 7500, 10000)
AT_ONCE = 6  # the bridge's RASA_MAX_CONCURRENT
MESSAGES = [
    "/start",
    "ik ben vaak moe en dan roep ik tegen de kinderen",
    "we maken ruzie over de verdeling van het huishouden",
    "/menu",
    "ok",
    "dank je",
    "hoe praat ik daarover met mijn partner?",
    "ik weet het niet goed",
    "/kaart",
    "stop",
] * 2
# Run in a fresh interpreter in the project: VmRSS after each stage, as one JSON line.
STAGES = """
import asyncio, json, os, sys
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
stages = [("interpreter", rss(), False)]
def stage(name):
    stages.append((name, rss(), "tensorflow" in sys.modules))
what, model = sys.argv[1], sys.argv[2]
if what == "tensorflow":
    import tensorflow
    stage("import tensorflow")
else:
    if what == "on demand":
        from addons.tensorflow_on_demand import install
        install(serving=True)
    from bot.rasa_cli import disable_reporting
    disable_reporting()
    import rasa.core.agent, rasa.core.run, rasa.graph_components.validators.default_recipe_validator
    stage("Rasa's modules")
    from rasa.core.agent import Agent
    agent = Agent.load(model)
    stage("model loaded")
    async def parse():
        for text in json.loads(sys.argv[3]):
            await agent.parse_message(text)
    asyncio.run(parse())
    stage("20 messages parsed")
print("STAGES " + json.dumps(stages))
"""


def stages(what: str, model: Path, environment: dict[str, str] | None = None) -> list[tuple[str, float, bool]]:
    """(stage, VmRSS MiB, TensorFlow imported) after each stage of STAGES in a fresh process."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore", **(environment or {})}
    done = subprocess.run(
        [sys.executable, "-c", STAGES, what, str(model), json.dumps(MESSAGES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("STAGES "))
    return [tuple(s) for s in json.loads(line.removeprefix("STAGES "))]  # type: ignore[misc]


def model_files(model: Path) -> dict[str, float]:
    """MiB per component in the model's archive (unpacked sizes)."""
    sizes: dict[str, float] = defaultdict(float)
    with tarfile.open(model) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if member.isfile() and len(parts) > 1:
                sizes[parts[1] if parts[0] == "components" else parts[0]] += member.size / 2**20
    return {k: round(v, 2) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]) if v >= 0.01}


def imports_and_models(models: list[Path]) -> dict[str, Any]:
    """Part 1 of the module's doc."""
    out: dict[str, Any] = {"tensorflow alone": stages("tensorflow", MODEL_FILE)}
    for model in models:
        name = model.name
        print(f"memory: imports and model of {name} ...", flush=True)
        out[name] = {
            "files_mib": model_files(model),
            "as today": stages("as today", model),
            "tensorflow on demand": stages("on demand", model),
            "tensorflow on demand, MALLOC_ARENA_MAX=2": stages("on demand", model, {"MALLOC_ARENA_MAX": "2"}),
        }
    return out


def bridge_bytes_per_chat(chats: int = 10000) -> float:
    """What the bridge keeps per chat (part 3), in bytes."""
    bridge = Bridge(rasa=None, pseudonymizer=Pseudonymizer(b"x" * 32), max_chats=chats)  # type: ignore[arg-type]
    keys = [bridge.pseudonymizer.key(n) for n in range(chats)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for key in keys:
        bridge._after_restart(key, 0)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used / chats + sys.getsizeof(keys[0])


async def conversations(count: int, turns: int, environment: dict[str, str], model: Path) -> dict[str, Any]:
    """Part 2 of the module's doc, Rasa serving `model`."""
    settings = service_settings(state_max_conversations=max(count, 1))
    items = services(settings)
    for item in items:
        item.env.update({"STATE_MAX_CONVERSATIONS": str(max(count, 1)), **environment})
        if "--model" in item.command:
            item.command[item.command.index("--model") + 1] = str(model)
    bridge = bridge_for(settings)
    samples: list[dict[str, Any]] = []
    async with serving(items, "memory-stack.log", bridge.rasa.close):
        pids = {item.name: item.process.pid for item in items if item.process is not None}

        def sample(done: int) -> None:
            samples.append({"conversations": done, **{n: round(rss_kb(p) / 1024, 1) for n, p in pids.items()}})
            print(f"memory: {samples[-1]}", flush=True)

        sample(0)
        todo = iter(range(count))
        done = [0]
        checkpoints = [c for c in CHECKPOINTS if 0 < c < count] + [count]
        started = time.monotonic()

        async def worker() -> None:
            for n in todo:
                parent = Parent(bridge, 5_000_000 + n)
                for _ in range(turns):
                    await parent.turn()
                done[0] += 1
                if checkpoints and done[0] >= checkpoints[0]:
                    checkpoints.pop(0)
                    sample(done[0])

        await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
        seconds = time.monotonic() - started
        peaks = {n: round(peak_rss_kb(p) / 1024, 1) for n, p in pids.items()}
    first, last = samples[0], samples[-1]
    growth = {n: round(last[n] - first[n], 1) for n in pids}
    return {
        "turns_per_conversation": turns,
        "environment": environment,
        "seconds": round(seconds, 1),
        "samples": samples,
        "peak_mib": peaks,
        "growth_mib": growth,
        "kib_per_conversation": {n: round(1024 * g / max(count, 1), 1) for n, g in growth.items()},
    }


def run(models: list[Path], count: int, turns: int, arena: bool, serve: Path = MODEL_FILE) -> int:
    """All three parts; writes bench/out/memory-*.json."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results: dict[str, Any] = {"started": stamp, "model": str(MODEL_FILE), "served": str(serve)}
    results["imports"] = imports_and_models([MODEL_FILE, *models])
    results["bridge_bytes_per_chat"] = round(bridge_bytes_per_chat())
    if count:
        print(f"memory: {count} conversations of {turns} turns ...", flush=True)
        environment = {"MALLOC_ARENA_MAX": "2"} if arena else {}
        results["conversations"] = asyncio.run(conversations(count, turns, environment, serve))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"memory-{stamp}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(summary(results))
    print(f"\nwritten: bench/out/memory-{stamp}.json", flush=True)
    return 0


def summary(results: dict[str, Any]) -> str:
    """The figures as lines of text."""
    lines = [f"TensorFlow imported alone: {results['imports']['tensorflow alone'][-1][1]} MiB (interpreter included)"]
    for name, parts in results["imports"].items():
        if name == "tensorflow alone":
            continue
        lines.append(f"{name}: files {parts['files_mib']}")
        for way in ("as today", "tensorflow on demand", "tensorflow on demand, MALLOC_ARENA_MAX=2"):
            stages_ = ", ".join(f"{s} {m} MiB{' (TF)' if tf else ''}" for s, m, tf in parts[way])
            lines.append(f"  {way}: {stages_}")
    lines.append(f"bridge, per chat: {results['bridge_bytes_per_chat']} bytes")
    c = results.get("conversations")
    if c:
        lines.append(
            f"{c['samples'][-1]['conversations']} conversations of {c['turns_per_conversation']} turns in {c['seconds']} s "
            f"(serving {Path(results['served']).relative_to(ROOT) if Path(results['served']).is_relative_to(ROOT) else results['served']}) "
            f"{c['environment'] or ''}: growth {c['growth_mib']} MiB, KiB per conversation {c['kib_per_conversation']}, "
            f"peak {c['peak_mib']} MiB"
        )
        lines += [f"  {s}" for s in c["samples"]]
    return "\n".join(lines)
