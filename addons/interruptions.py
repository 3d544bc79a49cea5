"""The intents that interrupt: listed once, in domain.yml (the slot `antwoord`, `not_intent`).

Rasa reads the list there: a message with one of these intents is no answer to an open
question, and its rule "... tijdens een open vraag" (data/rules/) says what happens instead.
The others read it from there: /wiedoetwat leaves its task for the same intents
(actions/wiedoetwat.py), and the command guard guards them against long messages
(addons/command_guard.py, config.yml), each with the differences it names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"


@lru_cache(maxsize=1)
def leaving_an_open_question() -> frozenset[str]:
    """The intents that leave an open question (domain.yml, slot `antwoord`, `not_intent`)."""
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    (mapping,) = domain["slots"]["antwoord"]["mappings"]
    return frozenset(mapping["not_intent"])
