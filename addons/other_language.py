"""Which other language a message is written in, and crisis words in that language.

A parent in danger may write in her own language. The bot speaks only Dutch, but it must still
say so in her language and name 112, and give the help lines when she writes about suicide,
violence or an emergency (issue 27). Dutch must never be taken for another language: a
Flemish parent who writes "kheb da ni gedaan" and gets "I only speak Dutch" is lost.

How a message is judged, most certain first:

1. Script. A message mostly in another script (Arabic, Cyrillic, Ethiopic, ...) is another
   language, even one word. The language detector picks the language within that script
   (Arabic or Persian, Russian or Ukrainian); without one, `schriften` of content/talen.yml.
2. Arabic in Latin chat letters (darija, "3yit", "bghit nmout"): no detector knows it, so the
   `chat_woorden` of content/talen.yml decide.
3. Latin script, not mixed (no part of the message, between punctuation, is clearly Dutch), and
   less than a quarter of the words Dutch `kenwoorden` ("ik moe, kinderen niet slapen" is Dutch
   whatever the detector says). Names (Belgian municipalities, Home-Start), addresses and single
   letters are no words. Then the crisis words of one language decide for it, from two words on
   ("chcę umrzeć", "I want to die"); from three words on, so do the word for Dutch in one
   language ("je ne parle pas néerlandais") and, for English, which the detector confuses most
   with Dutch, its own common words ("thank you for your help"); otherwise, with words that
   Dutch shares with other languages (`gedeeld`: de, is, want, die) counted half, the detector
   (lingua) must find Dutch nearly impossible (thresholds below).

The detector is lingua in low-accuracy mode (trigrams only), limited to Dutch and the languages
of content/talen.yml: about 40 MB once every language was seen (50 MB with lingua itself and
the word lists) and 0.1 ms a message. Its high-accuracy mode is better on short messages but
costs 270 to 380 MB, which the bot's memory budget (1.2 GB for all its processes,
bench/RESULTS.md) does not have, and 0.7 ms. Without Afrikaans on purpose: it takes Flemish chat
spelling for its own. It is built once, on first use, or at start-up with `warm_up`.

`foreign_crisis` looks for the crisis words of content/talen.yml: those of the language of the
message and the `overal` list; when the language is not known (None: Dutch, or too short to
tell) those of every language, which content/talen.yml keeps free of ordinary Dutch.

Nothing here logs or keeps the text it looks at.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from addons.content_files import content_file
from addons.plain_text import STRAIGHT_QUOTES, plain, without_accents

TALEN = "talen.yml"
DUTCH = "nl"
ARABIC = "ar"

# Measured on every Dutch example of data/nlu/, data/veiligheid/ and tests/data/ (none may be
# called foreign) and on the messages of tests/data/andere_talen.yml. The detector's trigrams say
# little about three or four words: there Dutch must be nearly impossible (0.5 %); a longer
# message may keep a little more doubt (2 %). These are half of the loosest values that still
# called no Dutch example foreign (1 % and 5 %). The winner must be clear too (50 %, and 70 % for
# a longer message: "team papa versus team mama" is 66 % Romanian). Together this costs 6 of 407
# foreign messages, short English ones mostly, which the intent model's `andere_taal` knows.
MAX_DUTCH_SHORT = 0.005
MIN_WINNER_SHORT = 0.50
MAX_DUTCH = 0.02
MIN_WINNER = 0.70
SHORT = 4
# A Latin-script message needs this many words (names not counted) before the detector is asked;
# crisis words of one language are enough from two words on ("chcę umrzeć", "quiero morir").
MIN_WORDS = 3
MIN_WORDS_CRISIS = 2
# The detector reads at most this many words: a long message's language is clear from its start,
# and the detector's time grows with the text.
MAX_DETECTOR_WORDS = 50
# At least this share of Dutch `kenwoorden` makes a message Dutch.
DUTCH_SHARE = 0.25
# Arabizi: at least this many darija words (or words with 2, 3, 5, 7, 9 between letters), making
# up at least this share of the words.
MIN_CHAT_WORDS = 2
CHAT_SHARE = 0.5
# At least this share of a language's own `kenwoorden` (English only) makes a message that language.
OWN_WORDS_SHARE = 0.4
# A message is in another script when at least this share of its letters is not Latin.
OTHER_SCRIPT_SHARE = 0.5
# A message is mixed, so Dutch, when a part of it (between punctuation or quotes) of at least
# this many words has at least this share of Dutch `kenwoorden`.
MIXED_PART_WORDS = 2
MIXED_PART_SHARE = 0.5

_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
# Web and mail addresses and file names say nothing about the language of the message around them.
_ADDRESS = re.compile(
    r"\S+://\S+|www\.\S+|\S+@\S+\.\S+|\S+\.(?:be|com|nl|org|net|eu|fr|de|html?|pdf|jpe?g|png|ya?ml|txt|py)\b\S*|\S*[=~%/\\_]\S*",
    re.I,
)
# A message is mixed when one of its parts (between punctuation or quotes) is clearly Dutch.
_PARTS = re.compile(r"[.,;:!?\"“”„«»()\[\]\n]+")
_ARABIZI = re.compile(r"[a-z]*[a-z][23579][a-z]+|[23579][a-z]{2,}|[a-z]{2,}[23579]")
_COUNT = re.compile(r"\d+(de|ste|e|u|j|x|jarige?|jaar|uur|dehands)")
# Folding, for the text and the patterns alike (content/talen.yml says so in its header).
# Quotes also count ʼ (U+02BC, the apostrophe of Ukrainian "бʼє"), which plain() leaves alone.
_QUOTES = {**STRAIGHT_QUOTES, ord("ʼ"): "'"}
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ß": "ss", "ø": "o", "đ": "d", "ی": "ي", "ک": "ك", "ى": "ي", "ـ": None, "\u200c": None}
)


@dataclass(frozen=True)
class Languages:
    """content/talen.yml, compiled: crisis words per language, the Dutch and darija word lists."""

    crisis: Dict[str, re.Pattern[str]]
    everywhere: re.Pattern[str]
    dutch_words: frozenset[str]
    shared_words: frozenset[str]
    names: frozenset[str]
    chat_words: frozenset[str]
    scripts: Dict[str, str]
    letters: Dict[str, str]
    dutch_named: Dict[str, re.Pattern[str]]
    own_words: Dict[str, frozenset[str]]


def fold(text: str) -> str:
    """Lowercase, without accents, with straight quotes, one space between words.

    Arabic-script variants become one letter (Persian ی and ک, alif maqsura), so that a pattern
    written in one spelling finds the others; ı, ł and ß, which have no accent to strip, too.
    """
    # On top of plain(): ʼ and the letter variants; split again, as a lone tatweel or ZWNJ
    # between two spaces leaves two spaces.
    return " ".join(plain(text.translate(_QUOTES)).translate(_LETTERS).split())


def _strip(text: str) -> str:
    """The accents and letter variants of `fold`, without lowercasing (patterns keep \\W, \\B)."""
    return " ".join(without_accents(text).translate(_LETTERS).split())


def _one_pattern(patterns: List[str]) -> re.Pattern[str]:
    """One regular expression for a list: a long message is searched once per language, not once
    per pattern (half the time). Each pattern is checked on its own first, so an error names it."""
    for pattern in patterns:
        re.compile(_strip(pattern))
    return re.compile("|".join(f"(?:{_strip(p)})" for p in patterns) or r"(?!)")


@lru_cache(maxsize=1)
def languages() -> Languages:
    """Read and compile content/talen.yml once."""
    content: Dict[str, Any] = content_file(TALEN)
    talen: Dict[str, Any] = content["talen"]
    municipalities = {fold(name) for names in content_file("postcodes.yml")["postcodes"].values() for name in names}
    dutch = content["nederlands"]
    return Languages(
        crisis={code: _one_pattern(block.get("woorden") or []) for code, block in talen.items()},
        everywhere=_one_pattern(content.get("overal") or []),
        dutch_words=frozenset(fold(str(w)) for w in dutch["kenwoorden"]),
        shared_words=frozenset(fold(str(w)) for w in dutch.get("gedeeld") or []),
        names=frozenset(municipalities | {fold(str(n)) for n in dutch.get("namen") or []}),
        chat_words=frozenset(fold(str(w)) for w in talen[ARABIC].get("chat_woorden") or []),
        scripts=dict(content["schriften"]),
        letters={code: str(block["tekens"]) for code, block in talen.items() if block.get("tekens")},
        dutch_named={code: re.compile(_strip(block["nederlands"])) for code, block in talen.items() if block.get("nederlands")},
        own_words={
            code: frozenset(fold(str(w)) for w in block["kenwoorden"]) for code, block in talen.items() if block.get("kenwoorden")
        },
    )


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """Lingua for Dutch and every language of content/talen.yml it knows, built once.

    Low-accuracy mode (trigrams only): a tenth of the memory and CPU of the high-accuracy mode,
    and the Dutch word list and thresholds above make up for the short messages.
    """
    codes = [DUTCH, *languages().crisis]
    known = {language.iso_code_639_1.name.lower() for language in Language.all()}
    iso = [IsoCode639_1.from_str(code) for code in codes if code in known]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*iso).with_low_accuracy_mode().build()


def warm_up() -> None:
    """Build the detector and load its models now (about 0.1 s and 40 MB), at start-up, so that
    the first parent who writes in another language does not wait. The bot's own sentence in
    every language of content/talen.yml loads the model of each."""
    for block in content_file(TALEN)["talen"].values():
        _ranked(str(block["zeg"]))


def _script(letter: str) -> str:
    """The script of one letter, as the first word of its Unicode name (LATIN, ARABIC, CJK, ...)."""
    name = unicodedata.name(letter, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _other_script(text: str) -> Optional[str]:
    """The main non-Latin script of a message written mostly in one, else None."""
    scripts = Counter(_script(c) for c in text if c.isalpha())
    letters = sum(scripts.values())
    if not letters:
        return None
    others = Counter({s: n for s, n in scripts.items() if s != "LATIN"})
    if sum(others.values()) < OTHER_SCRIPT_SHARE * letters:
        return None
    return others.most_common(1)[0][0]


def _ranked(text: str) -> List[Tuple[str, float]]:
    """The detector's languages for a text, most likely first, as (ISO code, confidence)."""
    return [(c.language.iso_code_639_1.name.lower(), c.value) for c in detector().compute_language_confidence_values(text)]


def _in_script(text: str, script: str, talen: Languages) -> str:
    """The language of a message in another script.

    Letters only one language uses (`tekens`: і is Ukrainian, ы Russian) decide first, then
    crisis words of one language ("хочу умереть" is Russian), then the detector, whose trigrams
    alone often mistake a short Russian message for Ukrainian; then `schriften`.
    """
    lowered = text.lower()
    marked = [code for code, letters in talen.letters.items() if any(c in lowered for c in letters)]
    if len(marked) == 1:
        return marked[0]
    ranked = [(code, confidence) for code, confidence in _ranked(text) if code != DUTCH and confidence > 0]
    crisis = _crisis_language(fold(text), ranked, talen)
    if crisis is not None:
        return crisis
    return ranked[0][0] if ranked else talen.scripts.get(script, "und")


def _crisis_language(folded: str, ranked: List[Tuple[str, float]], talen: Languages) -> Optional[str]:
    """The language whose own crisis words the message holds; the detector breaks a tie."""
    return _first(ranked, [code for code, pattern in talen.crisis.items() if pattern.search(folded)])


def _first(ranked: List[Tuple[str, float]], found: List[str]) -> Optional[str]:
    """Of the languages found, the one the detector ranks highest (None when none was found)."""
    if not found:
        return None
    order = {code: i for i, (code, _) in enumerate(ranked)}
    return min(found, key=lambda code: order.get(code, len(order)))


def _share(words: List[str], known: frozenset[str]) -> float:
    """The share of the words that are in a word list (0 for fewer than two of them)."""
    count = sum(w in known for w in words)
    return count / len(words) if count >= 2 else 0.0


def _has_dutch_part(text: str, talen: Languages) -> bool:
    """True when a part of the message is Dutch ("sorry voor mijn Nederlands, I want to die")."""
    for part in _PARTS.split(text):
        words = [fold(w) for w in _TOKEN.findall(part.lower()) if not w.isdigit()]
        dutch = sum(w in talen.dutch_words for w in words)
        if len(words) >= MIXED_PART_WORDS and dutch >= MIXED_PART_SHARE * len(words):
            return True
    return False


def has_dutch_words(text: str) -> bool:
    """True when the message holds at least two Dutch `kenwoorden` (any spelling: "'t was nie echt
    leuk eh, by myn pa"). The intent model's guess of another language needs a message without them."""
    talen = languages()
    return sum(fold(w) in talen.dutch_words for w in _TOKEN.findall(text.lower())) >= 2


def other_language(text: str) -> Optional[str]:
    """The ISO 639-1 code of the language of a message clearly written in another language, else None.

    None for Dutch in any spelling, for a message of one or two Latin-script words ("ok",
    "merci", "sorry") and for a mixed message with enough Dutch in it. The code may have no
    block in content/talen.yml (a script such as Ethiopic, "ti"): then the bot's reply in
    several languages is the one to give.
    """
    talen = languages()
    script = _other_script(text)
    if script is not None:
        return _in_script(text, script, talen)
    if _has_dutch_part(text, talen):
        return None
    # Words as written (lingua reads accents: ğ, ł, ă are Turkish, Polish, Romanian) and folded
    # (for the word lists); names and counts ("3de", "9u") are no words.
    written = [t for t in _TOKEN.findall(_ADDRESS.sub(" ", text).translate(_QUOTES).lower()) if not t.isdigit()]
    pairs = [(w, fold(w)) for w in written]
    # One letter is no word ("m.a.w.", Polish "w"), unless a Dutch one ("k", "t", "u").
    pairs = [
        (w, f)
        for w, f in pairs
        if f not in talen.names and not _COUNT.fullmatch(f) and (len(f) > 1 or f in talen.dutch_words or f in talen.shared_words)
    ]
    words = [f for _, f in pairs]
    dutch = sum(w in talen.dutch_words for w in words)
    shared = sum(w in talen.shared_words for w in words)
    # Darija puts one-letter words everywhere (f, l, w: in, the, and): they do not count here.
    long_words = [w for w in words if len(w) > 1]
    chat = [w for w in long_words if w in talen.chat_words or _ARABIZI.fullmatch(w)]
    if len(chat) >= MIN_CHAT_WORDS and len(chat) >= CHAT_SHARE * len(long_words) and dutch < len(chat):
        return ARABIC
    if len(words) < MIN_WORDS_CRISIS or dutch >= DUTCH_SHARE * len(words):
        return None
    # Crisis words of one language outweigh words it shares with Dutch ("I want to die": want,
    # die), not Dutch's own words ("ik wil gewoon kill myself" stays Dutch).
    ranked = _ranked(" ".join(w for w, _ in pairs[:MAX_DETECTOR_WORDS]))
    folded = fold(text)
    crisis = _crisis_language(folded, ranked, talen)
    if crisis is not None:
        return crisis
    named = _first(ranked, [code for code, pattern in talen.dutch_named.items() if pattern.search(folded)])
    if named is not None and len(words) >= MIN_WORDS:
        return named
    own = _first(ranked, [code for code, known in talen.own_words.items() if _share(words, known) >= OWN_WORDS_SHARE])
    if own is not None and len(words) >= MIN_WORDS:
        return own
    if len(words) < MIN_WORDS or dutch + shared / 2 >= DUTCH_SHARE * len(words) or not ranked:
        return None
    winner, confidence = ranked[0]
    if winner == DUTCH:
        return None
    dutch_confidence = dict(ranked).get(DUTCH, 0.0)
    if len(words) <= SHORT:
        return winner if dutch_confidence <= MAX_DUTCH_SHORT and confidence >= MIN_WINNER_SHORT else None
    return winner if dutch_confidence <= MAX_DUTCH and confidence >= MIN_WINNER else None


def foreign_crisis(text: str, language: Optional[str]) -> bool:
    """True when a message holds crisis words of its language or of the `overal` list.

    With no language (a Dutch message, or one too short to tell) the crisis words of every
    language count: "chcę umrzeć" is two words, and "he hits me" inside a Dutch message is still
    a crisis.
    """
    talen = languages()
    folded = fold(text)
    if talen.everywhere.search(folded):
        return True
    if language is None:
        return any(pattern.search(folded) for pattern in talen.crisis.values())
    pattern = talen.crisis.get(language)
    return pattern is not None and pattern.search(folded) is not None
