"""NLU component: a long message is something a parent tells, not a command.

During an open question everything a parent writes is the answer, except the commands
that leave the question (stop, menu, another question, help...). The intent model learnt
those commands from short messages, yet it sometimes gives one of them to a long story
that happens to share words with it: "Ik ben geduldig, maar na een lange werkdag soms ook
moe. Dan roep ik sneller dan ik wil." came out as `stop`, and the bot ended the talk in
the middle of an answer (found by bench/run.sh). No command in data/nlu is longer than
9 words, so a guarded intent on a message longer than `max_command_words` becomes "not
understood" (nlu_fallback): after an open question that makes it the answer, elsewhere
the bot says it did not understand and shows the menu.

Not guarded, on purpose: erasing (`vergeet`, a privacy promise that must work however it
is asked), Home-Start questions (a long question about help must still get the referral)
and the crisis intents (CrisisDetector, which runs after this component).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.intent_override import set_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandGuard(GraphComponent):
    """Turns a command intent on a long message into nlu_fallback."""

    def __init__(self, intents: List[str], max_command_words: int) -> None:
        self._intents = frozenset(intents)
        self._max_words = max_command_words

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No intent is guarded unless config.yml names it."""
        return {"intents": [], "max_command_words": 12}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CommandGuard":
        """Read the guarded intents and the word limit from config.yml."""
        return cls(list(config.get("intents") or []), int(config.get("max_command_words", 12)))

    def process(self, messages: List[Message]) -> List[Message]:
        """Demote a guarded intent when the message is longer than a command can be."""
        for message in messages:
            predicted = message.get(INTENT) or {}
            if predicted.get(INTENT_NAME_KEY) not in self._intents:
                continue
            if len((message.get(TEXT) or "").split()) <= self._max_words:
                continue
            set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
        return messages
