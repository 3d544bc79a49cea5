"""Talking to the Rasa assistant over its REST channel."""
from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa could not be reached, was too slow, or answered with an error."""


class RasaClient:
    """POSTs a message to `/webhooks/rest/webhook` and returns Rasa's replies.

    One connection pool for the whole bridge; no retries here, because a retried
    message could be answered twice. The caller tells the person to try again.
    """

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._health_url = base_url.rstrip("/") + "/webhooks/rest/"
        self._client = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=200))

    async def send(self, sender_id: str, message: str, metadata: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Send one message as `sender_id`; return the list of reply messages."""
        body: dict[str, Any] = {"sender": sender_id, "message": message}
        if metadata:
            body["metadata"] = metadata
        try:
            response = await self._client.post(self._url, json=body)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected reply")
        return replies

    async def is_up(self) -> bool:
        """True when the REST channel answers its health route."""
        try:
            return (await self._client.get(self._health_url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
