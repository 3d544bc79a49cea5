"""Setting the intent of a parsed message from an NLU component that runs after DIET.

Both of our rule-based components (CrisisDetector, CommandGuard) override what the model
said; they do it the same way, so Rasa's policies and the intent ranking agree.
"""

from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: str, confidence: float) -> None:
    """Make `name` the message's intent and put it first in the ranking (once)."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
