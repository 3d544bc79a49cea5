"""How many messages per second one Rasa answers, and its CPU per message, without Telegram.

`python -m bench.capacity` starts the action server and Rasa as bot/services.py does and
lets `--chats` simulated parents (the random walk of bench/walk.py) talk through the real
`Bridge` as fast as Rasa answers, for `--seconds`. It reports the messages answered per
second and Rasa's CPU milliseconds per message (from /proc). Rasa answers on one event
loop, so 1000 divided by its CPU per message is the most it can answer on any machine:
this is the number to watch when changing Rasa's configuration or its patches
(bench/ANALYSIS.md). Not part of bench/run.sh; about a minute.

`--workers N` measures the scaled set-up: a Redis server (as tests/redis_server.py starts
it: no persistence, loopback, a password) and N Rasa workers sharing it. It then also
reports the peak memory (VmHWM) of each Rasa worker, the action server and Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.hops import OUT, walk_turn
from bench.procs import cpu_seconds
from bench.walk import Said, Walk
from bot.bridge import Bridge
from bot.config import Settings
from bot.rasa_client import RasaClient
from bot.services import services, start_all, stop_all
from testkit.ports import free_port, free_ports_in_a_row
from testkit.redis_server import RedisServer


async def talk(bridge: Bridge, chat_id: int, until: float, answered: list[int]) -> None:
    """One parent, one message after the other, until the time is up."""
    walk = Walk(seed=chat_id)
    last: list[Said] = []
    while time.monotonic() < until:
        _, last = await walk_turn(bridge, chat_id, walk, last)
        answered[0] += 1


def peak_mb(pid: int) -> float:
    """The most resident memory the process ever had (VmHWM), in MB."""
    for line in open(f"/proc/{pid}/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(chats: int, seconds: float, workers: int = 0) -> str:
    redis = RedisServer().start() if workers else None
    settings = Settings(
        telegram_token=None,
        telegram_api_base_url=None,
        rasa_port=free_ports_in_a_row(max(workers, 1)),
        actions_port=free_port(),
        rasa_timeout=10.0,
        typing_after=0.5,
        log_level="INFO",
        redis_url=redis.url if redis else None,
        rasa_workers=max(workers, 1),
    )
    items = services(settings)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "capacity-stack.log", "wb") as log:
        await asyncio.to_thread(start_all, items, False, 180.0, log)
    bridge = Bridge(RasaClient(settings.rasa_urls, 10.0, settings.rasa_max_concurrent), rasa_names=settings.rasa_names)
    try:
        for n in range(5 * len(settings.rasa_urls)):  # warm-up: each Rasa traces its TensorFlow functions first
            await bridge.handle(n, "/start")
        rasa_pids = [item.process.pid for item in items[1:]]  # type: ignore[union-attr]
        cpu_before, started = sum(map(cpu_seconds, rasa_pids)), time.monotonic()
        answered = [0]
        await asyncio.gather(*(talk(bridge, 1000 + n, started + seconds, answered) for n in range(chats)))
        elapsed, cpu = time.monotonic() - started, sum(map(cpu_seconds, rasa_pids)) - cpu_before
        peaks = [peak_mb(pid) for pid in rasa_pids]
        others = f"action server {peak_mb(items[0].process.pid):.0f} MB"  # type: ignore[union-attr]
        if redis is not None and redis.process is not None:
            others += f", Redis {peak_mb(redis.process.pid):.0f} MB"
    finally:
        await bridge.rasa.close()
        await asyncio.to_thread(stop_all, items)
        if redis is not None:
            redis.stop()
    return (
        f"{len(rasa_pids)} Rasa worker(s){' with Redis' if redis else ''}: {answered[0]} messages from {chats} chats "
        f"in {elapsed:.1f} s: {answered[0] / elapsed:.1f} msg/s; Rasa {1000 * cpu / answered[0]:.1f} ms CPU per message, "
        f"{cpu / elapsed:.2f} cores; peak memory per Rasa {', '.join(f'{p:.0f}' for p in peaks)} MB, {others}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--workers", type=int, default=0, help="N Rasa workers sharing a Redis (0: the default, no Redis)")
    args = parser.parse_args()
    print(asyncio.run(measure(args.chats, args.seconds, args.workers)))


if __name__ == "__main__":
    main()
