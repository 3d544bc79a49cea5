"""Sending the actions' messages, whose texts and buttons live in content/berichten.yml."""

from __future__ import annotations

from typing import Any, Sequence

from rasa_sdk.executor import CollectingDispatcher

from addons.content_files import content_file


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
    dispatcher.utter_message(text=message["text"].format(**values), buttons=buttons)
