"""Simulated chats (bench/walk.py's random walk), timed per message.

A message's latency is measured on the fake server's clock, from the moment a getUpdates
answer handed it to the bridge (`FakeBotApi.delivered_at`) until the first sendMessage or
sendPhoto for that chat arrived. The wait for the long poll is not part of it.

Which reply belongs to which message: a chat sends its next message only once the bot's
answer to the last one is over (a first reply, then `settle` seconds without more), as a
parent reads before typing on. So every reply belongs to the chat's latest message handed
over before it. A chat that got no reply within LATE_AFTER seconds is given up (the parent
leaves): it sends nothing more, so a reply that still comes is counted late, not taken for
the answer to something else. The load as a whole does not wait for anyone (see phases.py).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from bench.walk import Move, Said, Walk
from bot.texts import load_texts
from testkit.fake_telegram import ApiCall, FakeBotApi

LATE_AFTER = 10.0  # seconds from sending until the first reply, after which a reply is late
REPLY_METHODS = frozenset({"sendMessage", "sendPhoto"})
# Replies of the bridge itself that mean something went wrong on the way to Rasa.
_bridge = load_texts().messages
ERROR_TEXTS = {
    _bridge["rasa_onbereikbaar"]: "Rasa unreachable",
    _bridge["druk"]: "Rasa busy",
    _bridge["herstart"]: "bot stopping",
    _bridge["knop_verlopen"]: "button expired",
    _bridge["leeg"]: "empty text",
    _bridge["opnieuw_gestart"]: "Rasa restarted",
    _bridge["fout"]: "unexpected error",
}
NOT_UNDERSTOOD = "Sorry, dat heb ik niet goed begrepen"


@dataclass
class Turn:
    """One message and what came back, with times from the fake server's clock."""

    chat_id: int
    kind: str  # "button" or "text", as it reached Telegram
    label: str  # the walk's move with its payload ("button /eens", "command /kaart", "off-path: ok"); never free text
    move: str  # the kind of move alone ("button", "command", "off-path: ok")
    pushed: float
    update_id: int
    delivered: float | None = None
    first_reply: float | None = None
    last_reply: float | None = None
    replies: int = 0
    photos: int = 0
    error: str | None = None
    not_understood: bool = False
    warmup: bool = False

    @property
    def missing(self) -> bool:
        """No reply at all, not even a late one, by the end of the run."""
        return self.first_reply is None

    @property
    def late(self) -> bool:
        return self.first_reply is not None and self.first_reply - self.pushed > LATE_AFTER

    @property
    def latency_ms(self) -> float | None:
        if self.first_reply is None or self.delivered is None:
            return None
        return (self.first_reply - self.delivered) * 1000

    def take(self, replies: list[ApiCall]) -> None:
        """Fill in what came back from the replies that belong to this message."""
        self.replies = len(replies)
        self.photos = sum(c.method == "sendPhoto" for c in replies)
        if replies:
            self.first_reply, self.last_reply = replies[0].time, replies[-1].time
        texts = [str(c.params.get("text") or c.params.get("caption") or "") for c in replies]
        self.error = next((ERROR_TEXTS[t] for t in texts if t in ERROR_TEXTS), None)
        self.not_understood = any(t.startswith(NOT_UNDERSTOOD) for t in texts)

    def as_dict(self) -> dict[str, Any]:
        """The turn as a line of bench/out/turns-*.jsonl: its fields and what they tell."""
        return {**asdict(self), "latency_ms": self.latency_ms, "late": self.late, "missing": self.missing}


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
        self.methods: Counter[str] = Counter()  # every Bot API call the bridge made, by method
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
            self.methods[call.method] += 1
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
    """One private chat, or one group of two members, walking at random (bench/walk.py)."""

    def __init__(self, fake: FakeBotApi, inbox: Inbox, chat_id: int, seed: int, settle: float, group: bool = False) -> None:
        self.fake = fake
        self.inbox = inbox
        self.chat_id = chat_id
        self.group = group
        self.walk = Walk(seed, group)
        self.settle = settle
        self.turns: list[Turn] = []
        self._before = 0  # replies of this chat before its latest message

    def _replies(self) -> list[ApiCall]:
        return self.inbox.of(self.chat_id)

    def state(self, now: float) -> str:
        """ "ready" to send, "waiting" for the bot, or "gone" (no reply in LATE_AFTER s)."""
        if not self.turns:
            return "ready"
        replies = self._replies()
        if len(replies) > self._before:
            return "ready" if now - replies[-1].time >= self.settle else "waiting"
        return "gone" if now - self.turns[-1].pushed > LATE_AFTER else "waiting"

    def _last_turn(self) -> list[Said]:
        """The bot's messages since this chat's latest message, as the parent sees them now.

        In a group the keyboards stay under their messages, so the latest one still counts
        when the last turn had none (the other member answers the same /samen statement).
        """
        said = [self._said(call) for call in self._replies()[self._before :]]
        if self.group and not any(s.buttons for s in said):
            older = next((c for c in reversed(self._replies()[: self._before]) if c.params.get("reply_markup")), None)
            said = ([self._said(older)] if older is not None else []) + said
        return said

    @staticmethod
    def _said(call: ApiCall) -> Said:
        markup = call.params.get("reply_markup") or {}
        # Only buttons that send something back: a share button ("Deel deze vraag") opens
        # Telegram's chat picker instead, so a parent cannot press it into this chat.
        buttons = tuple(b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b)
        return Said(str(call.params.get("text") or call.params.get("caption") or ""), buttons, call.result.get("message_id"))

    def send(self, warmup: bool = False) -> Turn:
        """Hand the walk's next move to the fake, at once."""
        move = self.walk.next_move(self._last_turn())
        self._before = len(self._replies())
        update_id, kind = self._push(move)
        turn = Turn(self.chat_id, kind, f"{move.label} {move.detail}".strip(), move.label, time.time(), update_id, warmup=warmup)
        self.turns.append(turn)
        return turn

    def _push(self, move: Move) -> tuple[int, str]:
        sender: dict[str, Any] = {}
        if self.group:
            sender = {"chat_type": "group", "user_id": 71_000 + move.member, "first_name": "Ouder"}
        if move.kind == "press" and move.message_id is not None:
            return self.fake.push_callback(self.chat_id, move.message_id, move.text, **sender), "button"
        if self.group:
            sender["chat_title"] = "Samen"
            if move.reply_to is not None:
                sender["reply_to_message_id"] = move.reply_to
        return self.fake.push_text(self.chat_id, move.text, **sender), "text"

    def settle_turns(self) -> None:
        """After the run: give each message the replies that came between it and the next."""
        replies = self._replies()
        for turn in self.turns:
            turn.delivered = self.fake.delivered_at(turn.update_id)
        for turn, after in zip(self.turns, self.turns[1:] + [None]):
            start = turn.delivered if turn.delivered is not None else turn.pushed
            end = None if after is None else (after.delivered if after.delivered is not None else after.pushed)
            turn.take([c for c in replies if c.time >= start and (end is None or c.time < end)])
