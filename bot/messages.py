"""Replies in a channel-neutral shape, and splitting text to fit Telegram's limit."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any, Iterable

from actions.sharing import SHARE_PREFIX
from bot.texts import load_texts

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Button:
    """A choice offered to the person; pressing it sends `payload` to Rasa.

    A share button ("Deel deze vraag") has `share`, the prompt id, and no payload: in
    Telegram it lets the person pick a chat to share the question in (inline mode).
    """

    title: str
    payload: str
    share: str = ""


def _button(raw: dict[str, Any]) -> Button:
    """A button from Rasa; the payload "deel:<id>" makes it a share button."""
    payload = str(raw["payload"])
    if payload.startswith(SHARE_PREFIX):
        return Button(raw["title"], "", share=payload[len(SHARE_PREFIX) :])
    return Button(raw["title"], payload)


@dataclass(frozen=True)
class Reply:
    """One message to show: text, and buttons under it.

    With `photo` (PNG bytes, made in memory by an action) the text is the picture's caption,
    and `text_alternative` says the same in words where no picture can be shown.
    """

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    photo: bytes | None = None
    text_alternative: str = ""


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
        buttons = tuple(_button(b) for b in message.get("buttons") or [] if b.get("payload"))
        photo = _photo(message)
        if photo is not None:
            replies.append(photo)
            continue
        pieces = split_text(text, limit) or ([""] if buttons else [])
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            replies.append(Reply(piece or load_texts().messages["alleen_knoppen"], buttons if last else ()))
    return replies


def _photo(message: dict[str, Any]) -> Reply | None:
    """A picture sent by an action as `{"foto": {"png_base64", "bijschrift", "tekst"}}`.

    Anything that is not a real PNG is ignored, so a broken action cannot make the bridge
    send garbage.
    """
    custom = message.get("custom")
    foto = custom.get("foto") if isinstance(custom, dict) else None
    if not isinstance(foto, dict):
        return None
    try:
        png = base64.b64decode(foto.get("png_base64") or "", validate=True)
    except (binascii.Error, ValueError):
        return None
    if not png.startswith(PNG_SIGNATURE):
        return None
    caption = str(foto.get("bijschrift") or "")[:TELEGRAM_CAPTION_LIMIT]
    return Reply(caption, photo=png, text_alternative=str(foto.get("tekst") or ""))
