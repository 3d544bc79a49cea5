"""Where one sentence of a parent's message ends and the next begins: one rule for every reader.

A long message is a story; what matters in it may be one sentence ("... Ik ben zo moe." or
"... Bestaat er hulp voor ons?"). The crisis model (addons/crisis_model.py) and the sentence
reader (addons/sentence_reader.py) both read a message sentence by sentence, so they split it
the same way: after . ! ? or ;, at a line break, at a dash between spaces, and at a run of
punctuation ("echt??" "zo moe..."), which chat writers use instead of a full stop.
"""

from __future__ import annotations

import re
from typing import List

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-\s+|[.!?;]{2,}")
# A question of fewer words leans on the sentence before it for what it is about ("sorry, ik
# schrijf nog niet zo goed Nederlands. lukt dat wel met jou?" read alone as asking the bot's
# opinion, to a simulated mother; "De school kan dit lezen. Is dat zo?"): the sentence reader and
# the privacy question read it together with that sentence.
SHORT_QUESTION = 7


def sentences(text: str) -> List[str]:
    """The sentences of `text`, stripped, without empty ones."""
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def leans_on_the_one_before(sentence: str) -> bool:
    """True when a sentence is too short to say by itself what it asks about (SHORT_QUESTION)."""
    return len(sentence.split()) < SHORT_QUESTION
