"""Replies in a channel-neutral shape, and splitting text to fit Telegram's limit."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

TELEGRAM_TEXT_LIMIT = 4096


@dataclass(frozen=True)
class Button:
    """A choice offered to the person; pressing it sends `payload` to Rasa."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message to show: text, and buttons under it."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Cut text into pieces of at most `limit` characters.

    Cuts at a paragraph, then a line, then a sentence, then a word boundary, so no
    word is broken unless a single word is longer than the limit.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", "? ", "! ", " "):
            position = window.rfind(separator)
            if position > 0:
                cut = position + len(separator.rstrip(" ")) if separator.strip() else position
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def replies_from_rasa(messages: Iterable[dict[str, Any]], limit: int = TELEGRAM_TEXT_LIMIT) -> list[Reply]:
    """Turn Rasa REST channel messages into replies that fit the channel.

    A long text becomes several messages; its buttons go under the last one.
    """
    replies: list[Reply] = []
    for message in messages:
        text = message.get("text") or ""
        buttons = tuple(Button(b["title"], b["payload"]) for b in message.get("buttons") or [] if b.get("payload"))
        pieces = split_text(text, limit) or ([""] if buttons else [])
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            replies.append(Reply(piece or "Kies:", buttons if last else ()))
    return replies
