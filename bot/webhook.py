"""Webhook mode of the bridge: Telegram POSTs updates to us instead of us polling.

Long polling is the default (one bridge, no public address needed). With
TELEGRAM_WEBHOOK_URL (the public https address, ending at a reverse proxy with TLS) the
bridge tells Telegram that address with setWebhook and a `secret_token`, and serves it
on 127.0.0.1:TELEGRAM_WEBHOOK_PORT (TELEGRAM_WEBHOOK_LISTEN to listen elsewhere, e.g. a
private network behind the proxy). Telegram sends the secret in the
X-Telegram-Bot-Api-Secret-Token header of every update; python-telegram-bot refuses an update
without it (403), so nobody else can put words in a parent's mouth. The path of the URL is
the path served, so the proxy can pass requests on unchanged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings

# What the bridge handles: messages, button presses and inline queries (sharing a question).
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]


def webhook_options(settings: Settings) -> dict[str, Any]:
    """The arguments of python-telegram-bot's `run_webhook` / `Updater.start_webhook`."""
    if not settings.webhook_url or not settings.webhook_secret:
        raise ValueError("webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }
