"""The runner behind ./run.sh, as a person starts it: with a token it polls Telegram, and
Ctrl-C stops the bridge, Rasa and the action server, leaving no process behind."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.fake_rasa import free_port
from tests.fake_telegram import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent


def children_of(pid: int) -> list[int]:
    """Direct child processes of `pid`, read from /proc."""
    found = []
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
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def test_with_a_token_the_runner_answers_on_telegram_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    rasa_port, actions_port = free_port(), free_port()
    with FakeBotApi() as fake:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "42:RUNNER-TEST",
            "TELEGRAM_API_BASE_URL": fake.base_url.removesuffix("/bot"),
            "RASA_PORT": str(rasa_port),
            "ACTIONS_PORT": str(actions_port),
        }
        with open(tmp_path / "run.log", "wb") as log:
            runner = subprocess.Popen([sys.executable, "-m", "bot.run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                await fake.wait_for("getUpdates", timeout=180)  # long polling started
                fake.push_text(5_550_001, "/start")
                welcome = await fake.wait_for_messages(5_550_001, 1, timeout=30)
                assert welcome[0]["text"].startswith("Dag!")
                assert [c["command"] for c in fake.commands()][:3] == ["start", "menu", "stelling"]
                services = children_of(runner.pid)
                assert len(services) == 2 and listening(rasa_port) and listening(actions_port)

                runner.send_signal(signal.SIGINT)  # Ctrl-C
                assert runner.wait(timeout=60) == 0
            finally:
                if runner.poll() is None:
                    runner.kill()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in services) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert not any(alive(pid) for pid in services), "a service outlived the runner"
    assert not listening(rasa_port) and not listening(actions_port)
    assert "stopped: bridge, Rasa and the action server." in (tmp_path / "run.log").read_text()
