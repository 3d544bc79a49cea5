"""A person's chat with the bot through the fake Bot API server, and the terminal chat.

`Conversation` sends text or presses a button as one chat and returns the bot's new messages;
`texts`, `buttons` and `shared` read those messages.
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.bridge import Bridge
from bot.rasa_client import RasaClient
from bot.terminal_chat import chat
from testkit.fake_telegram import ApiCall, FakeBotApi
from testkit.stack import RealStack

chat_ids = itertools.count(7_700_001)


class Conversation:
    """One person's chat: send text or press a button, get the bot's new messages."""

    def __init__(self, fake: FakeBotApi, chat_id: int | None = None, **sender: Any) -> None:
        self.fake = fake
        self.chat_id = chat_id if chat_id is not None else next(chat_ids)
        self.sender = sender  # user_id, username, first_name as Telegram would send them
        self.seen = 0

    async def _replies(self, count: int, exact: bool = False, update_id: int | None = None) -> list[dict[str, Any]]:
        if update_id is not None and self.fake.reports_turns:
            # The bridge says when the turn is over: every reply to it was sent by then.
            await self.fake.wait_until_answered(update_id, timeout=15)
            exact = True
        messages = await self.fake.wait_for_messages(self.chat_id, self.seen + count, timeout=15)
        # Unless the number of messages is known, wait briefly for more of the same turn.
        while not exact:
            try:
                messages = await self.fake.wait_for_messages(self.chat_id, len(messages) + 1, timeout=0.7)
            except AssertionError:
                break
        new = messages[self.seen :]
        self.seen = len(messages)
        return new

    async def say(self, text: str) -> list[dict[str, Any]]:
        update_id = self.fake.push_text(self.chat_id, text, **self.sender)
        return await self._replies(1, update_id=update_id)

    async def press(self, payload: str, expect: int | None = None) -> list[dict[str, Any]]:
        last_with_buttons = max(
            (
                c
                for c in self.fake.calls_of("sendMessage")
                if c.params["chat_id"] == self.chat_id and c.params.get("reply_markup")
            ),
            key=lambda c: c.time,
        )
        buttons = [
            b["callback_data"]
            for row in last_with_buttons.params["reply_markup"]["inline_keyboard"]
            for b in row
            if "callback_data" in b
        ]
        assert payload in buttons, f"{payload} is not offered; buttons: {buttons}"
        sender = {k: v for k, v in self.sender.items() if k != "chat_title"}
        update_id = self.fake.push_callback(self.chat_id, last_with_buttons.result["message_id"], payload, **sender)
        return await self._replies(expect or 1, exact=expect is not None, update_id=update_id)


async def chat_in_terminal(stack: RealStack, *typed: str) -> None:
    """The terminal chat through the real bridge, with these lines typed, then end of input."""
    lines = iter(typed)

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    bridge = Bridge(RasaClient(stack.settings.rasa_url, 10.0))
    await chat(bridge, read=read)
    await bridge.rasa.close()


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages]


def bubble(*paragraphs: str) -> str:
    """One Telegram message made of the texts of one turn (bot/messages.py joins them)."""
    return "\n\n".join(paragraphs)


def paragraphs(messages: list[dict[str, Any]]) -> list[str]:
    """What the person reads, paragraph by paragraph, whatever the number of messages."""
    return [p for m in messages for p in m["text"].split("\n\n")]


def buttons(messages: list[dict[str, Any]]) -> list[str]:
    return [
        b["callback_data"]
        for m in messages
        for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


def shared(messages: list[dict[str, Any]]) -> list[str]:
    """The prompt ids of the share buttons ("Deel deze vraag") under the messages."""
    return [
        b["switch_inline_query"]
        for m in messages
        for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
        if "switch_inline_query" in b
    ]


def photos_to(fake: FakeBotApi, chat_id: int) -> list[ApiCall]:
    return [c for c in fake.calls_of("sendPhoto") if c.params["chat_id"] == chat_id]
