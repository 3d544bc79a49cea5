"""Proves FakeBotApi speaks the Bot API well enough for the *real* python-telegram-bot.

Nothing in PTB is mocked: Bot / Application / Updater talk HTTP to the fake on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dtm
import io
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from testkit.fake_telegram import BOT_USERNAME, DEFAULT_GROUP_USER_ID, FakeBotApi

TOKEN = "123456:TEST-token_abc"
CHAT_ID = 5001


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as b:
        yield b


def _png_bytes(width: int = 40, height: int = 30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 90)).save(buf, format="PNG")
    return buf.getvalue()


# ------------------------------------------------------------------------------ 1. plain Bot


async def test_get_me(fake: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == BOT_USERNAME
    assert me.is_bot is True
    assert me.id == 123456  # taken from the token, as with real tokens
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is False
    assert fake.tokens == [TOKEN]
    assert fake.calls_of("getMe")[0].token == TOKEN


async def test_send_message_with_inline_keyboard(fake: FakeBotApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Ja", callback_data="yes"), InlineKeyboardButton("Nee", callback_data="no")]]
    )
    first = await bot.send_message(CHAT_ID, "Doe je mee?", reply_markup=markup)
    second = await bot.send_message(CHAT_ID, "42")  # numeric-looking text stays a string

    assert second.message_id == first.message_id + 1
    assert first.chat.id == CHAT_ID and first.chat.type == "private"
    assert first.from_user is not None and first.from_user.username == BOT_USERNAME
    assert first.text == "Doe je mee?"
    assert first.date.timestamp() == pytest.approx(time.time(), abs=5)
    assert first.reply_markup == markup  # echoed back and parsed by PTB

    call = fake.calls_of("sendMessage")[0]
    assert call.params["chat_id"] == CHAT_ID
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}, {"text": "Nee", "callback_data": "no"}]]
    }
    assert [m["text"] for m in fake.sent_messages(CHAT_ID)] == ["Doe je mee?", "42"]
    assert fake.sent_messages(999) == []


async def test_commands_chat_action_and_unknown_method(fake: FakeBotApi, bot: Bot) -> None:
    assert await bot.set_my_commands([BotCommand("start", "Begin"), ("help", "Hulp")])
    assert fake.calls_of("setMyCommands")[0].params["commands"] == [
        {"command": "start", "description": "Begin"},
        {"command": "help", "description": "Hulp"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start", "uppercase is not allowed")])

    assert await bot.send_chat_action(CHAT_ID, ChatAction.TYPING)
    assert fake.calls_of("sendChatAction")[0].params == {"chat_id": CHAT_ID, "action": "typing"}

    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fooBar", api_kwargs={"x": 1})
    unknown = fake.calls_of("fooBar")[0]
    assert unknown.status == 404
    assert unknown.response == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }


async def test_send_photo_and_document_uploads(fake: FakeBotApi, bot: Bot) -> None:
    png = _png_bytes(640, 480)
    msg = await bot.send_photo(CHAT_ID, png, caption="Foto")
    call = fake.calls_of("sendPhoto")[0]
    assert call.files["photo"] == png
    assert call.params["caption"] == "Foto"
    assert msg.photo[-1].width == 640 and msg.photo[-1].height == 480
    assert msg.caption == "Foto"

    # The uploaded bytes are downloadable through getFile + base_file_url.
    tg_file = await msg.photo[-1].get_file()
    assert bytes(await tg_file.download_as_bytearray()) == png

    doc = await bot.send_document(CHAT_ID, b"a;b\n1;2\n", filename="export.csv")
    dcall = fake.calls_of("sendDocument")[0]
    assert dcall.files["document"] == b"a;b\n1;2\n"
    assert dcall.filenames["document"] == "export.csv"
    assert doc.document is not None and doc.document.file_name == "export.csv"
    assert fake.file_content(doc.document.file_id) == b"a;b\n1;2\n"


async def test_edits_and_parse_mode_validation(fake: FakeBotApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ok", callback_data="ok")]])
    msg = await bot.send_message(CHAT_ID, "Eerst", reply_markup=markup)
    edited = await bot.edit_message_text("Daarna", CHAT_ID, msg.message_id, reply_markup=markup)
    assert isinstance(edited, type(msg)) and edited.text == "Daarna"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("Daarna", CHAT_ID, msg.message_id, reply_markup=markup)
    cleared = await bot.edit_message_reply_markup(CHAT_ID, msg.message_id, reply_markup=None)
    assert cleared.reply_markup is None
    assert fake.message(CHAT_ID, msg.message_id)["text"] == "Daarna"
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", CHAT_ID, 9999)

    # The classic bugs the real API rejects.
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(CHAT_ID, "Klaar.", parse_mode=ParseMode.MARKDOWN_V2)
    await bot.send_message(CHAT_ID, r"*Klaar*\. `a.b` [x](http://e.nl/a.b)", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(CHAT_ID, "1 < 2 <b>vet", parse_mode=ParseMode.HTML)
    await bot.send_message(CHAT_ID, "<b>vet</b> &lt; <i>schuin</i>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(
            CHAT_ID, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("te lang", callback_data="x" * 65)]])
        )
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(CHAT_ID, " ")


async def test_polls(fake: FakeBotApi, bot: Bot) -> None:
    msg = await bot.send_poll(CHAT_ID, "Wanneer?", ["Ma", "Di", "Wo"], is_anonymous=False)
    assert msg.poll is not None and [o.text for o in msg.poll.options] == ["Ma", "Di", "Wo"]
    assert fake.calls_of("sendPoll")[0].params["options"] == [{"text": "Ma"}, {"text": "Di"}, {"text": "Wo"}]
    fake.push_poll_answer(msg.poll.id, 77, [1])
    (update,) = await bot.get_updates()
    assert update.poll_answer is not None
    assert update.poll_answer.poll_id == msg.poll.id and update.poll_answer.option_ids == (1,)
    assert update.poll_answer.user is not None and update.poll_answer.user.id == 77
    stopped = await bot.stop_poll(CHAT_ID, msg.message_id)
    assert stopped.is_closed and stopped.options[1].voter_count == 1


async def test_pushed_media_parse_and_download(fake: FakeBotApi, bot: Bot) -> None:
    png = _png_bytes(100, 50)
    fake.push_photo(CHAT_ID, caption="kijk", content=png)
    fake.push_voice(CHAT_ID, duration=4, content=b"OggS-voice")
    fake.push_sticker(CHAT_ID, emoji="🎉")
    fake.push_document(CHAT_ID, file_name="brief.pdf", content=b"%PDF-brief")
    fake.push_text(-100200, "/start@ouderschap_test_bot nu", chat_type="group", chat_title="Ouders")

    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)
    photo, voice, sticker, document, group = (u.message for u in updates)
    assert photo.photo[-1].width == 100 and photo.caption == "kijk"
    assert bytes(await (await photo.photo[-1].get_file()).download_as_bytearray()) == png
    assert voice.voice.duration == dtm.timedelta(seconds=4) or voice.voice.duration == 4
    assert bytes(await (await voice.voice.get_file()).download_as_bytearray()) == b"OggS-voice"
    assert sticker.sticker.emoji == "🎉"
    assert document.document.file_name == "brief.pdf"
    assert group.chat.type == "group" and group.chat.title == "Ouders"
    assert group.chat.id == -100200 and group.from_user.id == DEFAULT_GROUP_USER_ID
    assert group.entities[0].type == "bot_command"
    assert group.text[: group.entities[0].length] == "/start@ouderschap_test_bot"
    with pytest.raises(ValueError):
        fake.push_text(42, "hoi", chat_type="group")


async def test_get_updates_long_poll_offset_and_timeout(fake: FakeBotApi, bot: Bot) -> None:
    # Wakes up as soon as an update is pushed from another thread.
    threading.Timer(0.2, fake.push_text, args=(CHAT_ID, "hallo")).start()
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert time.monotonic() - started < 2
    assert [u.message.text for u in updates] == ["hallo"]

    # Honours the timeout when nothing arrives.
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0.3) == ()
    assert 0.25 <= time.monotonic() - started < 2

    # Offsets confirm (drop) older updates.
    ids = [fake.push_text(CHAT_ID, f"m{i}") for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u["update_id"] for u in fake.pending_updates] == ids[1:]
    assert await bot.get_updates(offset=ids[-1] + 1) == ()
    assert fake.pending_updates == []


# ------------------------------------------------------------------------------ 2. Application


async def test_application_polling_roundtrip(fake: FakeBotApi) -> None:
    seen: list[str] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append("start")
        await update.effective_message.reply_text(
            "Welkom!",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]]),
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append("text")
        await update.effective_message.reply_text(f"Echo: {update.effective_message.text}")

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        seen.append(f"cb:{query.data}:{query.message.text}")
        await query.answer("Genoteerd")
        await query.edit_message_text(f"Gekozen: {query.data}")

    app: Application = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).base_file_url(fake.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))

    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        fake.push_text(CHAT_ID, "/start")
        welcome = await fake.wait_for("sendMessage", lambda c: c.params["text"] == "Welkom!")
        assert welcome.params["chat_id"] == CHAT_ID
        assert welcome.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"

        fake.push_text(CHAT_ID, "Hoe laat?")
        echo_call = await fake.wait_for("sendMessage", lambda c: c.params["text"].startswith("Echo"))
        assert echo_call.params["text"] == "Echo: Hoe laat?"

        fake.push_callback(CHAT_ID, welcome.result["message_id"], "yes")
        answer = await fake.wait_for("answerCallbackQuery")
        assert answer.params["text"] == "Genoteerd"
        edit = await fake.wait_for("editMessageText")
        assert edit.params["text"] == "Gekozen: yes"
        assert edit.params["message_id"] == welcome.result["message_id"]

        msgs = await fake.wait_for_messages(CHAT_ID, 2)
        assert [m["text"] for m in msgs] == ["Welkom!", "Echo: Hoe laat?"]
        assert seen == ["start", "text", "cb:yes:Welkom!"]
    finally:
        started = time.monotonic()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        assert time.monotonic() - started < 3

    assert fake.calls_of("getMe") and fake.calls_of("deleteWebhook")
    assert fake.pending_updates == []  # the final getUpdates confirmed everything
    # Nothing failed, apart from the long poll PTB cancels on stop (recorded as 499).
    assert all(c.ok or (c.method == "getUpdates" and c.status == 499) for c in fake.calls)


# ------------------------------------------------------------------------------ 3. faults


async def test_fault_injection(fake: FakeBotApi, bot: Bot) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as exc_info:
        await bot.send_message(CHAT_ID, "te snel")
    retry_after = exc_info.value.retry_after
    assert retry_after in (7, dtm.timedelta(seconds=7))

    fake.fail_next("sendMessage", 400, "Bad Request: chat not found", times=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(CHAT_ID, "weg")
    fake.fail_next("sendmessage", 403)  # method names are case-insensitive, like Telegram's
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(CHAT_ID, "geblokkeerd")

    ok = await bot.send_message(CHAT_ID, "nu wel")
    assert ok.text == "nu wel"
    statuses = [c.status for c in fake.calls_of("sendMessage")]
    assert statuses == [429, 400, 400, 403, 200]
    assert fake.calls_of("sendMessage")[0].response["parameters"] == {"retry_after": 7}
    assert [m["text"] for m in fake.sent_messages()] == ["nu wel"]


# ------------------------------------------------------------------------------ helpers


async def test_wait_for_timeout_lists_calls(fake: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(CHAT_ID, "iets")
    with pytest.raises(AssertionError, match=r"sendPhoto.*sendMessage\(chat_id=5001"):
        await fake.wait_for("sendPhoto", timeout=0.1)
    with pytest.raises(AssertionError, match="predicate raised"):
        await fake.wait_for("sendMessage", lambda c: c.params["nope"], timeout=0.1)
    with pytest.raises(AssertionError, match="got 1"):
        await fake.wait_for_messages(CHAT_ID, 2, timeout=0.1)
    fake.clear()
    assert fake.calls == []


def test_raw_http_and_wait_for_sync(fake: FakeBotApi) -> None:
    """Plain form/JSON clients work too; wait_for_sync waits for another thread's call."""

    def later() -> None:
        time.sleep(0.1)
        httpx.post(f"{fake.base_url}X:Y/sendMessage", data={"chat_id": "-100", "text": "true", "disable_notification": "true"})

    threading.Thread(target=later).start()
    call = fake.wait_for_sync("sendMessage", timeout=3)
    assert call.params == {"chat_id": -100, "text": "true", "disable_notification": True}
    assert call.result["chat"] == {"id": -100, "type": "group", "title": "Test group"}

    resp = httpx.post(f"{fake.base_url}X:Y/getMe", json={})
    assert resp.json()["result"]["username"] == BOT_USERNAME
    resp = httpx.post(f"{fake.base_url}X:Y/nope")
    assert resp.status_code == 404 and resp.json()["ok"] is False


async def test_call_delay_makes_each_call_take_a_round_trip_half_of_it_before_the_call_is_recorded() -> None:
    with FakeBotApi(call_delay=0.3) as slow:
        async with Bot(TOKEN, base_url=slow.base_url, base_file_url=slow.base_file_url) as b:
            sent = time.time()
            await b.send_message(CHAT_ID, "hallo")
            answered = time.time()
        [call] = slow.calls_of("sendMessage")
    assert answered - sent >= 0.3
    # Recorded when it "reached Telegram": after the way there, before the way back.
    assert 0.14 <= call.time - sent <= answered - sent - 0.14
