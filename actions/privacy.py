"""The privacy answer: in full, or in a few words when a parent asks again in the same talk."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eigen_woorden import asks_why_lines, denies_danger
from actions.heard import other_answer
from actions.say import say
from actions.tracker_reading import FULL_PRIVACY, after_help_lines, asked_ids, privacy_said
from addons.content_files import content_file
from addons.privacy_question import asks_about_privacy
from addons.topic_words import asks_by_words, mentions, says_it_was_misread, words


def about_the_phone(text: str) -> bool:
    """True when a privacy question asks about erasing or keeping the chat on one's own phone
    (content/gehoord.yml `privacy`: a word of erasing or keeping and one of `toestel`)."""
    privacy = content_file("gehoord.yml")["privacy"]
    found_in = words(text)
    return mentions(found_in, privacy["toestel"]) and mentions(found_in, privacy["woorden"])


def asks_something_else(text: str) -> bool:
    """True when a typed message the intent model took for a privacy question asks a question of
    content/gehoord.yml `vraag_regels` and none of the privacy word lists says it is about privacy
    (addons/privacy_question.py)."""
    return not text.startswith("/") and not asks_about_privacy(text) and asks_by_words(text)


class ActionPrivacy(Action):
    """/privacy and a typed question about what happens to what a parent writes.

    A simulated mother asked "de gemeente weet niks? ja of nee?" right after the full answer and
    got the same three long messages again: a question typed again in the same talk gets the
    short form (content/berichten.yml `privacy_eenvoudig`) and the way to the full text, or, when
    it asks about erasing the chat on one's own phone, what Telegram keeps; the command /privacy
    always gets the full answer.
    """

    def name(self) -> Text:
        return "action_privacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        found_in = words(text)
        challenged = says_it_was_misread(text)
        if not text.startswith("/") and challenged and ("?" not in text or "gelezen" in found_in.split()):
            # "ge leest nie wa kik schrijf" and "hebt gij da gelezen wa ik zei over mijn pa?" say the
            # bot got it wrong (simulated fathers got the privacy text): the sorry of own words
            # (actions/eigen_woorden.py). "ge leest wel wa ik schrijf he?" stays a privacy question.
            return [FollowupAction("action_eigen_woorden")]
        if not text.startswith("/") and after_help_lines(tracker) and (asks_why_lines(text) or denies_danger(text)):
            # "waarom zeg je politie?" right after the help lines asks why they came, not about
            # privacy (a simulated mother with little Dutch got the privacy text, 7 December, late).
            return [FollowupAction("action_eigen_woorden")]
        if asks_something_else(text):
            # "de juf zegt iets over CLB, wat is dat?" was privacy to the intent model (0.83): the
            # question its words name is answered instead (action_gehoord, content/gehoord.yml).
            return [FollowupAction("action_gehoord")]
        if not text.startswith("/") and privacy_said(tracker.events):
            if about_the_phone(text):
                # "Moet ik de chat op mijn telefoon dus zelf wissen?": what only Telegram keeps.
                say(dispatcher, "privacy_telegram")
                return []
            say(dispatcher, "privacy_eenvoudig")
            say(dispatcher, "privacy_alles")
            return []
        for key in FULL_PRIVACY:
            say(dispatcher, key)
        # "hoi, is dit gratis? en wie leest dit mee?": the other question is answered too.
        asked = asked_ids(tracker)
        other = other_answer(tracker, "privacy", asked)
        if other is None:
            return []
        dispatcher.utter_message(text=other[0])
        return [SlotSet("gesteld", [*asked, *other[1]])]
