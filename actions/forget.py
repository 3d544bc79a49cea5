"""/vergeet: erase the conversation at once."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.say import say


class ActionVergeet(Action):
    """Say so, then restart: the tracker store keeps nothing from before a restart."""

    def name(self) -> Text:
        return "action_vergeet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, "vergeten")
        return [Restarted()]
