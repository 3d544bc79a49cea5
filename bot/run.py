"""The runner behind ./run.sh: train if needed, start everything, stop it all on Ctrl-C.

While it runs, bot/supervisor.py restarts Rasa or the action server when one dies or hangs.

With TELEGRAM_BOT_TOKEN set, the bridge polls Telegram; without it, a chat opens in this
terminal, so a newcomer can talk to the bot at once.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import TYPE_CHECKING

from bot.bridge import Bridge
from bot.config import Settings
from bot.logging_setup import setup_logging
from bot.rasa_client import RasaClient
from bot.services import services, start_all
from bot.supervisor import Supervisor
from bot.train import train

if TYPE_CHECKING:
    from telegram.ext import Application

logger = logging.getLogger("bot.run")


def run_telegram(settings: Settings, bridge: Bridge) -> None:
    """Long polling until Ctrl-C or SIGTERM.

    On either signal the bridge first stops asking Rasa (`Bridge.close_soon`), then
    python-telegram-bot stops the way it does itself (`stop_running`): it finishes the
    updates it already fetched, which now get a short "try again" at once, so stopping
    takes at most one Rasa timeout.
    """
    from bot.telegram_app import build_application

    application = build_application(settings, bridge)

    def stop_soon() -> None:
        bridge.close_soon()
        application.stop_running()

    register_commands = application.post_init

    async def on_start(app: Application) -> None:
        if register_commands is not None:
            await register_commands(app)
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stop_soon)

    application.post_init = on_start
    logger.info("Telegram bridge: long polling started. Stop with Ctrl-C.")
    try:
        application.run_polling(
            allowed_updates=["message", "callback_query", "inline_query", "poll_answer"], drop_pending_updates=False, stop_signals=None
        )
    finally:
        # Closing the loop put the default handlers back; keep stopping the servers on SIGTERM.
        signal.signal(signal.SIGTERM, _interrupt)


async def run_terminal(bridge: Bridge) -> None:
    """The terminal chat, through the same bridge."""
    from bot.terminal_chat import chat

    try:
        await chat(bridge)
    finally:
        await bridge.rasa.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Run the whole bot."""
    settings = Settings.from_env()
    terminal = settings.telegram_token is None
    # In the terminal chat, the servers' start-up chatter would drown the conversation.
    setup_logging("WARNING" if terminal else settings.log_level)
    train()
    items = services(settings)
    bridge = Bridge(
        RasaClient(settings.rasa_url, settings.rasa_timeout, settings.rasa_max_concurrent),
        idle_seconds=settings.state_idle_seconds,
        max_chats=settings.state_max_conversations,
    )
    supervisor = Supervisor(items, quiet=terminal, hang_after=settings.service_hang_seconds, listeners=[bridge])
    # SIGTERM (from a service manager) ends the run like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("starting the action server and Rasa...", flush=True)
        start_all(items, quiet=terminal)
        supervisor.start()
        if terminal:
            print("No TELEGRAM_BOT_TOKEN set: chat in this terminal.", flush=True)
            asyncio.run(run_terminal(bridge))
        else:
            run_telegram(settings, bridge)
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.stop()  # stops watching first, so nothing is restarted while it stops
        print("stopped: bridge, Rasa and the action server.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
