"""NLU component: a long message is read sentence by sentence, so a question or a feeling in it is heard.

The intent model reads a message as a whole. A story of five sentences that ends in "Bij wie
kunnen we samen terecht?" or has "Nu is het avond en ik voel me helemaal leeg." in the middle
reads as telling (`vertellen`, or "not understood" after addons/command_guard.py), and the
parent got a thanks for a question or a feeling (issue 28). This component has a model of its
own, trained with the assistant by `rasa train` on every intent example of data/nlu (the
features and classifier of the crisis model, addons/crisis_model.py `classifier`), and reads
each sentence (of three words or more) of a message that the intent model took for telling
(`reread` in config.yml), or for a question or feeling it is not sure of (below `sure`):

- a sentence that is a question with an answer in content/gehoord.yml (`questions` in
  config.yml) sets the entity `vraag_soort` to that question's intent; the intent stays as it
  was, so during an open question the story is still the answer, and the reply answers the
  question instead of thanking (actions/heard.py question_kind);
- otherwise a sentence that names a feeling (`feelings`) makes the message that feeling, with
  the sentence's probability as its confidence (actions/heard.py names it only when sure).

A sentence counts only from `sure` (config.yml), and a question only when the sentence has
the form of one (`is_question`). Measured 6 December (out of fold on data/nlu; sentences of the
report's 43 parent quotes, data/veiligheid/gewoon_rapport.yml, none a question or feeling for
the bot; the 86 messages of two or more sentences of the issue-28 development set): at 0.8,
49 of 5,646 other training messages get a question or feeling, 78 of 3,169 picks are the wrong
one, 7 of 330 report sentences are picked, and 36 development messages are heard right, 1
wrong; at 0.7: 91, 165, 16, and 42 right, 4 wrong. A stronger regularisation (alpha 5e-5 at
0.5) was no better: 67, 116, 3, and 31 right, 1 wrong.
The other way round, a feeling the intent model names on its own is often no feeling: of 1,000
ordinary answers to the bot's questions (data/veiligheid/gewoon_antwoorden.yml, which neither
model trains on) it named one sure enough to be said (actions/heard.py FEELING_SURE) on 336, "Grenzen leggen doe ik vooral bij veiligheid" as
conflict, "Ik wens dat mijn kinderen hier een goed leven hebben" as loneliness. A feeling is
therefore kept only when this model agrees (`agree`: its probability of that feeling, for the
whole message or one sentence, at least 0.5); else the message is telling. Measured 6
December: 168 of the 1,000 answers keep a feeling, and of the 105 feelings of the issue-28
development set 89 are still named right (90 without the check), 2 wrong instead of 4. A
question of the intent model needs this model's agreement too, from `agree_question` (0.2):
ordinary answers answered as a request for advice, 57 -> 37 of the 1,000 ("Ben je een echt
persoon of een programma?" was one, to simulated parents); at 0.5, 18, but "wat doet
home-start?" lost its answer, since this model reads it as the general /homestart.

It runs before TopicWish (a wish to talk about a theme wins) and the safety net (a crisis wins).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline

from addons import crisis_model, sentences
from addons.content_files import content_file
from addons.intent_override import set_intent
from addons.topic_words import is_question
from addons.wire_format import QUESTION_ENTITY, QUESTIONS_ENTITY

MODEL_FILE = "sentence_model.pkl"
# What a feeling the intent model named but this model does not back becomes: telling.
TELLING = "vertellen"
# A sentence of fewer words is no question or feeling of its own ("Ja." "Dank je.").
MIN_WORDS = 3


@dataclass(frozen=True)
class Reading:
    """A message as this model read it: its sentences, and a row of probabilities for the whole
    message (first) and for each sentence, in the order of the model's classes."""

    parts: List[str]
    probabilities: np.ndarray


def reading_parts(text: str) -> List[str]:
    """The sentences of MIN_WORDS or more, a short question together with the sentence before it."""
    found: List[str] = []
    before = ""
    for sentence in sentences.sentences(text):
        if before and sentences.leans_on_the_one_before(sentence) and sentence.endswith("?"):
            found.append(f"{before} {sentence}")
        elif len(sentence.split()) >= MIN_WORDS:
            found.append(sentence)
        before = sentence
    return found


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceReader(GraphComponent):
    """Hears a question or a feeling in one sentence of a longer message."""

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Pipeline] = None,
    ) -> None:
        self._questions = frozenset(config["questions"])
        self._feelings = frozenset(config["feelings"])
        self._hearable = self._questions | self._feelings
        self._reread = frozenset(config["reread"])
        self._sure = float(config["sure"])
        self._agree = float(config["agree"])
        self._agree_question = float(config["agree_question"])
        self._asked = float(config["asked"])
        self._backed = float(config["backed"])
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._classes = self._classes_of(model)
        unknown = sorted(self._hearable - set(content_file("gehoord.yml")["antwoorden"]))
        if unknown:
            raise ValueError(f"SentenceReader: no reply in content/gehoord.yml for {unknown}")

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Nothing is read unless config.yml names the intents."""
        return {
            "questions": [],
            "feelings": [],
            "reread": [],
            "sure": 0.8,
            "agree": 0.5,
            "agree_question": 0.2,
            "asked": 0.5,
            "backed": 0.2,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when the features (crisis_model.py) or the splitting (sentences.py) change."""
        return crisis_model.code_digest().hexdigest()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceReader":
        """A reader without a model (it reads nothing) until it is trained."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SentenceReader":
        """The reader with its trained model."""
        with model_storage.read_from(resource) as folder:
            model = pickle.loads((folder / MODEL_FILE).read_bytes())
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn every intent of data/nlu from its examples (a few seconds)."""
        examples = training_data.intent_examples
        texts = [crisis_model.model_text(str(e.get(TEXT))) for e in examples]
        self._model = crisis_model.classifier().fit(texts, [str(e.get(INTENT)) for e in examples])
        self._classes = self._classes_of(self._model)
        with self._model_storage.write_to(self._resource) as folder:
            (folder / MODEL_FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    @staticmethod
    def _classes_of(model: Optional[Pipeline]) -> List[str]:
        """The intents the model knows, in the order of its probabilities (read once, not per message)."""
        return [str(c) for c in model.classes_] if model is not None else []

    def process(self, messages: List[Message]) -> List[Message]:
        """Name the question, or set the feeling, of one sentence of a message taken for telling."""
        for message in messages:
            text = message.get(TEXT) or ""
            intent = str((message.get(INTENT) or {}).get(INTENT_NAME_KEY) or "")
            checked = intent in self._hearable
            if self._model is None or text.startswith("/"):
                continue
            parts = reading_parts(text)
            several = sum(part.rstrip().endswith("?") for part in parts) >= 2
            needed = checked or self._taken_for_telling(message)
            if not (several or needed):
                continue
            reading = self._read(text, parts)  # once per message: the model is the costly part
            if several:
                self._name_each_question(message, reading)
            if not needed:
                continue
            if checked:
                self._doubt_an_unbacked_one(message, reading)
            if not self._taken_for_telling(message):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            found = self._heard(
                reading, {str(r.get(INTENT_NAME_KEY)): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking}
            )
            if found is None:
                continue
            name, probability = found
            if name in self._questions:
                entity = {"entity": QUESTION_ENTITY, "value": name, "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
            else:
                set_intent(message, name, probability)
        return messages

    def _name_each_question(self, message: Message, reading: Reading) -> None:
        """For a message of two or more questions, the entity `vragen` for each whose sentence this
        model reads as a question with an answer (`questions`, from `asked`), once per question.

        Read whatever the intent model made of the whole, which answers one of them: a simulated
        mother's "hoi, is dit gratis? en wie leest dit mee?" got only the privacy answer.
        """
        named: List[str] = []
        for part, row in zip(reading.parts, reading.probabilities[1:]):
            if not part.rstrip().endswith("?"):
                continue
            column = int(row.argmax())
            name = self._classes[column]
            if name in self._questions and float(row[column]) >= self._asked and name not in named:
                named.append(name)
        entities = [{"entity": QUESTIONS_ENTITY, "value": name, "extractor": type(self).__name__} for name in named]
        if entities:
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *entities], add_to_output=True)

    def _read(self, text: str, parts: List[str]) -> Reading:
        """The message's parts (`reading_parts`), and this model's probabilities for the whole and each."""
        assert self._model is not None
        probabilities = self._model.predict_proba([crisis_model.model_text(p) for p in [text, *parts]])
        return Reading(parts, probabilities)

    def _doubt_an_unbacked_one(self, message: Message, reading: Reading) -> None:
        """A feeling (below `agree`) or question (below `agree_question`) of the intent model that
        this model does not back, for the whole message or one of its sentences, becomes telling
        (`vertellen`)."""
        predicted = message.get(INTENT) or {}
        name = str(predicted.get(INTENT_NAME_KEY) or "")
        needed = self._agree if name in self._feelings else self._agree_question
        backed = float(reading.probabilities[:, self._classes.index(name)].max()) if name in self._classes else 0.0
        if backed < needed:
            set_intent(message, TELLING, float(predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0))

    def _taken_for_telling(self, message: Message) -> bool:
        """True when the intent model read the message as telling, or as a question or feeling it is unsure of."""
        predicted = message.get(INTENT) or {}
        intent = str(predicted.get(INTENT_NAME_KEY) or "")
        unsure = float(predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self._sure
        return intent in self._reread or (intent in self._hearable and unsure)

    def _heard(self, reading: Reading, support: Dict[str, float]) -> Optional[Tuple[str, float]]:
        """The question (first) or the feeling one sentence is, with its probability; None if none.

        A sentence that ends in "?" is a question from `asked`; another one needs `sure` and the
        form of a question. A feeling also needs the intent model's support (its confidence in
        `support`, the message's intent ranking) of at least `backed`: "Wij doen alles samen.
        Niemand is de baas." read as loneliness at 0.8 on its second sentence alone.
        """
        best: Optional[Tuple[bool, float, str]] = None
        for part, row in zip(reading.parts, reading.probabilities[1:]):
            column = int(row.argmax())
            name, probability = self._classes[column], float(row[column])
            if name in self._questions:
                asked = part.rstrip().endswith("?")
                if probability < (self._asked if asked else self._sure) or not (asked or is_question(part)):
                    continue
            elif name not in self._feelings or probability < self._sure or support.get(name, 0.0) < self._backed:
                continue
            candidate = (name in self._questions, probability, name)
            if best is None or candidate > best:
                best = candidate
        return (best[2], best[1]) if best is not None else None
