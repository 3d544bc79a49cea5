"""Replaying a conversation test of tests/conversations through the running assistant.

`rasa test core` cannot do this: it never calls the action server (it copies the slots and
loop events written in the story instead of running the actions), and without `--e2e` it
does not even read the `user:` text. Here every turn's real text goes to Rasa's REST
channel, as the bridge sends it, so NLU, the command guard, the crisis detector, the rules
and the custom actions on the real action server all take part. After each turn the
conversation Rasa keeps (its HTTP API, `--enable-api`, on 127.0.0.1 in the tests only) says
which intent the text became and which actions ran, and that must be what the story says.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.dialogue_walk import send

CONVERSATIONS = Path(__file__).resolve().parent / "conversations"
# The one action whose turn the tracker store cannot show: it ends in a restart, and the store
# keeps nothing from before a restart (addons/expiring_tracker_store.py). Its reply shows it.
ERASING_ACTIONS = {"action_vergeet": "vergeten"}
# Own words and "not understood" are one thing to the dialogue (the same rules take both, in every
# state), and a retrained model moves a borderline sentence between them: a story that writes one
# accepts the other. The actions after it must still be what the story says.
OWN_WORDS = frozenset({"vertellen", "nlu_fallback"})


def same_intent(seen: str | None, written: str | None) -> bool:
    """True when the intent seen is the one the story writes, or both are own words."""
    return seen == written or {seen, written} <= OWN_WORDS


@dataclass
class Turn:
    """One user message of a story and what the story says the assistant does with it."""

    text: str
    intent: str
    # ("action" | "active_loop" | "user", name); "user": a button an action pressed for the parent
    steps: list[tuple[str, str | None]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class Observed:
    """What Rasa's stored conversation shows for one turn."""

    intent: str | None
    steps: list[tuple[str, str | None]]
    slots: dict[str, Any]
    users: int  # user events the tracker now holds
    loop_before: str | None = None


@dataclass
class Story:
    """A story of tests/conversations: its file, its name and its turns."""

    file: str
    name: str
    turns: list[Turn]


def load_stories() -> list[Story]:
    """Every story of every file in tests/conversations, as turns."""
    stories = []
    for path in sorted(CONVERSATIONS.glob("*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            turns: list[Turn] = []
            for step in raw["steps"]:
                if "user" in step:
                    turns.append(Turn(step["user"].strip(), step["intent"]))
                elif not turns:
                    raise ValueError(f"{path.name}: {raw['story']} must begin with a user message")
                elif "intent" in step:  # no text: a button an action pressed for the parent
                    turns[-1].steps.append(("user", step["intent"]))
                elif "action" in step:
                    turns[-1].steps.append(("action", step["action"]))
                elif "active_loop" in step:
                    turns[-1].steps.append(("active_loop", step["active_loop"]))
                elif "slot_was_set" in step:
                    for slot in step["slot_was_set"]:
                        turns[-1].slots.update(slot)
                else:
                    raise ValueError(f"{path.name}: {raw['story']}: unknown step {step}")
            stories.append(Story(path.name, raw["story"], turns))
    return stories


def tracker_events(url: str, sender: str) -> list[dict[str, Any]]:
    """The events Rasa keeps for this conversation (texts blanked by the tracker store)."""
    address = f"{url}/conversations/{urllib.parse.quote(sender)}/tracker?include_events=ALL"
    with urllib.request.urlopen(address, timeout=20) as response:
        return json.loads(response.read())["events"]


def _active_loop(events: list[dict[str, Any]]) -> str | None:
    """The form that is open after these events."""
    loop = None
    for event in events:
        if event["event"] == "active_loop":
            loop = event.get("name")
        elif event["event"] == "restart":
            loop = None
    return loop


def observed(events: list[dict[str, Any]], first_user: int) -> Observed:
    """What the turn whose message is user event number `first_user` (from 0) did.

    The intent its text became; then in order the actions that ran, each change of the open
    form, and a button an action pressed for the parent ("user", intent); and the slots set.
    """
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    if len(users) <= first_user:
        return Observed(None, [], {}, users=len(users))
    start = users[first_user]
    intent = ((events[start].get("parse_data") or {}).get("intent") or {}).get("name")
    loop_before = loop = _active_loop(events[:start])
    steps: list[tuple[str, str | None]] = []
    slots: dict[str, Any] = {}
    for event in events[start + 1 :]:
        if event["event"] == "action" and event["name"] != "action_listen":
            steps.append(("action", event["name"]))
        elif event["event"] == "active_loop" and event.get("name") != loop:
            loop = event.get("name")
            steps.append(("active_loop", loop))
        elif event["event"] == "slot":
            slots[event["name"]] = event["value"]
        elif event["event"] == "user":
            steps.append(("user", ((event.get("parse_data") or {}).get("intent") or {}).get("name")))
    return Observed(intent, steps, slots, users=len(users), loop_before=loop_before)


def as_written(steps: list[tuple[str, str | None]], loop: str | None) -> list[tuple[str, str | None]]:
    """The story's steps without `active_loop` lines that state the form already open.

    A story says `active_loop: vraag_form` after every question; Rasa records the event only
    when the open form changes.
    """
    kept = []
    for kind, name in steps:
        if kind == "active_loop":
            if name == loop:
                continue
            loop = name
        kept.append((kind, name))
    return kept


def replay(url: str, sender: str, story: Story, erased_replies: dict[str, str]) -> list[str]:
    """Send every turn; the differences from the story, one line each (empty: all as written)."""
    problems = []
    users_before = 0
    for number, turn in enumerate(story.turns, 1):
        reply = send(url, sender, turn.text)
        where = f"turn {number} {turn.text!r}"
        if not reply:
            problems.append(f"{where}: no reply")
        seen = observed(tracker_events(url, sender), users_before)
        users_before = seen.users
        erasing = [name for kind, name in turn.steps if kind == "action" and name in ERASING_ACTIONS]
        if erasing:
            expected_text = erased_replies[ERASING_ACTIONS[erasing[-1]]]
            if seen.users:
                problems.append(f"{where}: the conversation was not erased ({seen.users} messages kept)")
            if expected_text not in [m.get("text") for m in reply]:
                problems.append(f"{where}: expected the reply {expected_text!r}, got {[m.get('text') for m in reply]}")
            continue
        if not same_intent(seen.intent, turn.intent):
            problems.append(f"{where}: intent {seen.intent}, story says {turn.intent}")
        expected = as_written(turn.steps, seen.loop_before)
        if seen.steps != expected:
            problems.append(f"{where}: ran {seen.steps}, story says {expected}")
        for name, value in turn.slots.items():
            if seen.slots.get(name, "<not set>") != value:
                problems.append(f"{where}: slot {name} = {seen.slots.get(name, '<not set>')!r}, story says {value!r}")
    return problems
