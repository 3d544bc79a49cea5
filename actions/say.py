"""Sending the actions' messages, whose texts and buttons live in content/berichten.yml.

Why not Rasa's own responses in domain.yml, as for the turns the rules send by name: these
texts are pieces the actions put together in the action server, where Rasa's responses are
whole messages that Rasa fills and sends. A prompt of content/prompts.yml goes into one
(`{vraag}`, `{bedankje}`), several help entries become one message (`text_of`), a button is
added under a question (the share button), a text is drawn in a picture (the card's footer,
also in the printed card set, where no Rasa runs), and an action compares what it said
before with a text (`niet_leesbaar`). The bridge's own texts are in content/bridge.yml.
"""

from __future__ import annotations

import base64
from typing import Any, Sequence

from rasa_sdk.executor import CollectingDispatcher

from addons.content_files import content_file
from addons.wire_format import PICTURE, PICTURE_CAPTION, PICTURE_PNG, PICTURE_TEXT


def messages() -> dict[str, dict[str, Any]]:
    """All messages by key."""
    return content_file("berichten.yml")["berichten"]


def _fill(payload: str, values: dict[str, str]) -> str:
    """Fill `{name}` in a payload; not str.format, as payloads hold JSON braces."""
    for name, value in values.items():
        payload = payload.replace("{" + name + "}", value)
    return payload


def text_of(key: str, **values: str) -> str:
    """The text of message `key` with its placeholders filled, to combine with others."""
    return str(messages()[key]["text"]).format(**values)


def say(dispatcher: CollectingDispatcher, key: str, extra_buttons: Sequence[dict[str, str]] = (), **values: str) -> None:
    """Send message `key`, with `{name}` placeholders in its text and button payloads filled from `values`.

    `extra_buttons` go below the message's own buttons (the share button under a question).
    """
    message = messages()[key]
    buttons = [*({**b, "payload": _fill(b["payload"], values)} for b in message.get("buttons", [])), *extra_buttons]
    # strip(): a filled-in part may end in a space or a line break.
    dispatcher.utter_message(text=message["text"].format(**values).strip(), buttons=buttons)


def show_picture(dispatcher: CollectingDispatcher, png: bytes, caption: str, text_alternative: str) -> None:
    """Send a picture made in memory, with its caption and the same in words where no picture can be shown.

    The shape `{"foto": ...}` (addons/wire_format.py) is what the bridge reads (bot/messages.py `_photo`).
    """
    picture = {PICTURE_PNG: base64.b64encode(png).decode("ascii"), PICTURE_CAPTION: caption, PICTURE_TEXT: text_alternative}
    dispatcher.utter_message(json_message={PICTURE: picture})
