"""The Telegram bridge, with the real python-telegram-bot against the fake Bot API.

Rasa is replaced here by a scripted REST server, to test the transport alone: the
conversation itself is tested against the real assistant in test_real_stack.py. HTTP adds
nothing here, so python-telegram-bot hands its calls to the fake in this process
(`OfflineRequest`, its own test suite's pattern); the HTTP way, retries included, is tested in
test_bridge_resilience.py and test_webhook.py, and every test of the real stack uses it.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any, AsyncIterator

import pytest
from PIL import Image
from telegram.ext import Application

from bot.pseudonym import Pseudonymizer
from bot.texts import load_texts
from testkit.bridge import CHAT, STATEMENT, WELCOME, png_bytes, started_bot, stop
from testkit.fake_rasa import FakeRasa
from testkit.fake_telegram import FakeBotApi


@pytest.fixture
async def bot(telegram: FakeBotApi, rasa: FakeRasa) -> AsyncIterator[tuple[Application, Pseudonymizer]]:
    application, bridge = await started_bot(telegram, rasa, offline=True)
    yield application, bridge.pseudonymizer
    await stop(application)


async def test_start_gives_the_dutch_welcome_with_inline_buttons(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "/start")
    sent = await telegram.wait_for("sendMessage", lambda c: c.params["chat_id"] == CHAT)
    assert sent.params["text"] == "Dag! Waarover wil je praten?"
    keyboard = sent.params["reply_markup"]["inline_keyboard"]
    assert [[b["text"], b["callback_data"]] for row in keyboard for b in row] == [
        ["Stellingen", "/stelling"],
        ["Steun", "/steun"],
    ]


async def test_a_pressed_button_reaches_rasa_as_its_payload_and_gets_the_next_reply(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(CHAT, "/start")
    welcome = await telegram.wait_for("sendMessage")
    telegram.push_callback(CHAT, welcome.result["message_id"], "/stelling")
    reply = await telegram.wait_for("sendMessage", lambda c: "Stelling" in c.params["text"])
    assert [r.message for r in rasa.received] == ["/start", "/stelling"]
    assert reply.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/eens"
    await telegram.wait_for("answerCallbackQuery")
    edit = await telegram.wait_for("editMessageReplyMarkup")
    assert edit.params["message_id"] == welcome.result["message_id"]


async def test_rasa_never_sees_the_telegram_chat_id(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    _, pseudonymizer = bot
    telegram.push_text(CHAT, "/start")
    await telegram.wait_for("sendMessage")
    sender = rasa.received[0].sender
    assert str(CHAT) not in sender and sender == pseudonymizer.key(CHAT)
    assert Pseudonymizer().key(CHAT) != sender, "keys must not be linkable across restarts"


async def test_commands_are_sent_as_intent_payloads_and_unknown_ones_as_text(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(CHAT, "/stelling@ouderschap_test_bot")
    await telegram.wait_for("sendMessage")
    telegram.push_text(CHAT, "/onbekend iets")
    await telegram.wait_for_messages(CHAT, 2)
    assert [r.message for r in rasa.received] == ["/stelling", "onbekend iets"]
    telegram.push_text(CHAT, "/")  # a lone slash is no command: the empty-text reply, not silence
    third = await telegram.wait_for_messages(CHAT, 3)
    assert third[2]["text"] == "Ik zag geen tekst. Typ gerust een paar woorden, of kies een knop."


async def test_a_long_reply_is_split_below_telegrams_limit_with_buttons_on_the_last_part(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(CHAT, "lang")
    await asyncio.sleep(0.1)
    messages = await telegram.wait_for_messages(CHAT, 3)
    assert all(len(m["text"]) <= 4096 for m in messages)
    assert "".join(m["text"] for m in messages).replace(" ", "") == ("Een lange zin om te knippen. " * 400).replace(" ", "")
    assert [bool(m.get("reply_markup")) for m in messages] == [False, False, True]


async def test_a_slow_reply_is_preceded_by_a_typing_action(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    rasa.delay = 0.6
    telegram.push_text(CHAT, "hallo")
    typing = await telegram.wait_for("sendChatAction", timeout=5)
    sent = await telegram.wait_for("sendMessage")
    assert typing.params["action"] == "typing" and typing.time < sent.time


async def test_a_quick_reply_sends_no_typing_action(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "hallo")
    await telegram.wait_for("sendMessage")
    await asyncio.sleep(0.3)
    assert telegram.calls_of("sendChatAction") == []


async def test_the_command_menu_is_registered_in_dutch(telegram: FakeBotApi, bot: Any) -> None:
    call = await telegram.wait_for("setMyCommands")
    commands = {c["command"]: c["description"] for c in call.params["commands"]}
    # The menu the README lists, in its order (content/bridge.yml must keep it so).
    assert list(commands) == [
        "start",
        "menu",
        "stelling",
        "vraag",
        "huishouden",
        "wiedoetwat",
        "kaart",
        "samen",
        "training",
        "samenvatting",
        "homestart",
        "privacy",
        "vergeet",
        "help",
        "stop",
    ]
    assert commands["vergeet"] == "Wis ons gesprek meteen" and "stop" in commands


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document"])
async def test_media_get_a_kind_text_only_reply_and_are_never_downloaded(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any, kind: str
) -> None:
    telegram.push_media(CHAT, kind)
    sent = await telegram.wait_for("sendMessage")
    assert sent.params["text"] == load_texts().messages["alleen_tekst"]
    assert telegram.calls_of("getFile") == [] and rasa.received == []


async def test_emoji_and_other_languages_are_passed_on_and_answered(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "🙂👍")
    await telegram.wait_for("sendMessage")
    assert rasa.received[0].message == "🙂👍"


async def test_a_very_long_message_is_cut_and_the_person_is_told(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "a" * 4000)
    messages = await telegram.wait_for_messages(CHAT, 2)
    assert messages[0]["text"] == load_texts().messages["te_lang"]
    assert len(rasa.received[0].message) == 2000


async def test_when_rasa_is_down_the_person_gets_a_kind_message_and_the_bridge_recovers(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    rasa.stop()
    telegram.push_text(CHAT, "/start")
    down = await telegram.wait_for("sendMessage")
    assert down.params["text"] == load_texts().messages["rasa_onbereikbaar"]
    assert "Traceback" not in down.params["text"]
    rasa.start()
    telegram.push_text(CHAT, "/start")
    back = await telegram.wait_for("sendMessage", lambda c: c.params["text"].startswith("Dag!"))
    assert back.params["reply_markup"]


async def test_when_rasa_is_too_slow_the_person_is_told_to_try_again(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    rasa.delay = 3.0  # the bridge waits 2 s in these tests
    telegram.push_text(CHAT, "hallo")
    sent = await telegram.wait_for("sendMessage", timeout=6)
    assert sent.params["text"] == load_texts().messages["rasa_onbereikbaar"]


async def test_a_picture_from_an_action_is_sent_as_a_photo_made_in_memory(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "beeld")
    await telegram.wait_for_messages(CHAT, 1)
    photo_call = telegram.calls_of("sendPhoto")[0]
    assert photo_call.params["caption"] == "Zo ziet het eruit."
    sent = telegram.file_content(photo_call.result["photo"][-1]["file_id"])
    assert sent == png_bytes()
    assert Image.open(io.BytesIO(sent)).size == (300, 200)
    assert telegram.sent_messages(CHAT)[0]["text"] == "Past dit bij jullie?"


async def test_something_that_is_not_a_png_is_never_sent_as_a_picture(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "kapot beeld")
    messages = await telegram.wait_for_messages(CHAT, 1)
    assert messages[0]["text"] == "verder"
    assert telegram.calls_of("sendPhoto") == []


async def test_a_button_with_a_plain_answer_is_passed_on_but_other_payloads_are_refused(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(CHAT, "/stelling")
    await telegram.wait_for_messages(CHAT, 1)
    message_id = telegram.calls_of("sendMessage")[-1].result["message_id"]
    telegram.push_callback(CHAT, message_id, "samen")
    await telegram.wait_for_messages(CHAT, 2)
    telegram.push_callback(CHAT, message_id, '/eens{"stelling_antwoord":"eens","thema":"steun"}')
    messages = await telegram.wait_for_messages(CHAT, 3)
    assert [m["text"] for m in messages[1:]] == ["gekozen: samen", "Deze knop werkt niet meer. Typ menu om verder te gaan."]


GROUP = -100_777_888


async def test_in_a_group_the_bot_answers_commands_and_replies_to_itself_only(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(GROUP, "hoe was jullie dag", chat_type="group", chat_title="Gezin")
    telegram.push_media(GROUP, "photo", chat_type="group")
    telegram.push_text(GROUP, "/start@testbot", chat_type="group", chat_title="Gezin")
    welcome = await telegram.wait_for_messages(GROUP, 1)
    assert welcome[0]["text"] == WELCOME[0]["text"]
    assert [r.message for r in rasa.received] == ["/start"]  # the members' own chat never reaches Rasa

    welcome_id = [c for c in telegram.calls_of("sendMessage") if c.params["chat_id"] == GROUP][0].result["message_id"]
    telegram.push_text(GROUP, "een antwoord aan de bot", chat_type="group", reply_to_message_id=welcome_id)
    replies = await telegram.wait_for_messages(GROUP, 2)
    assert replies[1]["text"] == "ontvangen (23 tekens)"
    await asyncio.sleep(0.3)
    assert len(telegram.sent_messages(GROUP)) == 2  # no "I only read text" for the shared photo


async def test_a_group_has_its_own_conversation_key(telegram: FakeBotApi, rasa: FakeRasa, bot: Any) -> None:
    telegram.push_text(CHAT, "/start")
    telegram.push_text(GROUP, "/start", chat_type="group", chat_title="Gezin")
    await telegram.wait_for_messages(CHAT, 1)
    await telegram.wait_for_messages(GROUP, 1)
    senders = [r.sender for r in rasa.received]
    assert len(set(senders)) == 2 and str(GROUP) not in " ".join(senders) and str(CHAT) not in " ".join(senders)


async def test_at_most_the_limit_of_messages_is_at_rasa_at_once_and_every_chat_gets_its_answer(
    telegram: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.delay = 0.3
    application, _ = await started_bot(telegram, rasa, max_concurrent=2, offline=True)
    try:
        chats = [CHAT + n for n in range(6)]
        for chat in chats:
            telegram.push_text(chat, "/start")
        for chat in chats:
            assert (await telegram.wait_for_messages(chat, 1, timeout=10))[0]["text"].startswith("Dag!")
    finally:
        await stop(application)
    assert len(rasa.received) == 6 and rasa.most_in_flight == 2


async def test_a_message_that_finds_rasa_busy_for_half_the_timeout_is_told_so_and_never_sent(
    telegram: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.delay = 3.0  # longer than the 2 s timeout: the first message holds the only turn until it gives up
    application, _ = await started_bot(telegram, rasa, max_concurrent=1, offline=True)
    try:
        telegram.push_text(CHAT, "eerste")
        await telegram.wait_for("sendChatAction")  # the first message is at Rasa
        telegram.push_text(CHAT + 1, "tweede")
        busy = await telegram.wait_for_messages(CHAT + 1, 1, timeout=5)
        assert busy[0]["text"] == load_texts().messages["druk"]
        slow = await telegram.wait_for_messages(CHAT, 1, timeout=5)
        assert slow[0]["text"] == load_texts().messages["rasa_onbereikbaar"]
    finally:
        await stop(application)
    assert [r.message for r in rasa.received] == ["eerste"]


async def test_when_the_bot_stops_waiting_messages_are_answered_at_once_and_only_the_one_at_rasa_is_waited_for(
    telegram: FakeBotApi, rasa: FakeRasa
) -> None:
    rasa.delay = 1.5
    application, bridge = await started_bot(telegram, rasa, max_concurrent=6, offline=True)
    for number in range(5):  # one chat's messages are answered in order, one after the other
        telegram.push_text(CHAT, f"bericht {number}")
    await telegram.wait_for("sendChatAction")  # the first is at Rasa, four wait behind it
    started = asyncio.get_running_loop().time()
    bridge.close_soon()  # what Ctrl-C and SIGTERM do first (bot/run.py)
    await stop(application)
    took = asyncio.get_running_loop().time() - started

    replies = [m["text"] for m in telegram.sent_messages(CHAT)]
    assert replies == ["ontvangen (9 tekens)"] + [load_texts().messages["herstart"]] * 4
    assert [r.message for r in rasa.received] == ["bericht 0"]
    assert took < 1.5 + 1.0  # without close_soon: five times 1.5 s


async def test_a_button_press_and_a_message_right_after_it_reach_rasa_in_the_order_they_came(
    telegram: FakeBotApi, rasa: FakeRasa
) -> None:
    # Both are waiting before the bridge polls, so they come in one getUpdates answer.
    telegram.push_callback(CHAT, 1, "/stelling")  # a button of a message sent before
    telegram.push_text(CHAT, "hallo")
    application, _ = await started_bot(telegram, rasa, offline=True)
    try:
        await telegram.wait_for_messages(CHAT, 2)
    finally:
        await stop(application)
    assert [r.message for r in rasa.received] == ["/stelling", "hallo"]
    assert [m["text"] for m in telegram.sent_messages(CHAT)] == [STATEMENT[0]["text"], "ontvangen (5 tekens)"]
    assert len(application.update_processor) == 0  # type: ignore[arg-type]  # no chat id kept once answered


async def test_a_deep_link_reaches_rasa_as_its_question_and_any_other_start_parameter_as_a_plain_start(
    telegram: FakeBotApi, rasa: FakeRasa, bot: Any
) -> None:
    telegram.push_text(CHAT, "/start trage_schermen_1")
    await telegram.wait_for_messages(CHAT, 1)
    telegram.push_text(CHAT, "/start geen-id!")
    await telegram.wait_for_messages(CHAT, 2)
    telegram.push_text(GROUP, "/start@ouderschap_test_bot stelling_2", chat_type="group", chat_title="Gezin")
    await telegram.wait_for_messages(GROUP, 1)
    assert [r.message for r in rasa.received] == [
        '/gedeelde_vraag{"prompt_id":"trage_schermen_1"}',
        "/start",
        '/gedeelde_vraag{"prompt_id":"stelling_2"}',
    ]
