"""How many messages per second one Rasa answers, and its CPU per message, without Telegram.

`bench/run.sh capacity` starts the action server and Rasa as bot/services.py does and
lets `--chats` simulated parents (the random walk of bench/walk.py) talk through the real
`Bridge` as fast as Rasa answers, for `--seconds`. It reports the messages answered per
second and Rasa's CPU milliseconds per message (from /proc). Rasa answers on one event
loop, so 1000 divided by its CPU per message is the most it can answer on any machine:
this is the number to watch when changing Rasa's configuration or its patches
(bench/ANALYSIS.md). Not part of the full run; about a minute.

`--workers N` measures the scaled set-up: a Redis server (as testkit/redis_server.py starts
it: no persistence, loopback, a password) and N Rasa workers sharing it. It then also
reports the peak memory (VmHWM) of each Rasa worker, the action server and Redis.
"""

from __future__ import annotations

import asyncio
import time

from bench.procs import cpu_seconds, peak_rss_kb
from bench.stack import bridge_for, service_settings, serving
from bench.walk import Parent
from bot.services import services
from testkit.ports import free_ports_in_a_row
from testkit.redis_server import RedisServer


async def talk(parent: Parent, until: float, answered: list[int]) -> None:
    """One parent, one message after the other, until the time is up."""
    while time.monotonic() < until:
        await parent.turn()
        answered[0] += 1


async def measure(chats: int, seconds: float, workers: int) -> str:
    redis = RedisServer().start() if workers else None
    settings = service_settings(
        rasa_port=free_ports_in_a_row(max(workers, 1)), redis_url=redis.url if redis else None, rasa_workers=max(workers, 1)
    )
    items = services(settings)
    bridge = bridge_for(settings)
    try:
        async with serving(items, "capacity-stack.log", bridge.rasa.close):
            for n in range(5 * len(settings.rasa_urls)):  # warm-up: each Rasa traces its TensorFlow functions first
                await bridge.handle(n, "/start")
            pids = {item.name: item.process.pid for item in items if item.process is not None}
            if redis is not None and redis.process is not None:
                pids["Redis"] = redis.process.pid
            rasa_pids = [pids[name] for name in settings.rasa_names]
            cpu_before, started = sum(map(cpu_seconds, rasa_pids)), time.monotonic()
            answered = [0]
            await asyncio.gather(*(talk(Parent(bridge, 1000 + n), started + seconds, answered) for n in range(chats)))
            elapsed, cpu = time.monotonic() - started, sum(map(cpu_seconds, rasa_pids)) - cpu_before
            peaks = ", ".join(f"{name} {peak_rss_kb(pid) / 1024:.0f}" for name, pid in pids.items())
    finally:
        if redis is not None:
            redis.stop()
    return (
        f"{len(rasa_pids)} Rasa worker(s){' with Redis' if redis else ''}: {answered[0]} messages from {chats} chats "
        f"in {elapsed:.1f} s: {answered[0] / elapsed:.1f} msg/s; Rasa {1000 * cpu / answered[0]:.1f} ms CPU per message, "
        f"{cpu / elapsed:.2f} cores; peak memory (VmHWM, MB): {peaks}"
    )


def run(chats: int, seconds: float, workers: int) -> str:
    """The capacity line of one measurement (printed, not stored)."""
    return asyncio.run(measure(chats, seconds, workers))
