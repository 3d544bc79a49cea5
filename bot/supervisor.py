"""Keeping the action server and Rasa running: restart them when they exit or hang.

A coordinator runs the bot on a laptop or a small server and may not look for days. An
out-of-memory kill or a crash of Rasa would otherwise leave every parent with "try again"
until a person restarts the bot. A watcher thread checks each service twice a second:

- the process exited: restart it;
- it is alive but its health URL has not answered for `hang_after` seconds (hung, or
  stopped with SIGSTOP): kill its process group (SIGKILL, the one signal a stopped process
  cannot ignore) and restart it;
- it does not get ready within `start_timeout` after a restart: the same.

Restarts back off (1, 2, 4 ... up to 60 s between them) so that a service that keeps
crashing does not take the CPU from the rest; the back-off starts again once a service
stayed up for `Backoff.steady` seconds. Each restart is one log line with the service's
name and the reason, never a message or an id. Listeners (the bridge) hear when a service
goes down and when it answers again, so parents get one kind message instead of waiting
for a time-out, and are told when their conversation was lost with Rasa's memory.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import IO, Protocol, Sequence

from bot.services import Service, stop_all

logger = logging.getLogger("bot.supervisor")


class Listener(Protocol):
    """Told about services going down and coming back (called from the watcher thread)."""

    def service_down(self, name: str) -> None: ...

    def service_back(self, name: str, conversations_lost: bool) -> None: ...


@dataclass(frozen=True)
class Backoff:
    """Waits between restarts of one service: `first`, doubling, at most `longest`."""

    first: float = 1.0
    longest: float = 60.0
    steady: float = 60.0  # up this long without trouble: the next restart waits `first` again

    def wait(self, restarts_in_a_row: int) -> float:
        """The wait before restart number `restarts_in_a_row` (1-based)."""
        return min(self.first * 2 ** (restarts_in_a_row - 1), self.longest)


class State(Enum):
    UP = "up"
    STARTING = "starting"
    WAITING = "waiting"  # down, waiting out the back-off


@dataclass
class _Watch:
    service: Service
    state: State = State.UP
    since: float = 0.0  # when the current state began (time.monotonic())
    failing_since: float | None = None
    restarts_in_a_row: int = 0
    restart_at: float = 0.0


class Supervisor:
    """Watches started services from its own thread, restarts them, and stops them at the end.

    The watcher thread also stops the services (`stop`): the restarted ones are its
    children on Linux's PR_SET_PDEATHSIG terms, and stopping them in order (Rasa first)
    must not race with a restart.
    """

    def __init__(
        self,
        items: Sequence[Service],
        quiet: bool,
        log: IO[bytes] | None = None,
        hang_after: float = 30.0,
        start_timeout: float = 180.0,
        backoff: Backoff = Backoff(),
        interval: float = 0.5,
        listeners: Sequence[Listener] = (),
    ) -> None:
        self.items = list(items)
        self.quiet = quiet
        self.log = log
        self.hang_after = hang_after
        self.start_timeout = start_timeout
        self.backoff = backoff
        self.interval = interval
        self.listeners = list(listeners)
        self.restarts = 0
        self._watches = [_Watch(item, since=time.monotonic()) for item in self.items]
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin watching services that `start_all` started and found ready."""
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching, then stop every service (Rasa first), and wait for all that."""
        self._stopping.set()
        if self._thread is None:
            stop_all(self.items)
            return
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stopping.wait(self.interval):
                for watch in self._watches:
                    if self._stopping.is_set():
                        break
                    self._check(watch, time.monotonic())
        except Exception as error:  # a bug here must not leave the services unwatched silently
            logger.error("Supervisor stopped watching: %s", type(error).__name__)
        finally:
            stop_all(self.items)

    def _check(self, watch: _Watch, now: float) -> None:
        service = watch.service
        if watch.state is State.WAITING:
            if now >= watch.restart_at:
                service.start(self.quiet, self.log)
                watch.state, watch.since = State.STARTING, now
            return
        code = service.process.poll() if service.process is not None else -1
        if code is not None:
            self._restart(watch, now, f"exited with code {code}")
        elif watch.state is State.STARTING:
            if service.is_ready():
                watch.state, watch.since, watch.failing_since = State.UP, now, None
                for listener in self.listeners:
                    listener.service_back(service.name, service.keeps_conversations)
            elif now - watch.since > self.start_timeout:
                self._restart(watch, now, f"not ready {self.start_timeout:.0f} s after its start")
        elif service.is_ready():
            watch.failing_since = None
            if watch.restarts_in_a_row and now - watch.since >= self.backoff.steady:
                watch.restarts_in_a_row = 0
        elif watch.failing_since is None:
            watch.failing_since = now
        elif now - watch.failing_since >= self.hang_after:
            self._restart(watch, now, f"did not answer its health check for {self.hang_after:.0f} s")

    def _restart(self, watch: _Watch, now: float, reason: str) -> None:
        """Kill what is left of the service and plan its restart after the back-off."""
        service = watch.service
        _kill_group(service.process)
        for listener in self.listeners:
            listener.service_down(service.name)
        watch.restarts_in_a_row += 1
        self.restarts += 1
        wait = self.backoff.wait(watch.restarts_in_a_row)
        watch.state, watch.restart_at, watch.failing_since = State.WAITING, now + wait, None
        logger.warning("%s %s: restarting it in %g s (restart %d in a row).", service.name, reason, wait, watch.restarts_in_a_row)


def _kill_group(process: subprocess.Popen | None) -> None:
    """SIGKILL the process group (a stopped or hung process ignores SIGTERM) and reap it."""
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
