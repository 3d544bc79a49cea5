"""The real stack (the action server and Rasa with the trained model), started as ./run.sh starts them."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.config import Settings
from bot.paths import MODEL_FILE
from bot.services import Service, services, start_all, stop_all
from testkit.ports import free_port, free_ports_in_a_row


class RealStack:
    """The action server and Rasa, started as ./run.sh starts them, with their log captured."""

    def __init__(self, settings: Settings, log_path: Path, items: list[Service]) -> None:
        self.settings = settings
        self.log_path = log_path
        self.items = items

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def bridge_settings(self, token: str, api_base_url: str, **changes: Any) -> Settings:
        """The settings of a Telegram bridge in front of this stack (Rasa timeout 10 s, "typing…"
        after 0.5 s), pointed at a fake Bot API server's base URL."""
        return dataclasses.replace(
            self.settings,
            telegram_token=token,
            telegram_api_base_url=api_base_url.removesuffix("/bot"),
            rasa_timeout=10.0,
            typing_after=0.5,
            **changes,
        )


@contextlib.contextmanager
def running_stack(
    log_prefix: str, api: bool = False, workers: int = 1, redis_url: str | None = None, **environment: str
) -> Iterator[RealStack]:
    """The action server and Rasa on free ports, started as ./run.sh starts them.

    `environment` is added to what the servers inherit (e.g. a short idle time). With `api`,
    Rasa also opens its HTTP API (on 127.0.0.1, as everything here), so a test can read the
    conversation it keeps: which intent a text became, which actions ran. With `workers` and
    `redis_url`, the scaled set-up: several Rasa workers sharing Redis.
    """
    if not MODEL_FILE.exists():
        pytest.fail(f"no trained model at {MODEL_FILE}: run ./test.sh, which trains it first")
    settings = Settings(
        telegram_token=None,
        telegram_api_base_url=None,
        rasa_port=free_ports_in_a_row(workers),
        actions_port=free_port(),
        rasa_timeout=10.0,
        typing_after=0.5,
        log_level="INFO",
        redis_url=redis_url,
        rasa_workers=workers,
    )
    log_path = Path(tempfile.mkdtemp(prefix=log_prefix)) / "stack.log"
    items = services(settings)
    if api:
        for item in items:
            if item.name.startswith("Rasa"):
                item.command.append("--enable-api")
    with open(log_path, "wb") as log, pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        try:
            start_all(items, quiet=False, timeout=180, log=log)
            yield RealStack(settings, log_path, items)
        finally:
            stop_all(items)
