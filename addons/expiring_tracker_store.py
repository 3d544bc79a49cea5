"""A tracker store that keeps conversations in memory only, briefly, and without the words.

Rasa's `InMemoryTrackerStore` never forgets. This store:
- drops a conversation after `idle_seconds` without a message (default 30 minutes),
- holds at most `max_conversations`; the least recently active one goes first,
- keeps only the events after the last restart, so `/vergeet` (which ends in a
  `Restarted` event) really erases what came before,
- blanks the text of every user message before storing: the dialogue needs only the
  intent, so what a parent wrote is never kept after its message was handled; pictures
  sent by the bot (the /wiedoetwat division) are dropped the same way.

Configured in endpoints.yml; `STATE_IDLE_MINUTES` and `STATE_MAX_CONVERSATIONS` in the
environment override the file, so the runner can change them without editing it.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = 30 * 60
DEFAULT_MAX_CONVERSATIONS = 10_000


def _setting(env_name: str, configured: Any, default: float, scale: float = 1.0) -> float:
    """Environment beats endpoints.yml beats the default."""
    raw = os.environ.get(env_name)
    if raw:
        return float(raw) * scale
    return float(configured) if configured is not None else default


def scrub_dialogue(serialised: str) -> str:
    """Remove user text and pictures, and keep only the events after the last restart."""
    dialogue = json.loads(serialised)
    events = dialogue.get("events", [])
    last_restart = max((i for i, e in enumerate(events) if e.get("event") == "restart"), default=-1)
    kept = events[last_restart + 1 :]
    for event in kept:
        if event.get("event") == "user":
            event["text"] = None
            if isinstance(event.get("metadata"), dict):
                event["metadata"].pop("lid", None)  # the hashed member key of /samen: used once, not kept
            if isinstance(event.get("parse_data"), dict):
                event["parse_data"]["text"] = None
        elif event.get("event") == "bot" and isinstance(event.get("data"), dict) and event["data"].get("custom"):
            event["data"]["custom"] = None  # e.g. the /wiedoetwat picture: shown once, not kept
    dialogue["events"] = kept
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
        self.store: "OrderedDict[Text, Text]" = OrderedDict()
        self.last_seen: dict[Text, float] = {}
        self.idle_seconds = _setting("STATE_IDLE_MINUTES", idle_seconds, DEFAULT_IDLE_SECONDS, scale=60.0)
        self.max_conversations = int(_setting("STATE_MAX_CONVERSATIONS", max_conversations, DEFAULT_MAX_CONVERSATIONS))
        self._clock = clock
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
        self.store[tracker.sender_id] = scrub_dialogue(self.serialise_tracker(tracker))
        self.store.move_to_end(tracker.sender_id)
        self.last_seen[tracker.sender_id] = self._clock()
        self._purge()

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
