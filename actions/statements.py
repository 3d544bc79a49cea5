"""The two statements of part 1 of the guide, answered with eens / oneens / ik twijfel."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import load_content
from actions.questions import share_buttons
from actions.say import say
from actions.tracker_reading import asked_ids


class ActionStelling(Action):
    """Show the next statement with its answer buttons.

    The first time, the theme intro and the reminder that no answer is right or wrong
    come first. After both statements, the one not shown last comes again.
    """

    def name(self) -> Text:
        return "action_stelling"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = load_content()
        asked = asked_ids(tracker)
        shown = [s for s in content.stellingen if s.id in asked]
        if not shown:
            say(dispatcher, "thema_intro", intro=content.themas["stellingen"].intro)
            say(dispatcher, "stelling_geen_fout")
        fresh = [s for s in content.stellingen if s.id not in asked]
        if fresh:
            statement = fresh[0]
        else:
            last = tracker.get_slot("huidige_stelling")
            statement = next((s for s in content.stellingen if s.id != last), content.stellingen[0])
        say(dispatcher, "stelling", share_buttons(tracker, content.by_id[statement.id]), stelling=statement.tekst)
        return [
            SlotSet("thema", "stellingen"),
            SlotSet("huidige_stelling", statement.id),
            SlotSet("stelling_antwoord", None),
            SlotSet("open_vraag", None),
            SlotSet("gesteld", [*asked, statement.id]),
        ]
