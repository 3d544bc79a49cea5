"""The calm check-in ("Denk je eraan om jezelf pijn te doen, of is iemand in gevaar?"), never twice in a row.

The crisis net asks when it is unsure (addons/crisis_detector.py). A father who answered the
check-in with "alweer?? neeje ... belachelijk" got the same question again, and again: his
words quote the danger they deny. A message that answers a waiting check-in is its answer:
a no ("nee", "geen gevaar") is the "Nee, iets anders" button; anything else that the net
still doubts is taken as a yes, so a parent who keeps writing about danger gets the help lines
at once, not the same question a second time.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.eigen_woorden import denies_danger
from actions.pressing import press
from actions.tracker_reading import CHECK_IN_NO, CHECK_IN_YES


class ActionCheckIn(Action):
    """Read doubt right after the check-in as its answer (rules "geen tweede check-in")."""

    def name(self) -> Text:
        return "action_check_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        return press(CHECK_IN_NO if denies_danger(text) else CHECK_IN_YES, tracker)
