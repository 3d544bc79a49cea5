"""One way to make a message plain before it is compared with words or patterns (issue 30).

Parents type "Één", "ÉÉN" and "een", with curly quotes from a phone keyboard ("’s nachts") and
stray spaces: every look-up of the bot (safety patterns, theme words, places, typed buttons,
inline search, languages) should read these the same, so the steps live here, once.
A module that does one step more (keeps apostrophes, letters of every script, ...) does it
on top of these and says why.
"""

from __future__ import annotations

import re
import unicodedata

# Phone keyboards type curly quotes; patterns and word lists are written with straight ones.
STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
_WORD = re.compile(r"[a-z0-9]+")
_WORD_OR_HYPHEN = re.compile(r"[a-z0-9-]+")


def without_accents(text: str) -> str:
    """The text with accents taken off its letters ("één" is "een"), case and all else as it was.

    NFKD also unfolds compatibility forms (the ligature "ﬁ" is "fi", "①" is "1").
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lowercase, without accents, with straight quotes, one space between words, none around."""
    return " ".join(without_accents(text.translate(STRAIGHT_QUOTES).lower()).split())


def word_list(text: str, hyphens: bool = False) -> list[str]:
    """The words of `plain(text)`: runs of a-z and 0-9, everything else separates them.

    With `hyphens`, a hyphen belongs to the word, so "Oud-Heverlee" stays one name.
    Letters that have no plain a-z form (ß, ø, Arabic, Cyrillic) separate words too.
    """
    return (_WORD_OR_HYPHEN if hyphens else _WORD).findall(plain(text))
