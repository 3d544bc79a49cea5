"""Shared fixtures: the real stack (action server + Rasa with the trained model), and the
real Telegram bridge talking to it through the fake Bot API server. The doubles and helpers
behind them are in testkit/."""

from __future__ import annotations

from typing import AsyncIterator, Iterator

import pytest
from telegram.ext import Application

from bot.bridge import Bridge
from bot.rasa_client import RasaClient
from bot.telegram_app import build_application
from testkit.bridge import scripted, start, stop
from testkit.fake_rasa import FakeRasa
from testkit.fake_telegram import FakeBotApi
from testkit.stack import RealStack, running_stack


@pytest.fixture(scope="session")
def real_stack() -> Iterator[RealStack]:
    """One stack for the whole run, with Rasa's HTTP API on 127.0.0.1 (the conversation tests
    read the conversation Rasa keeps there; ./run.sh never opens it)."""
    with running_stack("ouderschap-stack-", api=True) as stack:
        yield stack


@pytest.fixture
async def telegram_bot(real_stack: RealStack) -> AsyncIterator[FakeBotApi]:
    with FakeBotApi() as fake:
        settings = real_stack.bridge_settings("42:STACK-TOKEN", fake.base_url)
        application: Application = build_application(settings, Bridge(RasaClient(settings.rasa_url, 10.0)))
        await start(application, fake)
        yield fake
        await stop(application)


@pytest.fixture
def telegram() -> Iterator[FakeBotApi]:
    """The fake Bot API server, for tests of the bridge against a scripted Rasa."""
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def rasa() -> AsyncIterator[FakeRasa]:
    """A fake Rasa that answers as `scripted` in testkit/bridge.py says."""
    fake = FakeRasa(scripted).start()
    yield fake
    fake.stop()


# Test files whose tests start processes of their own (Rasa, the runner, Redis).
STARTS_PROCESSES = {"test_runner", "test_self_healing", "test_scale_out", "test_privacy", "test_tensorflow_on_demand"}
STACK_FIXTURES = {"real_stack", "telegram_bot"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test `stack` (it runs Rasa, the action server or another process) or `unit`.

    The fast lane while working is `pytest -m unit` (README, "Tests"); ./test.sh runs both.
    """
    stack_modules = set()
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if isinstance(item, pytest.Function) else ""
        uses_stack = STACK_FIXTURES & set(getattr(item, "fixturenames", ())) or module in STARTS_PROCESSES
        item.add_marker(pytest.mark.stack if uses_stack else pytest.mark.unit)
        if uses_stack:
            stack_modules.add(item.nodeid.split("::")[0])
    # The modules that run the stack first, each whole, in their order: with two workers
    # (./test.sh, --dist loadfile) the long ones start at once and the short ones fill in.
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in stack_modules)
