"""/samen in a group: two members answer a statement on their own, then see both answers.

The project wants partners to talk with each other about shared parenting. Each member
presses a button; the bot keeps the choices only until both have answered (keyed by a
hash of the member that the bridge makes, never a Telegram id), then shows them side by
side without names, asks one question about the match or the difference, and forgets
the round.
"""

from __future__ import annotations

import json
import random
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import STATEMENT_ANSWERS, load_content
from actions.pressing import retell
from actions.say import messages, say
from actions.tracker_reading import button_entity, member_key

ROUND_SIZE = 2


def answer_words() -> Dict[str, str]:
    """Each answer in the words of its button, in small letters ("ik twijfel"), to show both side by side."""
    buttons = messages()["samen_stelling"]["buttons"]
    return {json.loads(b["payload"][b["payload"].index("{") :])["keuze"]: b["title"].lower() for b in buttons}


def typed_in_a_question(tracker: Tracker) -> bool:
    """True for the word typed (not the /samen command) while an open question waited.

    The rule for /samen during a question closed the question just before this action.
    """
    if str(tracker.latest_message.get("text") or "").lstrip().startswith("/"):
        return False
    since_message = []
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            break
        since_message.append(event)
    return any(e.get("event") == "action" and e.get("name") == "action_deactivate_loop" for e in since_message)


class ActionSamen(Action):
    """Start a round, or take one member's answer and, once both answered, show them."""

    def name(self) -> Text:
        return "action_samen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if typed_in_a_question(tracker):
            # "samen" typed as the answer to "Wie doet er nu wat?" is an answer, not /samen:
            # the question is opened again and hears the word as own words.
            return [ActiveLoop("vraag_form"), SlotSet("requested_slot", "antwoord"), *retell(tracker)]
        member = member_key(tracker)
        if member is None:
            say(dispatcher, "samen_in_groep")
            return []
        answer = button_entity(tracker, "keuze", STATEMENT_ANSWERS)
        if answer is None:
            return self._start(dispatcher)
        statement_id = tracker.get_slot("samen_stelling")
        if not statement_id:
            say(dispatcher, "samen_voorbij")
            return []
        answers = dict(tracker.get_slot("samen_antwoorden") or {})
        answers[member] = answer
        if len(answers) < ROUND_SIZE:
            say(dispatcher, "samen_wacht")
            return [SlotSet("samen_antwoorden", answers)]
        first, second = list(answers.values())[:ROUND_SIZE]
        words = answer_words()
        say(dispatcher, "samen_naast_elkaar", eerste=words[first], tweede=words[second])
        say(dispatcher, "samen_zelfde" if first == second else "samen_anders")
        return [SlotSet("samen_stelling", None), SlotSet("samen_antwoorden", None)]

    @staticmethod
    def _start(dispatcher: CollectingDispatcher) -> List[EventType]:
        statement = random.choice(load_content().stellingen)
        say(dispatcher, "samen_uitleg")
        say(dispatcher, "samen_stelling", stelling=statement.tekst)
        return [SlotSet("samen_stelling", statement.id), SlotSet("samen_antwoorden", {})]
