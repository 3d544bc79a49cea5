"""A tracker store that keeps conversations in memory only, briefly, and without the words.

Rasa's `InMemoryTrackerStore` never forgets. This store:
- drops a conversation after `idle_seconds` without a message (default 30 minutes),
- holds at most `max_conversations`; the least recently active one goes first,
- keeps only the events after the last restart, so `/vergeet` (which ends in a
  `Restarted` event) really erases what came before,
- blanks the text of every user message before storing: the dialogue needs only the
  intent and entities, so what a parent wrote is never kept after its message was
  handled; pictures sent by the bot (the /wiedoetwat division) are dropped the same way.
  The smaller events also make every later message cheaper: Rasa reads the stored
  conversation back and sends it to the action server on each turn,
- keeps a long conversation short: its last turns, after its state (`compact_events`),
- keeps each conversation compressed (zlib): the stored JSON of a conversation is 10 KB after
  3 turns and 40-65 KB after 30-60, so 10,000 live conversations took 100-500 MiB of Rasa's
  memory; compressed they take 6-10 times less, for well under a millisecond per message
  (bench/ANALYSIS.md, issue 31).

Configured in endpoints.yml; `STATE_IDLE_MINUTES` and `STATE_MAX_CONVERSATIONS` in the
environment override the file, so the runner can change them without editing it.
"""

from __future__ import annotations

import json
import logging
import os
import time
import zlib
from collections import OrderedDict
from typing import Any, Callable, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = 30 * 60
DEFAULT_MAX_CONVERSATIONS = 10_000
# A conversation longer than this many events keeps only its last turns (compact_events).
COMPACT_ABOVE = 240
KEEP_TURNS = 12
# zlib's fastest level: 6-10 times smaller for our conversations, a fraction of a millisecond.
COMPRESSION_LEVEL = 1
# How often the number of conversations held is logged (a count only; the soak benchmark reads it).
COUNT_LOG_SECONDS = 60.0


def _setting(env_name: str, configured: Any, default: float, scale: float = 1.0) -> float:
    """Environment beats endpoints.yml beats the default."""
    raw = os.environ.get(env_name)
    if raw:
        return float(raw) * scale
    return float(configured) if configured is not None else default


def scrub_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events worth keeping: those after the last restart, without words or pictures.

    A user message keeps only its intent and entities (the dialogue needs nothing else);
    its text, the intent ranking and the hashed member key of /samen go. Pictures the bot
    sent are dropped. New dicts are built instead of changing the given ones, because
    Rasa's `as_dict` shares them with the live events of the conversation.
    """
    last_restart = max((i for i, e in enumerate(events) if e.get("event") == "restart"), default=-1)
    kept = []
    for event in events[last_restart + 1 :]:
        if event.get("event") == "user":
            parse_data = event.get("parse_data") or {}
            metadata = event.get("metadata")
            event = {
                **event,
                "text": None,
                "parse_data": {"text": None, "intent": parse_data.get("intent"), "entities": parse_data.get("entities", [])},
                # the hashed member key of /samen and /wiedoetwat in a group: used once, not kept
                "metadata": {k: v for k, v in metadata.items() if k != "lid"} if isinstance(metadata, dict) else metadata,
            }
        elif event.get("event") == "bot" and isinstance(event.get("data"), dict) and event["data"].get("custom"):
            event = {**event, "data": {**event["data"], "custom": None}}  # e.g. the /wiedoetwat picture
        kept.append(event)
    return kept


def compact_events(events: list[dict[str, Any]], tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """A long conversation cut to its last turns, its state carried over in front of them.

    Rasa reads the whole stored conversation back on every message, replays it, works out
    the dialogue states of all of it for its policies and sends all of it to the action
    server: a turn took 19 ms at the start of a chat and 130 ms after 200 turns (measured
    through the bridge, 3 December). Nothing of ours needs more than the last few turns:
    what the conversation knows (the questions asked, the theme, an open question) is in
    slots and the active loop. So above `COMPACT_ABOVE` events only the last `KEEP_TURNS`
    turns stay, after a session start that sets every slot to its current value and the
    open loop, if any, again: replaying the kept events ends in the same state, as a slot
    set (or undone) in the kept turns overrides the value carried over.
    """
    if len(events) <= COMPACT_ABOVE:
        return events
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if len(users) <= KEEP_TURNS:
        return events
    cut = users[-KEEP_TURNS]
    at = events[cut].get("timestamp")
    carried: list[dict[str, Any]] = [
        {"event": "action", "name": "action_session_start", "timestamp": at},
        {"event": "session_started", "timestamp": at},
    ]
    for name, slot in tracker.slots.items():
        if slot.value != slot.initial_value:
            carried.append({"event": "slot", "name": name, "value": slot.value, "timestamp": at})
    if tracker.active_loop_name:
        carried.append({"event": "active_loop", "name": tracker.active_loop_name, "timestamp": at})
    carried.append({"event": "action", "name": "action_listen", "timestamp": at})
    return carried + events[cut:]


def serialise_scrubbed(tracker: DialogueStateTracker) -> str:
    """The conversation as Rasa's tracker stores keep it, scrubbed and compacted, in one JSON pass."""
    dialogue = tracker.as_dialogue().as_dict()
    dialogue["events"] = compact_events(scrub_events(dialogue.get("events", [])), tracker)
    return json.dumps(dialogue)


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory, expiring, size-capped tracker store that keeps no user text."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        idle_seconds: Optional[float] = None,
        max_conversations: Optional[int] = None,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.store: "OrderedDict[Text, bytes]" = OrderedDict()  # type: ignore[assignment]
        self.last_seen: dict[Text, float] = {}
        self.idle_seconds = _setting("STATE_IDLE_MINUTES", idle_seconds, DEFAULT_IDLE_SECONDS, scale=60.0)
        self.max_conversations = int(_setting("STATE_MAX_CONVERSATIONS", max_conversations, DEFAULT_MAX_CONVERSATIONS))
        self._clock = clock
        self._counted_at = clock()
        logger.info(
            "Conversation state in memory only: idle limit %d s, at most %d conversations.",
            self.idle_seconds,
            self.max_conversations,
        )

    def _purge(self) -> None:
        """Drop idle conversations, then the oldest ones above the cap.

        `store` is kept in order of last use (`save` moves a conversation to the end), so
        the idle ones are at the front: each call looks only at what it drops, plus one,
        instead of at every conversation held.
        """
        now = self._clock()
        while self.store:
            oldest = next(iter(self.store))
            if now - self.last_seen.get(oldest, now) <= self.idle_seconds:
                break
            self.forget(oldest)
        while len(self.store) > self.max_conversations:
            oldest, _ = self.store.popitem(last=False)
            self.last_seen.pop(oldest, None)

    def forget(self, sender_id: Text) -> None:
        """Erase one conversation at once."""
        self.store.pop(sender_id, None)
        self.last_seen.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the scrubbed conversation and mark it as just used."""
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = zlib.compress(serialise_scrubbed(tracker).encode("utf-8"), COMPRESSION_LEVEL)
        self.store.move_to_end(tracker.sender_id)
        self.last_seen[tracker.sender_id] = self._clock()
        self._purge()
        if self._clock() - self._counted_at >= COUNT_LOG_SECONDS:
            self._counted_at = self._clock()
            logger.info("Conversations held: %d.", len(self.store))

    def stored_text(self, sender_id: Text) -> Text:
        """The conversation as it is stored, uncompressed (JSON)."""
        return zlib.decompress(self.store[sender_id]).decode("utf-8")

    def deserialise_tracker(self, sender_id: Text, serialised_tracker: Any) -> Optional[DialogueStateTracker]:
        """Rasa reads a stored conversation back through this: uncompress it first."""
        if isinstance(serialised_tracker, bytes):
            serialised_tracker = zlib.decompress(serialised_tracker).decode("utf-8")
        return super().deserialise_tracker(sender_id, serialised_tracker)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Return the conversation unless it expired."""
        self._purge()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Return the whole conversation unless it expired."""
        self._purge()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[Text]:
        """Return the ids of the conversations still held."""
        self._purge()
        return list(self.store.keys())
