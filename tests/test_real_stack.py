"""The whole bot: real python-telegram-bot, real bridge, real Rasa and action server.

Only Telegram itself is replaced, by the fake Bot API server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import io
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image

from addons.content_files import content_file
from bot.bridge import Bridge
from bot.rasa_client import RasaClient
from testkit.conversation import Conversation, bubble, buttons, chat_ids, chat_in_terminal, paragraphs, photos_to, texts
from testkit.fake_telegram import FakeBotApi
from testkit.stack import RealStack
from tests.files import files_changed_since, places_a_run_may_write

# Expected texts straight from the content files a coordinator edits, not through actions/.
RAW_PROMPTS = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "prompts.yml").read_text(encoding="utf-8"))
STATEMENT_TEXTS = {s["tekst"] for s in RAW_PROMPTS["stellingen"]}
ALL_PROMPT_TEXTS = [s["tekst"] for s in RAW_PROMPTS["stellingen"]] + [q["tekst"] for q in RAW_PROMPTS["vragen"]]
RAW_DIVISION = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "wiedoetwat.yml").read_text(encoding="utf-8"))
TASK_QUESTIONS = [t["vraag"] for t in RAW_DIVISION["taken"]]


STATEMENT_1 = RAW_PROMPTS["stellingen"][0]


def training_texts() -> list[str]:
    """What /training walks through, in order: each statement with its follow-ups, the questions per theme, thanks, tips."""
    found: list[str] = []
    for statement in RAW_PROMPTS["stellingen"]:
        found.append(statement["tekst"])
        for answer in ("eens", "oneens", "twijfel"):
            found += [p["tekst"] for p in statement["reacties"][answer]]
        found += [p["tekst"] for p in statement["verdieping"]]
    for theme in RAW_PROMPTS["themas"][1:]:
        found += theme_questions(theme["id"])
    return found + [t["tekst"] for t in RAW_PROMPTS["bedankjes"]] + [t["tekst"] for t in RAW_PROMPTS["tips_vrijwilliger"]]


INTROS = {t["id"]: t["intro"] for t in RAW_PROMPTS["themas"]}
THANKS = {b["tekst"] for b in RAW_PROMPTS["bedankjes"]}
# What a longer answer gets instead of a thanks (actions/mirror.py).
MIRRORS = {
    text
    for entry in content_file("gehoord.yml")["spiegels"]["themas"].values()
    for tone in ("moeilijk", "goed", "gewoon")
    for text in entry[tone]
}


def theme_questions(thema: str) -> list[str]:
    """The theme's questions in the order of the file, the order the bot asks them."""
    return [q["tekst"] for q in RAW_PROMPTS["vragen"] if q["thema"] == thema]


def theme_texts(thema: str) -> set[str]:
    return set(theme_questions(thema))


TRAINING_TEXTS = training_texts()


async def test_start_shows_welcome_privacy_line_and_theme_menu(telegram_bot: FakeBotApi) -> None:
    replies = await Conversation(telegram_bot).say("/start")
    assert replies[0]["text"].startswith("Dag!")
    assert any("bewaar niets" in t for t in texts(replies))
    assert buttons(replies) == [
        "/stelling",
        "/eigen_rol",
        "/partner",
        "/steun",
        "/vraag",
        "/huishouden",
        "/wiedoetwat",
        "/homestart",
        "/privacy",
    ]


@pytest.mark.parametrize("answer", ["eens", "oneens", "twijfel"])
async def test_statement_one_with_each_button_gets_a_fitting_follow_up_then_free_text_is_thanked(
    telegram_bot: FakeBotApi, answer: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    statement = await talk.press("/stelling")
    assert "Een man is thuis de baas." in statement[-1]["text"]
    assert buttons(statement)[:3] == ["/eens", "/oneens", "/twijfel"]

    follow_up = await talk.press(f"/{answer}")
    prompt = next(p for p in STATEMENT_1["reacties"][answer] if p["tekst"] == follow_up[-1]["text"])
    family = prompt.get("andere_ouder") or prompt.get("alleen") or prompt.get("uit_elkaar")
    family_buttons = ['/andere_vraag{"gezin":"alleen"}', '/andere_vraag{"gezin":"uit_elkaar"}'] if family else []
    assert buttons(follow_up) == [*family_buttons, "/andere_vraag", "/menu", "/stop"]

    story = "Bij ons beslist niemand alleen. KANARIE-stelling-91 Mijn partner kookt, ik doe de was. Soms botst dat."
    thanks = await talk.say(story)
    assert len(thanks) == 1
    # A thanks or a mirror (actions/mirror.py), then the ways on as buttons; no stock "Hoe wil je verder?".
    assert thanks[0]["text"] in THANKS or thanks[0]["text"] in MIRRORS
    assert "KANARIE" not in thanks[0]["text"] and "begrijp" not in thanks[0]["text"]
    assert buttons(thanks) == ["/verdieping", "/stelling", "/menu", "/stop"]

    deeper = await talk.press("/verdieping")
    assert deeper[-1]["text"] in {p["tekst"] for p in STATEMENT_1["verdieping"]}


async def test_a_parent_alone_presses_the_button_and_gets_questions_that_fit(telegram_bot: FakeBotApi) -> None:
    """The button "Ik voed alleen op" goes through Rasa (intent andere_vraag with entity gezin) to the actions."""
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    first = await talk.press("/partner")
    partner = [q for q in RAW_PROMPTS["vragen"] if q["thema"] == "partner"]
    assert texts(first) == [bubble(INTROS["partner"], partner[0]["tekst"])]
    alone = '/andere_vraag{"gezin":"alleen"}'
    assert alone in buttons(first)
    after = await talk.press(alone)
    assert "alleen" in after[0]["text"]
    fits_alone = {q.get("alleen") or q["tekst"] for q in partner if q.get("alleen") or not q.get("andere_ouder")}
    assert paragraphs(after)[-1] in fits_alone and alone not in buttons(after)


@pytest.mark.parametrize(
    ("payload", "thema"),
    [
        ("/eigen_rol", "eigen_rol"),
        ("/partner", "partner"),
        ("/steun", "steun"),
        ("/vraag", "trage_vragen"),
        ("/huishouden", "huishouden"),
    ],
)
async def test_each_theme_asks_its_questions_and_takes_any_free_text_as_the_answer(
    telegram_bot: FakeBotApi, payload: str, thema: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    first = await talk.press(payload)
    questions = theme_questions(thema)
    assert texts(first) == [bubble(INTROS[thema], questions[0])]
    # An answer that sounds like another theme is still an answer, not a theme switch.
    # Under 12 words: a longer answer to the picture question skips the one that asks to describe it.
    thanks = await talk.say("Mijn partner doet de afwas. Wie helpt mij? Mijn zus.")
    assert buttons(thanks) == [payload, "/menu", "/stop"]
    second = await talk.press(payload)
    assert texts(second) == [questions[1]]
    skipped = await talk.say("andere vraag")
    assert paragraphs(skipped)[-1] == questions[2]


async def test_a_crisis_message_during_an_open_question_gets_the_help_lines_at_once(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/partner")
    replies = await talk.say("eigenlijk wil ik niet meer leven")
    joined = " ".join(texts(replies))
    assert "1813" in joined and "112" in joined and "106" in joined
    assert buttons(replies) == ["/menu", "/stop"]
    after = await talk.press("/menu")
    assert "/stelling" in buttons(after)


@pytest.mark.parametrize("ordinary", ["ik ben doodmoe", "mijn kind slaat de deur dicht", "dat was geweldig"])
async def test_ordinary_words_during_an_open_question_are_an_answer_not_an_alarm(telegram_bot: FakeBotApi, ordinary: str) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/eigen_rol")
    replies = await talk.say(ordinary)
    joined = " ".join(texts(replies))
    assert "1813" not in joined and "1712" not in joined and "112" not in joined
    assert "/eigen_rol" in buttons(replies)  # taken as the answer: the next question is offered


@pytest.mark.parametrize("typed", ["samen", "Samen!"])
async def test_samen_typed_as_the_answer_to_who_does_what_is_the_answer_and_the_command_still_works(
    telegram_bot: FakeBotApi, typed: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/huishouden")
    replies = await talk.say(typed)
    joined = " ".join(texts(replies))
    assert "kan alleen in een groep" not in joined
    assert "/huishouden" in buttons(replies)
    replies = await talk.say("/samen")  # the command itself, at the menu of the theme
    assert "Samen antwoorden kan alleen in een groep" in " ".join(texts(replies))


@pytest.mark.parametrize("forget", ["/vergeet", "vergeet alles", "wis mijn gesprek"])
async def test_forget_erases_the_conversation_and_the_next_message_starts_fresh(telegram_bot: FakeBotApi, forget: str) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/eigen_rol")
    await talk.say("We spelen graag buiten.")
    second = await talk.press("/eigen_rol")
    assert texts(second) == [theme_questions("eigen_rol")[1]]
    forgotten = await talk.say(forget)  # while the second question is open
    assert "gewist" in forgotten[0]["text"]
    fresh = await talk.say("/eigen_rol")
    assert texts(fresh) == [bubble(INTROS["eigen_rol"], theme_questions("eigen_rol")[0])]


async def test_the_terminal_chat_uses_the_same_bridge_with_numbered_buttons(
    real_stack: RealStack, capsys: pytest.CaptureFixture[str]
) -> None:
    await chat_in_terminal(real_stack, "1", "2")  # 1 = Eens of oneens in the menu, then 2 = Oneens
    out = capsys.readouterr().out
    assert "[1] Eens of oneens" in out and "[2] Oneens" in out
    assert any(p["tekst"] in out for p in STATEMENT_1["reacties"]["oneens"])


@pytest.mark.parametrize(
    ("typed", "first_words"),
    [
        # In the parent's own language, naming 112 (content/talen.yml).
        ("Hello, can you help me with my kids?", "I only speak Dutch. In an emergency, call 112."),
        ("Bonjour, je cherche de l'aide", "Je ne parle que néerlandais. En cas d'urgence, appelez le 112."),
        ("wie heeft de match gewonnen", "Daar kan ik je niet mee helpen"),
    ],
)
async def test_another_language_or_an_off_topic_question_gets_its_own_reply_and_the_menu(
    telegram_bot: FakeBotApi, typed: str, first_words: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    replies = await talk.say(typed)
    assert len(replies) == 1 and replies[0]["text"].startswith(first_words)
    assert "/menu" in buttons(replies)


@pytest.mark.parametrize("typed", ["👍", "😀😀😀", "ok", "verder"])
async def test_ok_words_and_emoji_at_the_menu_start_the_guide_at_its_first_statement(
    telegram_bot: FakeBotApi, typed: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    replies = await talk.say(typed)
    assert paragraphs(replies)[-1] == "Een zin om over na te denken: “Een man is thuis de baas.” Wat vind jij?"
    assert buttons(replies)[:3] == ["/eens", "/oneens", "/twijfel"]


@pytest.mark.parametrize(
    "typed", ["qsdfghjklm", "dat is bij ons een lang verhaal", "respect en eerlijkheid zijn belangrijk voor ons"]
)
async def test_own_words_at_the_menu_are_thanked_never_not_understood(telegram_bot: FakeBotApi, typed: str) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/start")
    replies = await talk.say(typed)
    # An acknowledgement, or for longer words a mirror of their theme and tone (actions/mirror.py).
    assert paragraphs(replies)[0] in [*content_file("eigen_woorden.yml")["erkenning"], *MIRRORS]
    assert not any("begrepen" in t for t in texts(replies))
    assert "1813" not in " ".join(texts(replies)) and "1712" not in " ".join(texts(replies))
    # One message: the thanks, then the menu or a question of the theme the words named, with its buttons.
    assert len(replies) == 1 and 2 <= len(paragraphs(replies)) <= 3 and buttons(replies)


@pytest.mark.parametrize(("typed", "branch"), [("is er home-start in Aalst", "Aalst"), ("home-start in 2060", "Antwerpen")])
async def test_a_parent_names_a_place_and_gets_the_home_start_branch_there(
    telegram_bot: FakeBotApi, typed: str, branch: str
) -> None:
    replies = await Conversation(telegram_bot).say(typed)
    assert any(f"Home-Start {branch}" in t or f"Home-Start Domo {branch}" in t for t in texts(replies)), texts(replies)


@pytest.mark.parametrize(("typed", "branch"), [("Aalst", "Aalst"), ("2018", "Antwerpen"), ("ik woon in Lier", "Lier")])
async def test_after_the_branch_button_a_bare_place_name_gets_its_branch(
    telegram_bot: FakeBotApi, typed: str, branch: str
) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/homestart")
    asked = await talk.press("/homestart_buurt")
    assert "gemeente" in asked[-1]["text"]
    replies = await talk.say(typed)
    assert any(f"Home-Start {branch}" in t or f"Home-Start Domo {branch}" in t for t in texts(replies)), texts(replies)


async def test_wiedoetwat_asks_twelve_tasks_then_sends_a_picture_and_writes_no_file(telegram_bot: FakeBotApi) -> None:
    started = time.time()
    talk = Conversation(telegram_bot)
    first = await talk.say("/wiedoetwat")
    assert paragraphs(first)[-1] == "Taak 1 van 12: Wie kookt er meestal?"
    assert buttons(first) == ["ik", "de andere ouder", "samen", "iemand anders", "niet bij ons", "overslaan", "/stop"]

    answers = [
        "ik",
        "de andere ouder",
        "samen",
        "iemand anders",
        "niet bij ons",
        "overslaan",
        "ik",
        "samen",
        "de andere ouder",
        "ik",
    ]
    for number, answer in enumerate(answers, start=2):
        replies = await talk.press(answer)
        assert texts(replies)[-1].startswith(f"Taak {number} van 12")
    unclear = await talk.say("hmm tja dat wisselt")
    assert paragraphs(unclear)[0].startswith("Kies een knop") and paragraphs(unclear)[-1].startswith("Taak 11 van 12")
    await talk.say("mijn partner")  # typed instead of pressed
    end = await talk.say("samen")

    photo_calls = [c for c in telegram_bot.calls_of("sendPhoto") if c.params["chat_id"] == talk.chat_id]
    assert len(photo_calls) == 1
    png = telegram_bot.file_content(photo_calls[0].result["photo"][-1]["file_id"])
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG" and picture.width == 1080
    assert "bewaar ik niet" in photo_calls[0].params["caption"]
    assert [t for t in texts(end) if t.endswith("?")] == [q["tekst"] for q in RAW_DIVISION["vragen_na_beeld"]]
    assert buttons(end) == ["/menu", "/stop"]

    # The picture was made and sent from memory: no file written since the start holds it.
    encoded = base64.b64encode(png)
    holding = [
        p for p in files_changed_since(places_a_run_may_write(), started) if png in (data := p.read_bytes()) or encoded in data
    ]
    assert holding == []


async def test_wiedoetwat_can_be_stopped_halfway(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    await talk.say("/wiedoetwat")
    await talk.press("samen")
    stopped = await talk.press("/stop")
    assert "Taak" not in " ".join(texts(stopped))
    assert telegram_bot.calls_of("sendPhoto") == [] or all(
        c.params["chat_id"] != talk.chat_id for c in telegram_bot.calls_of("sendPhoto")
    )
    menu = await talk.say("menu")
    assert "/wiedoetwat" in buttons(menu)


async def test_the_terminal_chat_shows_the_division_as_text(real_stack: RealStack, capsys: pytest.CaptureFixture[str]) -> None:
    await chat_in_terminal(real_stack, "/wiedoetwat", *["1"] * 11, "3")  # "ik" for eleven tasks, "samen" for the last
    out = capsys.readouterr().out
    assert "- Koken: ik" in out and "- Spelen: samen" in out


@pytest.mark.parametrize("where", ["private", "group"])
async def test_kaart_sends_a_card_picture_its_text_and_a_tip_in_a_private_chat_and_a_group(
    telegram_bot: FakeBotApi, where: str
) -> None:
    talk = (
        Conversation(telegram_bot, -100_555_000 - next(chat_ids), chat_type="group", chat_title="Huisbezoek")
        if where == "group"
        else Conversation(telegram_bot)
    )
    tip = await talk.say("/kaart")
    photos = photos_to(telegram_bot, talk.chat_id)
    assert len(photos) == 1
    png = telegram_bot.file_content(photos[0].result["photo"][-1]["file_id"])
    assert Image.open(io.BytesIO(png)).size == (1080, 1080)
    card_text = photos[0].params["caption"]
    assert card_text in STATEMENT_TEXTS | theme_texts("trage_vragen")
    assert tip[-1]["text"].startswith("Tip voor de vrijwilliger:")

    await talk.press('/kaart{"kaart_thema":"huishouden"}')
    second = photos_to(telegram_bot, talk.chat_id)
    assert len(second) == 2 and second[1].params["caption"] in theme_texts("huishouden")


async def test_in_a_group_the_members_own_chat_gets_no_reply(telegram_bot: FakeBotApi) -> None:
    group = Conversation(telegram_bot, -100_666_000 - next(chat_ids), chat_type="group", chat_title="Twee ouders")
    await group.say("/start")
    chatter = telegram_bot.push_text(group.chat_id, "wat denk jij ervan?", chat_type="group")
    await telegram_bot.wait_for("getUpdates", lambda c: any(u["update_id"] == chatter for u in c.result or []), timeout=10)
    await asyncio.sleep(2)  # the bridge has had the message for 2 s: time enough to answer it
    assert len(telegram_bot.sent_messages(group.chat_id)) == group.seen
    # The bot is alive in this group: the next command is answered, with its own reply only.
    privacy = await group.say("/privacy")
    assert "bewaar niets" in " ".join(texts(privacy)) and not any("Sorry" in t for t in texts(privacy))


async def test_training_walks_through_every_prompt_with_its_source_from_start_to_end(telegram_bot: FakeBotApi) -> None:
    talk = Conversation(telegram_bot)
    overview = await talk.say("/training")
    steps = len(TRAINING_TEXTS)
    assert f"alle {steps} teksten" in overview[0]["text"]
    shown = []
    for number in range(1, steps + 1):
        step = await talk.press('/training{"stap":"volgende"}', expect=1)
        assert step[0]["text"].startswith(f"Stap {number} van {steps}")
        assert "Bron: rapport, sectie " in step[0]["text"] and "Waarom: " in step[0]["text"]
        shown.append(step[0]["text"])
    # Every text of content/prompts.yml once, in order: the report's first statement first.
    assert all(f":\n\n{text}" in step for text, step in zip(TRAINING_TEXTS, shown))
    assert set(ALL_PROMPT_TEXTS) <= set(TRAINING_TEXTS) and TRAINING_TEXTS[0] == "Een man is thuis de baas."
    back = await talk.press('/training{"stap":"terug"}')
    assert back[0]["text"].startswith(f"Stap {steps - 1} van {steps}")
    await talk.press('/training{"stap":"volgende"}')
    end = await talk.press('/training{"stap":"volgende"}')
    assert "alle teksten" in end[0]["text"]


async def test_samen_round_with_two_members_shows_both_answers_only_when_both_answered(telegram_bot: FakeBotApi) -> None:
    group_id = -100_888_000 - next(chat_ids)
    parent_a = Conversation(telegram_bot, group_id, chat_type="group", chat_title="Samen", user_id=61_001, first_name="Ouder")
    parent_b = Conversation(telegram_bot, group_id, chat_type="group", chat_title="Samen", user_id=61_002, first_name="Ouder")
    start_round = await parent_a.say("/samen")
    assert paragraphs(start_round)[-1].removeprefix("Een zin om over na te denken: ") in STATEMENT_TEXTS
    parent_b.seen = parent_a.seen

    first = await parent_a.press('/samen{"keuze":"eens"}')
    assert texts(first) == ["Dank je. Ik wacht nog op het antwoord van de ander."]
    parent_b.seen = parent_a.seen
    statement_message = [
        c for c in telegram_bot.calls_of("sendMessage") if c.params["chat_id"] == group_id and c.params.get("reply_markup")
    ][-1]
    # In a group the keyboard stays after the first press, so the other member can answer too.
    assert telegram_bot.message(group_id, statement_message.result["message_id"]).get("reply_markup")
    both = await parent_b.press('/samen{"keuze":"oneens"}', expect=1)
    assert paragraphs(both)[0] == "Jullie antwoorden naast elkaar:\nAntwoord 1: eens\nAntwoord 2: oneens"
    assert "iets anders" in paragraphs(both)[1]
    assert "Ouder" not in " ".join(texts(both))


async def test_wiedoetwat_in_a_group_each_parent_chooses_then_both_divisions_come_side_by_side(telegram_bot: FakeBotApi) -> None:
    started = time.time()
    group_id = -100_999_000 - next(chat_ids)
    parent_a = Conversation(telegram_bot, group_id, chat_type="group", chat_title="Thuis", user_id=62_001, first_name="Ouder")
    parent_b = Conversation(telegram_bot, group_id, chat_type="group", chat_title="Thuis", user_id=62_002, first_name="Ouder")
    group = RAW_DIVISION["groep"]
    intro = await parent_a.say("/wiedoetwat")
    assert texts(intro) == [
        bubble(group["intro"]["tekst"], group["intro_wachten"]["tekst"], "Taak 1 van 12: Wie kookt er meestal?")
    ]

    a_answers = [
        "ik",
        "de andere ouder",
        "samen",
        "samen",
        "niet bij ons",
        "overslaan",
        "ik",
        "samen",
        "de andere ouder",
        "ik",
        "samen",
        "samen",
    ]
    b_answers = [
        "de andere ouder",
        "ik",
        "samen",
        "iemand anders",
        "niet bij ons",
        "ik",
        "de andere ouder",
        "samen",
        "ik",
        "samen",
        "overslaan",
        "samen",
    ]
    for number, (a, b) in enumerate(zip(a_answers, b_answers), start=1):
        parent_a.seen = parent_b.seen = max(parent_a.seen, parent_b.seen)
        waiting = await parent_a.press(a, expect=1)
        assert texts(waiting) == [group["wacht_eerste" if number == 1 else "wacht"]]
        parent_b.seen = parent_a.seen
        if number < 12:
            # The other parent answers with the buttons of the same task message, still there in a group.
            following = await parent_b.press(b, expect=1)
            assert texts(following) == [f"Taak {number + 1} van 12: {TASK_QUESTIONS[number]}"]
    end = await parent_b.press(b_answers[-1], expect=3)  # and the picture, sent as a photo: four messages

    photos = photos_to(telegram_bot, group_id)
    assert len(photos) == 1
    png = telegram_bot.file_content(photos[0].result["photo"][-1]["file_id"])
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG" and picture.width == 1240
    assert photos[0].params["caption"] == group["beeld"]["bijschrift"]
    assert texts(end) == [q["tekst"] for q in group["vragen_na_beeld"]] and buttons(end) == ["/menu", "/stop"]
    assert "Ouder" not in " ".join(texts(end))
    encoded = base64.b64encode(png)
    assert [
        p for p in files_changed_since(places_a_run_may_write(), started) if png in (data := p.read_bytes()) or encoded in data
    ] == []


async def test_wiedoetwat_in_a_group_a_third_member_is_told_their_choice_does_not_count(telegram_bot: FakeBotApi) -> None:
    group_id = -100_999_500 - next(chat_ids)
    members = [
        Conversation(telegram_bot, group_id, chat_type="group", chat_title="Huisbezoek", user_id=63_000 + n) for n in range(3)
    ]
    await members[0].say("/wiedoetwat")
    for member in members[1:]:
        member.seen = members[0].seen
    await members[0].press("samen", expect=1)
    members[1].seen = members[0].seen
    await members[1].press("ik", expect=1)
    members[2].seen = members[1].seen
    third = await members[2].press("ik", expect=1)
    assert paragraphs(third)[0] == RAW_DIVISION["groep"]["derde"]
    assert paragraphs(third)[1].startswith("Taak 2 van 12")


async def test_other_help_reaches_the_parent_as_one_message(telegram_bot: FakeBotApi) -> None:
    """Rasa's REST channel sends each blank-line paragraph of a text without buttons apart;
    the bridge puts the paragraphs of the turn together again, under Telegram's limit."""
    replies = await Conversation(telegram_bot).say("/andere_hulp")
    assert len(replies) == 1 and len(replies[0]["text"]) <= 4096
    assert len(paragraphs(replies)) == 3
    assert all(name in paragraphs(replies)[1] for name in ("Huis van het Kind", "Kind en Gezin", "CAW", "OCMW"))


async def test_a_long_conversation_remembers_its_questions_and_its_open_question(real_stack: RealStack) -> None:
    """Past the tracker store's cut (addons/expiring_tracker_store.py keeps the last turns of a
    long conversation), the recap still lists the first question and an open question still
    takes its answer."""
    bridge = Bridge(RasaClient(real_stack.settings.rasa_url, 10.0))
    chat = f"lang-{next(chat_ids)}"
    try:
        first = await bridge.handle(chat, "/vraag")
        first_question = first[-1].text.split("\n\n")[-1]
        await bridge.handle(chat, "We willen dat ze later zelfstandig zijn.")
        for _ in range(45):  # well over COMPACT_ABOVE events
            await bridge.handle(chat, "/stelling")
            await bridge.handle(chat, "/eens")
            await bridge.handle(chat, "/menu")
        recap = await bridge.handle(chat, "/samenvatting")
        assert first_question in recap[0].text
        opened = await bridge.handle(chat, "/eigen_rol")
        thanks = await bridge.handle(chat, "Een beeld van ons samen aan tafel.")
        assert opened[-1].buttons and "Volgende vraag" in str(thanks[-1].buttons)  # taken as the answer
    finally:
        await bridge.rasa.close()
