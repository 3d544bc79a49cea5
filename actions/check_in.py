"""The calm check-in ("Denk je eraan om jezelf pijn te doen, of is iemand in gevaar?"), never twice in a row.

The crisis net asks when it is unsure (addons/crisis_detector.py). A father who answered the
check-in with "alweer?? neeje ... belachelijk" got the same question again, and again: his
words quote the danger they deny. A message that answers a waiting check-in is its answer:
a no ("nee", "geen gevaar") is the "Nee, iets anders" button; anything else that the net
still doubts is taken as a yes, so a parent who keeps writing about danger gets the help lines
at once, not the same question a second time.

A "no" to a check-in that came at an open question takes the message that got it as the answer:
the talk goes on, as after any answer. Simulated parents whose calm story got the check-in, and who
said no, were asked the same question again, as if they had written nothing (7 December).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eigen_woorden import denies_danger, let_choose
from actions.pressing import press
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


def answered_before_check_in(tracker: Tracker) -> bool:
    """True when the message before the latest got the check-in (its intent, `crisis_twijfel`; the
    tracker keeps intents, never texts): typed at an open question, it was the answer."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"][:-1]
    return bool(users) and ((users[-1].get("parse_data") or {}).get("intent") or {}).get("name") == CHECK_IN


class ActionCheckInNee(Action):
    """After "Nee, iets anders": a calm word, then the talk goes on as if the message had been heard."""

    def name(self) -> Text:
        return "action_checkin_nee"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_crisis_nee")
        loop = tracker.active_loop_name
        if loop == "vraag_form" and answered_before_check_in(tracker):
            # The message was the answer: the form takes it, and the usual reply to an answer follows.
            return [SlotSet("antwoord", True), FollowupAction("vraag_form")]
        if loop:
            return [FollowupAction(loop)]
        return let_choose(dispatcher, tracker)
