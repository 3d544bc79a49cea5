"""NLU component: a clear crisis phrase always becomes a crisis intent.

The intent model can be unsure about a message it has never seen; for a message about
suicide, violence or an emergency that must not matter. This component runs last in the
pipeline and overrides the predicted intent when a pattern of content/veiligheid.yml
matches, so the crisis rules in data/stories/ fire in every state of the conversation.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.safety_patterns import SafetyPatterns, detect, load_patterns


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with `crisis_<category>` when a safety pattern matches."""

    def __init__(self, patterns: SafetyPatterns) -> None:
        self._patterns = patterns

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisDetector":
        """Load the patterns once, when the model is loaded."""
        return cls(load_patterns())

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the crisis intent, with full confidence, on every matching message."""
        for message in messages:
            category = self._category(message)
            if category is None:
                continue
            intent = {INTENT_NAME_KEY: f"crisis_{category}", PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent[INTENT_NAME_KEY]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages

    def _category(self, message: Message) -> Optional[str]:
        text = message.get(TEXT)
        return detect(text, self._patterns) if text else None
