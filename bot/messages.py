"""Replies in a channel-neutral shape, and splitting text to fit Telegram's limit."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any, Iterable

from addons.wire_format import PICTURE, PICTURE_CAPTION, PICTURE_PNG, PICTURE_TEXT, shared_id
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
    share = shared_id(payload)
    if share is not None:
        return Button(raw["title"], "", share=share)
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

    The texts of one turn that lead up to a question go out as one message with it,
    paragraph after paragraph: "Dank je." and the intro of a theme then its first question
    with the buttons are one bubble, not three. It reads as one turn (the buttons sit under
    all they belong to), the phone buzzes once, and it is one Bot API call instead of
    three: Telegram lets a bot send about 30 messages per second in all, so every bubble
    saved is room for another parent (issue 21). A message never holds a second question
    (the brief: one question per message), so a text after a question starts a new one, as
    do a picture, buttons and Telegram's length limit. A text longer than the limit
    becomes several messages, its buttons under the last one.
    """
    replies: list[Reply] = []
    for message in messages:
        buttons = tuple(_button(b) for b in message.get("buttons") or [] if b.get("payload"))
        photo = _photo(message)
        if photo is not None:
            replies.append(photo)
            continue
        pieces = split_text(message.get("text") or "", limit)
        if not pieces:
            if buttons and _open_for_more(replies[-1] if replies else None, "", limit):
                replies[-1] = Reply(replies[-1].text, buttons)
            elif buttons:
                replies.append(Reply(load_texts().messages["alleen_knoppen"], buttons))
            continue
        if len(pieces) == 1 and _open_for_more(replies[-1] if replies else None, pieces[0], limit):
            replies[-1] = Reply(f"{replies[-1].text}\n\n{pieces[0]}", buttons)
            continue
        for index, piece in enumerate(pieces):
            replies.append(Reply(piece, buttons if index == len(pieces) - 1 else ()))
    return replies


def _open_for_more(previous: Reply | None, text: str, limit: int) -> bool:
    """Whether `text` can join the previous message: a text without a question or buttons, with room left."""
    if previous is None or previous.photo is not None or previous.buttons or "?" in previous.text:
        return False
    return len(previous.text) + 2 + len(text) <= limit


def _photo(message: dict[str, Any]) -> Reply | None:
    """A picture sent by an action as `{"foto": {"png_base64", "bijschrift", "tekst"}}` (addons/wire_format.py).

    Anything that is not a real PNG is ignored, so a broken action cannot make the bridge
    send garbage.
    """
    custom = message.get("custom")
    foto = custom.get(PICTURE) if isinstance(custom, dict) else None
    if not isinstance(foto, dict):
        return None
    try:
        png = base64.b64decode(foto.get(PICTURE_PNG) or "", validate=True)
    except (binascii.Error, ValueError):
        return None
    if not png.startswith(PNG_SIGNATURE):
        return None
    caption = str(foto.get(PICTURE_CAPTION) or "")[:TELEGRAM_CAPTION_LIMIT]
    return Reply(caption, photo=png, text_alternative=str(foto.get(PICTURE_TEXT) or ""))
