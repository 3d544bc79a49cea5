"""Free loopback ports for the servers a test or a benchmark starts."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def free_ports_in_a_row(count: int) -> int:
    """The first of `count` consecutive free ports (the Rasa workers listen on port, port + 1, ...)."""
    while True:
        first = free_port()
        if all(_is_free(first + i) for i in range(1, count)):
            return first


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
