"""The calm check-in ("Denk je eraan om jezelf pijn te doen, of is iemand in gevaar?"), never twice in a row.

The crisis net asks when it is unsure (addons/crisis_detector.py). A father who answered the
check-in with "alweer?? neeje ... belachelijk" got the same question again, and again: his
words quote the danger they deny. A message that answers a waiting check-in is its answer:
a no ("nee", "geen gevaar") is the "Nee, iets anders" button; anything else that the net
still doubts is taken as a yes, so a parent who keeps writing about danger gets the help lines
at once, not the same question a second time.

A "no" hears the message that got the check-in after all, as own words: during an open
question it is the answer. Simulated parents whose calm story got the check-in, and who said
no, were asked the same question again, their story lost (7 December).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.eigen_woorden import denies_danger
from actions.pressing import press, retell
from actions.tracker_reading import CHECK_IN_NO, CHECK_IN_YES

# The intent of a message the safety net was unsure of (addons/crisis_detector.py).
CHECK_IN = "crisis_twijfel"


class ActionCheckIn(Action):
    """Read doubt right after the check-in as its answer (rules "geen tweede check-in")."""

    def name(self) -> Text:
        return "action_check_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        return press(CHECK_IN_NO if denies_danger(text) else CHECK_IN_YES, tracker)


def message_checked(tracker: Tracker) -> Optional[str]:
    """The typed message that got the check-in: the first of the messages read as doubt
    (`crisis_twijfel`) right before the latest one ("alweer?? neeje" after it was doubt too), or
    None when there is none."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"][:-1]
    found: Optional[str] = None
    for event in reversed(users):
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = str(event.get("text") or "")
        if intent != CHECK_IN or text.startswith("/"):
            break
        found = text
    return found


class ActionCheckInNee(Action):
    """After "Nee, iets anders": a calm word, then the message that got the check-in is heard."""

    def name(self) -> Text:
        return "action_checkin_nee"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_crisis_nee")
        told = message_checked(tracker)
        if told is not None:
            return retell(tracker, told)
        loop = tracker.active_loop.get("name")
        return [FollowupAction(loop)] if loop else []
