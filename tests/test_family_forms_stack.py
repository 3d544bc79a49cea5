"""Both ways in for a parent without a partner at home, through the whole bot.

Real python-telegram-bot, real bridge, real Rasa (intent andere_vraag with the entity gezin)
and the real action server; only Telegram is the fake Bot API server. "Ik voed alleen op"
(/andere_vraag{"gezin":"alleen"}) asks the questions for a parent alone and never the one just
answered again; "We zijn uit elkaar" (/andere_vraag{"gezin":"uit_elkaar"}) keeps every question
about the other parent, in its form for parents who live apart. Expected texts come straight
from content/prompts.yml, not through actions/.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from testkit.conversation import Conversation, buttons, paragraphs
from testkit.fake_telegram import FakeBotApi

RAW = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "prompts.yml").read_text(encoding="utf-8"))
PARTNER = [q for q in RAW["vragen"] if q["thema"] == "partner"]
SUPPORT = [q for q in RAW["vragen"] if q["thema"] == "steun"]
INTROS = {t["id"]: t["intro"] for t in RAW["themas"]}
ALONE = '/andere_vraag{"gezin":"alleen"}'
APART = '/andere_vraag{"gezin":"uit_elkaar"}'
ANSWER = "Dat is niet altijd makkelijk, maar we proberen het. KANARIE-gezin-7"


async def test_we_zijn_uit_elkaar_keeps_every_question_about_the_other_parent_in_its_coparent_form(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    first = await talk.press("/partner")
    assert paragraphs(first) == [INTROS["partner"], PARTNER[0]["tekst"]]
    assert ALONE in buttons(first) and APART in buttons(first)

    chosen = await talk.press(APART)
    assert paragraphs(chosen) == [
        "Dank je. Dan stel ik mijn vragen voor ouders die niet meer samenwonen.",
        PARTNER[0]["uit_elkaar"],
    ]
    assert ALONE not in buttons(chosen) and APART not in buttons(chosen)

    asked = [paragraphs(chosen)[-1]]
    for _ in PARTNER[1:]:
        thanks = await talk.say(ANSWER)
        assert "/partner" in buttons(thanks) and "KANARIE" not in thanks[-1]["text"]
        question = await talk.press("/partner")
        assert APART not in buttons(question)
        asked.append(paragraphs(question)[-1])
    # all 13 questions about the other parent, none skipped, each in the form for parents apart
    assert asked == [q.get("uit_elkaar") or q["tekst"] for q in PARTNER] and len(asked) == 13


async def test_ik_voed_alleen_op_asks_what_fits_and_never_the_question_just_answered(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.press("/partner")
    chosen = await talk.press(ALONE)
    assert paragraphs(chosen)[0] == "Dank je. Dan stel ik mijn vragen voor een ouder die er alleen voor staat."
    fits_alone = [q.get("alleen") or q["tekst"] for q in PARTNER if q.get("alleen") or not q.get("andere_ouder")]
    asked = [paragraphs(chosen)[-1]]
    for _ in range(len(fits_alone) + 1):
        await talk.say(ANSWER)
        question = await talk.press("/partner")
        assert paragraphs(question)[-1] != asked[-1], "the question just answered came again"
        asked.append(paragraphs(question)[-1])
    assert set(asked) == set(fits_alone) and ALONE not in buttons(question)

    # The same form holds in the other themes: the household question for a parent alone.
    household = await talk.press("/menu")
    assert "/huishouden" in buttons(household)
    await talk.press("/huishouden")
    together = next(q for q in RAW["vragen"] if q["id"] == "huishouden_samen_1")
    for _ in range(20):
        await talk.say(ANSWER)
        question = await talk.press("/huishouden")
        if paragraphs(question)[-1] in (together["tekst"], together["alleen"]):
            break
    assert paragraphs(question)[-1] == together["alleen"]


async def test_a_mother_who_names_her_husband_gets_his_questions_without_the_buttons_for_parents_apart(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    question = await talk.say("ik wil iets vertellen over mijn man")
    assert "/andere_vraag" in buttons(question)
    assert ALONE not in buttons(question) and APART not in buttons(question)
