"""Setting the intent of a parsed message from an NLU component that runs after the intent model.

Our rule-based components (CrisisDetector, CommandGuard, TopicWish, PrivacyQuestion) override what
the model said; they do it the same way, so Rasa's policies and the intent ranking agree. Those
that only read word lists of content/ share how Rasa creates them (WordListComponent).
"""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: str, confidence: float) -> None:
    """Make `name` the message's intent and put it first in the ranking (once)."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


class WordListComponent(GraphComponent):
    """An NLU component that reads word lists of content/ and is neither configured nor trained
    (TopicWish, PrivacyQuestion): Rasa creates it with nothing but the class."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "WordListComponent":
        """Nothing to configure: the words are in content/."""
        return cls()
