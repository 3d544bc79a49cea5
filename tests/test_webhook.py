"""Webhook mode: the real python-telegram-bot serves a webhook, the fake Bot API POSTs to it.

The fake Bot API server plays Telegram: it receives setWebhook (with the secret), POSTs each
update to the bridge with the secret in the X-Telegram-Bot-Api-Secret-Token header, and can
POST an update with a wrong secret or none, as a stranger who found the address would.
"""

from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator

import pytest
from telegram.ext import Application

from bot.bridge import Bridge
from bot.config import Settings
from bot.rasa_client import RasaClient
from bot.telegram_app import build_application
from bot.webhook import webhook_options
from testkit.fake_rasa import FakeRasa
from testkit.fake_telegram import FakeBotApi
from testkit.ports import free_port

SECRET = "geheim_" + "x" * 20


def webhook_settings(fake: FakeBotApi, rasa_url: str) -> Settings:
    port = free_port()
    return Settings(
        telegram_token="123456:WEBHOOK-TOKEN",
        telegram_api_base_url=fake.base_url.removesuffix("/bot"),
        rasa_port=int(rasa_url.rsplit(":", 1)[1]),
        actions_port=5055,
        rasa_timeout=2.0,
        typing_after=0.2,
        log_level="INFO",
        webhook_url=f"http://127.0.0.1:{port}/telegram/updates",
        webhook_secret=SECRET,
        webhook_port=port,
    )


@pytest.fixture
async def webhook_bot(telegram: FakeBotApi, rasa: FakeRasa) -> AsyncIterator[Application]:  # noqa: F811
    settings = webhook_settings(telegram, rasa.url)
    application = build_application(settings, Bridge(RasaClient(settings.rasa_url, settings.rasa_timeout)))
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_webhook(**webhook_options(settings))
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


def update_for(chat_id: int, text: str, update_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        },
    }


async def test_the_bridge_sets_a_webhook_with_the_secret_and_answers_updates_posted_to_it(
    telegram: FakeBotApi,
    rasa: FakeRasa,
    webhook_bot: Application,  # noqa: F811
) -> None:
    set_calls = telegram.calls_of("setWebhook")
    assert len(set_calls) == 1 and set_calls[0].params["url"].endswith("/telegram/updates")
    assert telegram.webhook_secret == SECRET
    assert telegram.calls_of("getUpdates") == []  # no polling

    telegram.push_text(7001, "/start")
    replies = await telegram.wait_for_messages(7001, 1, timeout=10)
    assert replies[0]["text"] == "Dag! Waarover wil je praten?"
    assert [r.message for r in rasa.received] == ["/start"]
    assert telegram.webhook_statuses[-1] == 200


@pytest.mark.parametrize("secret", ["verkeerd", None])
async def test_an_update_without_the_right_secret_is_refused_and_never_reaches_rasa(
    telegram: FakeBotApi,
    rasa: FakeRasa,
    webhook_bot: Application,
    secret: str | None,  # noqa: F811
) -> None:
    status = await asyncio.to_thread(telegram.post_to_webhook, update_for(7002, "/start", 900), secret)
    assert status == 403
    await asyncio.sleep(0.5)
    assert rasa.received == []
    assert telegram.sent_messages(7002) == []
