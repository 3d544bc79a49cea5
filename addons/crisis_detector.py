"""NLU component: a clear crisis phrase always becomes a crisis intent.

The intent model can be unsure about a message it has never seen; for a message about
suicide, violence or an emergency that must not matter. This component runs last in the
pipeline and overrides the predicted intent when a pattern of content/veiligheid.yml
matches, so the crisis rules in data/rules/ fire in every state of the conversation.

The other way round, the model alone sometimes takes an ordinary family story for a crisis
("hij is een lieve papa, maar hij is streng"). A crisis intent that no pattern backs is
never gets the help lines at once: when the model is sure (`model_crisis_confidence`) and the
message is not a known ordinary use of a crisis word (`onschuldig` in content/veiligheid.yml)
it becomes `crisis_twijfel`, a calm check-in with "Ja" / "Nee, iets anders" (issue 14: "ik kan
niet leven zonder mijn zus" must not get the suicide line); otherwise the message counts as
not understood (nlu_fallback), which after an open question simply makes it the answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.intent_override import set_intent
from addons.safety_patterns import SafetyPatterns, detect, harmless, load_patterns


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with `crisis_<category>` when a safety pattern matches."""

    def __init__(self, patterns: SafetyPatterns, model_crisis_confidence: float = 0.8) -> None:
        self._patterns = patterns
        self._model_crisis_confidence = model_crisis_confidence

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """A crisis intent from the model alone needs at least this confidence."""
        return {"model_crisis_confidence": 0.8}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisDetector":
        """Load the patterns once, when the model is loaded."""
        return cls(load_patterns(), float(config.get("model_crisis_confidence", 0.8)))

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the crisis intent, with full confidence, on every matching message."""
        for message in messages:
            category = self._category(message)
            if category is None:
                self._doubt_an_unbacked_crisis(message)
                continue
            set_intent(message, f"crisis_{category}", 1.0)
        return messages

    def _doubt_an_unbacked_crisis(self, message: Message) -> None:
        predicted = message.get(INTENT) or {}
        name = str(predicted.get(INTENT_NAME_KEY) or "")
        if not name.startswith("crisis_"):
            return
        unsure = float(predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self._model_crisis_confidence
        if unsure or harmless(message.get(TEXT) or "", self._patterns):
            set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, self._model_crisis_confidence)
        else:
            # Sure, but no clear phrase backs it: ask first (the check-in) rather than alarm.
            set_intent(message, "crisis_twijfel", float(predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0))

    def _category(self, message: Message) -> Optional[str]:
        text = message.get(TEXT)
        return detect(text, self._patterns) if text else None
