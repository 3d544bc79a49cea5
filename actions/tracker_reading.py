"""Reading the tracker: what every family of actions asks of the conversation so far.

The questions, /kaart, /training, /samen, /wiedoetwat and own words all read the latest
intent, a button's entity, the group member and the prompts already asked the same way.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.say import text_of
from addons.topic_words import says_other_parent_at_home, says_parent_alone

# The slot that keeps only the family form the parent chose with a button (action_sla_over
# sets it): "alleen" ("Ik voed alleen op": no other parent at home) or "uit_elkaar" ("We zijn
# uit elkaar": the other parent lives apart). The buttons send /andere_vraag{"gezin":"..."}.
# Or said in own words (`told_family_form`): "samen", the other parent lives at home, so the
# questions about the other parent come in their usual form, without those two buttons; or
# "alleen", a parent who raises the children alone here (a partner abroad).
ALONE_SLOT = "alleen_opvoeder"
ALONE, APART, TOGETHER = "alleen", "uit_elkaar", "samen"
FAMILY_FORMS = (ALONE, APART, TOGETHER)


def latest_intent(tracker: Tracker) -> str:
    """Name of the intent of the last user message ('' when there is none)."""
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def button_entity(tracker: Tracker, entity: str, allowed: Collection[str]) -> Optional[str]:
    """The value of `entity` in the latest message (set by a button payload such as
    '/kaart{"kaart_thema":"steun"}'), if it is one of `allowed`."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == entity and found.get("value") in allowed:
            return str(found["value"])
    return None


def member_key(tracker: Tracker) -> Optional[str]:
    """The hashed member key the bridge sent with the latest message (groups only).

    /samen and /wiedoetwat in a group tell two members' answers apart by it; in a private
    chat (and the terminal) there is none.
    """
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return (event.get("metadata") or {}).get("lid")
    return None


def asked_ids(tracker: Tracker) -> List[str]:
    """Ids of every prompt said in this conversation, oldest first."""
    return list(tracker.get_slot("gesteld") or [])


def family_form(tracker: Tracker) -> Optional[str]:
    """The family form the parent chose ("alleen" or "uit_elkaar") or told ("samen"), or None.

    True is "alleen": the slot held only that before the second form existed.
    """
    value = tracker.get_slot(ALONE_SLOT)
    if value is True:
        return ALONE
    return value if value in FAMILY_FORMS else None


def raises_alone(tracker: Tracker) -> bool:
    """Whether the parent said (with the button "Ik voed alleen op") that no other parent is at home."""
    return family_form(tracker) == ALONE


# The check-in's "Ja" and "Nee, iets anders" buttons (domain.yml utter_crisis_twijfel).
CHECK_IN_YES = "/checkin_ja"
CHECK_IN_NO = "/checkin_nee"


def last_reply(tracker: Tracker) -> List[Dict[str, Any]]:
    """The bot messages sent since the parent's last message but one (the reply they answer)."""
    events = list(tracker.events or [])
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return []
    start = users[-2] + 1 if len(users) > 1 else 0
    return [e for e in events[start : users[-1]] if e.get("event") == "bot"]


def reply_buttons(tracker: Tracker) -> List[Dict[str, Any]]:
    """The buttons of the reply the parent answers."""
    return [b for e in last_reply(tracker) for b in (e.get("data") or {}).get("buttons") or []]


# The help lines' "Verder praten" button (domain.yml utter_crisis_*_hulp): its title tells the
# help lines from other replies that offer the menu.
HELP_LINES_GO_ON = ("Verder praten", "/menu")


def after_help_lines(tracker: Tracker) -> bool:
    """True when the reply the parent answers gave the help lines."""
    return any((b.get("title"), b.get("payload")) == HELP_LINES_GO_ON for b in reply_buttons(tracker))


def offered(tracker: Tracker, payload: str) -> bool:
    """True when the reply the parent answers has a button with `payload` (the check-in, a statement)."""
    return any(b.get("payload") == payload for b in reply_buttons(tracker))


def told_family_form(tracker: Tracker) -> List[Dict[str, Any]]:
    """The slot event for a family form the parent's words tell, when none was chosen yet: "alleen"
    when they say they raise the children alone here (a partner abroad), "samen" when they say the
    other parent lives at home (addons/topic_words.py says_parent_alone, says_other_parent_at_home)."""
    if family_form(tracker) is not None:
        return []
    text = str(tracker.latest_message.get("text") or "")
    if says_parent_alone(text):
        return [SlotSet(ALONE_SLOT, ALONE)]
    if not says_other_parent_at_home(text):
        return []
    return [SlotSet(ALONE_SLOT, TOGETHER)]


# The full privacy answer (content/berichten.yml), in this order; the first one tells it apart.
FULL_PRIVACY = ("privacy", "privacy_vergeten", "privacy_telegram")


def privacy_said(events: List[Dict[str, Any]]) -> bool:
    """True when one of these bot events is the full privacy answer."""
    first = text_of(FULL_PRIVACY[0])
    return any(e.get("event") == "bot" and e.get("text") == first for e in events)


def just_said_privacy(tracker: Tracker) -> bool:
    """True when the reply the parent answers is the full privacy answer."""
    return privacy_said(last_reply(tracker))
