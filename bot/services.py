"""Starting and stopping the action server and the Rasa server as child processes.

bot/supervisor.py watches them while the bot runs and restarts them when they die or hang.

Both listen on 127.0.0.1 only, so nothing but the bridge can reach them. They run in their
own process group: on Ctrl-C the runner stops them in order and waits, so no process is
left behind. On Linux they also get SIGTERM when the runner itself dies (killed with
SIGKILL, say, by a service manager that only knows the runner's pid).
"""

from __future__ import annotations

import ctypes
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from typing import IO, Callable

from bot.config import Settings
from bot.paths import MODEL_FILE, ROOT

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _stop_with_parent(parent: int) -> Callable[[], None]:
    """A preexec_fn: ask Linux for SIGTERM when the parent dies; exit if it already did."""

    def arrange() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # died between fork and prctl
            os._exit(1)

    return arrange


@dataclass
class Service:
    """A child process and the URL that says it is ready."""

    name: str
    command: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    # True for Rasa with the in-memory store: its conversations are gone after a restart.
    keeps_conversations: bool = False
    process: subprocess.Popen | None = None

    def start(self, quiet: bool, log: IO[bytes] | None = None) -> None:
        """Start the process; with `quiet`, only its warnings and errors are shown.

        Its output goes to our own output, or to `log` (the tests read it there).
        """
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **self.env}
        command = [*self.command, "--quiet"] if quiet else self.command
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            preexec_fn=_stop_with_parent(os.getpid()) if sys.platform == "linux" else None,
        )

    def is_ready(self) -> bool:
        """True once the health URL answers 200.

        Anything that is no HTTP answer is "not yet": polling a loopback port nobody listens on
        yet can connect the socket to itself (the same port on both ends), and then the poll
        reads its own "GET ..." as the reply (http.client.BadStatusLine, which is no OSError); it
        failed the start of a test stack now and then.
        """
        try:
            with urllib.request.urlopen(self.health_url, timeout=1) as response:
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after `grace` seconds, for the whole process group."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def services(settings: Settings) -> list[Service]:
    """The action server and the Rasa workers (one unless RASA_WORKERS says more), in start order.

    With REDIS_URL the workers use endpoints.redis.yml: conversations and locks in Redis, so
    any worker can answer any chat and a restarted worker lost nothing. Each ticket lock lives
    at most a little longer than the bridge waits for an answer, so a worker that dies while
    holding one keeps that conversation waiting no longer than that.
    """
    python = sys.executable
    endpoints = "endpoints.redis.yml" if settings.redis_url else "endpoints.yml"
    rasa_env = {"ACTIONS_PORT": str(settings.actions_port)}
    if settings.redis_url:
        rasa_env |= {"REDIS_URL": settings.redis_url, "TICKET_LOCK_LIFETIME": str(int(settings.rasa_timeout) + 5)}
    workers = [
        Service(
            name,
            [
                python,
                "-m",
                "bot.rasa_cli",
                "run",
                "--model",
                str(MODEL_FILE),
                "--interface",
                "127.0.0.1",
                "--port",
                str(settings.rasa_port + i),
                "--credentials",
                "credentials.yml",
                "--endpoints",
                endpoints,
            ],
            f"{url}/webhooks/rest/",
            env=rasa_env,
            keeps_conversations=not settings.redis_url,
        )
        for i, (name, url) in enumerate(zip(settings.rasa_names, settings.rasa_urls))
    ]
    return [
        Service(
            "action server",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)],
            f"http://127.0.0.1:{settings.actions_port}/health",
            env={"SANIC_HOST": "127.0.0.1"},
        ),
        *workers,
    ]


def start_all(items: list[Service], quiet: bool, timeout: float = 120.0, log: IO[bytes] | None = None) -> None:
    """Start every service and wait until all answer; raise if one dies or stays silent."""
    for item in items:
        item.start(quiet, log)
    deadline = time.monotonic() + timeout
    pending = list(items)
    while pending:
        for item in list(pending):
            if item.process is not None and item.process.poll() is not None:
                raise RuntimeError(f"{item.name} stopped during start-up (exit code {item.process.returncode})")
            if item.is_ready():
                pending.remove(item)
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(i.name for i in pending)}")
        time.sleep(0.2)


def stop_all(items: list[Service]) -> None:
    """Stop in reverse order: the Rasa workers first, then the action server."""
    for item in reversed(items):
        item.stop()
