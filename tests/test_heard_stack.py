"""A question or a feeling inside a longer message is heard, through the whole bot (issue 28).

Real python-telegram-bot, bridge, Rasa (with addons/sentence_reader.py) and action server;
only Telegram is the fake Bot API server. The messages were written for this test (not taken
from any training or held-out file); expected texts come straight from content/gehoord.yml
and content/prompts.yml, not through actions/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from testkit.conversation import Conversation, paragraphs
from testkit.fake_telegram import FakeBotApi

ROOT = Path(__file__).resolve().parents[1]
HEARD = yaml.safe_load((ROOT / "content" / "gehoord.yml").read_text(encoding="utf-8"))["antwoorden"]
MESSAGES = yaml.safe_load((ROOT / "content" / "berichten.yml").read_text(encoding="utf-8"))["berichten"]
PROMPTS = yaml.safe_load((ROOT / "content" / "prompts.yml").read_text(encoding="utf-8"))
THANKS = {b["tekst"] for b in PROMPTS["bedankjes"]}
# The check-in's own question (domain.yml utter_crisis_twijfel).
CHECK_IN = "jezelf pijn te doen"
FIRST_SUPPORT_QUESTION = next(q["tekst"] for q in PROMPTS["vragen"] if q["thema"] == "steun")


def said(messages: list[dict], entry: str) -> bool:
    """True when one of the bot's paragraphs begins with a reply of `entry` of content/gehoord.yml."""
    return any(p.startswith(text) for p in paragraphs(messages) for text in HEARD[entry]["teksten"])


async def test_a_story_that_ends_in_a_question_about_home_start_gets_its_answer_not_a_thanks(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.press("/steun")
    reply = await talk.say(
        "Mijn zus woont om de hoek en we doen veel samen. Op zondag eten we bij mijn ouders. "
        "Ik vraag me af of ze bij Home-Start ook papa's helpen"
    )
    assert said(reply, "homestart_voor_wie"), paragraphs(reply)
    assert not any(p.startswith(tuple(THANKS)) for p in paragraphs(reply))


async def test_tiredness_in_the_middle_of_a_story_is_named_with_the_help_offered_once(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say(
        "Vanmorgen om zes uur op, boterhammen gesmeerd, naar school gebracht en dan zelf naar het werk. "
        "Nu zitten ze eindelijk in bad. Ik ben zo moe van deze week, ik val bijna in slaap aan tafel."
    )
    assert said(reply, "gevoel_moe"), paragraphs(reply)
    assert "106" in " ".join(paragraphs(reply))


async def test_a_wish_that_points_back_to_a_story_opens_the_theme_it_told_most_about(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say(
        "Mijn schoonmoeder past op de kinderen en mijn buurvrouw haalt ze van school. Daar ben ik blij om. "
        "Kunnen we daar eens over praten?"
    )
    assert paragraphs(reply)[-1] == FIRST_SUPPORT_QUESTION


async def test_a_request_for_a_tip_gets_one_honest_reply_that_thinks_along_not_a_list_of_doctors(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("heb jij een tip voor mij? mijn dochter van vier wil 's avonds nooit gaan slapen")
    assert said(reply, "advies_vraag"), paragraphs(reply)
    assert sum(p.startswith("Ik geef geen advies") for p in paragraphs(reply)) == 1
    assert not any("huisarts" in p for p in paragraphs(reply))


async def test_where_to_learn_dutch_is_answered_at_the_menu_and_during_a_question_which_then_comes_again(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("ik wil beter nederlands spreken, waar kan ik les volgen?")
    assert said(reply, "hulp_nederlands"), paragraphs(reply)
    await talk.press("/steun")
    reply = await talk.say("de mama vraagt waar ze nederlandse les kan volgen")
    assert said(reply, "hulp_nederlands"), paragraphs(reply)
    assert paragraphs(reply)[-1] == FIRST_SUPPORT_QUESTION  # the open question again, not lost


async def test_a_wish_about_a_topic_said_as_what_weighs_opens_that_topic(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("dat gamen van mijn zoon, daar zit ik mee")
    screens = {q["tekst"] for q in PROMPTS["vragen"] if q.get("onderwerp") == "schermen"}
    assert paragraphs(reply)[-1] in screens, paragraphs(reply)


async def test_a_question_whether_the_municipality_reads_along_gets_the_privacy_answer_during_a_question(
    telegram_bot: FakeBotApi,
) -> None:
    nothing_kept = MESSAGES["privacy"]["text"]
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.press("/steun")
    reply = await talk.say("wacht even, wat ik hier schrijf, komt dat bij de gemeente terecht?")
    assert nothing_kept in paragraphs(reply), paragraphs(reply)
    assert paragraphs(reply)[-1] == FIRST_SUPPORT_QUESTION, paragraphs(reply)


async def test_a_privacy_question_asked_again_gets_the_short_answer_and_the_command_the_full_one(
    telegram_bot: FakeBotApi,
) -> None:
    nothing_kept = MESSAGES["privacy"]["text"]
    short = MESSAGES["privacy_eenvoudig"]["text"]
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    first = await talk.say("wat gebeurt er met wat ik hier typ? komt dat bij de gemeente?")
    assert nothing_kept in paragraphs(first), paragraphs(first)
    again = await talk.say("de gemeente weet dus niks? ja of nee?")
    assert short in paragraphs(again) and nothing_kept not in paragraphs(again), paragraphs(again)
    phone = await talk.say("en moet ik de chat op mijn gsm dan zelf wissen?")
    assert MESSAGES["privacy_telegram"]["text"] in paragraphs(phone), paragraphs(phone)
    full = await talk.say("/privacy")
    assert nothing_kept in paragraphs(full), paragraphs(full)


async def test_a_volunteer_asking_what_to_do_when_the_mother_cries_gets_a_word_on_it(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.say("ik ben vrijwilliger bij home-start")
    reply = await talk.say("Samira krijgt het even moeilijk en huilt. Hoe ga ik daar als vrijwilliger best mee om?")
    assert said(reply, "vrijwilliger_emotie"), paragraphs(reply)


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("mag zij hier thuis ook zelf mee verder, zonder mij erbij?", "bot_alleen"),
        ("sorry, mijn Nederlands is nog niet zo goed. lukt dat wel?", "taal_zorg"),
        # A short question leans on the sentence before it: "Gaat dat wel?" alone asks nothing the bot can name.
        ("Excuseer, ik woon pas drie jaar hier en mijn Nederlands schrijven is nog zwak. Gaat dat wel?", "taal_zorg"),
        # Asked in vain by simulated parents and volunteers (7 December, evening).
        ("hoe lang duurt zo'n gesprek best?", "gesprek_duur"),  # not how long a Home-Start visit lasts
        ("kan ik die kaarten printen?", "kaarten_printen"),  # not a card
        ("Is er iets met meer prentjes en minder tekst?", "prenten"),
        ("Nee maar is er HULP voor slapen voor de tweeling? Een consultatiebureau of zo?", "hulp_baby"),
        ("wat bedoelt u met 'tip voor de vrijwilliger'? Ik ben gewoon een vader, geen vrijwilliger.", "tip_vrijwilliger"),
        ("gij antwoordt nie op mijn vraag. is da van het ocmw of nie", "vraag_bot"),  # the question in the second sentence
        ("kelly zegt da ik niks doe me de kleine. ma ik werk overuren voor ons. da telt toch ook", "werk_telt"),
        ("Is er hulp voor mijn zoon? iemand die met hem praat?", "hulp_school"),  # not the CAW for a divorce
        ("kan ik daar engels spreken? or maybe you can speak English?", "vraag_taal"),
        ("Hoe sluit ik dit netjes af, zodat er niets blijft staan?", "afsluiten_wissen"),
        ("Nu zijn ze het niet eens. Dries zegt oneens, Sanne twijfelt. Wat kies ik nu?", "oneens_samen"),
        ("moet ik zelf ook iets antwoorden, of is het alleen voor de ouders?", "vrijwilliger_antwoordt"),
        ("kan ik da lijstje aan nadia tonen?", "lijstje_tonen"),
        ("Wat is het verschil tussen 'Wie doet wat thuis' en 'Wie doet wat: in beeld'?", "verschil_wiedoetwat"),
        ("ik vraag een groep, mama's samen, koffie, met de kinderen. bestaat dat?", "ouder_groep"),
        ("gedeeld ouderschap = wat?", "gedeeld_ouderschap"),
        ("ik doe alles thuis. in onze cultuur man doet niet huiswerk. moet mijn man meer helpen?", "verdeling_vraag"),
        ("nee ik bedoel dees hier, de chat. moe kik daar voor betalen", "bot_kosten"),  # "moe kik": moet ik
        ("maar in turks? türkçe? of alleen nederlands?", "vraag_taal"),  # not the Dutch classes
        ("de mama begint te wenen, wat doe ik nu?", "vrijwilliger_emotie"),
        ("hoe kan ik met mijn man praten hierover? zonder ruzie", "verdeling_bespreken"),  # not "Ik geef geen advies"
        ("Hoe leg ik aan Melissa uit dat dat onthouden en plannen ook werk is?", "verdeling_bespreken"),
    ],
)
async def test_a_question_at_the_start_gets_its_own_answer(telegram_bot: FakeBotApi, message: str, entry: str) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say(message)
    assert said(reply, entry), paragraphs(reply)


@pytest.mark.parametrize(
    ("message", "entries"),
    [
        ("is home-start eigenlijk gratis? en hoe lang blijft zo iemand komen?", ["homestart_kosten", "homestart_duur"]),
        ("hallo, kost deze chat geld? en hoelang duurt een gesprek ongeveer?", ["bot_kosten", "gesprek_duur"]),
    ],
)
async def test_two_questions_in_one_message_get_both_answers(telegram_bot: FakeBotApi, message: str, entries: list) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say(message)
    assert [entry for entry in entries if not said(reply, entry)] == [], paragraphs(reply)


async def test_a_privacy_question_with_another_question_gets_both_answers(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("hoi, is dit gratis? en wie leest dit allemaal mee?")
    assert MESSAGES["privacy"]["text"] in paragraphs(reply) and said(reply, "bot_kosten"), paragraphs(reply)


async def test_a_father_who_feels_a_guest_in_his_own_house_has_that_named_also_after_a_check_in(
    telegram_bot: FakeBotApi,
) -> None:
    """A simulated father got the check-in and, after "Nee, iets anders", a thanks (7 December, night)."""
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.press("/eigen_rol")
    reply = await talk.say("soms voel ik mij een gast in mijn eigen huis, ze doen alles zonder mij")
    if CHECK_IN in " ".join(paragraphs(reply)):
        reply = await talk.press("/checkin_nee")
    assert said(reply, "gevoel_buitenspel"), paragraphs(reply)


async def test_a_theme_title_typed_as_a_household_answer_keeps_the_task_list(telegram_bot: FakeBotApi) -> None:
    """ "hmm. De andere ouder" at task 2 took two simulated fathers to the theme (7 December, night)."""
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.say("/wiedoetwat")
    await talk.say("Ik")
    reply = await talk.say("hmm. De andere ouder")
    assert any(p.startswith("Taak 3 van 12") for p in paragraphs(reply)), paragraphs(reply)


async def test_a_sceptical_father_asking_what_the_bot_is_for_is_told_and_not_lectured(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    purpose = await talk.say("allez, en waarvoor dient dit ding nu eigenlijk?")
    assert said(purpose, "vraag_bot"), paragraphs(purpose)
    lecture = await talk.say("gaat ge mij nu ook de les lezen ofwa?")
    assert said(lecture, "advies_vraag"), paragraphs(lecture)


async def test_a_parent_who_wants_to_tell_something_first_gets_room_not_a_theme(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    room = await talk.say("ik wil eens iets vertellen over mijn dag")
    assert paragraphs(room) == [MESSAGES["vertel_maar"]["text"]]
    story = await talk.say("vandaag was de kleine ziek en ik moest thuisblijven van mijn werk, mijn baas was niet blij")
    assert not any(p.startswith(tuple(THANKS)) for p in paragraphs(story)), paragraphs(story)


HELP = yaml.safe_load((ROOT / "content" / "hulp.yml").read_text(encoding="utf-8"))["organisaties"]
OWN_WORDS = yaml.safe_load((ROOT / "content" / "eigen_woorden.yml").read_text(encoding="utf-8"))


def does(service_id: str) -> str:
    """What content/hulp.yml says an organisation does, without its first letter (said after its name)."""
    return next(str(s["wat"]) for s in HELP if s["id"] == service_id)[1:]


async def test_a_mother_asking_what_the_ocmw_is_is_told_what_it_does_at_the_menu_and_during_a_question(
    telegram_bot: FakeBotApi,
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    at_menu = " ".join(paragraphs(await talk.say("wat is OCMW?")))
    assert does("ocmw") in at_menu and "Tele-Onthaal" not in at_menu  # its answer, not the list of all help
    await talk.press("/eigen_rol")
    during = await talk.say("ok. veel woorden. wat is OCMW? en makkelijk zeggen aub")
    assert does("ocmw") in " ".join(paragraphs(during)), paragraphs(during)
    caw = await talk.say("en wa doet da CAW eigenlijk")
    assert does("caw") in " ".join(paragraphs(caw)), paragraphs(caw)


async def test_a_father_who_says_the_bot_does_not_read_him_gets_a_sorry_not_the_privacy_text(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("ge leest nie wa kik schrijf")
    assert paragraphs(reply)[0] in OWN_WORDS["correctie"]["teksten"], paragraphs(reply)
    assert MESSAGES["privacy"]["text"] not in paragraphs(reply)
    again = await talk.say("hebt gij da gelezen wa ik zei over mijn pa?")
    assert paragraphs(again)[0] in OWN_WORDS["correctie"]["teksten"], paragraphs(again)
    privacy = await talk.say("ge leest wel wa ik schrijf he?")
    assert MESSAGES["privacy"]["text"] in paragraphs(privacy) or MESSAGES["privacy_eenvoudig"]["text"] in paragraphs(privacy)


async def test_a_mother_who_asks_for_a_question_gets_one_to_think_about(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say("Welke vraag zou je mij dan stellen om over na te denken, over Noor?")
    slow_questions = [q["tekst"] for q in PROMPTS["vragen"] if q["thema"] == "trage_vragen"]
    assert said(reply, "vraag_gevraagd"), paragraphs(reply)
    assert any(p in slow_questions for p in paragraphs(reply)), paragraphs(reply)
    own = await talk.say("mag ik zelf ook een vraag stellen?")
    assert not said(own, "vraag_gevraagd"), paragraphs(own)


async def test_a_father_who_asks_to_see_the_recap_gets_it(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    await talk.press("/eigen_rol")
    await talk.say("Mijn zoon speelt graag voetbal en ik sta altijd langs de lijn.")
    recap = await talk.say("Mag ik de samenvatting nog zien?")
    assert paragraphs(recap)[0].startswith(MESSAGES["samenvatting_kop"]["text"]), paragraphs(recap)


@pytest.mark.parametrize(
    ("message", "not_meant"),
    [
        # A parent's own question is no volunteer's about an emotional parent (7 December, evening).
        (
            "Zou ik beter eens rechtstreeks met haar praten, of loopt dat beter via Pieter? "
            "En wat zeg ik tegen Noor als ze zegt 'An zegt dat het wel mag'?",
            "vrijwilliger_emotie",
        ),
        # Twins who cry at once are no two parents answering, nor an emotional parent at a visit.
        ("wat doen andere mama's met een tweeling als ze allebei tegelijk huilen?", "allebei_antwoorden"),
        ("wat doen andere mama's met een tweeling als ze allebei tegelijk huilen?", "vrijwilliger_emotie"),
    ],
)
async def test_a_message_does_not_get_an_answer_meant_for_something_else(
    telegram_bot: FakeBotApi, message: str, not_meant: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    reply = await talk.say(message)
    assert not said(reply, not_meant), paragraphs(reply)
