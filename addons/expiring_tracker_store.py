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
  conversation back and sends it to the action server on each turn.

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


def serialise_scrubbed(tracker: DialogueStateTracker) -> str:
    """The conversation as Rasa's tracker stores keep it, scrubbed, in one JSON pass."""
    dialogue = tracker.as_dialogue().as_dict()
    dialogue["events"] = scrub_events(dialogue.get("events", []))
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
        self.store[tracker.sender_id] = serialise_scrubbed(tracker)
        self.store.move_to_end(tracker.sender_id)
        self.last_seen[tracker.sender_id] = self._clock()
        self._purge()
        if self._clock() - self._counted_at >= COUNT_LOG_SECONDS:
            self._counted_at = self._clock()
            logger.info("Conversations held: %d.", len(self.store))

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
