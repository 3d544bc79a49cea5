"""Building rasa_sdk trackers and running actions the way the action server does."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    intent: str = "eigen_rol",
    text: str = "",
    member: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    **slots: Any,
) -> Tracker:
    """A tracker whose last user message had `intent` (and `entities`, as a button payload sets them), with the given slots.

    `member` is the hashed member key the bridge sends in a group (None: a private chat).
    """
    events = [{"event": "user", "text": text, "metadata": {"lid": member}}] if member else []
    return Tracker(
        sender_id="test-conversation",
        slots=slots,
        latest_message={"intent": {"name": intent, "confidence": 1.0}, "text": text, "entities": entities or []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, state: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run an action; return (messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return dispatcher.messages, events


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots an action set, by name."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def button_payloads(message: dict[str, Any]) -> list[str]:
    """The payloads of a message's buttons, in order."""
    return [b["payload"] for b in message.get("buttons") or []]
