"""/kaart for volunteers and /training for trainers, as the action server runs them."""

from __future__ import annotations

import base64
import io
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from PIL import Image
from rasa_sdk import Tracker

from actions.cards import all_cards, card_png
from actions.content import load_content
from actions.kaart import ActionKaart, pick_card
from actions.training import ActionTraining
from tests.action_helpers import button_payloads, run, slot_events

CONTENT = load_content()
# Expected values read straight from the file a coordinator edits, not through actions/:
# the guide has 2 statements and 74 questions, 76 prompts (docs/conversation.md, "Voor trainers").
RAW = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "prompts.yml").read_text(encoding="utf-8"))
STATEMENTS = {s["id"]: s["tekst"] for s in RAW["stellingen"]}
QUESTIONS = {q["id"]: q for q in RAW["vragen"]}
CARDS = 76


def training_texts() -> list[str]:
    """What /training walks through, in order, from the file: each statement with its follow-ups
    (eens, oneens, twijfel, then the deeper questions), the questions per theme, the thanks, the tips."""
    texts: list[str] = []
    for statement in RAW["stellingen"]:
        texts.append(statement["tekst"])
        for answer in ("eens", "oneens", "twijfel"):
            texts += [p["tekst"] for p in statement["reacties"][answer]]
        texts += [p["tekst"] for p in statement["verdieping"]]
    for theme in RAW["themas"][1:]:
        texts += [q["tekst"] for q in RAW["vragen"] if q["thema"] == theme["id"]]
    return texts + [t["tekst"] for t in RAW["bedankjes"]] + [t["tekst"] for t in RAW["tips_vrijwilliger"]]


STEPS = len(training_texts())


def ids_of_theme(thema: str) -> set[str]:
    return {i for i, q in QUESTIONS.items() if q["thema"] == thema}


def with_entity(intent: str, entity: str | None = None, value: str | None = None, **slots: Any) -> Tracker:
    entities = [{"entity": entity, "value": value}] if entity else []
    return Tracker(
        "test",
        slots,
        {"intent": {"name": intent}, "text": f"/{intent}", "entities": entities},
        [],
        False,
        None,
        {},
        "action_listen",
    )


def test_a_card_is_a_statement_or_slow_question_sent_as_a_picture_with_a_tip() -> None:
    messages, events = run(ActionKaart(), with_entity("kaart"))
    foto = messages[0]["custom"]["foto"]
    picture = Image.open(io.BytesIO(base64.b64decode(foto["png_base64"])))
    assert picture.format == "PNG" and picture.size == (1080, 1080)
    card_ids = set(STATEMENTS) | ids_of_theme("trage_vragen")
    shown = slot_events(events)["gesteld"][-1]
    assert shown in card_ids and foto["bijschrift"] == (STATEMENTS.get(shown) or QUESTIONS[shown]["tekst"])
    assert messages[1]["text"].removeprefix("Tip voor de vrijwilliger: ") in {t.tekst for t in CONTENT.tips_vrijwilliger}
    assert button_payloads(messages[1])[0] == "/kaart"
    assert '/kaart{"kaart_thema":"huishouden"}' in button_payloads(messages[1])


def test_a_card_from_a_chosen_theme() -> None:
    messages, events = run(ActionKaart(), with_entity("kaart", "kaart_thema", "huishouden"))
    shown = slot_events(events)["gesteld"][-1]
    assert shown in ids_of_theme("huishouden")


def test_an_unknown_theme_gives_a_default_card() -> None:
    _, events = run(ActionKaart(), with_entity("kaart", "kaart_thema", "bestaat_niet"))
    assert slot_events(events)["gesteld"][-1] in set(STATEMENTS) | ids_of_theme("trage_vragen")


def test_no_card_comes_twice_until_all_of_the_theme_were_shown() -> None:
    rng = random.Random(7)
    asked: list[str] = []
    pool = ids_of_theme("steun")
    assert len(pool) >= 2  # else "no card twice" says nothing
    for _ in pool:
        asked.append(pick_card("steun", asked, rng).id)
    assert sorted(asked) == sorted(pool)


def test_every_prompt_of_the_guide_draws_as_its_own_square_card_picture() -> None:
    cards = all_cards()
    assert sorted(c.id for c in cards) == sorted([*STATEMENTS, *QUESTIONS]) and len(cards) == CARDS
    drawn = set()
    for card in cards:
        png = card_png(card, CONTENT.themas[card.thema].naam)
        picture = Image.open(io.BytesIO(png))
        picture.load()  # decodes the whole image: a truncated or broken file fails here
        assert (picture.format, picture.size) == ("PNG", (1080, 1080)), card.id
        colours = picture.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 2, f"{card.id}: the card is blank"  # background, text and more
        drawn.add(png)
    assert len(drawn) == CARDS  # each card shows its own text


def test_training_starts_with_an_overview_of_the_guide() -> None:
    messages, events = run(ActionTraining(), with_entity("training"))
    assert f"alle {STEPS} teksten" in messages[0]["text"] and "gespreksleidraad zelf" in messages[0]["text"]
    for naam in ("Eens of oneens", "Jij als ouder", "De andere ouder", "Steun", "Rustig nadenken", "Werk in huis"):
        assert naam in messages[1]["text"], naam
    assert button_payloads(messages[1]) == ['/training{"stap":"volgende"}', "/stop"]
    assert slot_events(events) == {"training_positie": 0.0}


def test_each_training_step_shows_the_prompt_its_source_and_why() -> None:
    messages, events = run(ActionTraining(), with_entity("training", "stap", "volgende", training_positie=0.0))
    first = RAW["stellingen"][0]  # the report's first statement opens the guide
    text = messages[0]["text"]
    assert text.startswith(f"Stap 1 van {STEPS}, Eens of oneens:") and "Een man is thuis de baas." in text
    assert f"sectie {first['bron']['sectie']}, regels {first['bron']['regels']}" in text and first["waarom"].strip() in text
    assert button_payloads(messages[0]) == ['/training{"stap":"terug"}', '/training{"stap":"volgende"}', "/stop"]
    assert slot_events(events) == {"training_positie": 1.0}


def test_training_goes_back_and_ends_after_the_last_prompt() -> None:
    back, _ = run(ActionTraining(), with_entity("training", "stap", "terug", training_positie=5.0))
    assert back[0]["text"].startswith(f"Stap 4 van {STEPS}")
    end, events = run(ActionTraining(), with_entity("training", "stap", "volgende", training_positie=float(STEPS)))
    assert "alle teksten" in end[0]["text"]
    assert slot_events(events) == {"training_positie": STEPS + 1.0}


def test_training_shows_every_text_in_order_with_the_follow_ups_forms_thanks_and_tips() -> None:
    """Not only the 76 cards: the follow-ups per answer, the forms for other families, the thanks and the tips."""
    shown, position = [], 0.0
    for _ in range(STEPS):
        messages, events = run(ActionTraining(), with_entity("training", "stap", "volgende", training_positie=position))
        position = slot_events(events)["training_positie"]
        shown.append(messages[0]["text"])
    expected = training_texts()
    assert all(f":\n\n{text}" in step for text, step in zip(expected, shown))
    second = shown[1]
    assert second.startswith(f"Stap 2 van {STEPS}, Eens of oneens, vervolgvraag na eens:")
    by_text = dict(zip(expected, shown))
    coparent = QUESTIONS["partner_afspraken_1"]
    assert f"Voor ouders die uit elkaar zijn: {coparent['uit_elkaar']}" in by_text[coparent["tekst"]]
    alone = QUESTIONS["huishouden_samen_1"]
    assert f"Voor een ouder die alleen opvoedt: {alone['alleen']}" in by_text[alone["tekst"]]
    assert "bedankje" in by_text[RAW["bedankjes"][0]["tekst"]] and "tip voor de vrijwilliger" in shown[-1]


def test_a_card_gets_a_tip_that_fits_its_theme() -> None:
    """A slow-question card gets the tip about slow questions (prompts.yml `themas`), not a random one."""
    slow_tips = {t.tekst for t in CONTENT.tips_vrijwilliger if "trage_vragen" in t.themas}
    assert "Laat een trage vraag traag: geef geen tip en laat stilte toe." in slow_tips
    for _ in range(10):
        messages, _ = run(ActionKaart(), with_entity("kaart", "kaart_thema", "trage_vragen"))
        assert messages[1]["text"].removeprefix("Tip voor de vrijwilliger: ") in slow_tips


def test_the_printable_card_set_has_every_card_as_a_page(tmp_path: Path) -> None:
    target = tmp_path / "kaarten.pdf"
    result = subprocess.run([sys.executable, "-m", "actions.card_set", str(target)], capture_output=True, text=True, check=True)
    assert "76 kaarten" in result.stdout
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 76
