"""How many messages per second one Rasa answers, and its CPU per message, without Telegram.

`python -m bench.capacity` starts the action server and Rasa as bot/services.py does and
lets `--chats` simulated parents (the random walk of bench/walk.py) talk through the real
`Bridge` as fast as Rasa answers, for `--seconds`. It reports the messages answered per
second and Rasa's CPU milliseconds per message (from /proc). Rasa answers on one event
loop, so 1000 divided by its CPU per message is the most it can answer on any machine:
this is the number to watch when changing Rasa's configuration or its patches
(bench/ANALYSIS.md). Not part of bench/run.sh; about a minute.
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
from tests.fake_rasa import free_port


async def talk(bridge: Bridge, chat_id: int, until: float, answered: list[int]) -> None:
    """One parent, one message after the other, until the time is up."""
    walk = Walk(seed=chat_id)
    last: list[Said] = []
    while time.monotonic() < until:
        _, last = await walk_turn(bridge, chat_id, walk, last)
        answered[0] += 1


async def measure(chats: int, seconds: float) -> str:
    settings = Settings(None, None, free_port(), free_port(), 10.0, 0.5, "INFO")
    items = services(settings)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "capacity-stack.log", "wb") as log:
        await asyncio.to_thread(start_all, items, False, 180.0, log)
    bridge = Bridge(RasaClient(settings.rasa_url, 10.0, settings.rasa_max_concurrent))
    try:
        for _ in range(5):  # warm-up: Rasa traces its TensorFlow functions on the first messages
            await bridge.handle(1, "/start")
        rasa_pid = items[1].process.pid  # type: ignore[union-attr]
        cpu_before, started = cpu_seconds(rasa_pid), time.monotonic()
        answered = [0]
        await asyncio.gather(*(talk(bridge, 1000 + n, started + seconds, answered) for n in range(chats)))
        elapsed, cpu = time.monotonic() - started, cpu_seconds(rasa_pid) - cpu_before
    finally:
        await bridge.rasa.close()
        await asyncio.to_thread(stop_all, items)
    return (
        f"{answered[0]} messages from {chats} chats in {elapsed:.1f} s: {answered[0] / elapsed:.1f} msg/s; "
        f"Rasa {1000 * cpu / answered[0]:.1f} ms CPU per message, {cpu / elapsed:.2f} cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    print(asyncio.run(measure(args.chats, args.seconds)))


if __name__ == "__main__":
    main()
