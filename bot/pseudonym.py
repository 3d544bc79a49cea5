"""Pseudonymous conversation keys: Rasa never sees a Telegram id.

The key is an HMAC of the chat id with a secret made at start-up and kept only in this
process's memory. The same chat gets the same key while the bridge runs, and keys cannot
be linked to a chat, or to each other across restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


class Pseudonymizer:
    """Turns chat ids into keys that are stable per run and unlinkable across runs."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def key(self, chat_id: int | str) -> str:
        """The conversation key for one chat."""
        return hmac.new(self._secret, str(chat_id).encode(), hashlib.sha256).hexdigest()[:32]
