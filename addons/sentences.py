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


def sentences(text: str) -> List[str]:
    """The sentences of `text`, stripped, without empty ones."""
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]
