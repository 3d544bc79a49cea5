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

from testkit.canary import CANARY, traces_in
from testkit.ports import free_port
from testkit.runner import alive, children_of, listening, runner_with_token

ROOT = Path(__file__).resolve().parent.parent


async def all_gone(pids: list[int], seconds: float) -> bool:
    """True once none of `pids` is alive (waiting up to `seconds`)."""
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return not any(alive(pid) for pid in pids)


async def test_with_a_token_the_runner_answers_on_telegram_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    with runner_with_token(tmp_path / "run.log") as runner:
        fake = runner.fake
        await fake.wait_for("getUpdates", timeout=180)  # long polling started
        fake.push_text(5_550_001, "/start")
        welcome = await fake.wait_for_messages(5_550_001, 1, timeout=30)
        assert welcome[0]["text"].startswith("Dag!")
        assert [c["command"] for c in fake.commands()][:3] == ["start", "menu", "stelling"]
        services = children_of(runner.process.pid)
        assert len(services) == 2 and listening(runner.rasa_port) and listening(runner.actions_port)

        runner.process.send_signal(signal.SIGINT)  # Ctrl-C
        assert runner.process.wait(timeout=60) == 0
    assert await all_gone(services, 10), "a service outlived the runner"
    assert not listening(runner.rasa_port) and not listening(runner.actions_port)
    assert "stopped: bridge, Rasa and the action server." in (tmp_path / "run.log").read_text()


async def test_when_the_runner_is_killed_outright_rasa_and_the_action_server_stop_too(tmp_path: Path) -> None:
    with runner_with_token(tmp_path / "run.log") as runner:
        await runner.fake.wait_for("getUpdates", timeout=180)
        services = children_of(runner.process.pid)
        assert len(services) == 2
        runner.process.kill()  # SIGKILL: no chance to stop its children itself
        runner.process.wait(timeout=10)
    assert await all_gone(services, 20), "a service outlived the killed runner"
    assert not listening(runner.rasa_port) and not listening(runner.actions_port)


# What the runner itself prints in the terminal chat: progress lines, then the conversation.
OWN_LINES = (
    "model: ",
    "starting the action server and Rasa",
    "No TELEGRAM_BOT_TOKEN set",
    "Gesprek in de terminal",
    "bot> ",
    "jij> ",
    "     ",  # the later lines of a message, and its buttons
    "stopped: ",
)


def run_terminal(stdin: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot.run` without a token, typed at as a person would, until its input ends."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env |= {"RASA_PORT": str(free_port()), "ACTIONS_PORT": str(free_port()), **environment}
    return subprocess.run(
        [sys.executable, "-m", "bot.run"], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=240
    )


def test_the_terminal_chat_starts_quietly_and_keeps_the_servers_chatter_in_its_log() -> None:
    done = run_terminal(f"/start\n/vraag\nBij ons {CANARY} beslist niemand alleen.\n")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert [line for line in lines if not line.startswith(OWN_LINES)] == []
    assert done.stderr.strip() == ""
    assert any(line.startswith("bot> Dag!") for line in lines)
    assert any(line == "     Waarover wil je praten? Kies een thema." for line in lines)
    assert lines[-1].endswith("stopped: bridge, Rasa and the action server.")
    # The chatter is not lost: Rasa's and the action server's start-up lines are in the log.
    log = (ROOT / "logs" / "terminal.log").read_text(encoding="utf-8")
    assert "DeprecationWarning" in log
    # What the parent typed is answered (a thanks or a mirror, then the next question offered),
    # never echoed, and never in the log.
    assert any(line.endswith("] Volgende vraag") for line in lines[-8:]), lines[-8:]
    assert traces_in(done.stdout) == [] and traces_in(log) == []


def test_when_a_server_cannot_start_the_terminal_names_the_log() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_terminal("", ACTIONS_PORT=str(taken.getsockname()[1]))
    assert done.returncode == 1
    assert "could not start: action server stopped during start-up" in done.stderr
    assert "logs/terminal.log" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
