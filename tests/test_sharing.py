"""Sharing a question with the other parent: inline mode, deep links, the share button, the recap.

The real bot (python-telegram-bot against the fake Bot API server, real Rasa and action
server). Expected texts come straight from content/prompts.yml, not through actions/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.sharing import shareable
from addons.resilience import button_payload_for
from addons.wire_format import DEEP_LINK
from bot import inline as inline_mode
from bot.bridge import Bridge
from testkit.conversation import Conversation, buttons, chat_in_terminal, paragraphs, shared
from testkit.fake_telegram import BOT_USERNAME, FakeBotApi
from testkit.stack import RealStack

RAW = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "prompts.yml").read_text(encoding="utf-8"))
STATEMENTS = {s["id"]: s for s in RAW["stellingen"]}
QUESTIONS = {q["id"]: q for q in RAW["vragen"]}
SLOW = [q["id"] for q in RAW["vragen"] if q["thema"] == "trage_vragen"]
HOUSEHOLD = [q["id"] for q in RAW["vragen"] if q["thema"] == "huishouden"]
SHAREABLE = [*STATEMENTS, *(q["id"] for q in RAW["vragen"] if q["thema"] in ("trage_vragen", "huishouden"))]
TEXT_OF = {**{i: s["tekst"] for i, s in STATEMENTS.items()}, **{i: q["tekst"] for i, q in QUESTIONS.items()}}
THANKS = {b["tekst"] for b in RAW["bedankjes"]}
MENU_BUTTONS = ["/stelling", "/eigen_rol", "/partner", "/steun", "/vraag", "/huishouden", "/wiedoetwat", "/homestart", "/privacy"]


async def inline(fake: FakeBotApi, query: str) -> list[dict[str, Any]]:
    """Type "@bot <query>" somewhere; the results the bot answers with."""
    query_id = fake.push_inline_query(query)
    await fake.wait_for("answerInlineQuery", lambda c: str(c.params["inline_query_id"]) == query_id, timeout=10)
    answer = fake.inline_answer(query_id)
    assert answer is not None
    return answer["results"]


def start_parameter(result: dict[str, Any]) -> str:
    """The deep link of a result's button "Praat erover met de bot", as Telegram opens it."""
    (button,) = [b for row in result["reply_markup"]["inline_keyboard"] for b in row]
    assert button["text"] == "Praat erover met de bot"
    url = urlparse(button["url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "t.me", f"/{BOT_USERNAME}")
    return parse_qs(url.query)["start"][0]


async def test_without_a_word_inline_mode_offers_every_statement_slow_and_household_question(telegram_bot: FakeBotApi) -> None:
    results = await inline(telegram_bot, "")
    assert [r["id"] for r in results] == SHAREABLE
    for result in results:
        message = result["input_message_content"]["message_text"]
        assert TEXT_OF[result["id"]] in message  # the whole question, not only the short title
        assert len(result["title"]) <= 62 and result["description"]
        assert start_parameter(result) == result["id"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("scherm", [i for i in SLOW if QUESTIONS[i].get("onderwerp") == "schermen"]),  # its topic, not "beschermend"
        ("huishouden", HOUSEHOLD),
        ("Huishouden", HOUSEHOLD),
        ("stelling", list(STATEMENTS)),
        ("stellingen", list(STATEMENTS)),
        ("trage", SLOW),
        ("🙂", SHAREABLE),  # no word in it: as if nothing was typed
        ("xylofoon", []),
    ],
)
async def test_a_word_after_the_bot_name_filters_the_inline_results(
    telegram_bot: FakeBotApi, word: str, expected: list[str]
) -> None:
    assert expected or word == "xylofoon"
    results = await inline(telegram_bot, word)
    assert [r["id"] for r in results] == expected


async def test_the_id_from_the_share_button_as_query_gives_exactly_that_prompt(telegram_bot: FakeBotApi) -> None:
    for prompt_id in (SLOW[3], "stelling_2", HOUSEHOLD[-1]):
        (result,) = await inline(telegram_bot, prompt_id)
        assert result["id"] == prompt_id and TEXT_OF[prompt_id] in result["input_message_content"]["message_text"]


async def test_a_chosen_slow_question_opens_the_bot_at_that_question_and_takes_the_answer(telegram_bot: FakeBotApi) -> None:
    (result,) = await inline(telegram_bot, "trage_schermen_1")
    talk = Conversation(telegram_bot)  # the other parent, who never talked to the bot
    opened = await talk.say(f"/start {start_parameter(result)}")
    said = paragraphs(opened)
    assert said[0].startswith("Dag!") and "bewaar niets" in said[1]  # still the privacy line first
    assert said[-1] == TEXT_OF["trage_schermen_1"]
    assert shared(opened) == ["trage_schermen_1"]
    thanked = await talk.say("We praten er elke week over.")
    assert any(t in thanked[0]["text"] for t in THANKS)


async def test_a_chosen_statement_opens_with_its_answer_buttons_and_a_fitting_follow_up(telegram_bot: FakeBotApi) -> None:
    (result,) = await inline(telegram_bot, "stelling_2")
    talk = Conversation(telegram_bot)
    opened = await talk.say(f"/start {start_parameter(result)}")
    assert STATEMENTS["stelling_2"]["tekst"] in opened[-1]["text"]
    assert {"/eens", "/oneens", "/twijfel"} <= set(buttons(opened)) and shared(opened) == ["stelling_2"]
    follow_up = await talk.press("/oneens")
    assert paragraphs(follow_up)[-1] in {r["tekst"] for r in STATEMENTS["stelling_2"]["reacties"]["oneens"]}


@pytest.mark.parametrize(
    "payload", ["bestaat_niet", 'x"y<b>', "a" * 65, "trage-schermen-1", "eigen_rol_gezin_1", "s1_eens_1", "🙂"]
)
async def test_a_deep_link_that_names_no_shareable_question_gets_the_ordinary_welcome(
    telegram_bot: FakeBotApi, payload: str
) -> None:
    opened = await Conversation(telegram_bot).say(f"/start {payload}")
    assert opened[0]["text"].startswith("Dag!") and buttons(opened) == MENU_BUTTONS


async def test_a_deep_link_during_an_open_question_opens_the_shared_one(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/eigen_rol")
    opened = await talk.say(f"/start {HOUSEHOLD[2]}")
    assert paragraphs(opened)[-1] == TEXT_OF[HOUSEHOLD[2]]
    thanked = await talk.say("Ik kook, de andere ouder wast.")
    assert any(t in thanked[0]["text"] for t in THANKS)


async def test_a_shareable_question_in_a_private_chat_carries_a_share_button_with_its_id(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    asked = await talk.say("/vraag")
    assert paragraphs(asked)[-1] == TEXT_OF[SLOW[0]] and shared(asked) == [SLOW[0]]
    (button,) = [b for row in asked[-1]["reply_markup"]["inline_keyboard"] for b in row if "switch_inline_query" in b]
    assert button["text"] == "Deel deze vraag"
    statement = await talk.say("/stelling")
    assert shared(statement) == ["stelling_1"]
    own_role = await talk.say("/eigen_rol")  # about the parent themself: not offered for sharing
    assert shared(own_role) == []


async def test_in_a_group_a_question_has_no_share_button(telegram_bot: FakeBotApi) -> None:
    group = Conversation(telegram_bot, -100_777_555, chat_type="group", chat_title="Gezin")
    asked = await group.say("/vraag")
    assert paragraphs(asked)[-1] == TEXT_OF[SLOW[0]] and shared(asked) == []


async def test_the_recap_lists_the_questions_asked_and_never_an_answer(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    statement = await talk.say("/stelling")
    follow_up = await talk.press("/twijfel")
    answer_1 = "ANTWOORDEEN bij ons beslist niemand alleen"
    await talk.say(answer_1)
    household = await talk.say("/huishouden")
    answer_2 = "ANTWOORDTWEE ik doe de was"
    await talk.say(answer_2)
    (recap,) = await talk.say("/samenvatting")
    lines = recap["text"].splitlines()
    listed = [line.split(". ", 1)[1] for line in lines if line[:1].isdigit()]
    assert listed == [
        f"Eens of oneens: {STATEMENTS['stelling_1']['tekst']}",
        paragraphs(follow_up)[-1],
        paragraphs(household)[-1],
    ]
    assert "ANTWOORD" not in recap["text"] and not any(t in recap["text"] for t in THANKS)
    assert paragraphs(statement)[-1].endswith("Wat vind jij?")


async def test_stop_offers_the_recap_only_when_questions_were_asked(telegram_bot: FakeBotApi) -> None:
    nothing = Conversation(telegram_bot)
    stopped = await nothing.say("/stop")
    assert "/samenvatting" not in buttons(stopped)
    talk = Conversation(telegram_bot)
    await talk.say("/vraag")
    stopped = await talk.say("/stop")
    assert buttons(stopped)[-1:] == ["/samenvatting"]
    (recap,) = await talk.press("/samenvatting")
    assert TEXT_OF[SLOW[0]] in recap["text"]


async def test_the_recap_during_an_open_question_then_asks_that_question_again(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/vraag")
    replies = await talk.say("samenvatting")
    assert (
        TEXT_OF[SLOW[0]] in paragraphs(replies)[0]
        and paragraphs(replies)[-1] == TEXT_OF[SLOW[0]]
        and len(paragraphs(replies)) >= 2
    )


@pytest.mark.parametrize("before", [[], ["/vraag", "/vergeet"]])
async def test_with_nothing_asked_or_after_forget_there_is_nothing_to_recap_and_the_bot_says_so(
    telegram_bot: FakeBotApi, before: list[str]
) -> None:
    talk = Conversation(telegram_bot)
    for typed in before:
        await talk.say(typed)
    (reply,) = await talk.say("/samenvatting")
    assert reply["text"].startswith("Ik heb geen vragen") and "/vergeet" in reply["text"]


async def test_the_terminal_chat_opens_a_deep_link_and_shows_the_recap_as_text(
    real_stack: RealStack, capsys: pytest.CaptureFixture[str]
) -> None:
    await chat_in_terminal(real_stack, f"/start {HOUSEHOLD[0]}", "We verdelen het samen.", "/samenvatting")
    out = capsys.readouterr().out
    assert TEXT_OF[HOUSEHOLD[0]] in out
    assert f"(Deel deze vraag: /start {HOUSEHOLD[0]})" in out
    assert f"1. {TEXT_OF[HOUSEHOLD[0]]}" in out and "We verdelen" not in out.split("1. ", 1)[1]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_inline_query_gives_at_most_fifty_shareable_results(query: str) -> None:
    found = inline_mode.find(query)
    assert len(found) <= 50 and set(p.id for p in found) <= set(SHAREABLE)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_start_payload_goes_to_rasa_as_a_plain_start_or_a_well_formed_deep_link(payload: str) -> None:
    sent = Bridge(rasa=None).typed_text(f"/start {payload}")  # type: ignore[arg-type]
    if sent != "/start":
        prefix, suffix = '/gedeelde_vraag{"prompt_id":"', '"}'
        assert sent.startswith(prefix) and sent.endswith(suffix)
        assert DEEP_LINK.match(sent[len(prefix) : -len(suffix)]) and sent[len(prefix) : -len(suffix)] == payload.strip()


def test_every_shareable_id_fits_a_telegram_deep_link() -> None:
    assert [p.id for p in shareable()] == SHAREABLE
    assert all(DEEP_LINK.match(i) for i in SHAREABLE)


def test_the_bridge_offers_the_questions_the_actions_open() -> None:
    """Inline mode reads prompts.yml itself (bot/ imports nothing of actions/): the same questions,
    the same texts, and the same theme names as the actions' content."""
    from actions.content import load_content

    content = load_content()
    offered = inline_mode.shareable()
    assert [p.id for p in offered] == [p.id for p in shareable()] == SHAREABLE
    assert [p.tekst for p in offered] == [p.tekst for p in shareable()]
    assert [p.thema_naam for p in offered] == [content.themas[p.thema].naam for p in shareable()]


@pytest.mark.parametrize("query", ["", "scherm", "stelling", "werk in huis", "een", "trage_schermen_1", "zzz"])
def test_inline_search_finds_by_text_theme_and_topic(query: str) -> None:
    found = [p.id for p in inline_mode.find(query)]
    assert len(found) <= 50 and set(found) <= set(SHAREABLE)
    if query == "trage_schermen_1":
        assert found == ["trage_schermen_1"]
    if query == "stelling":
        assert set(STATEMENTS) <= set(found)
    if query == "zzz":
        assert found == []


async def test_the_recap_and_a_deep_link_in_the_middle_of_wiedoetwat(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/vraag")
    await talk.say("Dat ze gelukkig zijn.")
    await talk.say("/wiedoetwat")
    await talk.press("samen")
    replies = await talk.say("/samenvatting")
    assert TEXT_OF[SLOW[0]] in paragraphs(replies)[0]  # the tasks are not questions of the guide
    assert paragraphs(replies)[-1].startswith("Taak 2 van 12")  # then the same task again
    opened = await talk.say(f"/start {SLOW[1]}")
    assert paragraphs(opened)[-1] == TEXT_OF[SLOW[1]]


def test_typing_the_share_buttons_title_is_never_read_as_its_payload() -> None:
    """In Telegram the share button opens a chat picker; its payload must never reach Rasa."""
    offered = [
        {"title": "Andere vraag", "payload": "/andere_vraag"},
        {"title": "Deel deze vraag", "payload": "deel:trage_schermen_1"},
    ]
    assert button_payload_for("deel deze vraag!", offered) is None
    assert button_payload_for("andere vraag", offered) == "/andere_vraag"
