"""/wiedoetwat: reading answers, asking task by task, and the picture made in memory."""

from __future__ import annotations

import asyncio
import base64
import io

import pytest
from PIL import Image
from rasa_sdk.executor import CollectingDispatcher

from actions.division import (
    COLUMN_HEADING_HEIGHT,
    DIFFERENT,
    HEADER_HEIGHT,
    MARGIN,
    MARK_WIDTH,
    PAIR_FIRST_PILL,
    PAIR_WIDTH,
    ROW_HEIGHT,
    SAME,
    choice_for_text,
    division_content,
    draw_division,
    draw_pair,
    pair_rows,
    pair_view,
    text_chart,
    text_chart_pair,
)
from actions.heard import heard_content
from actions.wiedoetwat import (
    ActionAskTaakAntwoord,
    ActionThemaTijdensWiedoetwat,
    ActionWiedoetwatBeeld,
    ActionWiedoetwatStart,
    ValidateWiedoetwatForm,
)
from tests.action_helpers import button_payloads, run, slot_events, tracker

FULL = ["ik", "andere", "samen", "iemand_anders", "nvt", "overgeslagen", "ik", "samen", "andere", "ik", "samen", "samen"]
OTHER = ["andere", "ik", "samen", "samen", "nvt", "ik", "andere", "samen", "ik", "andere", "overgeslagen", "samen"]
GROUP = division_content()["groep"]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("Ik", "ik"),
        ("ikke", "ik"),
        ("mijn partner", "andere"),
        ("De andere ouder", "andere"),
        ("samen!", "samen"),
        ("allebei", "samen"),
        ("oma", "iemand_anders"),
        ("nvt", "nvt"),
        ("overslaan", "overgeslagen"),
        ("weet ik niet", "overgeslagen"),
        ("Óverslaan!", "overgeslagen"),
        ("níet van toepassing", "nvt"),
        ("SAMEN", "samen"),
    ],
)
def test_a_typed_answer_is_read_as_the_choice_it_names(typed: str, choice: str) -> None:
    assert choice_for_text(typed) == choice


@pytest.mark.parametrize("typed", ["ik wil stoppen", "ik ben moe", "mijn partner slaat mij", "/menu", ""])
def test_a_sentence_is_never_read_as_a_choice(typed: str) -> None:
    assert choice_for_text(typed) is None


@pytest.mark.parametrize(
    ("typed", "intent", "read"),
    [
        # Typed by simulated parents and volunteers at a task (7 December, evening): "Kies een knop".
        ("ik natuurlijk, Kevin zou alles op 60 graden doen", "vertellen", {"taak_antwoord": "ik"}),
        ("de andere ouder, en ne keer per week een poetsvrouw", "vertellen", {"taak_antwoord": "andere"}),
        ("Ik. Maar dat is nu net de taak die ze graag aan Karim wil geven", "vertellen", {"taak_antwoord": "ik"}),
        ("ook zij, Youssra doet de was", "vertellen", {"taak_antwoord": "onduidelijk"}),  # who is "zij"?
        ("ik, maar ik wil stoppen", "stop", {}),  # leaving the form wins
        # A theme's title typed as the answer with a word around it (two simulated fathers, 7 December, night).
        ("hmm. De andere ouder", "partner", {"taak_antwoord": "andere"}),
        ("de andere ouder. nog wel", "partner", {"taak_antwoord": "andere"}),
        ("laten we het over de andere ouder hebben", "partner", {}),  # a wish for the theme leaves the form
        # An eleventh round (7 December, night): "Kies een knop", or the task list left at task 2.
        ("de andere ouder zeker", "partner", {"taak_antwoord": "andere"}),
        ("samen denk ik", "vertellen", {"taak_antwoord": "samen"}),
        ("ikke natuurlijk 🙄", "vertellen", {"taak_antwoord": "ik"}),
        ("zijn broer eigenlijk, mijn man heeft geen tijd", "vertellen", {"taak_antwoord": "iemand_anders"}),
        ("ik denk het niet", "vertellen", {"taak_antwoord": "onduidelijk"}),
        ("...", "vertellen", {"taak_antwoord": "onduidelijk"}),  # only punctuation: asked again, no error
    ],
)
def test_a_longer_answer_at_a_task_counts_by_its_first_part(typed: str, intent: str, read: dict) -> None:
    state = tracker(intent, text=typed, requested_slot="taak_antwoord")
    got = asyncio.run(ValidateWiedoetwatForm().extract_taak_antwoord(CollectingDispatcher(), state, {}))
    assert got == read


@pytest.mark.parametrize(
    ("typed", "next_action", "leaves"),
    [("hmm. De andere ouder", "wiedoetwat_form", False), ("laten we het over steun hebben", "vraag_form", True)],
)
def test_a_theme_named_at_a_task_is_its_answer_when_it_is_a_choice_else_the_theme(
    typed: str, next_action: str, leaves: bool
) -> None:
    state = tracker("partner", text=typed, requested_slot="taak_antwoord")
    _, events = run(ActionThemaTijdensWiedoetwat(), state)
    assert [e["name"] for e in events if e.get("event") == "followup"] == [next_action]
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events) == leaves


def test_a_question_at_a_task_is_answered_and_the_task_comes_again() -> None:
    """ "Steven zegt samen, Kim zegt vooral zij. Wat vul ik in?" got "Kies een knop" (7 December, night)."""
    text = "Steven zegt samen, Kim zegt vooral zij. Wat vul ik in als ze het niet eens zijn?"
    state = tracker("vertellen", text=text, requested_slot="taak_antwoord")
    form = ValidateWiedoetwatForm()
    read = asyncio.run(form.extract_taak_antwoord(CollectingDispatcher(), state, {}))
    dispatcher = CollectingDispatcher()
    slots = form.validate_taak_antwoord(read["taak_antwoord"], dispatcher, state, {})
    assert [m["text"] for m in dispatcher.messages] == heard_content()["oneens_taak"]["teksten"]
    assert slots["taak_antwoord"] is None and "verdeling" not in slots


def test_the_start_says_what_comes_and_begins_with_an_empty_division() -> None:
    messages, events = run(ActionWiedoetwatStart(), tracker("wiedoetwat", verdeling=["ik"]))
    assert "twaalf taken" in messages[0]["text"] and "geen goed of fout" in messages[1]["text"]
    assert slot_events(events) == {"verdeling": [], "verdeling_samen": {}, "taak_antwoord": None}


def test_each_task_is_asked_with_its_number_and_the_answer_buttons() -> None:
    messages, _ = run(ActionAskTaakAntwoord(), tracker("eens", verdeling=["ik", "samen"]))
    assert messages[0]["text"] == "Taak 3 van 12: Wie doet meestal de boodschappen?"
    assert button_payloads(messages[0]) == [
        "ik",
        "de andere ouder",
        "samen",
        "iemand anders",
        "niet bij ons",
        "overslaan",
        "/stop",
    ]
    # every button's payload is read back as its own choice
    assert [choice_for_text(p) for p in button_payloads(messages[0])[:-1]] == [
        "ik",
        "andere",
        "samen",
        "iemand_anders",
        "nvt",
        "overgeslagen",
    ]


def test_an_answer_is_added_and_the_form_asks_again_until_the_last_task() -> None:
    form = ValidateWiedoetwatForm()
    dispatcher = CollectingDispatcher()
    middle = form.validate_taak_antwoord("samen", dispatcher, tracker("eens", verdeling=["ik"]), {})
    assert middle == {"verdeling": ["ik", "samen"], "taak_antwoord": None}
    last = form.validate_taak_antwoord("nvt", dispatcher, tracker("eens", verdeling=FULL[:11]), {})
    assert last == {"verdeling": [*FULL[:11], "nvt"], "taak_antwoord": "klaar"}
    assert dispatcher.messages == []


def test_the_reset_at_the_start_is_not_counted_as_an_answer() -> None:
    assert (
        ValidateWiedoetwatForm().validate_taak_antwoord(None, CollectingDispatcher(), tracker("wiedoetwat", verdeling=[]), {})
        == {}
    )


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
    assert "School en oudercontact" not in chart  # the skipped task


def test_after_the_last_task_the_picture_and_questions_come_and_the_division_is_forgotten() -> None:
    messages, events = run(ActionWiedoetwatBeeld(), tracker("eens", verdeling=FULL))
    foto = messages[0]["custom"]["foto"]
    png = base64.b64decode(foto["png_base64"])
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert "bewaar ik niet" in foto["bijschrift"] and "- Koken: ik" in foto["tekst"]
    questions = [m["text"] for m in messages[1:] if m.get("text", "").endswith("?")]
    assert len(questions) == 3 and all(q.count("?") == 1 for q in questions)
    assert button_payloads(messages[-1]) == ["/menu", "/stop"]
    assert slot_events(events) == {"verdeling": None, "verdeling_samen": None, "taak_antwoord": None}


def test_nothing_in_the_replies_scores_or_judges_the_division() -> None:
    messages, _ = run(ActionWiedoetwatBeeld(), tracker("eens", verdeling=FULL))
    said = " ".join(
        [
            messages[0]["custom"]["foto"]["bijschrift"],
            messages[0]["custom"]["foto"]["tekst"],
            *(m.get("text", "") for m in messages[1:]),
        ]
    ).lower()
    for word in ("oneerlijk", "eerlijk", "score", "procent", "%", "te weinig", "te veel", "beter", "slechter", "moet"):
        assert word not in said


# In a group: two members choose apart, the next task comes when both chose.


def test_in_a_group_the_start_says_each_chooses_apart_and_the_bot_waits_for_both() -> None:
    messages, events = run(ActionWiedoetwatStart(), tracker("wiedoetwat", member="lid-a"))
    assert [m["text"] for m in messages] == [GROUP["intro"]["tekst"], GROUP["intro_wachten"]["tekst"]]
    assert slot_events(events) == {"verdeling": [], "verdeling_samen": {}, "taak_antwoord": None}


def test_in_a_group_the_first_choice_is_kept_by_member_and_the_bot_waits_for_the_other() -> None:
    form, dispatcher = ValidateWiedoetwatForm(), CollectingDispatcher()
    first = form.validate_taak_antwoord("ik", dispatcher, tracker("eens", member="lid-a", verdeling_samen={}), {})
    assert first == {"verdeling_samen": {"lid-a": ["ik"]}, "taak_antwoord": None}
    waiting, _ = run(ActionAskTaakAntwoord(), tracker("eens", member="lid-a", verdeling_samen={"lid-a": ["ik"]}))
    # the first to choose at task 1 is told they are "ouder 1" in the picture
    assert [m["text"] for m in waiting] == [GROUP["wacht_eerste"]] and button_payloads(waiting[0]) == []
    later, _ = run(
        ActionAskTaakAntwoord(), tracker("eens", member="lid-b", verdeling_samen={"lid-a": ["ik"], "lid-b": ["ik", "samen"]})
    )
    assert [m["text"] for m in later] == [GROUP["wacht"]]
    second = form.validate_taak_antwoord("ik", dispatcher, tracker("eens", member="lid-b", verdeling_samen={"lid-a": ["ik"]}), {})
    assert second == {"verdeling_samen": {"lid-a": ["ik"], "lid-b": ["ik"]}, "taak_antwoord": None}
    next_task, _ = run(
        ActionAskTaakAntwoord(), tracker("eens", member="lid-b", verdeling_samen={"lid-a": ["ik"], "lid-b": ["ik"]})
    )
    assert next_task[0]["text"] == "Taak 2 van 12: Wie doet meestal de was?" and "/stop" in button_payloads(next_task[0])
    assert dispatcher.messages == []


def test_in_a_group_pressing_again_changes_that_members_choice_for_the_same_task() -> None:
    divisions = {"lid-a": ["ik", "samen"], "lid-b": ["andere"]}
    result = ValidateWiedoetwatForm().validate_taak_antwoord(
        "nvt", CollectingDispatcher(), tracker("eens", member="lid-a", verdeling_samen=divisions), {}
    )
    assert result["verdeling_samen"] == {"lid-a": ["ik", "nvt"], "lid-b": ["andere"]}


def test_in_a_group_a_third_members_choice_does_not_count_and_they_are_told_so() -> None:
    divisions = {"lid-a": ["ik"], "lid-b": []}
    dispatcher = CollectingDispatcher()
    result = ValidateWiedoetwatForm().validate_taak_antwoord(
        "samen", dispatcher, tracker("eens", member="lid-c", verdeling_samen=divisions), {}
    )
    assert result == {"taak_antwoord": None}
    assert dispatcher.messages[0]["text"] == GROUP["derde"]


def test_in_a_group_the_form_ends_only_when_both_members_chose_for_every_task() -> None:
    form = ValidateWiedoetwatForm()
    one_done = form.validate_taak_antwoord(
        "samen",
        CollectingDispatcher(),
        tracker("eens", member="lid-a", verdeling_samen={"lid-a": FULL[:11], "lid-b": OTHER[:11]}),
        {},
    )
    assert one_done["taak_antwoord"] is None
    both_done = form.validate_taak_antwoord(
        "samen", CollectingDispatcher(), tracker("eens", member="lid-b", verdeling_samen={"lid-a": FULL, "lid-b": OTHER[:11]}), {}
    )
    assert both_done == {"verdeling_samen": {"lid-a": FULL, "lid-b": OTHER}, "taak_antwoord": "klaar"}


def test_the_group_picture_shows_both_divisions_side_by_side_then_questions_for_both_and_forgets() -> None:
    messages, events = run(
        ActionWiedoetwatBeeld(), tracker("eens", member="lid-b", verdeling_samen={"lid-a": FULL, "lid-b": OTHER})
    )
    foto = messages[0]["custom"]["foto"]
    image = Image.open(io.BytesIO(base64.b64decode(foto["png_base64"])))
    assert image.format == "PNG" and image.width == 1240
    assert foto["bijschrift"] == GROUP["beeld"]["bijschrift"]
    # lid-a chose first, so is ouder 1: "ik" of lid-a and "de andere ouder" of lid-b are both ouder 1
    assert "- Koken: ouder 1 = ouder 1" in foto["tekst"] and "- Poetsen: iemand anders ≠ samen" in foto["tekst"]
    # at most four messages: the picture, three questions, the last with Menu and Stoppen
    assert len(messages) == 4
    assert [m["text"] for m in messages[1:]] == [q["tekst"] for q in GROUP["vragen_na_beeld"]]
    assert messages[1]["text"].startswith("Kijk naar de taken met ≠.")
    assert button_payloads(messages[-1]) == ["/menu", "/stop"] and all(not m.get("buttons") for m in messages[:-1])
    assert slot_events(events) == {"verdeling": None, "verdeling_samen": None, "taak_antwoord": None}


def test_when_the_two_see_every_task_the_same_the_first_question_says_so() -> None:
    mirrored = ["andere" if code == "ik" else "ik" if code == "andere" else code for code in FULL]
    messages, _ = run(
        ActionWiedoetwatBeeld(), tracker("eens", member="lid-b", verdeling_samen={"lid-a": FULL, "lid-b": mirrored})
    )
    assert messages[1]["text"] == GROUP["vragen_na_beeld"][0]["alles_zelfde"]
    assert not any("≠" in line for line in messages[0]["custom"]["foto"]["tekst"].splitlines()[1:])


def test_the_private_end_is_four_messages_with_the_buttons_on_the_last_question() -> None:
    messages, _ = run(ActionWiedoetwatBeeld(), tracker("eens", verdeling=FULL))
    assert len(messages) == 4 and "foto" in messages[0]["custom"]
    assert [m["text"] for m in messages[1:]] == [q["tekst"] for q in division_content()["vragen_na_beeld"]]
    assert button_payloads(messages[-1]) == ["/menu", "/stop"]


def test_the_pair_picture_keeps_a_task_one_member_answered_and_drops_one_both_skipped() -> None:
    first, second = (
        ["overgeslagen", "ik", *["overgeslagen"] * 10],
        ["overgeslagen", "overgeslagen", "samen", *["overgeslagen"] * 9],
    )
    chart = text_chart_pair(first, second)
    assert chart.splitlines()[1:] == ["- De was: ouder 1 | overgeslagen", "- Boodschappen: overgeslagen | samen"]
    two_rows = Image.open(io.BytesIO(draw_pair(first, second)))
    all_rows = Image.open(io.BytesIO(draw_pair(FULL, OTHER)))
    assert all_rows.height - two_rows.height == 10 * 92  # ten more rows of ROW_HEIGHT


# One frame for both columns (issue 19): checked on the division data the picture is drawn from.


def test_the_same_view_gets_the_same_label_and_colour_in_both_columns() -> None:
    # Parent 1 says "ik" cooks, parent 2 says "de andere ouder" cooks: the same view.
    rows = {row.task.id: row for row in pair_rows(["ik", "andere", "samen"], ["andere", "ik", "samen"])}
    for task in ("koken", "was", "boodschappen"):
        left, right = rows[task].views
        assert (left.label, left.kleur) == (right.label, right.kleur), task
        assert rows[task].match == SAME
    assert rows["koken"].views[0].label == "ouder 1" and rows["was"].views[0].label == "ouder 2"
    assert rows["koken"].views[0].kleur != rows["was"].views[0].kleur
    # No Telegram name, no "ik" or "de andere ouder" in the group picture: only ouder 1 and ouder 2.
    shown = {v.label for row in pair_rows(FULL, OTHER) for v in row.views}
    assert not shown & {"ik", "de andere ouder"} and {"ouder 1", "ouder 2"} <= shown


def test_an_ik_of_parent_two_is_ouder_two_and_the_other_parent_of_parent_two_is_ouder_one() -> None:
    assert pair_view("ik", 1).label == "ouder 2" and pair_view("andere", 1).label == "ouder 1"
    assert pair_view("ik", 0).label == "ouder 1" and pair_view("andere", 0).label == "ouder 2"
    assert pair_view("samen", 0) == pair_view("samen", 1)


def test_a_differing_row_is_marked_and_a_row_one_parent_skipped_is_neither() -> None:
    # Both say "ik": each says they do it themselves, so they see it differently.
    rows = {
        row.task.id: row for row in pair_rows(["ik", "samen", "overgeslagen", "nvt"], ["ik", "iemand_anders", "samen", "nvt"])
    }
    assert rows["koken"].match == DIFFERENT and [v.label for v in rows["koken"].views] == ["ouder 1", "ouder 2"]
    assert rows["was"].match == DIFFERENT
    assert rows["boodschappen"].match is None  # parent 1 skipped it
    assert rows["poetsen"].match == SAME
    assert "poetsen" in rows and "slapengaan" not in rows  # both skipped (nothing answered): no row


def test_the_marks_are_drawn_in_the_picture_between_the_two_labels() -> None:
    same = Image.open(io.BytesIO(draw_pair(["samen"], ["samen"]))).convert("RGB")
    different = Image.open(io.BytesIO(draw_pair(["samen"], ["ik"]))).convert("RGB")
    skipped = Image.open(io.BytesIO(draw_pair(["samen"], ["overgeslagen"]))).convert("RGB")
    gap = (PAIR_FIRST_PILL + (PAIR_WIDTH - MARGIN - PAIR_FIRST_PILL - MARK_WIDTH) // 2, HEADER_HEIGHT + COLUMN_HEADING_HEIGHT)
    box = (gap[0], gap[1], gap[0] + MARK_WIDTH, gap[1] + ROW_HEIGHT)
    marked = [sum(1 for p in image.crop(box).getdata() if p == (0x52, 0x60, 0x6D)) for image in (same, different, skipped)]
    assert marked[1] > marked[0] > 0 and marked[2] == 0  # "≠" has a stroke more than "="; a skip has none


def test_both_pictures_have_a_legend_that_the_text_chart_heading_matches() -> None:
    assert [item["keuze"] for item in division_content()["beeld"]["legenda"]] == ["ik", "andere"]
    legend = GROUP["beeld"]["legenda"]
    assert [item.get("ouder") or item.get("teken") for item in legend] == [1, 2, SAME, DIFFERENT]
    assert "= hetzelfde" in GROUP["beeld"]["tekst_kop"] and "≠ anders" in GROUP["beeld"]["tekst_kop"]
