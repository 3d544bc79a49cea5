"""The supervisor with real child processes that crash at once: restarts back off."""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.services import Service
from bot.supervisor import Backoff, Supervisor
from testkit.ports import free_port


def crashing_service(starts: Path) -> Service:
    """A service that writes down when it started and exits with code 3 at once."""
    script = f"import time; open({str(starts)!r}, 'a').write(f'{{time.monotonic()}}\\n'); raise SystemExit(3)"
    return Service("crasher", [sys.executable, "-c", script], f"http://127.0.0.1:{free_port()}/health")


class Recorder:
    """A listener, as the bridge is one."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def service_down(self, name: str) -> None:
        self.events.append(f"down {name}")

    def service_back(self, name: str, conversations_lost: bool) -> None:
        self.events.append(f"back {name}")


def test_a_service_that_keeps_crashing_is_restarted_ever_more_slowly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    starts = tmp_path / "starts"
    service = crashing_service(starts)
    listener = Recorder()
    service.start(quiet=True)
    supervisor = Supervisor([service], quiet=True, backoff=Backoff(first=0.2, longest=0.8), interval=0.05, listeners=[listener])
    with caplog.at_level(logging.WARNING, logger="bot.supervisor"):
        supervisor.start()
        time.sleep(4.0)
        supervisor.stop()

    times = [float(line) for line in starts.read_text().split()]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # Waits of 0.2, 0.4, 0.8, 0.8 ... s (plus start-up): without a back-off it would be
    # restarted every check, twenty times a second.
    assert 4 <= len(times) <= 7, gaps
    assert gaps[0] < gaps[1] < gaps[2] and gaps[1] >= 0.4 and gaps[2] >= 0.8, gaps
    assert all(gap < 0.8 + 0.6 for gap in gaps), gaps  # the wait stops growing at `longest`
    lines = [r.getMessage() for r in caplog.records if "restarting" in r.getMessage()]
    assert lines[:3] == [
        "crasher exited with code 3: restarting it in 0.2 s (restart 1 in a row).",
        "crasher exited with code 3: restarting it in 0.4 s (restart 2 in a row).",
        "crasher exited with code 3: restarting it in 0.8 s (restart 3 in a row).",
    ]
    assert len(lines) in (len(times), len(times) - 1)  # one line per restart
    assert set(listener.events) == {"down crasher"}  # never ready, so never "back"


def test_a_service_that_stays_up_a_while_between_crashes_is_restarted_quickly_each_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The back-off is for a crash loop: a service that was up longer than `steady` before it
    crashed again starts from the short wait, however often that happens."""
    port = free_port()
    script = (
        "import http.server, threading, time\n"
        "class Health(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self): self.send_response(200); self.end_headers()\n"
        "    def log_message(self, *args): pass\n"
        f"server = http.server.HTTPServer(('127.0.0.1', {port}), Health)\n"
        "threading.Thread(target=server.serve_forever, daemon=True).start()\n"
        "time.sleep(0.8)\n"
        "raise SystemExit(3)\n"
    )
    service = Service("sometimes", [sys.executable, "-c", script], f"http://127.0.0.1:{port}/health")
    service.start(quiet=True)
    supervisor = Supervisor([service], quiet=True, backoff=Backoff(first=0.2, longest=5.0, steady=0.4), interval=0.05)
    with caplog.at_level(logging.WARNING, logger="bot.supervisor"):
        supervisor.start()
        time.sleep(3.5)
        supervisor.stop()
    lines = [r.getMessage() for r in caplog.records if "restarting" in r.getMessage()]
    assert len(lines) >= 2, lines
    assert all(line.endswith("restarting it in 0.2 s (restart 1 in a row).") for line in lines), lines


def test_a_health_url_that_answers_no_http_is_not_ready_yet() -> None:
    """A poll that reads no HTTP answer (its own request, on a socket connected to itself) waits."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def echo_the_request() -> None:
            conn, _ = server.accept()
            with conn:
                conn.sendall(conn.recv(1024))

        threading.Thread(target=echo_the_request, daemon=True).start()
        service = Service("echo", [sys.executable, "-c", "pass"], f"http://127.0.0.1:{port}/webhooks/rest/")
        assert service.is_ready() is False
