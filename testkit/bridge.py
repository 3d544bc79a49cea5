"""The real bridge and python-telegram-bot against the fakes: a scripted Rasa and the fake Bot API server.

`scripted` is enough of a conversation to test the transport; `start` and `stop` do what
run_polling does around polling, so a test can drive the application in its own event loop.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.bridge import Bridge
from bot.config import Settings
from bot.rasa_client import RasaClient
from bot.telegram_app import build_application
from testkit.fake_rasa import FakeRasa
from testkit.fake_telegram import FakeBotApi, OfflineRequest

CHAT = 5551234
WELCOME: list[dict[str, Any]] = [
    {
        "text": "Dag! Waarover wil je praten?",
        "buttons": [{"title": "Stellingen", "payload": "/stelling"}, {"title": "Steun", "payload": "/steun"}],
    }
]
STATEMENT: list[dict[str, Any]] = [
    {"text": "Stelling: Een man is thuis de baas.", "buttons": [{"title": "Eens", "payload": "/eens"}]}
]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#2E86AB").save(buffer, format="PNG")
    return buffer.getvalue()


PICTURE: list[dict[str, Any]] = [
    {
        "custom": {
            "foto": {
                "png_base64": base64.b64encode(png_bytes()).decode(),
                "bijschrift": "Zo ziet het eruit.",
                "tekst": "- Koken: samen",
            }
        }
    },
    {"text": "Past dit bij jullie?", "buttons": [{"title": "Menu", "payload": "/menu"}]},
]
NOT_A_PICTURE: list[dict[str, Any]] = [
    {"custom": {"foto": {"png_base64": base64.b64encode(b"GIF89a...").decode(), "bijschrift": "kapot"}}},
    {"text": "verder"},
]


def scripted(sender: str, message: str) -> list[dict[str, Any]]:
    """Enough of a conversation to test the transport."""
    if message == "/start":
        return WELCOME
    if message == "/stelling":
        return STATEMENT
    if message == "beeld":
        return PICTURE
    if message == "kapot beeld":
        return NOT_A_PICTURE
    if message == "samen":
        return [{"text": "gekozen: samen"}]
    if message == "lang":
        return [{"text": ("Een lange zin om te knippen. " * 400).strip(), "buttons": [{"title": "Menu", "payload": "/menu"}]}]
    return [{"text": f"ontvangen ({len(message)} tekens)"}]


def settings_for(fake: FakeBotApi, rasa_url: str, typing_after: float = 0.2) -> Settings:
    """The bridge's settings against these fakes: a 2 s Rasa timeout, "typing…" after `typing_after`."""
    port = int(rasa_url.rsplit(":", 1)[1])
    return Settings(
        telegram_token="123456:TEST-TOKEN",
        telegram_api_base_url=fake.base_url.removesuffix("/bot"),
        rasa_port=port,
        actions_port=5055,
        rasa_timeout=2.0,
        typing_after=typing_after,
        log_level="INFO",
    )


def report_turns(application: Application, fake: FakeBotApi) -> None:
    """Tell `fake` when the bridge is done with an update, so a test knows a turn is over
    instead of waiting a while for more replies (testkit/conversation.py).

    A handler in a group after the bridge's own: python-telegram-bot runs it once the bridge's
    handler, or its error handler, is done with the update, and for an update no handler took.
    """

    async def over(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        fake.turn_over(update.update_id)

    application.add_handler(TypeHandler(Update, over), group=1)
    fake.reports_turns = True


async def start(application: Application, fake: FakeBotApi | None = None) -> None:
    """What run_polling does before it waits: initialize, post_init, start, poll (here at once);
    with `fake`, the bridge reports to it when a turn is over (`report_turns`)."""
    if fake is not None:
        report_turns(application, fake)
    assert application.post_init is not None and application.updater is not None  # build_application sets both
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)


async def stop(application: Application) -> None:
    """What run_polling does when it stops."""
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def started_bot(
    telegram: FakeBotApi, rasa: FakeRasa, max_concurrent: int = 6, offline: bool = False
) -> tuple[Application, Bridge]:
    """A bridge that lets at most `max_concurrent` messages be at Rasa at once (2 s timeout);
    `offline`: python-telegram-bot hands its calls to the fake in this process, without HTTP."""
    settings = settings_for(telegram, rasa.url)
    bridge = Bridge(RasaClient(settings.rasa_url, settings.rasa_timeout, max_concurrent))
    requests = (OfflineRequest(telegram), OfflineRequest(telegram)) if offline else None
    application = build_application(settings, bridge, requests=requests)
    await start(application)
    return application, bridge
