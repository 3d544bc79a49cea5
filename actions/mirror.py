"""A mirror for a typed answer: which theme it touches and how it sounds, instead of a plain thanks.

Parents who wrote a long answer and got "Dank je om dit te delen." felt unheard (issue 28). A
person who listens says what they heard: "Het klinkt alsof het werk thuis soms zwaar weegt."
The bot does not understand a story, so it mirrors only what words show safely: the theme the
answer names most (content/eigen_woorden.yml `thema_woorden`, the same words that open a theme)
and its tone (content/gehoord.yml `spiegels`). It never repeats the parent's words and keeps
nothing but the id of the text it said, so no mirror comes twice in a talk.
"""

from __future__ import annotations

from typing import Optional, Sequence

from actions.choice import fresh_or_none
from actions.heard import Variant, variants
from actions.tone import mirror_content, sees_something, tone
from addons.plain_text import word_list
from addons.topic_words import leading_theme, mentions, theme_counts, words

# The entry of `spiegels.themas` for an answer that names no single theme.
NO_THEME = "algemeen"
# In a message longer than this, a theme named by one word only is named in passing.
IN_PASSING_FROM = 16
# A child named later than this many words into the message is no sign the story is about them:
# "eerlijk? mijn vrouw bijna alles. koken, wassen ... en de kinderen" got "Het klinkt alsof je nu
# veel met je kind bezig bent" (a simulated father who does little at home, 7 December).
SUBJECT_WITHIN = 10


def mirror(text: str, asked: Sequence[str]) -> Optional[Variant]:
    """The mirror for an answer not said before in this talk, or None (a short answer, nothing to
    mirror, or every fitting text said): then the bot thanks as before.

    The theme is the one the answer names most; in a long answer only when it names it twice.
    """
    content = mirror_content()
    if sees_something(text):
        seen = fresh_or_none(variants("spiegel_inzicht", content["inzicht"]["teksten"]), asked)
        if seen is not None:
            return seen
    if mentions(words(text), content["terugblik"]["woorden"]):
        # Looking back on what was missed: heard without blame (report 5.7).
        looked_back = fresh_or_none(variants("spiegel_terugblik", content["terugblik"]["teksten"]), asked)
        if looked_back is not None:
            return looked_back
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
    who = person_named(text) if theme == NO_THEME else None
    if who is not None:
        # "Je vertelt over je dochter." hears more than "Goed dat je het vertelt." (simulated
        # father, 7 December: "mijn dochter van 15 zegt amper nog iets tegen mij").
        texts = [text.format(wie=who) for text in content["themas"][theme][f"{sound}_wie"]]
        return fresh_or_none(variants(f"spiegel_{theme}_{sound}_wie", texts), asked)
    texts = content["themas"][theme][sound]
    return fresh_or_none(variants(f"spiegel_{theme}_{sound}", texts), asked)


def person_named(text: str) -> Optional[str]:
    """Who the message is about, as the mirror says it ("je dochter"), from the first child it
    names in its first words (content/gehoord.yml `spiegels.personen`); None when it names none."""
    people = mirror_content()["personen"]
    for token in word_list(text)[:SUBJECT_WITHIN]:
        for person in people:
            if token in person["woorden"]:
                return str(person["wie"])
    return None
