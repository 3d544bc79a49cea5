"""Bot API requests that are retried when Telegram, or the way to it, fails for a moment.

python-telegram-bot itself never retries a Bot API call: a 429, a 5xx or a network blip
becomes an exception, and the reply to the parent is gone. This request retries below
python-telegram-bot, where it can still tell *why* a call failed:

- 429 Too Many Requests: Telegram did not take the call and says how long to wait
  (`retry_after`); we wait exactly that, as python-telegram-bot's `RetryAfter` advises.
- 5xx: Telegram failed before it did anything (it answers 5xx instead of a result), so
  the call is sent again after a short back-off.
- No connection, no free connection, or the request could not be written: nothing
  reached Telegram, so sending again cannot make a second message.
- A read time-out (or a connection cut while waiting for the answer) is ambiguous: Telegram
  may have sent the message already. Calls that only change state (answering a button,
  "typing...", removing a keyboard, the command menu) are retried; a `send*` call is not,
  because a parent should never get the same message twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

# Errors after which Telegram cannot have received the request.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout, httpx.WriteError)


class RetryingRequest(HTTPXRequest):
    """An `HTTPXRequest` that retries what can be retried without sending anything twice."""

    def __init__(self, *args: Any, attempts: int = 5, first_wait: float = 0.5, longest_wait: float = 60.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attempts = attempts
        self.first_wait = first_wait
        self.longest_wait = longest_wait

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Send; on a retryable failure wait (retry_after or a doubling back-off) and send again.

        After the last attempt the failure goes up to python-telegram-bot unchanged.
        """
        api_method = url.rstrip("/").rsplit("/", 1)[-1]
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            backoff = min(self.first_wait * 2 ** (attempt - 1), self.longest_wait)
            try:
                code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
            except (TimedOut, NetworkError) as error:
                if last or not self._may_resend(api_method, error):
                    raise
                wait, why = backoff, type(error.__cause__ or error).__name__
            else:
                wait = self._wait_for(code, payload, backoff)
                if wait is None or last:
                    return code, payload
                why = f"HTTP {code}"
            # The method name only: no chat id, no text, no token.
            logger.warning(
                "Telegram %s failed (%s); attempt %d of %d in %.1f s.", api_method, why, attempt + 1, self.attempts, wait
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_for(self, code: int, payload: bytes, backoff: float) -> float | None:
        """How long to wait before sending again, or None when the answer is final."""
        if code == 429:
            retry_after = _retry_after(payload)
            # A flood wait longer than we may hold a chat is given up (python-telegram-bot raises RetryAfter).
            return None if retry_after is None or retry_after > self.longest_wait else retry_after
        if 500 <= code <= 599:
            return backoff
        return None

    @staticmethod
    def _may_resend(api_method: str, error: NetworkError) -> bool:
        """True when sending again cannot make a parent see a message twice."""
        if isinstance(error.__cause__, NOT_SENT):
            return True
        return not api_method.lower().startswith("send") or api_method.lower() == "sendchataction"


def _retry_after(payload: bytes) -> float | None:
    """`parameters.retry_after` of a Bot API error answer."""
    try:
        value = json.loads(payload).get("parameters", {}).get("retry_after")
    except (ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None
