"""Typing a button's text does what the button does (issue 19, point 5).

People type what a button says ("Volgende", "Nog een kaart", "Ik twijfel") instead of
pressing it. addons/resilience.py makes Rasa read such a text as the payload of that
button of the bot's last reply. These tests prove it on the function itself, and through
the running stack: real python-telegram-bot and bridge against the fake Bot API server,
and the terminal chat, in every mode, with and without capitals, accents and punctuation.
Several cases are ones the language model alone cannot get right ("Terug" in /training,
"Kaart: werk in huis", "Overslaan" taken for "andere vraag"), so they fail without it.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.content import load_content
from actions.division import division_content, tasks
from addons.resilience import button_payload_for, normalise_title
from testkit.conversation import Conversation, chat_ids, chat_in_terminal, photos_to, texts
from testkit.fake_telegram import FakeBotApi
from testkit.stack import RealStack

CONTENT = load_content()
TRAINING = [
    {"title": "Terug", "payload": '/training{"stap":"terug"}'},
    {"title": "Volgende", "payload": '/training{"stap":"volgende"}'},
    {"title": "Stoppen", "payload": "/stop"},
]
STATEMENT = [
    {"title": "Eens", "payload": "/eens"},
    {"title": "Oneens", "payload": "/oneens"},
    {"title": "Ik twijfel", "payload": "/twijfel"},
    {"title": "Andere zin", "payload": "/stelling"},
]


# --------------------------------------------------------------------------- the function


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("Volgende", '/training{"stap":"volgende"}'),
        ("volgende", '/training{"stap":"volgende"}'),
        ("VOLGENDE!", '/training{"stap":"volgende"}'),
        ("  volgende.  ", '/training{"stap":"volgende"}'),
        ("Vólgende 👉", '/training{"stap":"volgende"}'),
        ("térug", '/training{"stap":"terug"}'),
    ],
)
def test_a_typed_title_gives_that_buttons_payload_whatever_its_capitals_accents_or_punctuation(typed: str, payload: str) -> None:
    assert button_payload_for(typed, TRAINING) == payload


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("Ik twijfel", "/twijfel"),
        ("ik  TWIJFEL?", "/twijfel"),
        ("Íк twijfel", None),
        ("andere zin", "/stelling"),
        ("Andere-zin", "/stelling"),
        ("eens", "/eens"),
    ],
)
def test_statement_titles_are_read_and_a_look_alike_letter_is_not(typed: str, payload: str | None) -> None:
    # "Íк" has a Cyrillic "к": not the same word, so not the button.
    assert button_payload_for(typed, STATEMENT) == payload


@pytest.mark.parametrize("typed", ["", "   ", "!!", "👍", "ik twijfel soms wel", "volgende vraag", "eens of oneens", "/twijfel"])
def test_a_text_that_is_not_exactly_a_title_gives_nothing(typed: str) -> None:
    assert button_payload_for(typed, [*TRAINING, *STATEMENT]) is None


def test_two_buttons_with_one_title_and_different_payloads_give_nothing_and_the_same_payload_twice_gives_it() -> None:
    twice = [{"title": "Volgende", "payload": "/a"}, {"title": "volgende", "payload": "/b"}]
    assert button_payload_for("volgende", twice) is None
    assert (
        button_payload_for("volgende", [{"title": "Volgende", "payload": "/a"}, {"title": "Volgende!", "payload": "/a"}]) == "/a"
    )


def test_a_button_without_a_payload_or_title_is_never_matched() -> None:
    assert button_payload_for("Menu", [{"title": "Menu"}, {"payload": "/menu"}, {"title": "Menu", "payload": ""}]) is None


def test_titles_are_compared_as_plain_lowercase_words() -> None:
    assert normalise_title("  Nóg één KAART!! ") == "nog een kaart"
    assert normalise_title("Kaart: werk in huis") == "kaart werk in huis"


# --------------------------------------------------------------------------- Telegram, real stack


async def test_in_training_typing_volgende_and_terug_steps_like_the_buttons(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/training")
    for number, typed in enumerate(["Volgende", "volgende", "VOLGENDE!", "Vólgende"], start=1):
        step = await talk.say(typed)
        assert texts(step)[0].startswith(f"Stap {number} van 125"), (typed, texts(step))
    back = await talk.say("terug")
    assert texts(back)[0].startswith("Stap 3 van 125")
    back = await talk.say("Térug.")
    assert texts(back)[0].startswith("Stap 2 van 125")


async def test_typing_nog_een_kaart_sends_a_new_card_and_a_theme_title_sends_a_card_of_that_theme(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/kaart")
    for count, typed in enumerate(["Nog een kaart", "nog een KAART", "Nóg één kaart!"], start=2):
        tip = await talk.say(typed)
        assert len(photos_to(telegram_bot, talk.chat_id)) == count, typed
        assert texts(tip)[-1].startswith("Tip voor de vrijwilliger:")
    await talk.say("kaart: werk in huis")
    household = photos_to(telegram_bot, talk.chat_id)[-1]
    assert household.params["caption"] in {q.tekst for q in CONTENT.questions("huishouden")}


async def test_in_a_group_a_typed_title_in_reply_to_the_bot_is_the_button_too(telegram_bot: FakeBotApi) -> None:
    """In a group the bot reads only commands and replies to its own messages, so: a reply."""
    group = Conversation(telegram_bot, -100_777_000 - next(chat_ids), chat_type="group", chat_title="Vorming")

    async def reply(text: str) -> list[dict[str, Any]]:
        last = [c for c in telegram_bot.calls_of("sendMessage") if c.params["chat_id"] == group.chat_id][-1]
        telegram_bot.push_text(group.chat_id, text, chat_type="group", reply_to_message_id=last.result["message_id"])
        return await group._replies(1)

    await group.say("/training")
    assert texts(await reply("Volgende"))[0].startswith("Stap 1 van 125")
    assert texts(await reply("VOLGENDE!"))[0].startswith("Stap 2 van 125")
    assert texts(await reply("térug"))[0].startswith("Stap 1 van 125")
    await group.say("/kaart")
    await reply("Nog een kaart")
    assert len(photos_to(telegram_bot, group.chat_id)) == 2


@pytest.mark.parametrize("typed", ["Ik twijfel", "ik twijfel", "IK TWIJFEL?", "Ík twijfel"])
async def test_typing_ik_twijfel_after_a_statement_gets_the_follow_up_of_that_button(
    telegram_bot: FakeBotApi, typed: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/stelling")
    follow_up = await talk.say(typed)
    assert follow_up[-1]["text"] in {p.tekst for p in CONTENT.stellingen[0].reacties["twijfel"]}, texts(follow_up)


@pytest.mark.parametrize("typed", ["Andere zin", "andere zin", "ANDERE ZIN!", "Ándere zin"])
async def test_typing_andere_zin_gives_the_other_statement(telegram_bot: FakeBotApi, typed: str) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/stelling")
    other = await talk.say(typed)
    assert CONTENT.stellingen[1].tekst in other[-1]["text"], texts(other)


async def test_in_wiedoetwat_typing_overslaan_skips_the_task_in_any_spelling(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/wiedoetwat")
    typed = [
        "Overslaan",
        "overslaan",
        "OVERSLAAN!",
        "Óverslaan",
        "Samen",
        "Ik",
        "De andere ouder",
        "Iemand anders",
        "Niet van toepassing",
        "níet van toepassing",
        "overslaan.",
        "samen",
    ]
    for number, text in enumerate(typed[:-1], start=2):
        replies = await talk.say(text)
        assert texts(replies)[-1].startswith(f"Taak {number} van 12"), (text, texts(replies))
    end = await talk.say(typed[-1])
    # the picture (a photo) and the three questions: four messages
    assert len(photos_to(telegram_bot, talk.chat_id)) == 1
    assert texts(end) == [q["tekst"] for q in division_content()["vragen_na_beeld"]]


# --------------------------------------------------------------------------- the terminal chat


async def test_in_the_terminal_typed_titles_work_in_every_mode(real_stack: RealStack, capsys: pytest.CaptureFixture[str]) -> None:
    await chat_in_terminal(real_stack, "/training", "Volgende", "VOLGENDE", "Térug")
    training = capsys.readouterr().out
    assert "Stap 1 van 125" in training and "Stap 2 van 125" in training
    assert training.count("Stap 1 van 125") == 2  # "Térug" went back from step 2 to step 1

    await chat_in_terminal(real_stack, "/kaart", "nog een kaart", "Kaart: werk in huis")
    cards = capsys.readouterr().out
    assert cards.count("Tip voor de vrijwilliger:") == 3

    await chat_in_terminal(real_stack, "/stelling", "Andere zin", "ik twijfel")
    statements = capsys.readouterr().out
    assert CONTENT.stellingen[1].tekst in statements
    assert any(p.tekst in statements for p in CONTENT.stellingen[1].reacties["twijfel"])

    await chat_in_terminal(real_stack, "/wiedoetwat", "Overslaan", "ÓVERSLAAN!", *["samen"] * 10)
    division = capsys.readouterr().out
    assert f"Taak 2 van 12: {tasks()[1].vraag}" in division and f"Taak 3 van 12: {tasks()[2].vraag}" in division
    assert "- Koken:" not in division and "- De was:" not in division and "- Boodschappen: samen" in division


async def test_a_title_of_the_main_menu_typed_during_a_question_opens_that_theme(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.say("/eigen_rol")
    reply = await talk.say("Wie doet wat thuis")
    household = {t for q in CONTENT.questions("huishouden") for t in (q.tekst, q.alleen) if t}
    assert any(texts(reply)[-1].endswith(question) for question in household), texts(reply)
