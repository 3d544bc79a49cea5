"""The scaled set-up: conversations in a real Redis, two real Rasa workers, the real bridge.

One Redis server and one stack (action server + two Rasa workers, started as ./run.sh starts
them with REDIS_URL and RASA_WORKERS=2, watched by the real supervisor) are shared by the
tests of this module, in file order; the last one stops Redis and starts it again.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from typing import AsyncIterator, Iterator

import httpx
import pytest
from telegram.ext import Application

from actions.content import load_content
from bot.bridge import Bridge
from bot.config import Settings
from bot.logging_setup import setup_logging
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.scale_checks import UnsafeSetup, check_redis_keeps_nothing, check_settings
from bot.supervisor import Backoff, Supervisor
from bot.telegram_app import build_application
from bot.texts import load_texts
from testkit.bridge import start, stop
from testkit.canary import CANARY, CHAT_ID, GROUP_ID, SENDER, TOKEN, traces_in
from testkit.conversation import Conversation, bubble, paragraphs, texts
from testkit.fake_telegram import FakeBotApi
from testkit.redis_server import RedisServer
from testkit.stack import RealStack, running_stack
from tests.files import files_changed_since, places_a_run_may_write

CONTENT = load_content()
IDLE_SECONDS = 8
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def scaled(redis_server: RedisServer) -> Iterator[tuple[RealStack, Supervisor]]:
    with running_stack(
        "ouderschap-scaled-", workers=2, redis_url=redis_server.url, STATE_IDLE_MINUTES=str(IDLE_SECONDS / 60)
    ) as stack:
        supervisor = Supervisor(stack.items, quiet=False, hang_after=30, backoff=Backoff(first=0.5))
        supervisor.start()
        yield stack, supervisor
        supervisor.stop()


def spread_pseudonymizer(client: RasaClient, *chats: int) -> Pseudonymizer:
    """A pseudonymizer whose keys send these chats to different workers first."""
    while True:
        candidate = Pseudonymizer(secrets.token_bytes(32))
        if len({client.order(candidate.key(c))[0] for c in chats}) == len(chats):
            return candidate


async def telegram_bridge(fake: FakeBotApi, stack: RealStack, supervisor: Supervisor, *chats: int) -> tuple[Application, Bridge]:
    settings = stack.bridge_settings(TOKEN, fake.base_url, rasa_workers=2)
    client = RasaClient(settings.rasa_urls, 10.0)
    bridge = Bridge(client, spread_pseudonymizer(client, *chats) if chats else None, rasa_names=settings.rasa_names)
    supervisor.listeners[:] = [bridge]
    application = build_application(settings, bridge)
    await start(application, fake)
    return application, bridge


@pytest.fixture
async def bot(scaled: tuple[RealStack, Supervisor]) -> AsyncIterator[tuple[FakeBotApi, Bridge]]:
    stack, supervisor = scaled
    with FakeBotApi() as fake:
        application, bridge = await telegram_bridge(fake, stack, supervisor)
        yield fake, bridge
        await stop(application)


def tracker_key(bridge: Bridge, chat_id: int) -> str:
    return "tracker:" + bridge.pseudonymizer.key(chat_id)


async def test_a_whole_conversation_over_two_workers_leaves_no_text_and_no_id_in_redis_or_files(
    scaled: tuple[RealStack, Supervisor], redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    stack, supervisor = scaled
    setup_logging("INFO")
    started = time.time()
    with FakeBotApi() as fake:
        application, bridge = await telegram_bridge(fake, stack, supervisor, CHAT_ID, GROUP_ID)
        talk = Conversation(fake, CHAT_ID, **SENDER)
        await talk.say("/start")
        await talk.press("/stelling")
        await talk.say(f"Bij ons beslist {CANARY} niemand alleen.")
        await talk.say(f"{CANARY} ik doe alles, hij niets")
        crisis = await talk.say(f"soms wil ik niet meer leven {CANARY}")
        group = Conversation(fake, GROUP_ID, chat_type="group", chat_title=f"Gezin {CANARY}", **SENDER)
        await group.say("/samen")
        together = await group.press('/samen{"keuze":"twijfel"}')
        during = redis_server.values()
        await stop(application)

    # The conversation really happened, in Redis, through both workers.
    assert "1813" in " ".join(texts(crisis))
    assert "wacht" in together[0]["text"]
    assert {bridge.rasa.order(bridge.pseudonymizer.key(c))[0] for c in (CHAT_ID, GROUP_ID)} == {0, 1}
    assert tracker_key(bridge, CHAT_ID) in during and tracker_key(bridge, GROUP_ID) in during
    assert traces_in(during) == [], "Redis holds personal data"
    assert traces_in(redis_server.values()) == []
    assert "Conversation state in Redis, scrubbed" in stack.log_text()
    assert traces_in(stack.log_text()) == [] and traces_in(caplog.text) == []
    leaks = {
        str(p): traces_in(p.read_bytes().decode("utf-8", "replace"))
        for p in files_changed_since(places_a_run_may_write(), started)
    }
    assert {p: found for p, found in leaks.items() if found} == {}
    assert not list(redis_server.folder.iterdir()), "Redis wrote a file"


async def test_vergeet_deletes_the_conversation_in_redis_at_once(
    bot: tuple[FakeBotApi, Bridge], redis_server: RedisServer
) -> None:
    fake, bridge = bot
    talk = Conversation(fake)
    await talk.say("/eigen_rol")
    key = tracker_key(bridge, talk.chat_id)
    assert redis_server.client().exists(key)
    assert 0 < redis_server.client().ttl(key) <= IDLE_SECONDS
    forgotten = await talk.say("/vergeet")
    assert "gewist" in forgotten[0]["text"]
    assert not redis_server.client().exists(key)
    assert not redis_server.client().keys("lock:*")  # no lock left behind either
    fresh = await talk.say("/eigen_rol")
    assert paragraphs(fresh)[-1] == CONTENT.questions("eigen_rol")[0].tekst


async def test_after_the_idle_time_redis_has_dropped_the_conversation(
    bot: tuple[FakeBotApi, Bridge], redis_server: RedisServer
) -> None:
    fake, bridge = bot
    questions = CONTENT.questions("eigen_rol")
    talk = Conversation(fake)
    await talk.say("/eigen_rol")
    await talk.say("We spelen graag buiten.")
    assert texts(await talk.press("/eigen_rol")) == [questions[1].tekst]
    assert redis_server.client().exists(tracker_key(bridge, talk.chat_id))
    await asyncio.sleep(IDLE_SECONDS + 1)
    assert not redis_server.client().exists(tracker_key(bridge, talk.chat_id))
    assert texts(await talk.say("/eigen_rol")) == [bubble(CONTENT.themas["eigen_rol"].intro, questions[0].tekst)]


async def test_messages_of_one_chat_sent_to_both_workers_at_once_are_handled_one_after_the_other(
    scaled: tuple[RealStack, Supervisor], redis_server: RedisServer
) -> None:
    stack, _ = scaled
    sender = secrets.token_hex(16)
    async with httpx.AsyncClient(timeout=20) as client:
        answers = await asyncio.gather(
            *(
                client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "/menu"})
                for url in stack.settings.rasa_urls * 2
            )
        )
    assert all(a.status_code == 200 and a.json() for a in answers)
    stored = redis_server.client().get(f"tracker:{sender}")
    # Had two workers handled them at once, each would have saved its own copy over the other's.
    assert stored.count('"event": "user"') == 4


async def test_the_conversation_goes_on_when_its_worker_is_killed_and_the_worker_is_restarted(
    scaled: tuple[RealStack, Supervisor], bot: tuple[FakeBotApi, Bridge]
) -> None:
    stack, supervisor = scaled
    fake, bridge = bot
    questions = CONTENT.questions("eigen_rol")
    talk = Conversation(fake)
    await talk.say("/eigen_rol")
    await talk.say("We spelen graag buiten.")
    worker = bridge.rasa.order(bridge.pseudonymizer.key(talk.chat_id))[0]
    rasa = stack.items[1 + worker]
    restarts = supervisor.restarts
    os.killpg(rasa.process.pid, signal.SIGKILL)

    assert texts(await talk.press("/eigen_rol")) == [questions[1].tekst]  # the other worker knew where we were
    deadline = time.monotonic() + 120
    while not (supervisor.restarts > restarts and rasa.process.poll() is None and rasa.is_ready()):
        assert time.monotonic() < deadline, "the killed worker was not restarted"
        await asyncio.sleep(0.5)
    await asyncio.sleep(1)  # the supervisor tells the bridge at its next look
    assert "opnieuw" not in " ".join(texts(await talk.say("Koken doe ik.")))  # nothing was lost


async def test_redis_down_gets_a_kind_message_and_the_bot_recovers_when_redis_is_back(
    bot: tuple[FakeBotApi, Bridge], redis_server: RedisServer
) -> None:
    fake, _ = bot
    talk = Conversation(fake)
    assert texts(await talk.say("/menu"))
    redis_server.stop()
    try:
        down = await talk.say("/menu")
    finally:
        redis_server.start()
    assert texts(down) == [load_texts().messages["rasa_onbereikbaar"]]
    back = await talk.say("/eigen_rol")
    assert texts(back) == [bubble(CONTENT.themas["eigen_rol"].intro, CONTENT.questions("eigen_rol")[0].tekst)]


def test_the_bot_refuses_a_redis_that_writes_to_disk() -> None:
    with RedisServer(persistent=True) as persistent:
        with pytest.raises(UnsafeSetup, match='save ""') as refused:
            check_redis_keeps_nothing(persistent.url)
        assert "appendonly no" in str(refused.value)
    with RedisServer() as safe:
        check_redis_keeps_nothing(safe.url)  # the settings of docs/deployment.md pass


def test_the_bot_refuses_unreachable_redis_and_several_workers_without_redis() -> None:
    with pytest.raises(UnsafeSetup, match="could not be asked"):
        check_settings(Settings.from_env({"REDIS_URL": "redis://127.0.0.1:1/0"}))
    with pytest.raises(UnsafeSetup, match="TELEGRAM_WEBHOOK_SECRET"):
        check_settings(Settings.from_env({"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg"}))
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"RASA_WORKERS": "2", "TELEGRAM_BOT_TOKEN": "1:X"}
    run = subprocess.run([sys.executable, "-m", "bot.run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "RASA_WORKERS=2 needs REDIS_URL" in run.stderr
