"""Sharing a question with the other parent: opening a shared question, and the recap.

A deep link (/start <id>, bot/bridge.py) opens a question as if it was chosen from the menu.
The recap lists the questions of this conversation from the ids in the slot `gesteld`, with
their texts from content; the answers were never kept, so it cannot show them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import Content, FamilyForm, load_content
from actions.questions import TOLD_PREFIX, share_buttons
from actions.say import say, text_of
from actions.sharing import shared_prompt
from actions.tracker_reading import asked_ids, family_form
from addons.wire_format import DEEP_LINK_ENTITY


def _linked_id(tracker: Tracker) -> Optional[str]:
    """The prompt id of the deep link in the latest message, if any."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == DEEP_LINK_ENTITY and isinstance(found.get("value"), str):
            return found["value"]
    return None


class ActionGedeeldeVraag(Action):
    """Open the question of a deep link: the welcome, then the statement or the open question.

    An unknown or missing id gets the ordinary welcome with the menu.
    """

    def name(self) -> Text:
        return "action_gedeelde_vraag"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_welkom")
        dispatcher.utter_message(response="utter_welkom_privacy")
        prompt = shared_prompt(_linked_id(tracker))
        if prompt is None:
            dispatcher.utter_message(response="utter_menu")
            return []
        say(dispatcher, "gedeelde_vraag")
        asked = [*asked_ids(tracker), prompt.id]
        if prompt.thema == "stellingen":
            say(dispatcher, "stelling", share_buttons(tracker, prompt), stelling=prompt.tekst)
            return [
                SlotSet("thema", "stellingen"),
                SlotSet("huidige_stelling", prompt.id),
                SlotSet("stelling_antwoord", None),
                SlotSet("open_vraag", None),
                SlotSet("gesteld", asked),
            ]
        # The form asks the open question (action_ask_antwoord asks `open_vraag` again after
        # this intent), so the answer is taken as after any question of the menu.
        return [
            SlotSet("thema", prompt.thema),
            SlotSet("open_vraag", prompt.id),
            SlotSet("onderwerp", None),
            SlotSet("gesteld", asked),
            FollowupAction("vraag_form"),
        ]


def asked_questions(asked: List[str], content: Content, alone: FamilyForm) -> List[str]:
    """The texts of the questions and statements asked, each once, oldest first (no thank-yous)."""
    not_questions = {p.id for p in (*content.bedankjes, *content.tips_vrijwilliger)}
    never_said = {i.removeprefix(TOLD_PREFIX) for i in asked if i.startswith(TOLD_PREFIX)}
    texts: List[str] = []
    for prompt_id in dict.fromkeys(asked):
        prompt = content.by_id.get(prompt_id)
        if prompt is None or prompt_id in not_questions or prompt_id in never_said:
            continue
        if any(s.id == prompt_id for s in content.stellingen):
            texts.append(text_of("samenvatting_stelling", stelling=prompt.tekst))
        else:
            texts.append(prompt.text_for(alone))
    return texts


class ActionSamenvatting(Action):
    """/samenvatting: one message with the questions of this conversation, never the answers."""

    def name(self) -> Text:
        return "action_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        questions = asked_questions(asked_ids(tracker), load_content(), family_form(tracker))
        if not questions:
            say(dispatcher, "samenvatting_leeg")
            return []
        listed = "\n".join(f"{number}. {text}" for number, text in enumerate(questions, start=1))
        # Single line breaks: Rasa's REST channel sends text after a blank line as a message of its own.
        dispatcher.utter_message(text=f"{text_of('samenvatting_kop')}\n{listed}\n{text_of('samenvatting_slot')}")
        return []


class ActionSamenvattingAanbod(Action):
    """At /stop: offer the recap, but only when questions were asked."""

    def name(self) -> Text:
        return "action_samenvatting_aanbod"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if asked_questions(asked_ids(tracker), load_content(), family_form(tracker)):
            say(dispatcher, "samenvatting_aanbod")
        return []
