"""A mirror for a typed answer: which theme it touches and how it sounds, instead of a plain thanks.

Parents who wrote a long answer and got "Dank je om dit te delen." felt unheard (issue 28). A
person who listens says what they heard: "Het klinkt alsof het werk thuis soms zwaar weegt."
The bot does not understand a story, so it mirrors only what words show safely: the theme the
answer names most (content/eigen_woorden.yml `thema_woorden`, the same words that open a theme)
and its tone (content/gehoord.yml `spiegels`). It never repeats the parent's words and keeps
nothing but the id of the text it said, so no mirror comes twice in a talk.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from actions.choice import fresh_or_none
from actions.heard import Variant, heard_file, variants
from addons.plain_text import word_list
from addons.topic_words import leading_theme, theme_counts

# The entry of `spiegels.themas` for an answer that names no single theme.
NO_THEME = "algemeen"
# In a message longer than this, a theme named by one word only is named in passing.
IN_PASSING_FROM = 16
# A tone word counts the other way when one of these many words before it is a negation.
NEGATION_REACH = 3


def mirror_content() -> Dict[str, Any]:
    """content/gehoord.yml `spiegels`."""
    return heard_file()["spiegels"]


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
    negations = set(content["ontkenning"])
    wish = any(_places(tokens, phrase) for phrase in content["hoop_woorden"])
    # What comes after "maar" weighs more: "hij doet de leuke dingen, maar het saaie werk komt bij mij".
    turn = max((at for word in content["maar_woorden"] for at in _places(tokens, word)), default=-1)
    score, hard_seen = 0, False
    for name, weight in (("moeilijk", -1), ("goed", 1)):
        if wish and name == "goed":
            continue  # a wish tells how it should be, not how it goes
        for phrase in content["toon_woorden"][name]:
            for at in _places(tokens, phrase):
                negated = any(token in negations for token in tokens[max(0, at - NEGATION_REACH) : at])
                counted = (-weight if negated else weight) * (2 if turn >= 0 and at > turn else 1)
                score += counted
                hard_seen = hard_seen or counted < 0
    # Pain named beside fine things is never mirrored as fine: "Daar mag je trots op zijn" to "hij is
    # de leuke, en dat doet pijn" hurt a simulated mother more than a plain thanks.
    return "moeilijk" if score < 0 else "goed" if score > 0 and not hard_seen else "gewoon"


def mirror(text: str, asked: Sequence[str]) -> Optional[Variant]:
    """The mirror for an answer not said before in this talk, or None (a short answer, nothing to
    mirror, or every fitting text said): then the bot thanks as before.

    The theme is the one the answer names most; in a long answer only when it names it twice.
    """
    content = mirror_content()
    length = len(word_list(text))
    if length < content["min_woorden"]:
        return None
    counts = theme_counts(text)
    theme = leading_theme(counts)
    if theme is not None and length > IN_PASSING_FROM and counts[theme] < 2:
        # One word of a theme in a long story ("... mijn vrouw leest ook niet goed") is no sign
        # that the story is about it: only its tone is mirrored.
        theme = None
    theme = theme or NO_THEME
    sound = tone(text)
    texts = content["themas"][theme][sound]
    return fresh_or_none(variants(f"spiegel_{theme}_{sound}", texts), asked)
