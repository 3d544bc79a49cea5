"""NLU component: a question about what happens to what a parent writes is a privacy question.

"Komt het bij de gemeente terecht?", "jij kan alles wissen wat ik zeg?", "wa gebeurt er me wa ik
hier typ?": the intent model took such questions for loneliness, advice or a question about the
bot, and the crisis model one for a check-in (simulated parents, 7 December), while the answer a
parent needs is plain: nothing is kept, nothing passed on (domain.yml utter_privacy). A sentence
that asks (it ends in "?" or begins with a question word, content/eigen_woorden.yml
`vraag_woorden`) and names keeping, erasing or passing on what is written (the word lists of
content/gehoord.yml `privacy`, which say how they combine) gets the privacy intent. "Waar is
Home-Start in mijn gemeente?" stays a question about Home-Start. It runs before the safety net, which still overrides it.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.content_files import content_file
from addons.intent_override import WordListComponent, set_intent
from addons.sentences import leans_on_the_one_before, sentences
from addons.topic_words import is_question, mentions, words

PRIVACY_INTENT = "privacy"


def asks_about_privacy(text: str) -> bool:
    """True when a sentence of the message asks what happens to what the parent writes (the
    lists of content/gehoord.yml `privacy`); a short question ("Is dat zo?") is read together with
    the sentence before it. A longer one stands alone: "Fijn, dat bewaar ik. Hoe sluit ik zo'n
    gesprek netjes af?" (a volunteer keeping the recap) got the privacy text (7 December, afternoon)."""
    parts = sentences(text) or [text]
    return any(
        _names_privacy(words(" ".join(parts[max(0, at - 1) : at + 1]) if leans_on_the_one_before(sentence) else sentence))
        for at, sentence in enumerate(parts)
        if is_question(sentence)
    )


def _names_privacy(found_in: str) -> bool:
    """True when the words (as made by `words`) combine the lists of `privacy` as it says."""
    privacy = content_file("gehoord.yml")["privacy"]

    def says(*keys: str) -> bool:
        return all(mentions(found_in, privacy[key]) for key in keys)

    return (
        says("woorden")
        or says("handelingen", "geschreven")
        or (says("diensten") and (says("doorgeven") or says("kennen", "geschreven") or says("kennen", "niets")))
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PrivacyQuestion(WordListComponent):
    """Sets the privacy intent on a typed question about what happens to what is written."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the privacy intent where a typed message asks what happens to what it says."""
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not text.startswith("/") and asks_about_privacy(text):
                set_intent(message, PRIVACY_INTENT, 1.0)
        return messages
