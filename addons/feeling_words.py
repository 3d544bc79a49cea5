"""Whether a message's words fit a feeling the intent model read in it.

One home for this check, because it runs in two places: the actions name a feeling only when the
words fit (actions/heard.py), and the safety net keeps the intent model's first reading of a
message that gets the check-in only when they fit (addons/crisis_detector.py), since the tracker
keeps no text to check it by afterwards (addons/expiring_tracker_store.py).
"""

from __future__ import annotations

from typing import Optional

from addons.content_files import content_file
from addons.sentences import sentences
from addons.topic_words import mentions, starts_with, words

SADNESS = "gevoel_verdriet"
WORRY = "gevoel_zorg"
CONFLICT = "gevoel_conflict"
IN_LAWS = "gevoel_schoonfamilie"


def words_fit_feeling(name: str, text: str) -> bool:
    """False when the words say no to the feeling `name` (content/gehoord.yml `ontkend_gevoel`:
    "daar ben ik niet trots op") or lack a word of it where one is needed (`gevoel_nodig`: "nee laat
    maar. mn vrouw sarah zei da ik het moest proberen" was sadness to the intent model, 0.91)."""
    heard = content_file("gehoord.yml")
    found_in = words(text)
    denials = heard["ontkend_gevoel"].get(name, [])
    if denials and mentions(found_in, denials):
        return False
    needed = heard["gevoel_nodig"].get(name)
    return not needed or mentions(found_in, needed["woorden"]) or any(e in text for e in needed.get("emoji") or [])


def whose_feeling(name: str, text: str) -> str:
    """The feeling to name: a clash with in-laws (content/gehoord.yml `schoonfamilie`) where the intent
    model read conflict with the other parent; a worry about a child (gevoel_zorg) where the sadness the intent model
    read is a child's, the subject of a sentence of sadness or in a child's place (content/gehoord.yml
    `verdriet_van_kind`: "Zoë komt soms echt verdrietig
    thuis" is no sadness of the parent's own, and got "Verdriet mag er zijn, ook als ouder ... bel
    106"); else `name`."""
    heard = content_file("gehoord.yml")
    found_in = words(text)
    clash = name == CONFLICT or (name == SADNESS and mentions(found_in, heard["schoonfamilie_botsing"]))
    if clash and mentions(found_in, heard["schoonfamilie"]):
        # A clash with in-laws is no clash with the other parent (a simulated father, 7 December, late).
        return IN_LAWS
    if name != SADNESS:
        return name
    child = heard["verdriet_van_kind"]
    sad_words = heard["gevoel_nodig"][SADNESS]["woorden"]
    for sentence in sentences(text) or [text]:
        found_in = words(sentence)
        if not mentions(found_in, sad_words) or mentions(found_in, child["ik"]):
            continue
        tokens = found_in.split()
        if tokens and tokens[0] in child["aanloop"]:
            tokens = tokens[1:]
        if starts_with(" " + " ".join(tokens) + " ", child["kind"]) or mentions(found_in, child["plaats"]):
            return WORRY
    return name


# A sad face counts with at most this many words beside it ("ok 😕"); with more, the words speak.
SAD_FACE_WORDS = 2


def feeling_in_words(text: str) -> Optional[str]:
    """The feeling a message names in words the intent model does not know (content/gehoord.yml
    `gevoel_regels`: "soms voel ik mij een gast in mijn eigen huis"), or by a sad face alone
    ("😢", "ok 😕": a rule's `emoji`), the first that fits; or None."""
    found_in = words(text)
    rules = content_file("gehoord.yml")["gevoel_regels"]
    return next((str(r["gevoel"]) for r in rules if mentions(found_in, r["woorden"]) or _only_faces(text, r)), None)


def _only_faces(text: str, rule: dict) -> bool:
    """True when a rule has `emoji` and the message is some of them, with a word or two at most."""
    faces = rule.get("emoji") or []
    if not faces or len(words(text).split()) > SAD_FACE_WORDS:
        return False
    rest = "".join(ch for ch in text if not (ch.isalnum() or ch.isspace() or ch in ".,!?'-"))
    for face in sorted(faces, key=len, reverse=True):
        rest = rest.replace(face, "")
    return rest.replace("\ufe0f", "") == "" and any(face in text for face in faces)
