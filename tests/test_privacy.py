"""Stores nothing personal: a whole conversation leaves no trace of its words or its ids.

A parent with a distinctive chat id, user id and username talks to the real bot (real
python-telegram-bot against the fake Bot API server, real Rasa, real action server) and puts a
canary string, new for every run, in what they write. Afterwards neither the canary nor any id
may appear in any file under the repo, in the temp directories, in the home folder's caches
(~/.rasa, ~/.cache, ~/.keras), in the servers' log, or in the
log records of this process (bridge, python-telegram-bot, httpx) at the README's INFO level.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import AsyncIterator, Iterator

import pytest
from telegram.ext import Application

from actions.content import load_content
from bot.bridge import Bridge
from bot.logging_setup import setup_logging
from bot.rasa_client import RasaClient
from bot.telegram_app import build_application
from testkit.bridge import start, stop
from testkit.canary import CANARY, CHAT_ID, FIRST_NAME, GROUP_ID, SENDER, TOKEN, USER_ID, traces_in
from testkit.conversation import Conversation, bubble, paragraphs, texts
from testkit.fake_telegram import FakeBotApi
from testkit.stack import RealStack, running_stack
from tests.files import files_changed_since, places_a_run_may_write

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content()


async def telegram_app(fake: FakeBotApi, stack: RealStack) -> Application:
    settings = stack.bridge_settings(TOKEN, fake.base_url)
    application: Application = build_application(settings, Bridge(RasaClient(settings.rasa_url, 10.0)))
    await start(application, fake)
    return application


async def test_a_whole_conversation_leaves_no_text_and_no_id_in_files_or_logs(
    real_stack: RealStack, caplog: pytest.LogCaptureFixture
) -> None:
    setup_logging("INFO")  # as ./run.sh does with the README's LOG_LEVEL
    caplog.set_level(logging.INFO)
    started = time.time()
    log_offset = len(real_stack.log_text())

    with FakeBotApi() as fake:
        application = await telegram_app(fake, real_stack)
        talk = Conversation(fake, CHAT_ID, **SENDER)
        welcome = await talk.say("/start")
        await talk.press("/stelling")
        await talk.press("/eens")
        await talk.say(f"Bij ons beslist {CANARY} niemand alleen. Mijn partner kookt en ik doe de was.")
        await talk.press("/menu")
        await talk.press("/huishouden")
        await talk.say(f"{CANARY} ik doe alles, hij niets")
        await talk.say(f"home-start in Aalst {CANARY}")
        crisis = await talk.say(f"soms wil ik niet meer leven {CANARY}")
        await talk.say(f"{CANARY} " + "heel lang verhaal " * 200)
        fake.push_media(CHAT_ID, "photo", caption=f"foto {CANARY}", **SENDER)
        for kind in ("voice", "sticker", "document"):
            fake.push_media(CHAT_ID, kind, **SENDER)
        media = await talk._replies(4)
        # Inline mode with the canary in what is typed, then a shared question's deep link.
        inline_id = fake.push_inline_query(f"scherm {CANARY}", user_id=USER_ID, first_name=FIRST_NAME)
        inline_ask = await fake.wait_for("answerInlineQuery", lambda c: str(c.params["inline_query_id"]) == inline_id, timeout=10)
        shared_id = fake.push_inline_query("trage_schermen_1", user_id=USER_ID, first_name=FIRST_NAME)
        await fake.wait_for("answerInlineQuery", lambda c: str(c.params["inline_query_id"]) == shared_id, timeout=10)
        opened = await talk.say("/start trage_schermen_1")
        await talk.say(f"{CANARY} bij ons mag de tablet een uur")
        recap = await talk.say("/samenvatting")
        forgotten = await talk.say("/vergeet")
        # The same parent in a group: a /samen round and the start of a group /wiedoetwat.
        group = Conversation(fake, GROUP_ID, chat_type="group", chat_title=f"Gezin {CANARY}", **SENDER)
        await group.say("/samen")
        together = await group.press('/samen{"keuze":"twijfel"}')
        await group.say("/wiedoetwat")
        division = await group.press("de andere ouder", expect=1)
        await group.say("/vergeet")
        await stop(application)
        sent = " ".join(m["text"] for m in fake.sent_messages(CHAT_ID))
        downloads = fake.calls_of("getFile")

    # The conversation really happened, so the searches below look at a real trace.
    assert "bewaar niets" in " ".join(texts(welcome))
    assert "1813" in " ".join(texts(crisis))
    assert all("alleen tekst" in m["text"] for m in media)
    assert "gewist" in forgotten[0]["text"]
    assert inline_ask.params["results"] == [] and CONTENT.by_id["trage_schermen_1"].tekst in paragraphs(opened)
    assert CONTENT.by_id["trage_schermen_1"].tekst in recap[0]["text"]
    assert "wacht" in together[0]["text"]
    assert "Ik wacht nog op de keuze van" in division[0]["text"]
    # The bot never repeats what the parent wrote, and never downloads their files.
    assert CANARY not in sent
    assert downloads == []

    stack_log = real_stack.log_text()[log_offset:]
    assert "Conversation state in memory only" in real_stack.log_text()  # our store is the one Rasa uses
    assert traces_in(stack_log) == [], "the Rasa / action server log holds personal data"
    assert caplog.records, "nothing was captured, so the check below would prove nothing"
    assert traces_in(caplog.text) == [], "this process's log holds personal data"

    roots = places_a_run_may_write()
    assert {Path.home() / ".cache", ROOT} <= set(roots), roots  # the home caches are really searched
    leaks = {str(p): traces_in(p.read_bytes().decode("utf-8", "replace")) for p in files_changed_since(roots, started)}
    assert {p: found for p, found in leaks.items() if found} == {}


async def test_privacy_notice_says_what_is_kept_for_how_long_and_how_to_delete_the_telegram_chat(
    telegram_bot: FakeBotApi,
) -> None:
    notice = " ".join(texts(await Conversation(telegram_bot).say("/privacy")))
    assert "bewaar niets" in notice
    assert "30 minuten" in notice and "/vergeet" in notice
    assert "bewaart Telegram de chat" in notice and "Verwijderen" in notice


@pytest.fixture(scope="module")
def short_idle_stack() -> Iterator[RealStack]:
    """A second stack whose conversations are forgotten after 3 seconds of silence."""
    with running_stack("ouderschap-idle-", STATE_IDLE_MINUTES="0.05") as stack:
        yield stack


@pytest.fixture
async def idle_bot(short_idle_stack: RealStack) -> AsyncIterator[FakeBotApi]:
    with FakeBotApi() as fake:
        application = await telegram_app(fake, short_idle_stack)
        yield fake
        await stop(application)


async def test_after_the_idle_time_the_conversation_is_gone_and_starts_fresh(
    idle_bot: FakeBotApi, short_idle_stack: RealStack
) -> None:
    assert "idle limit 3 s" in short_idle_stack.log_text()
    questions = CONTENT.questions("eigen_rol")
    talk = Conversation(idle_bot)
    await talk.say("/eigen_rol")
    await talk.say("We spelen graag buiten.")
    remembered = await talk.press("/eigen_rol")
    assert texts(remembered) == [questions[1].tekst]  # within the idle time the bot knows where we are

    await asyncio.sleep(4)
    fresh = await talk.say("/eigen_rol")
    assert texts(fresh) == [bubble(CONTENT.themas["eigen_rol"].intro, questions[0].tekst)]
