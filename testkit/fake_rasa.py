"""A scripted stand-in for Rasa's REST channel, for tests of the bridge alone.

A real HTTP server on 127.0.0.1 (stdlib, own thread) that records each message it gets and
answers with what the test's `script` returns, optionally after a delay. It can be
stopped and started again on the same port, to show the bridge recovering by itself.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from testkit.ports import free_port

Script = Callable[[str, str], list[dict[str, Any]]]


@dataclass
class Received:
    """One message as Rasa got it."""

    sender: str
    message: str


class FakeRasa:
    """Answers POST /webhooks/rest/webhook and GET /webhooks/rest/."""

    def __init__(self, script: Script, delay: float = 0.0, port: int | None = None) -> None:
        self.script = script
        self.delay = delay
        self.port = port or free_port()
        self.received: list[Received] = []
        self.in_flight = 0
        self.most_in_flight = 0  # the most messages it worked on at the same time
        self._count_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FakeRasa":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                self._reply(200, {"status": "ok"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.received.append(Received(body["sender"], body["message"]))
                with fake._count_lock:
                    fake.in_flight += 1
                    fake.most_in_flight = max(fake.most_in_flight, fake.in_flight)
                try:
                    time.sleep(fake.delay)
                    replies = fake.script(body["sender"], body["message"])
                finally:
                    # Done before the answer leaves: once the bridge has it, it may send the next
                    # message, which must not find this one still counted (a race under load).
                    with fake._count_lock:
                        fake.in_flight -= 1
                self._reply(200, replies)

            def _reply(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        # Polled every 0.05 s (not 0.5): stopping waits for the next poll, once per test.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
