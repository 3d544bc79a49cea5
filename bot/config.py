"""Settings from environment variables (see README and .env.example)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    """Everything the runner and the bridge can be told from outside."""

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

    @property
    def rasa_url(self) -> str:
        """Where the bridge reaches Rasa's REST channel (loopback only)."""
        return f"http://127.0.0.1:{self.rasa_port}"

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
        )
