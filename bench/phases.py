"""The two load phases: one chat after itself, and many chats at a fixed total rate (open loop)."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench.chats import LATE_AFTER, Inbox, SimChat, Turn
from testkit.fake_telegram import FakeBotApi

POLL = 0.005  # how often a waiting chat looks for its reply (the latency uses the fake's clock)
GROUP_EVERY = 10  # one chat in ten is a group of two members
MAX_CHATS_FACTOR = 10  # new chats join when all others wait, up to this many times the start


@dataclass
class LoadResult:
    """What the open-loop phase did: the turns, how well the rate held, how many chats it took."""

    turns: list[Turn] = field(default_factory=list)
    sent: int = 0
    send_window: float = 0.0
    max_pacer_lag: float = 0.0
    slots_late_100ms: int = 0
    slots_without_a_chat: int = 0
    warmup_sent: int = 0
    chats_started: int = 0
    groups: int = 0


def settle_all(chats: list[SimChat]) -> list[Turn]:
    for chat in chats:
        chat.settle_turns()
    return [t for chat in chats for t in chat.turns]


async def run_sequential(fake: FakeBotApi, inbox: Inbox, chat_id: int, count: int, warmup: int, settle: float) -> list[Turn]:
    """One parent at a time: each message once the answer to the last is over (the latency a
    single parent sees). A chat that gets no reply in LATE_AFTER s is left for a new one."""
    chats = [SimChat(fake, inbox, chat_id, seed=chat_id, settle=settle)]
    for n in range(warmup + count):
        while (state := chats[-1].state(time.time())) == "waiting":
            await asyncio.sleep(POLL)
        if state == "gone":
            chats.append(SimChat(fake, inbox, chat_id + len(chats), seed=chat_id + len(chats), settle=settle))
        chats[-1].send(warmup=n < warmup)
    await finish_all(chats)
    return settle_all(chats)


async def finish_all(chats: list[SimChat]) -> None:
    """Wait until every chat's last answer is over or given up; then, for a chat given up,
    up to another LATE_AFTER seconds for a late reply (a late reply is counted, not lost)."""
    while any(c.state(time.time()) == "waiting" for c in chats):
        await asyncio.sleep(0.05)
    deadline = time.monotonic() + LATE_AFTER
    while any(c.state(time.time()) == "gone" for c in chats) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.3)
    for chat in chats:
        chat.inbox.drain()


async def run_open_loop(
    fake: FakeBotApi,
    inbox: Inbox,
    first_chat_id: int,
    chats: int,
    rate: float,
    duration: float,
    warmup: float,
    settle: float,
    leave_after: int | None = None,
    group_every: int = GROUP_EVERY,
    result: LoadResult | None = None,
) -> LoadResult:
    """`rate` messages per second in total for `duration` s, whatever the bot answers.

    Messages leave on a fixed schedule, as Telegram hands them over whoever sent them. Each
    send slot goes to a chat chosen at random (seeded) among those whose last answer is over;
    when every chat still waits for the bot, a new parent starts a chat, so a slow bot never
    slows the arrivals. The first `warmup` seconds run at the same rate but are not counted.
    One chat in `group_every` is a group (0: none). With `leave_after`, a parent leaves after
    that many turns and a new one takes their place (the soak: Rasa must forget the old ones).
    `result` is filled as the load runs, so a caller can watch it (the soak's samples).
    """
    pool: list[SimChat] = []  # every chat that ever started

    def new_chat() -> SimChat:
        n = len(pool)
        group = bool(group_every) and n % group_every == group_every - 1
        chat_id = -(1_009_200_000_000 + n) if group else first_chat_id + n
        pool.append(SimChat(fake, inbox, chat_id, seed=first_chat_id + n, settle=settle, group=group))
        return pool[-1]

    present = [new_chat() for _ in range(chats)]  # the chats still talking
    rng = random.Random(first_chat_id)
    result = LoadResult() if result is None else result
    loop = asyncio.get_running_loop()
    start = loop.time()
    total = warmup + duration
    slot = 0
    while (due := start + slot / rate) < start + total:
        await asyncio.sleep(max(0.0, due - loop.time()))
        lag = loop.time() - due
        result.max_pacer_lag = max(result.max_pacer_lag, lag)
        result.slots_late_100ms += lag > 0.1
        inbox.drain()  # the freshest replies, so a chat whose answer just came can go on
        now = time.time()
        ready = [c for c in present if c.state(now) == "ready"]
        if ready:
            chat = rng.choice(ready)
        elif len(present) < MAX_CHATS_FACTOR * chats:
            chat = new_chat()
            present.append(chat)
        else:
            chat = None
        if chat is None:
            result.slots_without_a_chat += 1
        else:
            in_warmup = due - start < warmup
            chat.send(warmup=in_warmup)
            result.warmup_sent += in_warmup
            result.sent += not in_warmup
            if leave_after is not None and len(chat.turns) >= leave_after:
                present[present.index(chat)] = new_chat()
        slot += 1
    # The rate is judged over the counted window: messages sent after the warm-up, per second.
    result.send_window = duration
    await finish_all(pool)
    result.turns = settle_all(pool)
    result.chats_started = len(pool)
    result.groups = sum(c.group for c in pool)
    return result
