"""The privacy answer: in full, or in a few words when a parent asks again in the same talk."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.say import say, text_of
from actions.tracker_reading import last_reply

# The full answer (content/berichten.yml), in this order; the first one tells it apart.
FULL = ("privacy", "privacy_vergeten", "privacy_telegram")


def privacy_said(events: List[Dict[str, Any]]) -> bool:
    """True when one of these bot events is the full privacy answer."""
    first = text_of(FULL[0])
    return any(e.get("event") == "bot" and e.get("text") == first for e in events)


def just_said_privacy(tracker: Tracker) -> bool:
    """True when the reply the parent answers is the full privacy answer."""
    return privacy_said(last_reply(tracker))


class ActionPrivacy(Action):
    """/privacy and a typed question about what happens to what a parent writes.

    A simulated mother asked "de gemeente weet niks? ja of nee?" right after the full answer and
    got the same three long messages again: a question typed again in the same talk gets the
    short form (content/berichten.yml `privacy_eenvoudig`) and the way to the full text; the
    command /privacy always gets the full answer.
    """

    def name(self) -> Text:
        return "action_privacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        typed = not str(tracker.latest_message.get("text") or "").startswith("/")
        if typed and privacy_said(tracker.events):
            say(dispatcher, "privacy_eenvoudig")
            say(dispatcher, "privacy_alles")
            return []
        for key in FULL:
            say(dispatcher, key)
        return []
