"""The runner behind ./run.sh (`python -m bot.run`), started as a person starts it, with a token
and the fake Bot API server; and the processes it leaves, read from /proc."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bot.paths import ROOT
from testkit.fake_telegram import FakeBotApi
from testkit.ports import free_port


def children_of(pid: int) -> list[int]:
    """Direct child processes of `pid`, read from /proc."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listening(port: int) -> bool:
    """Whether something accepts connections on this loopback port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Runner:
    """`python -m bot.run` with a token, polling the fake Bot API server."""

    process: subprocess.Popen[bytes]
    fake: FakeBotApi
    rasa_port: int
    actions_port: int


@contextlib.contextmanager
def runner_with_token(log_path: Path, **environment: str) -> Iterator[Runner]:
    """Start the runner as a person would (with a token); kill it if a test leaves it running.

    `environment` is added to what the runner inherits (e.g. a short hang time).
    """
    rasa_port, actions_port = free_port(), free_port()
    with FakeBotApi() as fake, open(log_path, "wb") as log:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "42:RUNNER-TEST",
            "TELEGRAM_API_BASE_URL": fake.base_url.removesuffix("/bot"),
            "RASA_PORT": str(rasa_port),
            "ACTIONS_PORT": str(actions_port),
            **environment,
        }
        process = subprocess.Popen([sys.executable, "-m", "bot.run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield Runner(process, fake, rasa_port, actions_port)
        finally:
            if process.poll() is None:
                process.kill()
