"""The two load phases: one chat after itself, and many chats at a fixed total rate."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bench.chats import Inbox, ReplyCounts, SimChat, Turn
from tests.fake_telegram import FakeBotApi


@dataclass
class LoadResult:
    """What the paced phase did: the turns, and how well the pacer kept its rate."""

    turns: list[Turn] = field(default_factory=list)
    sent: int = 0
    send_window: float = 0.0
    max_pacer_lag: float = 0.0
    slots_late_100ms: int = 0


async def run_sequential(
    fake: FakeBotApi, inbox: Inbox, chat_id: int, count: int, warmup: int, settle: float, counts: ReplyCounts
) -> list[Turn]:
    """One chat, one message at a time: the latency a single parent sees (and `counts` learnt)."""
    chat = SimChat(fake, inbox, chat_id, seed=chat_id, settle=settle, counts=counts, learn=True)
    for _ in range(warmup):
        await chat.turn()
    return [await chat.turn() for _ in range(count)]


async def run_paced(
    fake: FakeBotApi, inbox: Inbox, first_chat_id: int, chats: int, rate: float, duration: float, settle: float,
    counts: ReplyCounts,
) -> LoadResult:
    """`rate` messages per second in total, spread over `chats` chats, for `duration` s.

    A chat only sends when its previous turn is over; the pacer hands each send slot (on a
    fixed schedule, so the average rate holds) to the chat that has been ready longest.
    """
    ready: asyncio.Queue[SimChat] = asyncio.Queue()
    for n in range(chats):
        ready.put_nowait(SimChat(fake, inbox, first_chat_id + n, seed=first_chat_id + n, settle=settle, counts=counts))
    result = LoadResult()
    running: set[asyncio.Task[None]] = set()

    async def one(chat: SimChat) -> None:
        result.turns.append(await chat.turn())
        ready.put_nowait(chat)

    loop = asyncio.get_running_loop()
    start = loop.time()
    slot = 0
    while True:
        due = start + slot / rate
        if due >= start + duration:
            break
        await asyncio.sleep(max(0.0, due - loop.time()))
        try:
            # No chat ready means every chat still waits for its reply: the rate drops.
            chat = await asyncio.wait_for(ready.get(), max(0.001, start + duration - loop.time()))
        except asyncio.TimeoutError:
            break
        lag = loop.time() - due
        result.max_pacer_lag = max(result.max_pacer_lag, lag)
        result.slots_late_100ms += lag > 0.1
        task = asyncio.create_task(one(chat))
        running.add(task)
        task.add_done_callback(running.discard)
        slot += 1
    result.sent = slot
    result.send_window = duration  # the rate is judged over the whole window
    if running:
        await asyncio.wait(running)
    return result
