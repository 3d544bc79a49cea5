"""How a parent's words sound: hard, fine or neither, from the word lists of content/gehoord.yml `spiegels`.

Read by the mirror of a typed answer (actions/mirror.py) and by the reply to a feeling that comes
with something hard ("kzen wel trots ma tis wel zuur", actions/heard.py). Nothing is kept.
"""

from __future__ import annotations

from typing import Any, Dict, List

from addons.content_files import content_file
from addons.plain_text import word_list
from addons.topic_words import mentions, words

# A tone word counts the other way when one of these many words before it is a negation.
NEGATION_REACH = 3
# A negation does not reach past these words into the next clause.
CLAUSE_WORDS = frozenset({"en", "maar", "ma", "mo", "want", "omdat", "dus", "of"})


def mirror_content() -> Dict[str, Any]:
    """content/gehoord.yml `spiegels`."""
    spiegels: Dict[str, Any] = content_file("gehoord.yml")["spiegels"]
    return spiegels


def sees_something(text: str) -> bool:
    """True when the parent sees something new or thinks of a small step (content/gehoord.yml
    `spiegels.inzicht`: "misschien kan ik ...", "nooit aan gedacht", "doet hij eigenlijk meer")."""
    return mentions(words(text), mirror_content()["inzicht"]["woorden"])


def _places(tokens: List[str], phrase: str) -> List[int]:
    """Where the words of `phrase` stand in `tokens`, one place for each time they occur."""
    wanted = phrase.split()
    return [at for at in range(len(tokens) - len(wanted) + 1) if tokens[at : at + len(wanted)] == wanted]


def tone(text: str) -> str:
    """'moeilijk', 'goed' or 'gewoon': how the words sound, a negated word counting the other way.

    "het loopt niet altijd makkelijk" is hard, "geen probleem" is fine, words after "maar" count
    twice ("leuk, maar saai werk blijft bij mij" is hard), a hard word anywhere keeps it from
    sounding fine, the fine words of a wish count for nothing ("ik hoop dat ze later gelukkig
    is"); hard and fine words that weigh the same sound like neither.
    """
    content = mirror_content()
    tokens = word_list(text)
    for idiom in content["geen_toon"]:
        # "lachen we ons kapot": a hard word in an idiom of fun is no hardship.
        size = len(idiom.split())
        for at in reversed(_places(tokens, idiom)):
            tokens = tokens[:at] + tokens[at + size :]
    negations = set(content["ontkenning"])
    wish = any(_places(tokens, phrase) for phrase in content["hoop_woorden"])
    # What comes after "maar" weighs more: "hij doet de leuke dingen, maar het saaie werk komt bij mij".
    turn = max((at for word in content["maar_woorden"] for at in _places(tokens, word)), default=-1)
    score, hard_seen = 0, False
    for name, weight in (("moeilijk", -1), ("goed", 1)):
        if wish and name == "goed":
            continue  # a wish tells how it should be, not how it goes
        for phrase in content["toon_woorden"][name]:
            # A phrase that holds its own negation ("zegt niks", "praat niet meer") is not turned
            # around by another one before it ("waarom komt papa niet' en Milan zegt niks": fine).
            own_negation = any(word in negations for word in phrase.split())
            for at in _places(tokens, phrase):
                before = tokens[max(0, at - NEGATION_REACH) : at]
                # Only within the clause: "komt papa niet' en Milan zegt niks" negates nothing after "en".
                after_clause = before[max((n + 1 for n, token in enumerate(before) if token in CLAUSE_WORDS), default=0) :]
                negated = not own_negation and any(token in negations for token in after_clause)
                counted = (-weight if negated else weight) * (2 if turn >= 0 and at > turn else 1)
                score += counted
                hard_seen = hard_seen or counted < 0
    # Pain named beside fine things is never mirrored as fine: "Daar mag je trots op zijn" to "hij is
    # de leuke, en dat doet pijn" hurt a simulated mother more than a plain thanks.
    return "moeilijk" if score < 0 else "goed" if score > 0 and not hard_seen else "gewoon"
