"""/training: every prompt of the guide in order, with its source and why it is asked.

For trainers who show the bot in a workshop for volunteers: an overview of the guide
first, then one prompt per step with next and back buttons. Where each prompt comes
from in the report, and the insight of chapter 5 behind it, is in content/prompts.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import all_cards
from actions.content import load_content
from actions.say import say
from actions.tracker_reading import button_entity


class ActionTraining(Action):
    """Show the overview (position 0) or the prompt at the new position (1 to N)."""

    def name(self) -> Text:
        return "action_training"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = load_content()
        cards = all_cards(content)
        step = button_entity(tracker, "stap", ("volgende", "terug"))  # None: the overview
        position = int(tracker.get_slot("training_positie") or 0)
        position = {"volgende": position + 1, "terug": position - 1}.get(step or "", 0)
        position = max(0, min(position, len(cards) + 1))

        if position == 0:
            say(dispatcher, "training_overzicht", aantal=str(len(cards)))
            say(dispatcher, "training_delen", delen=", ".join(t.naam for t in content.themas.values()))
        elif position > len(cards):
            say(dispatcher, "training_einde")
        else:
            card = cards[position - 1]
            prompt = content.by_id[card.id]
            say(
                dispatcher,
                "training_stap",
                nummer=str(position),
                aantal=str(len(cards)),
                thema=content.themas[card.thema].naam,
                tekst=card.tekst,
                sectie=str(prompt.bron.get("sectie")),
                regels=str(prompt.bron.get("regels")),
                waarom=prompt.waarom or "-",
            )
        return [SlotSet("training_positie", float(position))]
