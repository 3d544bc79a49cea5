"""The wire format between the bridge (bot/), Rasa and the action server (actions/).

What one side writes and another reads, in one place, so that the two ends cannot drift apart:

- which questions can be shared (SHARED_THEMES): offered by the bridge's inline mode, opened
  by the actions;
- a deep link: Telegram's "/start <id>" (the id of a shared question) reaches Rasa as
  `/gedeelde_vraag{"prompt_id":"<id>"}` (intent and entity in domain.yml), written by the bridge
  and read by actions/delen.py;
- the share button's payload "deel:<id>": written by actions/sharing.py, turned by the bridge
  into Telegram's share button (never sent to Rasa), and not read as a typed button title;
- a picture: an action sends `{"foto": {"png_base64", "bijschrift", "tekst"}}` as a custom
  message (actions/say.py), the bridge shows it (bot/messages.py);
- `{"state_unreachable": true}`: Rasa's answer when the conversation state (Redis) cannot be
  reached (addons/), which the bridge turns into its "even geduld" message;
- the entities our NLU components write and the actions read (domain.yml): the question heard in
  one sentence, each question of a message of several, and the safety net's first reading.

Why here: addons/ is the layer that Rasa, the action server and the bridge all import and that
imports none of them (as addons/content_files.py), so bot/ reads the wire format here without
importing actions/. This module imports nothing of the project and holds no behaviour beyond
writing and checking these shapes.
"""

from __future__ import annotations

import json
import re

# Telegram's deep-link parameter: only A-Za-z0-9_- and at most 64 characters.
DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# The themes whose questions can be shared (and so opened by a deep link): the statements, the
# slow questions and the household questions, which stand on their own without a statement
# answered before them. The bridge offers them (inline mode), the actions open them.
SHARED_THEMES = ("stellingen", "trage_vragen", "huishouden")
# The intent and entity a deep link reaches Rasa as (domain.yml).
DEEP_LINK_INTENT = "gedeelde_vraag"
DEEP_LINK_ENTITY = "prompt_id"

# The payload of the button "Deel deze vraag": "deel:<id>".
SHARE_PREFIX = "deel:"

# A picture an action sends as a custom message, and its fields.
PICTURE = "foto"
PICTURE_PNG = "png_base64"
PICTURE_CAPTION = "bijschrift"
PICTURE_TEXT = "tekst"

# The question heard in one sentence of a longer message (addons/sentence_reader.py, read by
# actions/heard.py question_kind), and each question of a message that asks several (other_question).
QUESTION_ENTITY = "vraag_soort"
QUESTIONS_ENTITY = "vragen"
# What the intent model read in a message before the safety net gave it the check-in: an intent
# name and its confidence, never words (addons/crisis_detector.py, read by actions/check_in.py).
FIRST_READING_ENTITY = "gelezen_als"

# The marker Rasa answers with when Redis (conversation state or locks) cannot be reached.
STATE_UNREACHABLE = "state_unreachable"


def deep_link_message(prompt_id: str) -> str:
    """What goes to Rasa for a deep link to `prompt_id`: `/gedeelde_vraag{"prompt_id":"<id>"}`."""
    if not DEEP_LINK.match(prompt_id):
        raise ValueError("not a deep-link id")
    return f"/{DEEP_LINK_INTENT}{json.dumps({DEEP_LINK_ENTITY: prompt_id}, separators=(',', ':'))}"


def share_payload(prompt_id: str) -> str:
    """The payload of the share button for the question `prompt_id`."""
    return SHARE_PREFIX + prompt_id


def shared_id(payload: str) -> str | None:
    """The question id of a share button's payload, None for any other payload."""
    return payload[len(SHARE_PREFIX) :] if payload.startswith(SHARE_PREFIX) else None
