"""Making Rasa go on as if the parent pressed a button or typed their message again.

"ok" at a reply does what its forward button does; a volunteer's "waar begin ik?" opens a card;
a word that is also a command ("samen") typed as an answer is heard again as the answer. Each
is a listen and a new user message in the tracker, as a real press would be.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction

# The intent that continues each theme (the theme's menu button).
THEME_PAYLOAD = {
    "stellingen": "/stelling",
    "eigen_rol": "/eigen_rol",
    "partner": "/partner",
    "steun": "/steun",
    "trage_vragen": "/vraag",
    "huishouden": "/huishouden",
}
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$")


def press(payload: str, tracker: Tracker) -> List[EventType]:
    """Events that make Rasa go on as if the parent pressed the button with `payload`.

    A listen and a new user message, as when a button is pressed; the message keeps the
    metadata of the one it answers (in a group: the hashed member key).
    """
    match = _PAYLOAD.match(payload)
    if not match:
        return [FollowupAction("action_listen")]
    entities = [{"entity": k, "value": v} for k, v in json.loads(match["entities"] or "{}").items()]
    return _heard_again(tracker, payload, match["intent"], entities)


def retell(tracker: Tracker) -> List[EventType]:
    """Events that make Rasa hear the parent's last message again as own words (`vertellen`).

    For a word that is also a command ("samen") typed as the answer to an open question:
    the answer, not the command.
    """
    return _heard_again(tracker, str(tracker.latest_message.get("text") or ""), "vertellen", [])


def _heard_again(tracker: Tracker, text: str, intent: str, entities: List[Dict[str, Any]]) -> List[EventType]:
    parse_data = {"intent": {"name": intent, "confidence": 1.0}, "entities": entities, "text": text}
    last_user: Dict[str, Any] = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"), {})
    metadata = dict(last_user.get("metadata") or {})
    # A plain event dict: rasa_sdk's UserUttered() takes no metadata.
    return [ActionExecuted("action_listen"), {"event": "user", "text": text, "parse_data": parse_data, "metadata": metadata}]
