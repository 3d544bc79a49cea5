"""The anchor's load generator is open loop and counts what it claims (bench/anchor.py).

No Rasa runs here: the turns are coroutines that answer, hang or fail on purpose, so a
pacer that waits for answers, or a lost message counted as answered, shows up in seconds.
"""

from __future__ import annotations

import asyncio
import time

import pytest

import bench.anchor
from bench.anchor import Step, Subject, highest, open_loop, step_up


async def test_the_rate_holds_when_rasa_hangs_and_every_hung_message_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.anchor, "LOST_AFTER", 2.0)
    seen: list[int] = []

    async def hangs(chat: int) -> None:
        seen.append(chat)
        await asyncio.sleep(10)

    started = time.monotonic()
    step = await open_loop(rate=50, seconds=1.0, turn=hangs, chats=5, first_chat=1)
    assert step.sent == 50 and step.lost == 50 and step.answered == 0 and step.p95_ms is None
    assert not step.holds
    # Arrivals did not wait for answers: 50 messages left within the second, to 50 different chats
    # (5 to start with, then a new parent for each slot while all of them wait).
    assert time.monotonic() - started < 1.0 + 2.0 + 0.5
    assert len(set(seen)) == 50


async def test_a_chat_never_gets_a_second_message_while_it_waits() -> None:
    in_flight: set[int] = set()
    overlaps = 0

    async def slow(chat: int) -> None:
        nonlocal overlaps
        overlaps += chat in in_flight
        in_flight.add(chat)
        await asyncio.sleep(0.05)
        in_flight.discard(chat)

    step = await open_loop(rate=100, seconds=0.5, turn=slow, chats=3, first_chat=10)
    assert overlaps == 0 and step.answered == 50 and step.lost == 0
    assert all(40 <= ms < 300 for ms in step.latencies_ms)


async def test_a_failing_turn_is_lost_not_answered() -> None:
    calls = 0

    async def every_other_fails(chat: int) -> None:
        nonlocal calls
        calls += 1
        if calls % 2:
            raise ConnectionError("Rasa down")

    step = await open_loop(rate=40, seconds=0.5, turn=every_other_fails, chats=4, first_chat=1)
    assert (step.sent, step.answered, step.lost) == (20, 10, 10)


async def test_the_step_up_stops_at_the_first_rate_that_does_not_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.anchor, "RATES", (10, 20, 40, 80))
    monkeypatch.setattr(bench.anchor, "P95_LIMIT_MS", 30.0)
    calls = 0

    async def slow_after_the_second_step(chat: int) -> None:
        # 0.5 s per step: 5 messages at 10 msg/s, 10 at 20; from then on each takes 60 ms.
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.001 if calls <= 15 else 0.06)

    async def fast(chat: int) -> None:
        await asyncio.sleep(0.001)

    async def nothing() -> None:
        return None

    slow = Subject("slow", [], "", slow_after_the_second_step, list, nothing)
    quick = Subject("quick", [], "", fast, list, nothing)
    await step_up([slow, quick], seconds=0.5, chats=50)
    assert [(s.rate, s.sent, s.holds) for s in slow.steps] == [(10, 5, True), (20, 10, True), (40, 20, False)]
    assert highest(slow.steps) == 20
    # The other one goes on alone until the rates run out, interleaved while both were running.
    assert [s.rate for s in quick.steps] == [10, 20, 40, 80] and highest(quick.steps) == 80


def test_highest_is_zero_when_nothing_holds() -> None:
    assert highest([Step(10, sent=5, lost=5)]) == 0.0
