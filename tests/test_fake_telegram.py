"""The fake Bot API refuses what Telegram refuses, so a bridge test that passes against it is as
strict as Telegram; and it waits and answers as the bridge tests and the benchmark need.

The client is the real python-telegram-bot `Bot` over HTTP (the bridge's own calls go through
tests/test_bridge_telegram.py and tests/test_real_stack.py).
"""

from __future__ import annotations

import datetime as dtm
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, RetryAfter, TelegramError

from testkit.fake_telegram import FakeBotApi

TOKEN = "123456:TEST-token"
CHAT = 5001


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url) as client:
        yield client


async def test_what_telegram_refuses_is_refused(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)empty"):
        await bot.send_message(CHAT, " ")
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(
            CHAT, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]])
        )
    sent = await bot.send_message(CHAT, "42", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="b")]]))
    assert sent.text == "42" and fake.sent_messages(CHAT)[0]["text"] == "42"  # a text stays a text
    fake.push_callback(CHAT, sent.message_id, "b")
    (update,) = await bot.get_updates()
    assert await bot.answer_callback_query(update.callback_query.id)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(update.callback_query.id)  # once only
    assert await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=None)
    with pytest.raises(TelegramError):
        await bot.get_file("photo")  # a method the bridge never calls: recorded, and 404
    assert fake.calls_of("getFile")[0].status == 404


async def test_a_failure_is_answered_as_telegram_answers_it(fake: FakeBotApi, bot: Bot) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(CHAT, "te snel")
    assert refused.value.retry_after in (7, dtm.timedelta(seconds=7))
    assert (await bot.send_message(CHAT, "nu wel")).text == "nu wel"
    assert [c.status for c in fake.calls_of("sendMessage")] == [429, 200]


async def test_a_long_poll_wakes_when_a_person_writes_and_an_offset_confirms(fake: FakeBotApi, bot: Bot) -> None:
    threading.Timer(0.2, fake.push_text, args=(CHAT, "hallo")).start()
    started = time.monotonic()
    (update,) = await bot.get_updates(timeout=5)
    assert time.monotonic() - started < 2 and update.message.text == "hallo"
    assert fake.delivered_at(update.update_id) is not None
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0.2) == ()
    assert fake.pending_updates == []


async def test_call_delay_makes_each_call_a_round_trip_recorded_halfway() -> None:
    """What the benchmark's --telegram-delay-ms relies on."""
    with FakeBotApi(call_delay=0.3) as slow:
        async with Bot(TOKEN, base_url=slow.base_url) as client:
            sent = time.time()
            await client.send_message(CHAT, "hallo")
            answered = time.time()
        (call,) = slow.calls_of("sendMessage")
    assert answered - sent >= 0.3
    assert 0.14 <= call.time - sent <= answered - sent - 0.14
