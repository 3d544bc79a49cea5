"""Talking to the Rasa assistant over its REST channel."""
from __future__ import annotations

import asyncio
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa could not be reached, was too slow, or answered with an error."""


class RasaBusy(RasaUnavailable):
    """Rasa was working on as many messages as it may, for the whole time a message may wait."""


class RasaClient:
    """POSTs a message to `/webhooks/rest/webhook` and returns Rasa's replies.

    One connection pool for the whole bridge; no retries here, because a retried
    message could be answered twice. The caller tells the person to try again.

    At most `max_concurrent` messages are at Rasa at once; the others wait their turn, in
    order. Rasa answers one message at a time on one event loop, so sending it more only
    fills its backlog with work that nobody waits for any more once the bridge gave up
    (measured in bench/ANALYSIS.md). `timeout` covers the wait for a turn and the answer
    together, so a message is answered, or told to try again, within that time. A message
    that found no turn in half of it is not sent at all: Rasa only gets work with time left
    to do it.
    """

    def __init__(self, base_url: str, timeout: float = 10.0, max_concurrent: int = 6) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._health_url = base_url.rstrip("/") + "/webhooks/rest/"
        self._timeout = timeout
        self._turns = asyncio.Semaphore(max_concurrent)
        self._client = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=max_concurrent + 2))

    async def send(self, sender_id: str, message: str, metadata: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Send one message as `sender_id`; return the list of reply messages."""
        body: dict[str, Any] = {"sender": sender_id, "message": message}
        if metadata:
            body["metadata"] = metadata
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        await self._wait_for_turn(self._timeout / 2)
        try:
            response = await self._client.post(self._url, json=body, timeout=max(deadline - loop.time(), 0.1))
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        finally:
            self._turns.release()
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected reply")
        return replies

    async def _wait_for_turn(self, seconds: float) -> None:
        """Take a turn at Rasa, or raise RasaBusy after `seconds`.

        Not `asyncio.wait_for(semaphore.acquire())`: on Python 3.10 a turn granted just as
        the time runs out can be lost that way; here it is handed back.
        """
        turn = asyncio.ensure_future(self._turns.acquire())
        done, _ = await asyncio.wait({turn}, timeout=seconds)
        if turn in done:
            return
        turn.cancel()
        try:
            await turn
        except asyncio.CancelledError:
            raise RasaBusy("no turn within the timeout") from None
        self._turns.release()  # granted while we were giving up
        raise RasaBusy("no turn within the timeout")

    async def is_up(self) -> bool:
        """True when the REST channel answers its health route."""
        try:
            return (await self._client.get(self._health_url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
