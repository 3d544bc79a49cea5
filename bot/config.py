"""Settings from environment variables (see README and .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the runner and the bridge can be told from outside.

    Built by keyword only: eighteen fields, several of one type, are too easy to swap by position.
    """

    telegram_token: str | None
    telegram_api_base_url: str | None
    rasa_port: int
    actions_port: int
    rasa_timeout: float
    typing_after: float
    log_level: str
    rasa_max_concurrent: int = 6
    state_idle_seconds: float = 1800.0
    state_max_conversations: int = 10000
    service_hang_seconds: float = 30.0
    # The scaled set-up (docs/deployment.md): shared state in Redis, several Rasa workers, webhook.
    redis_url: str | None = None
    rasa_workers: int = 1
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_port: int = 8443
    webhook_listen: str = "127.0.0.1"
    # Shared by several bridges behind one proxy, so a chat gets the same key from each (hex).
    pseudonym_secret: bytes | None = None

    @property
    def rasa_url(self) -> str:
        """Where the bridge reaches Rasa's REST channel (loopback only)."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        """One URL per Rasa worker: worker i listens on `rasa_port + i` (loopback only)."""
        return [f"http://127.0.0.1:{self.rasa_port + i}" for i in range(self.rasa_workers)]

    @property
    def rasa_names(self) -> list[str]:
        """The workers' names in the log and for the supervisor ("Rasa", or "Rasa 1" ... "Rasa N")."""
        return ["Rasa"] if self.rasa_workers == 1 else [f"Rasa {i + 1}" for i in range(self.rasa_workers)]

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """Read the settings; an unset or empty variable takes its default."""

        def get(name: str, default: str) -> str:
            return env.get(name) or default

        return cls(
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            rasa_port=int(get("RASA_PORT", "5005")),
            actions_port=int(get("ACTIONS_PORT", "5055")),
            rasa_timeout=float(get("RASA_TIMEOUT_SECONDS", "10")),
            typing_after=float(get("TYPING_AFTER_SECONDS", "0.5")),
            log_level=get("LOG_LEVEL", "INFO"),
            rasa_max_concurrent=int(get("RASA_MAX_CONCURRENT", "6")),
            state_idle_seconds=60 * float(get("STATE_IDLE_MINUTES", "30")),
            state_max_conversations=int(get("STATE_MAX_CONVERSATIONS", "10000")),
            service_hang_seconds=float(get("SERVICE_HANG_SECONDS", "30")),
            redis_url=env.get("REDIS_URL") or None,
            rasa_workers=int(get("RASA_WORKERS", "1")),
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_port=int(get("TELEGRAM_WEBHOOK_PORT", "8443")),
            webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
            pseudonym_secret=bytes.fromhex(env["BRIDGE_PSEUDONYM_SECRET"]) if env.get("BRIDGE_PSEUDONYM_SECRET") else None,
        )
