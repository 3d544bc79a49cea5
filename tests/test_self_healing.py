"""The runner brings Rasa and the action server back by itself (issue 20).

One runner, as ./run.sh starts it, against the fake Bot API server; Rasa is killed, the
action server is killed, and Rasa is stopped with SIGSTOP (alive but answering nothing).
Each time a parent who keeps writing gets one kind message, and within 60 seconds the bot
answers normally again. Short times (a 3 s Rasa timeout, 4 s before a silent service counts
as hung) keep this quick; the defaults are in the README.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Iterator

import pytest

from bot.texts import load_texts
from testkit.fake_telegram import FakeBotApi
from testkit.runner import Runner, children_of, runner_with_token

TEXTS = load_texts().messages
BACK_WITHIN = 60.0


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    log = tmp_path_factory.mktemp("self-healing") / "run.log"
    with runner_with_token(log, RASA_TIMEOUT_SECONDS="3", SERVICE_HANG_SECONDS="4") as started:
        started.fake.wait_for_sync("getUpdates", timeout=180)
        started.log_path = log  # type: ignore[attr-defined]
        yield started
        started.process.send_signal(signal.SIGINT)
        started.process.wait(timeout=60)


def service_pid(runner: Runner, fragment: str) -> int:
    """The pid of the runner's child whose command line holds `fragment`."""
    for pid in children_of(runner.process.pid):
        if fragment in (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode():
            return pid
    raise AssertionError(f"no child process with {fragment!r}")


def log_text(runner: Runner) -> str:
    return runner.log_path.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]


async def log_shows(runner: Runner, fragment: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while fragment not in log_text(runner):
        assert time.monotonic() < deadline, f"the runner did not log {fragment!r}"
        await asyncio.sleep(0.1)


async def welcome_for(fake: FakeBotApi, chat: int) -> int:
    """/start until the bot answers it; how many messages the chat got so far."""
    fake.push_text(chat, "/start")
    await fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == chat and c.params["text"].startswith("Dag!"), timeout=30)
    await asyncio.sleep(1)  # the rest of the welcome (privacy line, menu)
    return len(fake.sent_messages(chat))


async def keep_writing_until_answered(fake: FakeBotApi, chat: int, since: int, started: float) -> list[str]:
    """A parent sending /start every two seconds until the bot welcomes them again.

    Returns the texts the chat got after its first `since` messages.
    """
    while time.monotonic() - started < BACK_WITHIN:
        fake.push_text(chat, "/start")
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            texts = [m["text"] for m in fake.sent_messages(chat)][since:]
            if any(t.startswith("Dag!") for t in texts):
                await asyncio.sleep(1)  # the rest of the welcome
                return [m["text"] for m in fake.sent_messages(chat)][since:]
            await asyncio.sleep(0.1)
    raise AssertionError(
        f"no answer within {BACK_WITHIN:.0f} s; the chat got {[m['text'] for m in fake.sent_messages(chat)][since:]}"
    )


def before_the_welcome(texts: list[str]) -> list[str]:
    return texts[: next(i for i, t in enumerate(texts) if t.startswith("Dag!"))]


async def test_when_rasa_is_killed_it_comes_back_and_the_parent_is_told_once_and_that_we_start_again(runner: Runner) -> None:
    fake, chat = runner.fake, 6_600_001
    since = await welcome_for(fake, chat)
    killed = time.monotonic()
    os.kill(service_pid(runner, "bot.rasa_cli run"), signal.SIGKILL)  # as an out-of-memory kill would

    texts = await keep_writing_until_answered(fake, chat, since, killed)
    assert before_the_welcome(texts) == [TEXTS["rasa_onbereikbaar"], TEXTS["opnieuw_gestart"]], texts
    await log_shows(runner, "Rasa exited with code -9: restarting it in")


async def test_when_the_action_server_is_killed_it_comes_back_and_the_conversation_goes_on(runner: Runner) -> None:
    fake, chat = runner.fake, 6_600_002
    since = await welcome_for(fake, chat)
    killed = time.monotonic()
    os.kill(service_pid(runner, "-m rasa_sdk"), signal.SIGKILL)
    await log_shows(runner, "action server exited with code -9: restarting it in")

    texts = await keep_writing_until_answered(fake, chat, since, killed)
    # Rasa kept the conversation: no "we start again", only the one kind message meanwhile.
    assert before_the_welcome(texts) == [TEXTS["rasa_onbereikbaar"]], texts


async def test_when_rasa_hangs_it_is_restarted_and_the_parent_is_told_once(runner: Runner) -> None:
    fake, chat = runner.fake, 6_600_003
    since = await welcome_for(fake, chat)
    stopped = time.monotonic()
    os.kill(service_pid(runner, "bot.rasa_cli run"), signal.SIGSTOP)  # alive, but answers nothing

    texts = await keep_writing_until_answered(fake, chat, since, stopped)
    assert before_the_welcome(texts) == [TEXTS["rasa_onbereikbaar"], TEXTS["opnieuw_gestart"]], texts
    await log_shows(runner, "Rasa did not answer its health check for 4 s: restarting it in")
    restarts = [line for line in log_text(runner).splitlines() if "restarting it in" in line]
    assert len(restarts) == 3  # one line per restart, and nothing a parent wrote in it
    assert not any("/start" in line or "Dag" in line or "6600" in line for line in restarts)
