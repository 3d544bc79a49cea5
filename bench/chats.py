"""Simulated parents (bench/script.py's conversation), timed per message.

A message's latency is measured on the fake server's clock, from the moment a getUpdates
answer handed it to the bridge (`FakeBotApi.delivered_at`) until the first sendMessage or
sendPhoto for that chat arrived. The wait for the long poll is not part of it.
"""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from bench.script import Step, conversation
from bot.texts import load_texts
from tests.fake_telegram import ApiCall, FakeBotApi

LOST_AFTER = 10.0  # seconds without any reply: the message counts as lost
REPLY_METHODS = frozenset({"sendMessage", "sendPhoto"})
# Replies of the bridge itself that mean something went wrong on the way to Rasa.
_bridge = load_texts().messages
ERROR_TEXTS = {_bridge["rasa_onbereikbaar"]: "Rasa unreachable", _bridge["druk"]: "Rasa busy", _bridge["herstart"]: "bot stopping", _bridge["knop_verlopen"]: "button expired", _bridge["leeg"]: "empty text", _bridge["opnieuw_gestart"]: "Rasa restarted", _bridge["fout"]: "unexpected error"}
NOT_UNDERSTOOD = "Sorry, dat heb ik niet goed begrepen"


@dataclass
class Turn:
    """One message and what came back, with times from the fake server's clock."""

    chat_id: int
    kind: str
    label: str  # the command or payload; free text is shown as "<free text>", never stored
    pushed: float
    delivered: float | None = None
    first_reply: float | None = None
    replies: int = 0
    error: str | None = None
    not_understood: bool = False
    deviation: bool = False  # the script wanted a button the bot did not offer
    complete: bool = True  # False: fewer messages than this step gets without load
    early: int = 0  # messages that came before the hand-over: late parts of the turn before
    last_reply: float | None = None

    @property
    def lost(self) -> bool:
        return self.first_reply is None

    @property
    def latency_ms(self) -> float | None:
        if self.first_reply is None or self.delivered is None:
            return None
        return (self.first_reply - self.delivered) * 1000

    def as_dict(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id, "kind": self.kind, "label": self.label, "pushed": self.pushed,
            "delivered": self.delivered, "first_reply": self.first_reply, "latency_ms": self.latency_ms,
            "replies": self.replies, "error": self.error, "not_understood": self.not_understood,
            "deviation": self.deviation, "lost": self.lost, "complete": self.complete, "last_reply": self.last_reply, "early": self.early,
        }


class Inbox:
    """Sorts the fake's recorded calls into per-chat reply lists, from one polling task.

    One reader for all chats keeps the driver cheap: 100 chats each scanning every
    recorded call would eat the CPU the bot under test needs. The poll interval does not
    affect the measured latency, which uses the fake's own timestamps.
    """

    def __init__(self, fake: FakeBotApi, interval: float = 0.005) -> None:
        self.fake = fake
        self.interval = interval
        self.replies: dict[int, list[ApiCall]] = {}
        self.failed_calls: list[ApiCall] = []
        self._events: dict[int, asyncio.Event] = {}
        self._seen = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def event(self, chat_id: int) -> asyncio.Event:
        return self._events.setdefault(chat_id, asyncio.Event())

    def of(self, chat_id: int) -> list[ApiCall]:
        return self.replies.setdefault(chat_id, [])

    def drain(self) -> None:
        """Take the calls recorded since the last drain."""
        new = self.fake.calls_since(self._seen)
        self._seen += len(new)
        for call in new:
            # 499: PTB dropped a long poll on purpose (shutdown); not an error of the bot.
            if not call.ok and call.status != 499:
                self.failed_calls.append(call)
            if call.method in REPLY_METHODS and call.ok:
                chat_id = int(call.params["chat_id"])
                self.of(chat_id).append(call)
                self.event(chat_id).set()

    async def _run(self) -> None:
        while True:
            self.drain()
            await asyncio.sleep(self.interval)


class SimChat:
    """One parent: sends a message, waits for the whole answer, then sends the next.

    When is a turn over? The bridge sends a turn's messages one after the other, and a
    message that comes late would be taken for the reply to the next message. Without
    load, a short quiet time (`settle`) is enough. Under load the gaps grow, so the
    sequential phase first learns how many messages each step of the script gets
    (`ReplyCounts`), and under load a turn waits for that many before its quiet time.
    When the conversation leaves the script (an error reply, a button that is not
    offered, fewer messages than learnt), the parent sends /vergeet next, which puts
    the conversation and the script back at a known point.
    """

    def __init__(
        self, fake: FakeBotApi, inbox: Inbox, chat_id: int, seed: int, settle: float, counts: "ReplyCounts | None" = None,
        learn: bool = False,
    ) -> None:
        self.fake = fake
        self.inbox = inbox
        self.chat_id = chat_id
        self.rng = random.Random(seed)
        self.steps = conversation(self.rng)
        self.position = 0
        self.settle = settle
        self.counts = counts
        self.learn = learn

    def _next_step(self) -> tuple[int, Step]:
        if self.position >= len(self.steps):
            self.steps, self.position = conversation(self.rng), 0
        position, step = self.position, self.steps[self.position]
        self.position += 1
        return position, step

    def _reset(self) -> None:
        """Continue with the script's /vergeet: back to a known state after a deviation."""
        self.position = len(self.steps) - 1

    def _push(self, step: Step) -> tuple[int, str, bool]:
        """Hand the step to the fake; returns (update_id, kind, deviated)."""
        if step.kind == "press":
            for call in reversed(self.inbox.of(self.chat_id)):
                markup = call.params.get("reply_markup") or {}
                offered = [b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row]
                if offered:
                    # The bridge removes a keyboard once it was used: only a live one can be pressed.
                    current = self.fake.message(self.chat_id, call.result["message_id"]) or {}
                    if step.text in offered and current.get("reply_markup"):
                        return self.fake.push_callback(self.chat_id, call.result["message_id"], step.text), "button", False
                    break
            # Not offered: type it instead, and count it (the script no longer fits the bot).
            return self.fake.push_text(self.chat_id, step.text), "text", True
        return self.fake.push_text(self.chat_id, step.text), "text", False

    async def _wait_for_more(self, count: int, timeout: float) -> bool:
        """True once at least `count` replies arrived for this chat, False after `timeout`."""
        deadline = time.monotonic() + timeout
        event = self.inbox.event(self.chat_id)
        while len(self.inbox.of(self.chat_id)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                return len(self.inbox.of(self.chat_id)) >= count
        return True

    def _has_error(self, before: int) -> bool:
        return any(str(c.params.get("text") or "") in ERROR_TEXTS for c in self.inbox.of(self.chat_id)[before:])

    async def turn(self) -> Turn:
        """Send the next scripted message and wait for its reply and the rest of the turn."""
        position, step = self._next_step()
        replies = self.inbox.of(self.chat_id)
        before = len(replies)
        started = time.monotonic()
        update_id, kind, deviated = self._push(step)
        label = step.text if step.text.startswith("/") or kind == "button" or len(step.text) < 30 else "<free text>"
        turn = Turn(self.chat_id, kind, label, time.time(), deviation=deviated)
        expected = self.counts.expected(position) if self.counts and not self.learn else None
        if await self._wait_for_more(before + 1, LOST_AFTER):
            if expected and not self._has_error(before):
                remaining = LOST_AFTER - (time.monotonic() - started)
                turn.complete = await self._wait_for_more(before + expected, remaining)
            while await self._wait_for_more(len(replies) + 1, self.settle):
                pass
        else:
            await self._wait_for_more(before + 1, self.settle)  # a very late reply, not for the next turn
        self.inbox.drain()
        turn.delivered = self.fake.delivered_at(update_id)
        # A message sent before the bridge even had this update belongs to the turn before.
        new = [c for c in replies[before:] if turn.delivered is not None and c.time >= turn.delivered]
        turn.early = len(replies) - before - len(new)
        if new and turn.delivered is not None and new[0].time - turn.pushed <= LOST_AFTER:
            turn.first_reply = new[0].time
            turn.last_reply = new[-1].time
        turn.replies = len(new)
        texts = [str(call.params.get("text") or call.params.get("caption") or "") for call in new]
        turn.error = next((ERROR_TEXTS[t] for t in texts if t in ERROR_TEXTS), None)
        turn.not_understood = any(t.startswith(NOT_UNDERSTOOD) for t in texts)
        if self.learn and not (turn.error or deviated or turn.lost):
            assert self.counts is not None
            self.counts.record(position, turn.replies)
        if turn.error or deviated or turn.lost or not turn.complete:
            if step.text != "/vergeet":
                self._reset()
        return turn


class ReplyCounts:
    """How many messages the bot sends for each step of the script, learnt without load."""

    def __init__(self) -> None:
        self.seen: dict[int, list[int]] = {}

    def record(self, position: int, count: int) -> None:
        self.seen.setdefault(position, []).append(count)

    def expected(self, position: int) -> int | None:
        """The fewest messages seen for this step (None when it was never seen)."""
        counts = self.seen.get(position)
        return min(counts) if counts else None

    def as_dict(self) -> dict[int, list[int]]:
        return {p: sorted(set(c)) for p, c in sorted(self.seen.items())}
