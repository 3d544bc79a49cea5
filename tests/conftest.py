"""Shared fixtures: the real stack (action server + Rasa with the trained model), and the
real Telegram bridge talking to it through the fake Bot API server."""

from __future__ import annotations

import contextlib
import socket
import tempfile
from pathlib import Path
from typing import AsyncIterator, Iterator

import pytest
from telegram.ext import Application

from bot.bridge import Bridge
from bot.config import Settings
from bot.paths import MODEL_FILE
from bot.rasa_client import RasaClient
from bot.services import Service, services, start_all, stop_all
from bot.telegram_app import build_application
from tests.fake_rasa import FakeRasa, free_port
from tests.fake_telegram import FakeBotApi
from tests.test_bridge_telegram import scripted, start, stop


def free_ports_in_a_row(count: int) -> int:
    """The first of `count` consecutive free ports (the Rasa workers listen on port, port + 1, ...)."""
    while True:
        first = free_port()
        if all(_is_free(first + i) for i in range(1, count)):
            return first


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class RealStack:
    """The action server and Rasa, started as ./run.sh starts them, with their log captured."""

    def __init__(self, settings: Settings, log_path: Path, items: list[Service]) -> None:
        self.settings = settings
        self.log_path = log_path
        self.items = items

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


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
        None, None, free_ports_in_a_row(workers), free_port(), 10.0, 0.5, "INFO", redis_url=redis_url, rasa_workers=workers
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


@pytest.fixture(scope="session")
def real_stack() -> Iterator[RealStack]:
    with running_stack("ouderschap-stack-") as stack:
        yield stack


@pytest.fixture
async def telegram_bot(real_stack: RealStack) -> AsyncIterator[FakeBotApi]:
    with FakeBotApi() as fake:
        s = real_stack.settings
        settings = Settings("42:STACK-TOKEN", fake.base_url.removesuffix("/bot"), s.rasa_port, s.actions_port, 10.0, 0.5, "INFO")
        application: Application = build_application(settings, Bridge(RasaClient(settings.rasa_url, 10.0)))
        await start(application)
        yield fake
        await stop(application)


@pytest.fixture
def telegram() -> Iterator[FakeBotApi]:
    """The fake Bot API server, for tests of the bridge against a scripted Rasa."""
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def rasa() -> AsyncIterator[FakeRasa]:
    """A fake Rasa that answers as `scripted` in tests/test_bridge_telegram.py says."""
    fake = FakeRasa(scripted).start()
    yield fake
    fake.stop()
