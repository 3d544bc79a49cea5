"""The runner behind ./run.sh: train if needed, start everything, stop it all on Ctrl-C.

While it runs, bot/supervisor.py restarts Rasa or the action server when one dies or hangs.

With TELEGRAM_BOT_TOKEN set, the bridge polls Telegram (or serves a webhook, bot/webhook.py);
with REDIS_URL and RASA_WORKERS it starts several Rasa workers (bot/scale_checks.py checks
first that this is safe); without a token, a chat opens in this
terminal, so a newcomer can talk to the bot at once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import IO, TYPE_CHECKING

from bot.bridge import Bridge
from bot.config import Settings
from bot.logging_setup import setup_logging
from bot.paths import ROOT, TERMINAL_LOG
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.scale_checks import UnsafeSetup, check_settings
from bot.services import services, start_all, stop_all
from bot.supervisor import Supervisor
from bot.train import train
from bot.webhook import ALLOWED_UPDATES, webhook_options

if TYPE_CHECKING:
    from telegram.ext import Application

logger = logging.getLogger("bot.run")


def run_telegram(settings: Settings, bridge: Bridge) -> None:
    """Long polling (or the webhook, with TELEGRAM_WEBHOOK_URL) until Ctrl-C or SIGTERM.

    On either signal the bridge first stops asking Rasa (`Bridge.close_soon`), then
    python-telegram-bot stops the way it does itself (`stop_running`): it finishes the
    updates it already fetched, which now get a short "try again" at once, so stopping
    takes at most one Rasa timeout.
    """
    from bot.telegram_app import build_application

    async def stop_on_signals(application: Application) -> None:
        def stop_soon() -> None:
            bridge.close_soon()
            application.stop_running()

        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stop_soon)

    application = build_application(settings, bridge, on_start=stop_on_signals)
    try:
        if settings.webhook_url:
            logger.info("Telegram bridge: webhook on port %d. Stop with Ctrl-C.", settings.webhook_port)
            application.run_webhook(**webhook_options(settings), drop_pending_updates=False, stop_signals=None)
        else:
            logger.info("Telegram bridge: long polling started. Stop with Ctrl-C.")
            application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, stop_signals=None)
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


def main() -> int:
    """Run the whole bot; 1 when Rasa or the action server could not start, 2 when the
    settings or the Redis server do not allow a safe start."""
    settings = Settings.from_env()
    terminal = settings.telegram_token is None
    # In the terminal chat, the servers' start-up chatter (deprecation warnings of Rasa's
    # dependencies, TensorFlow) would drown the conversation: it goes to a log file, whose path
    # the runner names when something fails. Under a service manager, stdout is the log.
    log: IO[bytes] | None = None
    if terminal:
        TERMINAL_LOG.parent.mkdir(exist_ok=True)
        TERMINAL_LOG.write_bytes(b"")  # a new log per run; appending keeps the writers apart
        log = open(TERMINAL_LOG, "ab")
        setup_logging("INFO", TERMINAL_LOG)
    else:
        setup_logging(settings.log_level)
    try:
        check_settings(settings)
    except UnsafeSetup as problem:
        print(f"not started: {problem}", file=sys.stderr, flush=True)
        return 2
    train()
    items = services(settings)
    bridge = Bridge(
        RasaClient(settings.rasa_urls, settings.rasa_timeout, settings.rasa_max_concurrent),
        Pseudonymizer(settings.pseudonym_secret),
        idle_seconds=settings.state_idle_seconds,
        max_chats=settings.state_max_conversations,
        rasa_names=settings.rasa_names,
    )
    supervisor = Supervisor(items, quiet=terminal, log=log, hang_after=settings.service_hang_seconds, listeners=[bridge])
    # SIGTERM (from a service manager) ends the run like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("starting the action server and Rasa...", flush=True)
        try:
            start_all(items, quiet=terminal, log=log)
        except RuntimeError as error:
            where = f"; what they said is in {TERMINAL_LOG.relative_to(ROOT)}" if log is not None else ""
            print(f"could not start: {error}{where}", file=sys.stderr, flush=True)
            stop_all(items)
            return 1
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
        if log is not None:
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
