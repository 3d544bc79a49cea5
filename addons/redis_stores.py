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

The lock store is Rasa's `RedisLockStore` with two changes:
- each change of a lock is one Redis transaction (WATCH, then MULTI/EXEC, tried again when
  another worker changed the lock in between). Rasa's store reads the lock, changes it and
  writes it back in three steps, so two workers that got a message of one chat at the same
  moment could both take the first ticket and handle the messages at once; the test of this
  (tests/test_scale_out.py) lost half of four simultaneous messages that way;
- each lock key expires shortly after the longest a lock may live, so a worker that dies
  while holding a lock leaves no key behind.

Both read the server address from the `url` (`redis://[:password@]host:port/db`) in the
endpoints file, which takes it from `REDIS_URL`, so the password is never written to a file.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional, Text

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
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
    """Rasa's Redis lock store, with atomic changes and an expiry on each lock key."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = redis_settings(endpoint_config.url)
        super().__init__(**settings, key_prefix=endpoint_config.kwargs.get("key_prefix"))

    def save_lock(self, lock: TicketLock) -> None:
        """Commit `lock` with an expiry (Rasa's store keeps it until someone deletes it)."""
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=LOCK_KEY_SECONDS)

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], Any], create: bool = False) -> Any:
        """Apply `change` to the stored lock in one transaction; return what `change` returned.

        `change` changes the lock in place; the lock is saved afterwards, or deleted when it
        has no tickets left. Without a stored lock nothing happens, unless `create`.
        """
        key = self.key_prefix + conversation_id
        outcome: list[Any] = []

        def transaction(pipe: redis.client.Pipeline) -> None:
            outcome.clear()
            raw = pipe.get(key)
            if raw is None and not create:
                return
            lock = TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            outcome.append(change(lock))
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps(), ex=LOCK_KEY_SECONDS)
            else:
                pipe.delete(key)

        self.red.transaction(transaction, key)
        return outcome[0] if outcome else None

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation's lock, issued atomically."""
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock ({type(error).__name__}).") from None

    def update_lock(self, conversation_id: Text) -> None:
        """Drop the expired tickets (a worker that died while waiting or serving), atomically."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove the served ticket atomically; the lock goes once nobody waits for it."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """The same as `finish_serving`: that already deletes the lock when nobody waits.

        Rasa's cleanup deletes the lock in a separate step, which could drop a ticket another
        worker issued just before.
        """
        self.finish_serving(conversation_id, ticket_number)
