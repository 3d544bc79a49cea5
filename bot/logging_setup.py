"""Logging that never holds what a person wrote, nor their Telegram id or the token.

Our own modules log only events ("Rasa unavailable"), never message text or ids.
httpx logs every request URL at INFO, and Bot API URLs contain the bot token, so httpx
stays at WARNING (as in the python-telegram-bot examples). python-telegram-bot logs
request bodies at DEBUG, so its loggers never go below INFO, whatever LOG_LEVEL says.
"""

from __future__ import annotations

import logging
from pathlib import Path

QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO, "asyncio": logging.WARNING}


def setup_logging(level: str = "INFO", path: Path | None = None) -> None:
    """Configure the root logger and keep the chatty libraries quiet.

    With `path`, records go to that file instead of the terminal (the terminal chat, where
    log lines would break into the conversation).
    """
    form = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    if path is None:
        logging.basicConfig(format=form, level=level.upper())
    else:
        logging.basicConfig(format=form, level=level.upper(), filename=str(path), encoding="utf-8")
    for name, floor in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, logging.getLogger().level))
