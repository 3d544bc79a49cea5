"""Referral by place through the whole bot: real bridge, Rasa and action server, fake Telegram.

After "Home-Start in je buurt" a bare place name or postcode is read as the place (the rule in
data/rules/vaste_beurten.yml), also one the intent model never saw: a part of a municipality
gets its municipality's branch, a place without a known branch the nearest branches.
"""

from __future__ import annotations

from testkit.conversation import Conversation, buttons, paragraphs, texts
from testkit.fake_telegram import FakeBotApi


async def ask_for(talk: Conversation, place: str) -> str:
    await talk.say("/homestart")
    question = await talk.press("/homestart_buurt")
    assert "gemeente" in paragraphs(question)[-1]
    return "\n".join(texts(await talk.say(place)))


async def test_heverlee_gets_home_start_leuven(telegram_bot: FakeBotApi) -> None:
    said = await ask_for(Conversation(telegram_bot), "Heverlee")
    assert "Bij jou in de buurt is er Home-Start Leuven." in said


async def test_2800_gets_the_nearest_branches_and_home_start_vlaanderen(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    said = await ask_for(talk, "2800")
    assert "Voor Mechelen ken ik geen Home-Start-afdeling." in said and "Home-Start Lier: ongeveer 13 km" in said
    assert "www.homestartvlaanderen.com" in said


async def test_mechelen_in_a_sentence_gets_the_nearest_branches(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    said = await ask_for(talk, "ik woon in Mechelen")
    assert "Home-Start Lier: ongeveer 13 km" in said
    last = await talk.say("/menu")
    assert "/stelling" in buttons(last)


async def test_own_words_after_the_branch_was_named_are_heard_not_searched_as_a_place(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await ask_for(talk, "ik woon in Borgerhout")
    said = "\n".join(texts(await talk.say("heb je advies voor slapen? baby 1 jaar wakker elke nacht 3 of 4 keer")))
    assert "Home-Start-afdeling" not in said and "ken ik geen" not in said
    assert said.strip()
