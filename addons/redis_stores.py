"""Rasa's own Redis tracker and lock stores, changed only as far as "stores nothing personal" needs.

Used when `REDIS_URL` is set (endpoints.redis.yml, chosen by bot/services.py), so that several
Rasa processes share the conversations and take turns per conversation. Compared with Rasa's
`RedisTrackerStore` this one:
- stores the conversation scrubbed exactly as the in-memory store does
  (`addons.expiring_tracker_store.serialise_scrubbed`: no user text, no intent ranking, no
  member key, no pictures, nothing before the last restart). The key is the bridge's
  pseudonymous chat key, never a Telegram id;
- overwrites instead of merging with what was stored: the merge would read the old value back
  on every turn only to add events the scrub drops anyway; the in-memory store overwrites too;
- lets the key expire after `STATE_IDLE_MINUTES` of silence (Redis's own expiry);
- deletes the key at once when the conversation was just restarted (`/vergeet`), instead of
  keeping an empty conversation until it expires.

The lock store is Rasa's `RedisLockStore` with an expiry on each lock key, so a worker that dies
while holding a lock leaves no key behind for longer than a lock may live.

Both read the server address from the `url` (`redis://[:password@]host:port/db`) in the
endpoints file, which takes it from `REDIS_URL`, so the password is never written to a file.
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from redis.connection import parse_url

from addons.expiring_tracker_store import DEFAULT_IDLE_SECONDS, _setting, serialise_scrubbed

logger = logging.getLogger(__name__)

# A lock key outlives the longest lock a little, then Redis drops it even if nobody deleted it.
LOCK_KEY_SECONDS = int(LOCK_LIFETIME) + 5


def redis_settings(url: str) -> dict[str, Any]:
    """host, port, db and password from a `redis://` URL (the form `REDIS_URL` takes)."""
    parsed = parse_url(url)
    return {key: parsed[key] for key in ("host", "port", "db", "username", "password") if key in parsed}


def just_restarted(tracker: DialogueStateTracker) -> bool:
    """True when the last restart came after the last user message: nothing is left to keep."""
    names = [event.type_name for event in tracker.events]
    if "restart" not in names:
        return False
    last_restart = len(names) - 1 - names[::-1].index("restart")
    return "user" not in names[last_restart + 1 :]


class ScrubbingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store, scrubbed, expiring, and erased at once by /vergeet."""

    def __init__(
        self,
        domain: Domain,
        host: Text = "",
        event_broker: Optional[EventBroker] = None,
        idle_seconds: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's `url` as `host`.
        settings = redis_settings(host) if "://" in host else {"host": host or "localhost"}
        idle = _setting("STATE_IDLE_MINUTES", idle_seconds, DEFAULT_IDLE_SECONDS, scale=60.0)
        super().__init__(domain, event_broker=event_broker, record_exp=idle, **settings, **kwargs)
        logger.info("Conversation state in Redis, scrubbed, expiring after %d s of silence.", idle)

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        """Store the scrubbed conversation with its expiry, or delete it right after a restart."""
        await self.stream_events(tracker)
        key = self.key_prefix + tracker.sender_id
        if just_restarted(tracker):
            self.red.delete(key)
            return
        self.red.set(key, serialise_scrubbed(tracker), ex=int(timeout or self.record_exp))


class ExpiringRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store; each lock key expires shortly after the longest a lock may live."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = redis_settings(endpoint_config.url)
        super().__init__(**settings, key_prefix=endpoint_config.kwargs.get("key_prefix"))

    def save_lock(self, lock: TicketLock) -> None:
        """Commit `lock` with an expiry (Rasa's store keeps it until someone deletes it)."""
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=LOCK_KEY_SECONDS)
