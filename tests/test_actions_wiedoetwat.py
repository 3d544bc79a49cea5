"""/wiedoetwat: reading answers, asking task by task, and the picture made in memory."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from rasa_sdk.executor import CollectingDispatcher

from actions.division import choice_for_text, draw_division, tasks, text_chart
from actions.wiedoetwat import ActionAskTaakAntwoord, ActionWiedoetwatBeeld, ActionWiedoetwatStart, ValidateWiedoetwatForm
from tests.action_helpers import button_payloads, run, slot_events, tracker

FULL = ["ik", "andere", "samen", "iemand_anders", "nvt", "overgeslagen", "ik", "samen", "andere", "ik", "samen", "samen"]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [("Ik", "ik"), ("ikke", "ik"), ("mijn partner", "andere"), ("De andere ouder", "andere"), ("samen!", "samen"),
     ("allebei", "samen"), ("oma", "iemand_anders"), ("nvt", "nvt"), ("overslaan", "overgeslagen"), ("weet ik niet", "overgeslagen")],
)
def test_a_typed_answer_is_read_as_the_choice_it_names(typed: str, choice: str) -> None:
    assert choice_for_text(typed) == choice


@pytest.mark.parametrize("typed", ["ik wil stoppen", "ik ben moe", "mijn partner slaat mij", "/menu", ""])
def test_a_sentence_is_never_read_as_a_choice(typed: str) -> None:
    assert choice_for_text(typed) is None


def test_the_start_says_what_comes_and_begins_with_an_empty_division() -> None:
    messages, events = run(ActionWiedoetwatStart(), tracker("wiedoetwat", verdeling=["ik"]))
    assert "twaalf taken" in messages[0]["text"] and "geen goed of fout" in messages[1]["text"]
    assert slot_events(events) == {"verdeling": [], "taak_antwoord": None}


def test_each_task_is_asked_with_its_number_and_the_answer_buttons() -> None:
    messages, _ = run(ActionAskTaakAntwoord(), tracker("eens", verdeling=["ik", "samen"]))
    assert messages[0]["text"] == f"Taak 3 van 12: {tasks()[2].vraag}"
    assert button_payloads(messages[0]) == ["ik", "de andere ouder", "samen", "iemand anders", "niet van toepassing", "overslaan", "/stop"]
    # every button's payload is read back as its own choice
    assert [choice_for_text(p) for p in button_payloads(messages[0])[:-1]] == ["ik", "andere", "samen", "iemand_anders", "nvt", "overgeslagen"]


def test_an_answer_is_added_and_the_form_asks_again_until_the_last_task() -> None:
    form = ValidateWiedoetwatForm()
    dispatcher = CollectingDispatcher()
    middle = form.validate_taak_antwoord("samen", dispatcher, tracker("eens", verdeling=["ik"]), {})
    assert middle == {"verdeling": ["ik", "samen"], "taak_antwoord": None}
    last = form.validate_taak_antwoord("nvt", dispatcher, tracker("eens", verdeling=FULL[:11]), {})
    assert last == {"verdeling": [*FULL[:11], "nvt"], "taak_antwoord": "klaar"}
    assert dispatcher.messages == []


def test_the_reset_at_the_start_is_not_counted_as_an_answer() -> None:
    assert ValidateWiedoetwatForm().validate_taak_antwoord(None, CollectingDispatcher(), tracker("wiedoetwat", verdeling=[]), {}) == {}


def test_an_unclear_answer_gets_the_choices_and_the_same_task_again() -> None:
    dispatcher = CollectingDispatcher()
    result = ValidateWiedoetwatForm().validate_taak_antwoord("onduidelijk", dispatcher, tracker("eens", verdeling=["ik"]), {})
    assert result == {"taak_antwoord": None}
    assert "Kies een knop" in dispatcher.messages[0]["text"]


def test_the_picture_is_a_png_readable_on_a_phone() -> None:
    png = draw_division(FULL)
    image = Image.open(io.BytesIO(png))
    image.verify()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 1080 and 1000 < image.height < 2200
    # the picture shows colour, not an empty canvas
    assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 20


def test_the_text_chart_lists_the_answered_tasks_without_the_skipped_one() -> None:
    chart = text_chart(FULL)
    assert "- Koken: ik" in chart and "- De was: de andere ouder" in chart and "- Poetsen: iemand anders" in chart
    assert tasks()[5].label not in chart  # the skipped task


def test_after_the_last_task_the_picture_and_questions_come_and_the_division_is_forgotten() -> None:
    messages, events = run(ActionWiedoetwatBeeld(), tracker("eens", verdeling=FULL))
    foto = messages[0]["custom"]["foto"]
    png = base64.b64decode(foto["png_base64"])
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert "bewaar ik niet" in foto["bijschrift"] and "- Koken: ik" in foto["tekst"]
    questions = [m["text"] for m in messages[1:] if m.get("text", "").endswith("?")]
    assert len(questions) == 3 and all(q.count("?") == 1 for q in questions)
    assert button_payloads(messages[-1]) == ["/menu", "/stop"]
    assert slot_events(events) == {"verdeling": None, "taak_antwoord": None}


def test_nothing_in_the_replies_scores_or_judges_the_division() -> None:
    messages, _ = run(ActionWiedoetwatBeeld(), tracker("eens", verdeling=FULL))
    said = " ".join([messages[0]["custom"]["foto"]["bijschrift"], messages[0]["custom"]["foto"]["tekst"], *(m.get("text", "") for m in messages[1:])]).lower()
    for word in ("oneerlijk", "eerlijk", "score", "procent", "%", "te weinig", "te veel", "beter", "slechter", "moet"):
        assert word not in said
