"""The tracker store keeps conversations in memory only, briefly, capped and without the words.

These tests drive the real store class with real Rasa trackers and a clock we move by hand,
so that "forgotten after 30 minutes" is checked without waiting 30 minutes.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from addons.expiring_tracker_store import COMPACT_ABOVE, KEEP_TURNS, ExpiringInMemoryTrackerStore

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
CANARY = "KANARIE-store-5521 mijn zoon heet Ilias"


class Clock:
    """A clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def conversation(sender_id: str, *, text: str = CANARY, restart_after_first: bool = False) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered(
            text,
            intent={"name": "eigen_rol", "confidence": 0.97},
            parse_data={"text": text, "intent": {"name": "eigen_rol", "confidence": 0.97}, "entities": []},
        ),
        SlotSet("thema", "eigen_rol"),
    ]
    if restart_after_first:
        events += [
            ActionExecuted("action_vergeet"),
            Restarted(),
            ActionExecuted("action_listen"),
            UserUttered("/menu", intent={"name": "menu", "confidence": 1.0}),
        ]
    return DialogueStateTracker.from_events(sender_id, events, slots=DOMAIN.slots)


def make_store(clock: Clock, idle_seconds: float = 1800, max_conversations: int = 100) -> ExpiringInMemoryTrackerStore:
    return ExpiringInMemoryTrackerStore(DOMAIN, idle_seconds=idle_seconds, max_conversations=max_conversations, clock=clock)


async def test_a_conversation_is_kept_while_active_and_forgotten_after_the_idle_time() -> None:
    clock = Clock()
    store = make_store(clock)
    await store.save(conversation("ouder-a"))

    clock.now += 1799
    kept = await store.retrieve("ouder-a")
    assert kept is not None and kept.get_slot("thema") == "eigen_rol"

    clock.now += 2  # now 30 minutes and 1 second after the last save
    assert await store.retrieve("ouder-a") is None
    assert await store.retrieve_full_tracker("ouder-a") is None
    assert list(await store.keys()) == []


async def test_saving_again_restarts_the_idle_time() -> None:
    clock = Clock()
    store = make_store(clock, idle_seconds=60)
    await store.save(conversation("ouder-a"))
    clock.now += 50
    await store.save(conversation("ouder-a"))
    clock.now += 50
    assert await store.retrieve("ouder-a") is not None


async def test_only_the_conversations_idle_too_long_are_forgotten_the_recently_active_stay() -> None:
    clock = Clock()
    store = make_store(clock, idle_seconds=60)
    for name in ["a", "b", "c"]:  # a at 0 s, b at 30 s, c at 60 s
        await store.save(conversation(name))
        clock.now += 30
    await store.save(conversation("a"))  # a speaks again at 90 s
    clock.now += 10  # 100 s: b was silent 70 s, c 40 s, a 10 s
    assert sorted(await store.keys()) == ["a", "c"]
    clock.now += 25  # 125 s: c was silent 65 s
    assert list(await store.keys()) == ["a"]


async def test_the_store_holds_at_most_the_cap_and_drops_the_least_recently_active() -> None:
    clock = Clock()
    store = make_store(clock, max_conversations=3)
    for name in ["a", "b", "c"]:
        await store.save(conversation(name))
        clock.now += 1
    await store.save(conversation("a"))  # a is active again, so b is now the oldest
    await store.save(conversation("d"))
    assert sorted(await store.keys()) == ["a", "c", "d"]


async def test_what_a_parent_wrote_is_never_stored_only_the_intent() -> None:
    store = make_store(Clock())
    await store.save(conversation("ouder-a"))
    stored = store.stored_text("ouder-a")
    assert "KANARIE" not in stored and "Ilias" not in stored
    tracker = await store.retrieve("ouder-a")
    assert tracker is not None
    assert tracker.latest_message.intent["name"] == "eigen_rol"
    assert tracker.latest_message.text is None


async def test_a_stored_message_keeps_its_intent_and_entities_but_not_the_ranking_or_member_key() -> None:
    store = make_store(Clock())
    parse_data = {
        "text": CANARY,
        "intent": {"name": "samen", "confidence": 0.9},
        "entities": [{"entity": "keuze", "value": "eens"}],
        "intent_ranking": [{"name": "samen", "confidence": 0.9}, {"name": "stelling", "confidence": 0.1}],
    }
    tracker = conversation("groep")
    tracker.update(
        UserUttered(
            CANARY,
            intent=parse_data["intent"],
            entities=parse_data["entities"],
            parse_data=parse_data,
            metadata={"lid": "hash-1234"},
        )
    )
    await store.save(tracker)

    stored = store.stored_text("groep")
    assert "intent_ranking" not in stored and "hash-1234" not in stored and "KANARIE" not in stored
    again = await store.retrieve("groep")
    assert again is not None
    assert again.latest_message.intent["name"] == "samen" and again.latest_message.entities == [
        {"entity": "keuze", "value": "eens"}
    ]
    # Storing did not change the conversation Rasa is still holding.
    assert tracker.latest_message.text == CANARY and tracker.latest_message.metadata == {"lid": "hash-1234"}
    assert tracker.latest_message.parse_data["intent_ranking"][1]["name"] == "stelling"


async def test_a_picture_the_bot_sent_is_not_kept() -> None:
    store = make_store(Clock())
    tracker = conversation("ouder-a")
    tracker.update(BotUttered("", data={"custom": {"foto": {"png_base64": "iVBORw0KGgoAAAANSUhEUgKANARIE", "bijschrift": "x"}}}))
    await store.save(tracker)
    assert "KANARIE" not in store.stored_text("ouder-a") and "iVBORw0KGgo" not in store.stored_text("ouder-a")


async def test_after_a_restart_nothing_from_before_is_kept() -> None:
    store = make_store(Clock())
    await store.save(conversation("ouder-a", text="voor het wissen", restart_after_first=True))
    stored = store.stored_text("ouder-a")
    assert "eigen_rol" not in stored  # the intent and slot from before /vergeet are gone too
    tracker = await store.retrieve("ouder-a")
    assert tracker is not None and tracker.get_slot("thema") is None


async def test_forget_erases_one_conversation_at_once() -> None:
    store = make_store(Clock())
    await store.save(conversation("ouder-a"))
    await store.save(conversation("ouder-b"))
    store.forget("ouder-a")
    assert list(await store.keys()) == ["ouder-b"]


def test_endpoints_yml_configures_this_store_with_30_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATE_IDLE_MINUTES", raising=False)
    monkeypatch.delenv("STATE_MAX_CONVERSATIONS", raising=False)
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = TrackerStore.create(config, DOMAIN)
    assert isinstance(store, ExpiringInMemoryTrackerStore)
    assert store.idle_seconds == 30 * 60
    assert store.max_conversations == 10_000


def test_environment_overrides_the_idle_time_and_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATE_IDLE_MINUTES", "5")
    monkeypatch.setenv("STATE_MAX_CONVERSATIONS", "20")
    store = make_store(Clock())
    assert store.idle_seconds == 300
    assert store.max_conversations == 20


async def test_the_number_of_conversations_held_is_logged_once_a_minute_without_ids(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    store = make_store(clock, max_conversations=2)
    with caplog.at_level(logging.INFO, logger="addons.expiring_tracker_store"):
        for name in ["ouder-a", "ouder-b", "ouder-c"]:
            await store.save(conversation(name))
            clock.now += 30
        await store.save(conversation("ouder-a"))
    counts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Conversations held")]
    assert counts == ["Conversations held: 2."]  # once in the 90 s, and the cap at work
    assert "ouder-" not in caplog.text


# --------------------------------------------------------------------------- long conversations

INTENTS = ["eigen_rol", "vraag", "vertellen", "menu", "eens", "stop"]
SLOT_VALUES = {
    "thema": ["eigen_rol", "partner", "steun", "trage_vragen", "huishouden", None],
    "stelling_antwoord": ["eens", "oneens", "twijfel", None],
    "open_vraag": ["trage_waartoe_1", "partner_1", None],
    "gesteld": [["stelling_1"], ["stelling_1", "partner_1"], ["trage_waartoe_1", "partner_2", "steun_3"], None],
    "antwoord": [True, None],
}
# Most turns set nothing, so a slot set early and never again must survive the cut.
turn = st.tuples(
    st.sampled_from(INTENTS),
    st.one_of(
        st.just([]),
        st.just([]),
        st.just([]),
        st.lists(st.tuples(st.sampled_from(sorted(SLOT_VALUES)), st.integers(0, 5)), max_size=2),
    ),
    st.sampled_from(["none"] * 8 + ["open", "close"]),
    st.sampled_from([False] * 5 + [True]),  # the turn is undone (UserUtteranceReverted), as Rasa's fallbacks do
)


def long_conversation(turns: list[tuple[str, list[tuple[str, int]], str, bool]]) -> DialogueStateTracker:
    events: list[Any] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for number, (intent, slots, loop, undone) in enumerate(turns):
        events.append(UserUttered(f"/{intent}", intent={"name": intent, "confidence": 1.0}, timestamp=float(number)))
        events += [SlotSet(name, SLOT_VALUES[name][k % len(SLOT_VALUES[name])]) for name, k in slots]
        if loop == "open":
            events.append(ActiveLoop("vraag_form"))
        elif loop == "close":
            events.append(ActiveLoop(None))
        events += [ActionExecuted("utter_menu"), BotUttered("Waarover wil je praten?")]
        if undone:
            events.append(UserUtteranceReverted())
        events.append(ActionExecuted("action_listen"))
    return DialogueStateTracker.from_events("lang", events, slots=DOMAIN.slots)


@settings(max_examples=60, deadline=None)
@given(st.lists(turn, min_size=1, max_size=90) | st.lists(turn, min_size=45, max_size=90))
async def test_a_long_conversation_is_kept_short_and_comes_back_in_the_same_state(turns: list[Any]) -> None:
    """Whatever happened in it, the stored conversation replays to the same slots, the same open
    question and the same last turns, and never grows past the limit plus one turn."""
    store = make_store(Clock())
    original = long_conversation(turns)
    await store.save(original)
    back = await store.retrieve("lang")
    assert back is not None
    assert back.current_slot_values() == original.current_slot_values()
    assert back.active_loop_name == original.active_loop_name
    stored = json.loads(store.stored_text("lang"))["events"]
    assert len(stored) <= max(COMPACT_ABOVE, len(original.events)) and len(stored) <= COMPACT_ABOVE + 40
    if len(original.events) > COMPACT_ABOVE:
        assert len(stored) < len(original.events)  # it really was cut
    kept = min(len([e for e in original.events if isinstance(e, UserUttered)]), KEEP_TURNS)
    intents = [e.intent_name for e in original.events if isinstance(e, UserUttered)]
    assert [e.intent_name for e in back.events if isinstance(e, UserUttered)][-kept:] == intents[-kept:]


async def test_a_conversation_under_the_limit_is_stored_whole() -> None:
    store = make_store(Clock())
    short = long_conversation([("menu", [("thema", 0)], "none", False)] * 5)
    await store.save(short)
    assert len(json.loads(store.stored_text("lang"))["events"]) == len(short.events)


async def test_what_the_first_turn_set_is_still_there_after_a_hundred_more() -> None:
    """The theme, the questions asked and the open question of the first turn, after the cut."""
    first = ("vraag", [("thema", 3), ("gesteld", 2), ("open_vraag", 0)], "open", False)
    store = make_store(Clock())
    await store.save(long_conversation([first] + [("vertellen", [], "none", False)] * 100))
    back = await store.retrieve("lang")
    assert back is not None and len(back.events) < 150
    assert back.get_slot("thema") == "trage_vragen" and back.get_slot("open_vraag") == "trage_waartoe_1"
    assert back.get_slot("gesteld") == ["trage_waartoe_1", "partner_2", "steun_3"]
    assert back.active_loop_name == "vraag_form"
    assert [e.intent_name for e in back.events if isinstance(e, UserUttered)] == ["vertellen"] * KEEP_TURNS
