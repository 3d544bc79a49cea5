"""Sending the actions' messages, whose texts and buttons live in content/berichten.yml."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.content import CONTENT_DIR


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, Any]]:
    """All messages by key, read once."""
    with open(CONTENT_DIR / "berichten.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["berichten"]


def say(dispatcher: CollectingDispatcher, key: str, **values: str) -> None:
    """Send message `key`, with `{name}` placeholders filled from `values`."""
    message = messages()[key]
    dispatcher.utter_message(text=message["text"].format(**values), buttons=list(message.get("buttons", [])))
