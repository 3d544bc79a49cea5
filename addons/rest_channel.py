"""Rasa's REST channel as this bot needs it: no message text in its logs, and an answer when Redis is down.

Named in credentials.yml (instead of Rasa's own `rest:`). Its name is still "rest", so it
listens on the same URL, POST /webhooks/rest/webhook, that the bridge, the terminal chat, the
tests and the benchmark post to, and it reads and answers exactly as Rasa's RestInput does: it
only wraps the handler Rasa gives the channel (an extension point of Rasa's input channels), so
no private method of Rasa is replaced.

1. **No message text in the logs.** When a message fails, or the client gives up waiting (the
   bridge does after RASA_TIMEOUT_SECONDS), Rasa's RestInput logs the text at ERROR
   ("rest.message.received.failure", "rest.message.received.timeout"). This channel catches
   both first and logs the same event names without the text; the REST answer is what Rasa's
   channel answers then: the replies collected so far.
2. **Redis down means an answer, not silence.** With REDIS_URL, a message whose conversation
   state or lock cannot be reached made Rasa log the error and answer nothing. This channel
   answers with one marker, `{"custom": {"state_unreachable": true}}` (addons/wire_format.py),
   that the bridge turns into its kind "even geduld" message; Redis's client connects again by
   itself, so the first message after Redis is back is handled as usual.

Before, both were monkeypatches of Rasa (the REST module's structlogger, Agent.handle_message).
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable

import structlog
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from addons.wire_format import STATE_UNREACHABLE

logger = logging.getLogger(__name__)
structlogger = structlog.get_logger()

Handler = Callable[[UserMessage], Awaitable[Any]]


def answered(on_new_message: Handler) -> Handler:
    """Rasa's message handler, with failures logged without the text and Redis failures answered."""
    import redis
    from rasa.core.lock_store import LockError  # Rasa wraps Redis errors while taking a turn in it

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except (redis.RedisError, LockError) as error:
            logger.error("Conversation state unreachable (%s); the bridge asks the person to wait.", type(error).__name__)
            await message.output_channel.send_custom_json(message.sender_id, {STATE_UNREACHABLE: True})
        except CancelledError:
            structlogger.error("rest.message.received.timeout")
        except Exception:  # noqa: BLE001 - as Rasa's RestInput: log, answer what was collected
            structlogger.exception("rest.message.received.failure")

    return handle


class RestChannel(RestInput):
    """Rasa's REST channel (/webhooks/rest/webhook) with the two changes of the module docstring."""

    @classmethod
    def name(cls) -> str:
        """ "rest", as Rasa's own: the URL and the tracker's input channel stay the same."""
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        """Rasa's REST routes, around our handler."""
        return super().blueprint(answered(on_new_message))
