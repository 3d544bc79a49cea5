"""Checks before the scaled set-up starts: refuse clearly instead of running unsafely.

- Several Rasa workers need one shared place for the conversations and the locks (Redis):
  with their own memory each, a parent's next message could reach a worker that never saw
  the conversation, and two messages of one chat could be handled at once.
- Redis holds the conversations only in memory when both RDB snapshots (`save`) and the
  append-only file (`appendonly`) are off; otherwise it writes them to disk, which breaks
  "stores nothing personal". CONFIG GET is asked at start, so a server set up wrongly (or
  changed back by a package update) is found before a parent's first message.
- Webhook mode without a secret would take updates from anyone who finds the address.
"""

from __future__ import annotations

from bot.config import Settings


class UnsafeSetup(Exception):
    """The settings or the Redis server do not allow a safe start; the message says why."""


def check_settings(settings: Settings) -> None:
    """Raise UnsafeSetup when the scaled set-up is asked for in a way that would not be safe."""
    if settings.rasa_workers < 1:
        raise UnsafeSetup("RASA_WORKERS must be 1 or more.")
    if settings.rasa_workers > 1 and not settings.redis_url:
        raise UnsafeSetup(
            f"RASA_WORKERS={settings.rasa_workers} needs REDIS_URL: several Rasa workers share the "
            "conversations and take turns per conversation through Redis. Set REDIS_URL, or RASA_WORKERS=1."
        )
    if settings.webhook_url and not settings.webhook_secret:
        raise UnsafeSetup(
            "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (1-256 letters, digits, _ or -): "
            "without it anyone who finds the address could send the bot updates."
        )
    if settings.redis_url:
        check_redis_keeps_nothing(settings.redis_url)


def check_redis_keeps_nothing(url: str) -> None:
    """Raise UnsafeSetup unless the Redis server at `url` answers and writes nothing to disk."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, decode_responses=True)
    try:
        save = client.config_get("save").get("save", "")
        appendonly = client.config_get("appendonly").get("appendonly", "no")
    except redis.RedisError as error:
        raise UnsafeSetup(
            f"Redis at REDIS_URL could not be asked for its settings ({type(error).__name__}). "
            "Start Redis first (docs/deployment.md), and check the password in REDIS_URL."
        ) from None
    finally:
        client.close()
    problems = []
    if save.strip():
        problems.append(f'RDB snapshots are on (save "{save}"): set save ""')
    if appendonly != "no":
        problems.append("the append-only file is on: set appendonly no")
    if problems:
        raise UnsafeSetup(
            "Redis would write conversations to disk: "
            + "; ".join(problems)
            + ". The bot keeps conversations in memory only (docs/deployment.md)."
        )
