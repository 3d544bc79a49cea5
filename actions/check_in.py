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

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eigen_woorden import after_false_alarm, denies_danger, let_choose
from actions.heard import FEELING_SURE, FEELINGS, heard_content, offer_way_on, say_heard
from actions.pressing import press
from actions.tracker_reading import CHECK_IN_NO, CHECK_IN_YES, after_help_lines
from addons.wire_format import FIRST_READING_ENTITY

# The intent of a message the safety net was unsure of (addons/crisis_detector.py).
CHECK_IN = "crisis_twijfel"


class ActionCheckIn(Action):
    """Read doubt right after the check-in, or right after the help lines, as an answer to them
    (rules "geen tweede check-in", "geen check-in na de hulplijnen").

    After the help lines a father's "nee man. niks zelfmoord" (its word, so the net doubts) got
    the check-in: a third safety question in a row (a simulated father, 7 December, afternoon).
    A no there is a false alarm, and the bot says sorry; anything else the lines again.
    """

    def name(self) -> Text:
        return "action_check_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if not denies_danger(text):
            return press(CHECK_IN_YES, tracker)
        if after_help_lines(tracker):
            return after_false_alarm(dispatcher, tracker)
        return press(CHECK_IN_NO, tracker)


def _earlier_messages(tracker: Tracker) -> List[Dict[str, Any]]:
    """The parent's messages before the latest one, oldest first (their intents and entities; the
    tracker keeps no texts)."""
    return [e for e in tracker.events or [] if e.get("event") == "user"][:-1]


def feeling_before_check_in(tracker: Tracker) -> Optional[str]:
    """The feeling the intent model was sure of in the message that got the check-in, if any.

    The message is the one before the latest, or the one before that when the parent typed a
    no ("nee", then the pressed "Nee, iets anders"). Only the intent name is kept, never words (the
    safety net kept it only when the words fit the feeling: addons/feeling_words.py).
    """
    for event in reversed(_earlier_messages(tracker)[-2:]):
        for entity in (event.get("parse_data") or {}).get("entities") or []:
            if entity.get("entity") == FIRST_READING_ENTITY:
                name = str(entity.get("value"))
                sure = float(entity.get("confidence_entity") or 0.0) >= FEELING_SURE
                # A feeling of the intent model, or one read by its words (content/gehoord.yml gevoel_regels).
                felt = name in FEELINGS or (name.startswith("gevoel_") and name in heard_content())
                return name if felt and sure else None
    return None


def answered_before_check_in(tracker: Tracker) -> bool:
    """True when the message before the latest got the check-in (its intent, `crisis_twijfel`; the
    tracker keeps intents, never texts): typed at an open question, it was the answer."""
    users = _earlier_messages(tracker)
    return bool(users) and ((users[-1].get("parse_data") or {}).get("intent") or {}).get("name") == CHECK_IN


class ActionCheckInNee(Action):
    """After "Nee, iets anders": a calm word, then the talk goes on as if the message had been
    heard: a feeling the intent model was sure of in it is named (content/gehoord.yml), with its
    help where it has one (tiredness: Tele-Onthaal 106), and the way on that fits it."""

    def name(self) -> Text:
        return "action_checkin_nee"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_crisis_nee")
        loop = tracker.active_loop_name
        if loop == "vraag_form" and answered_before_check_in(tracker):
            # The message was the answer: the form takes it, and the reply to an answer follows
            # (action_na_antwoord, which names the feeling too).
            return [SlotSet("antwoord", True), FollowupAction("vraag_form")]
        feeling = feeling_before_check_in(tracker)
        remembered = say_heard(dispatcher, tracker, feeling) if feeling else None
        if remembered is None:
            return [FollowupAction(loop)] if loop else let_choose(dispatcher, tracker)
        events: List[EventType] = [remembered]
        if loop:
            return [*events, FollowupAction(loop)]
        return [*events, *offer_way_on(dispatcher, tracker, str(heard_content()[str(feeling)].get("verder") or ""))]
