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

Typed intents that cannot be undone need more certainty (`sure` in config.yml): erasing
(`vergeet`) typed in words the model is not sure of becomes "not understood"; /vergeet and a
clear "vergeet alles" still erase at once, however long the message.

Not guarded by length, on purpose: erasing (a privacy promise that must work however it is
asked) and the crisis intents (CrisisDetector, which runs after this component). Questions about
the bot or about help are guarded: "Mijn zus helpt mij veel ... En de vrijwilliger van Home-Start
komt elke week." was taken for a question about Home-Start and the answer was lost; a long
message that ends in a question still gets the answer of the model's best guess
(actions/heard.py question_kind).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.content_files import content_file
from addons.intent_override import set_intent
from addons.interruptions import leaving_an_open_question
from addons.plain_text import plain
from addons.topic_words import mentions, says_it_was_misread, words

GOODBYE_INTENT = "stop"
_CLAUSE_END = re.compile(r"[.!?,;]+")


# "groetjes van Marleen en Jessica", "salut en tot een andere keer": a clause this short that
# begins with a goodbye is one.
GOODBYE_CLAUSE_WORDS = 6


def says_goodbye(text: str) -> bool:
    """True when one of the last two clauses of a message is a goodbye (content/eigen_woorden.yml
    `afscheid`), the one before the last only when it is not the first ("... late dienst. salut,
    was toch ni helemaal slecht"; not "dag, ik heb een vraag"); or when the first clause is a
    goodbye word for word and more follows ("Ik ga stoppen voor vandaag. Bedankt voor de vragen, het
    was best nuttig." got "Goed nieuws!" from the pride it read; not "ik ga stoppen met roken").

    A clause of only emoji ("beslama! 👋") does not count as a clause.
    """
    # On top of plain(): punctuation and emoji become spaces, apostrophes and hyphens stay in a word ("da's").
    clauses = [" ".join(re.sub(r"[^\w\s'-]", " ", c).split()) for c in _CLAUSE_END.split(plain(text))]
    clauses = [c for c in clauses if c]
    last_ones = clauses[-2:] if len(clauses) > 2 else clauses[-1:]
    # Not a one-word goodbye first: "dag" or "salut" also greets ("dag, ik heb een vraag").
    leaving_first = len(clauses) > 1 and clauses[0] in _goodbyes() and len(clauses[0].split()) > 1
    return leaving_first or any(_is_goodbye(clause) for clause in last_ones)


def _is_goodbye(clause: str) -> bool:
    """A goodbye, or a short clause that begins or ends with one ("salut en tot een andere keer",
    "merci en salut": a simulated father got a mirror for it), but for the words that are also
    ordinary ones (`afscheid_los`: "dag hij slaap" is no goodbye)."""
    if clause in _goodbyes():
        return True
    words_in = clause.split()
    return len(words_in) <= GOODBYE_CLAUSE_WORDS and any(
        # Ending in one: a one-word goodbye only ("... zegt hij dat ik moet gaan" is no goodbye).
        clause.startswith(f"{g} ") or (" " not in g and clause.endswith(f" {g}"))
        for g in _goodbyes() - _alone_only()
    )


def wants_to_go_on(text: str) -> bool:
    """True when a message says the talk should not end (content/eigen_woorden.yml `geen_afscheid`)."""
    return mentions(words(text), content_file("eigen_woorden.yml")["geen_afscheid"])


@lru_cache(maxsize=1)
def _alone_only() -> frozenset[str]:
    """content/eigen_woorden.yml `afscheid_los`: goodbyes only as a clause of their own."""
    return frozenset(content_file("eigen_woorden.yml")["afscheid_los"])


@lru_cache(maxsize=1)
def _goodbyes() -> frozenset[str]:
    """content/eigen_woorden.yml `afscheid`, as a set built once (this runs on every message)."""
    return frozenset(content_file("eigen_woorden.yml")["afscheid"])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandGuard(GraphComponent):
    """Turns a command intent on a long message into nlu_fallback."""

    def __init__(self, intents: List[str], max_command_words: int, sure: Dict[str, float] | None = None) -> None:
        self._intents = frozenset(intents)
        self._max_words = max_command_words
        self._sure = dict(sure or {})

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Every intent that leaves an open question is guarded, unless config.yml says otherwise."""
        return {"unguarded": [], "also": [], "max_command_words": 12, "sure": {}}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CommandGuard":
        """The guarded intents: those that leave an open question (addons/interruptions.py) but the
        `unguarded` of config.yml, and its `also`; and the word limit."""
        guarded = (leaving_an_open_question() - set(config.get("unguarded") or [])) | set(config.get("also") or [])
        return cls(sorted(guarded), int(config.get("max_command_words", 12)), dict(config.get("sure") or {}))

    def process(self, messages: List[Message]) -> List[Message]:
        """Demote a guarded intent when the message is longer than a command can be."""
        for message in messages:
            predicted = message.get(INTENT) or {}
            name = predicted.get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            if len(text.split()) > 2 and says_goodbye(text):
                # "... bedankt voor de vragen. beslama, tot ziens": the talk ends for now.
                set_intent(message, GOODBYE_INTENT, 1.0)
                continue
            if name == GOODBYE_INTENT and not text.startswith("/") and wants_to_go_on(text):
                # "waarom stop? ik niet klaar" is no goodbye: own words, answered with a sorry.
                set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
                continue
            if name in self._intents and not text.startswith("/") and says_it_was_misread(text):
                # A correction is own words, answered with a sorry, never a command: "ge antwoordt ni
                # op mijn vraag eh" was another question to the intent model (0.57), and the next
                # question came (a simulated father, 7 December, late).
                set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
                continue
            needed = self._sure.get(str(name))
            if needed is not None and not text.startswith("/") and float(predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < needed:
                # Erasing cannot be undone: "nog een andere kaart?" once wiped a volunteer's talk.
                set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
                continue
            if name not in self._intents:
                continue
            if len((message.get(TEXT) or "").split()) <= self._max_words:
                continue
            set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
        return messages
