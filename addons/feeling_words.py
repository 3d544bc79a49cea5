"""Whether a message's words fit a feeling the intent model read in it.

One home for this check, because it runs in two places: the actions name a feeling only when the
words fit (actions/heard.py), and the safety net keeps the intent model's first reading of a
message that gets the check-in only when they fit (addons/crisis_detector.py), since the tracker
keeps no text to check it by afterwards (addons/expiring_tracker_store.py).
"""

from __future__ import annotations

from addons.content_files import content_file
from addons.topic_words import mentions, words


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
