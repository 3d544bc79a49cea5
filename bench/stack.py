"""The stack under test: the real runner with the fake Bot API, or its services without Telegram.

Why a separate process and not the pytest fixtures: the benchmark must measure what runs in
production, i.e. the runner's own start-up (model check, action server, Rasa, bridge), its
own process layout and its own shutdown on SIGTERM. Only Telegram is replaced, by
testkit/fake_telegram.py's FakeBotApi, a real HTTP server on 127.0.0.1.

The memory mode looks inside the stack: it starts the action server and
Rasa as the runner does (bot/services.py) and talks to the product's own `Bridge` in the
benchmark's process, so the bridge's translation of commands and buttons is the product's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

from bench import procs
from bench.chats import LATE_AFTER
from bot.bridge import Bridge
from bot.config import Settings
from bot.paths import ROOT
from bot.rasa_client import RasaClient
from bot.services import Service, start_all, stop_all
from testkit.fake_telegram import FakeBotApi
from testkit.ports import free_port

OUT = ROOT / "bench" / "out"
START_TIMEOUT = 180.0  # seconds for the services to answer (Rasa loads the model first)
TOKEN = "4242:BENCH-FAKE-TOKEN"
# Which child is which, by a part of its command line (see bot/services.py).
COMPONENTS = {"Rasa": ("bot.rasa_cli run",), "action server": ("-m rasa_sdk",)}


@dataclass
class LogLine:
    """One line the runner printed, with seconds since it was spawned."""

    at: float
    text: str


@dataclass
class RunningBot:
    """`python -m bot.run` with a fake token, the fake server's URL and free ports."""

    fake: FakeBotApi
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    spawned_at: float = 0.0  # time.time(), the clock FakeBotApi records with
    lines: list[LogLine] = field(default_factory=list)
    _reader: threading.Thread | None = None
    _known_pids: set[int] = field(default_factory=set)
    environment: dict[str, str] = field(default_factory=dict)  # added to the runner's (the soak's short idle time)
    cwd: Path = ROOT  # the project it runs from (bench/small.py: a copy with another pipeline)
    cpus: set[int] | None = None  # the cores it and its children may use (bench/small.py: one, as `taskset -c`)

    def spawn(self) -> None:
        """Start the runner exactly as run.sh does, only with our environment."""
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            # bot/config.py + bot/telegram_app.py append /bot themselves.
            "TELEGRAM_API_BASE_URL": self.fake.base_url.removesuffix("/bot"),
            "RASA_PORT": str(free_port()),
            "ACTIONS_PORT": str(free_port()),
            "PYTHONUNBUFFERED": "1",
            **self.environment,
        }
        self.spawned_at = time.time()
        cpus = self.cpus
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.run"],
            cwd=self.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus),
        )
        self._reader = threading.Thread(target=self._read_output, name="runner-output", daemon=True)
        self._reader.start()

    def _read_output(self) -> None:
        """Keep the runner's output (it holds no message text at INFO) with a timestamp."""
        assert self.process is not None and self.process.stdout is not None
        with open(self.log_path, "w", encoding="utf-8") as log:
            for raw in self.process.stdout:
                line = LogLine(time.time() - self.spawned_at, raw.decode(errors="replace").rstrip())
                self.lines.append(line)
                log.write(f"[{line.at:7.2f} s] {line.text}\n")
                log.flush()

    def first_line_at(self, fragment: str) -> float | None:
        """Seconds after spawning at which the runner printed a line holding `fragment`."""
        return next((line.at for line in self.lines if fragment in line.text), None)

    def components(self) -> dict[str, list[int]]:
        """Pids per component: the bridge is the runner itself plus anything not Rasa or actions."""
        assert self.process is not None
        tree = procs.descendants(self.process.pid)
        self._known_pids.update(tree)
        found: dict[str, list[int]] = {"bridge": [self.process.pid], "Rasa": [], "action server": []}
        claimed = {self.process.pid}
        for pid in tree:
            for name, markers in COMPONENTS.items():
                if pid not in claimed and any(m in procs.cmdline(pid) for m in markers):
                    subtree = procs.descendants(pid)
                    found[name].extend(subtree)
                    claimed.update(subtree)
        found["bridge"].extend(pid for pid in tree if pid not in claimed)
        return found

    def memory_mb(self, read_kb: Callable[[int], int] = procs.rss_kb) -> dict[str, float]:
        """Resident memory now (VmRSS, the soak's samples) or at its peak (`procs.peak_rss_kb`,
        read while the processes still run), summed per component and in total, in MiB."""
        result = {name: sum(read_kb(pid) for pid in pids) / 1024 for name, pids in self.components().items()}
        result["total"] = sum(result.values())
        return result

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used so far per component (to see who is busy under load).

        The benchmark's own process (fake Bot API server and simulated chats) shares the
        same cores, so it is listed too.
        """
        used = {name: sum(procs.cpu_seconds(pid) for pid in pids) for name, pids in self.components().items()}
        used["benchmark itself"] = procs.cpu_seconds(os.getpid())
        used["other processes"] = procs.machine_busy_seconds() - sum(used.values())
        return used

    def stop(self, grace: float = 90.0) -> dict[str, object]:
        """SIGTERM the runner (it stops its children), then check that no process is left.

        A process still alive after `grace` seconds is reported and killed by its pid.
        """
        if self.process is None:
            return {"exit_code": None, "left_over": []}
        if self.process.poll() is None:
            self.components()  # remember every pid before they go
            self.process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        try:
            exit_code: int | None = self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            exit_code = None
        while time.monotonic() - started < grace and any(procs.is_alive(p) for p in self._known_pids):
            time.sleep(0.2)
        left = sorted(p for p in self._known_pids if procs.is_alive(p))
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if exit_code is None:
            exit_code = self.process.wait(timeout=5)
        if self._reader is not None:
            self._reader.join(timeout=5)
        return {"exit_code": exit_code, "stop_seconds": round(time.monotonic() - started, 2), "left_over": left}


def service_settings(**changes: Any) -> Settings:
    """Settings for the action server and Rasa without the runner: free ports, and Rasa's
    timeout the benchmark's own limit for a reply."""
    base: dict[str, Any] = {
        "telegram_token": None,
        "telegram_api_base_url": None,
        "rasa_port": free_port(),
        "actions_port": free_port(),
        "rasa_timeout": LATE_AFTER,
        "typing_after": 0.5,
        "log_level": "INFO",
    }
    return Settings(**(base | changes))


def bridge_for(settings: Settings) -> Bridge:
    """The product's bridge in this process, to every Rasa worker of `settings`."""
    rasa = RasaClient(settings.rasa_urls, settings.rasa_timeout, settings.rasa_max_concurrent)
    return Bridge(rasa, rasa_names=settings.rasa_names)


@contextlib.asynccontextmanager
async def serving(items: list[Service], log_name: str, *closers: Callable[[], Awaitable[None]]) -> AsyncIterator[None]:
    """The services up (their output in bench/out/`log_name`) for the block; however it ends,
    the clients closed (`closers`) and the services stopped."""
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with open(OUT / log_name, "wb") as log:
            await asyncio.to_thread(start_all, items, False, START_TIMEOUT, log)
        yield
    finally:
        for close in closers:
            await close()
        await asyncio.to_thread(stop_all, items)
