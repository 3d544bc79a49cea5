"""Talking to the Rasa assistant over its REST channel."""

from __future__ import annotations

import asyncio
import zlib
from typing import Any, Sequence

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
    (measured in bench/ANALYSIS.md). With several Rasa workers (RASA_WORKERS, state in Redis)
    each has its own turns, and each chat its own worker first (`order`). `timeout` covers the wait for a turn and the answer
    together, so a message is answered, or told to try again, within that time. A message
    that found no turn in half of it is not sent at all: Rasa only gets work with time left
    to do it.
    """

    def __init__(self, base_url: str | Sequence[str], timeout: float = 10.0, max_concurrent: int = 6) -> None:
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self._urls = [u.rstrip("/") + "/webhooks/rest/webhook" for u in urls]
        self._health_url = urls[0].rstrip("/") + "/webhooks/rest/"
        self._timeout = timeout
        self._turns = [asyncio.Semaphore(max_concurrent) for _ in urls]
        self._down: set[int] = set()
        self._client = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=len(urls) * (max_concurrent + 2)))

    @property
    def workers(self) -> int:
        """How many Rasa workers this client spreads the chats over."""
        return len(self._urls)

    def set_down(self, worker: int, down: bool) -> None:
        """The supervisor found worker `worker` dead or hung (or back): skip it meanwhile."""
        (self._down.add if down else self._down.discard)(worker)

    def all_down(self) -> bool:
        """True when no worker is left to send a message to."""
        return len(self._down) >= len(self._urls)

    def order(self, sender_id: str) -> list[int]:
        """The workers to try for this chat: its own one first (a stable hash of the pseudonymous
        key, so a chat's messages usually meet the same worker), then the others; down ones last."""
        first = zlib.crc32(sender_id.encode()) % len(self._urls)
        order = [(first + i) % len(self._urls) for i in range(len(self._urls))]
        return [i for i in order if i not in self._down] + [i for i in order if i in self._down]

    async def send(self, sender_id: str, message: str, metadata: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Send one message as `sender_id`; return the list of reply messages.

        A worker that refuses the connection never saw the message, so the next worker gets
        it (with several workers the conversation is in Redis, not in the worker). So does
        one that closed the connection without an answer and no longer takes connections: it
        died (killed, out of memory), and a dead worker saves nothing after its last answer.
        Any other failure is not retried: the message may have been handled, and must not be
        twice.
        """
        body: dict[str, Any] = {"sender": sender_id, "message": message}
        if metadata:
            body["metadata"] = metadata
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        order = self.order(sender_id)
        for attempt, worker in enumerate(order):
            await self._wait_for_turn(self._turns[worker], max(deadline - self._timeout / 2 - loop.time(), 0.01))
            try:
                response = await self._client.post(self._urls[worker], json=body, timeout=max(deadline - loop.time(), 0.1))
                response.raise_for_status()
                replies = response.json()
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as error:
                if attempt + 1 < len(order) and (isinstance(error, httpx.ConnectError) or await self._is_dead(worker)):
                    continue
                raise RasaUnavailable(type(error).__name__) from None
            except (httpx.HTTPError, ValueError) as error:
                raise RasaUnavailable(type(error).__name__) from None
            finally:
                self._turns[worker].release()
            if not isinstance(replies, list):
                raise RasaUnavailable("unexpected reply")
            return replies
        raise RasaUnavailable("no worker")  # not reached: the loop returns or raises

    async def _wait_for_turn(self, turns: asyncio.Semaphore, seconds: float) -> None:
        """Take a turn at Rasa, or raise RasaBusy after `seconds`.

        Not `asyncio.wait_for(semaphore.acquire())`: on Python 3.10 a turn granted just as
        the time runs out can be lost that way; here it is handed back.
        """
        turn = asyncio.ensure_future(turns.acquire())
        done, _ = await asyncio.wait({turn}, timeout=seconds)
        if turn in done:
            return
        turn.cancel()
        try:
            await turn
        except asyncio.CancelledError:
            raise RasaBusy("no turn within the timeout") from None
        turns.release()  # granted while we were giving up
        raise RasaBusy("no turn within the timeout")

    async def _is_dead(self, worker: int) -> bool:
        """True when the worker refuses new connections: its process is gone.

        Asked over a new connection: a kept-alive one of the pool would only say that the old
        connection broke (ReadError), not whether the worker still listens.
        """
        try:
            async with httpx.AsyncClient() as probe:
                await probe.get(self._urls[worker].removesuffix("webhook"), timeout=1.0)
        except httpx.ConnectError:
            return True
        except httpx.HTTPError:
            return False
        return False

    async def is_up(self) -> bool:
        """True when the REST channel answers its health route."""
        try:
            return (await self._client.get(self._health_url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
