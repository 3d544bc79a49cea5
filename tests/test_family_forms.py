"""Every family form: a parent who raises the children alone is offered questions that fit,
no question assumes a father or two parents, and the thanks fit the kind of question.

A question that assumes another parent shows the button "Ik voed alleen op"; pressing it
(an "andere vraag" with the entity gezin) makes the bot say so, ask the same question in
its form for a parent alone, and skip the questions that only fit two parents.
"""

from __future__ import annotations

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.content import load_content
from actions.division import division_content
from actions.questions import ActionAskAntwoord, ActionNaAntwoord, ActionSlaOver
from actions.wiedoetwat import ActionWiedoetwatBeeld, ValidateWiedoetwatForm
from tests.action_helpers import button_payloads, run, slot_events, tracker

CONTENT = load_content()
ALONE_PAYLOAD = '/andere_vraag{"gezin":"alleen"}'
ALONE_ENTITY = [{"entity": "gezin", "value": "alleen"}]
OTHER_PARENT = re.compile(r"\b(andere ouder|(ex-)?partner|jullie|elkaar|allebei)\b", re.IGNORECASE)


def all_prompts():
    for statement in CONTENT.stellingen:
        for group in statement.reacties.values():
            yield from group
        yield from statement.verdieping
    yield from CONTENT.vragen


PROMPTS = list(all_prompts())
WITH_ALONE_FORM = [p for p in PROMPTS if p.alleen]


def test_the_questions_that_assume_another_parent_are_marked() -> None:
    """Every question about 'de andere ouder' or the (ex-)partner says so (`andere_ouder` or an `alleen` form)."""
    unmarked = [
        p.id
        for p in PROMPTS
        if re.search(r"\b(andere ouder|\(ex-\)partner)\b", p.tekst) and not p.assumes_other_parent and p.id != "trage_samen_1"
    ]
    assert not unmarked, unmarked
    assert len(WITH_ALONE_FORM) >= 4, [p.id for p in WITH_ALONE_FORM]


@pytest.mark.parametrize("prompt", WITH_ALONE_FORM, ids=lambda p: p.id)
def test_the_form_for_a_parent_alone_assumes_no_other_parent(prompt) -> None:
    assert not OTHER_PARENT.search(prompt.alleen), prompt.alleen


def test_a_question_about_the_other_parent_offers_the_button_for_a_parent_alone() -> None:
    messages, _ = run(ActionAskAntwoord(), tracker(thema="partner"))
    assert messages[-1]["text"] == CONTENT.questions("partner")[0].tekst
    assert ALONE_PAYLOAD in button_payloads(messages[-1])
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert "Ik voed alleen op" in titles


def test_pressing_the_button_says_so_and_asks_the_same_question_in_its_form_for_a_parent_alone() -> None:
    prompt = CONTENT.by_id["s1_oneens_2"]
    said, events = run(ActionSlaOver(), tracker("andere_vraag", text=ALONE_PAYLOAD, entities=ALONE_ENTITY, open_vraag=prompt.id))
    assert "alleen" in said[0]["text"] and slot_events(events) == {"alleen_opvoeder": True}
    asked, events = run(
        ActionAskAntwoord(),
        tracker(
            "andere_vraag",
            text=ALONE_PAYLOAD,
            entities=ALONE_ENTITY,
            open_vraag=prompt.id,
            thema="stellingen",
            alleen_opvoeder=True,
        ),
    )
    assert [m["text"] for m in asked] == [prompt.alleen]
    assert ALONE_PAYLOAD not in button_payloads(asked[-1])


def test_a_parent_alone_gets_no_question_that_only_fits_two_parents() -> None:
    asked: list[str] = []
    for thema in ("partner", "steun", "huishouden", "eigen_rol"):
        for _ in range(len(CONTENT.questions(thema))):
            messages, events = run(ActionAskAntwoord(), tracker(thema=thema, gesteld=asked, alleen_opvoeder=True))
            asked = slot_events(events)["gesteld"]
            prompt = CONTENT.by_id[asked[-1]]
            assert prompt.fits(True), prompt.id
            assert messages[-1]["text"] == prompt.text_for(True)
            assert ALONE_PAYLOAD not in button_payloads(messages[-1])
    assert "partner_perceptie_1" not in asked and "steun_partner_1" not in asked
    assert "partner_andere_opvoeder_1" in asked and "steun_alleen_1" in asked


def test_no_statement_follow_up_assumes_a_father_or_a_mother_in_the_family() -> None:
    """'Wat brengt een vader mee' hurts in a family of two mothers: the follow-ups speak of 'elke ouder'."""
    for prompt in PROMPTS:
        assert not re.search(r"\been (vader|moeder)\b", prompt.tekst), prompt.id


def test_no_question_takes_appreciation_for_granted() -> None:
    assert CONTENT.by_id["huishouden_waardering_1"].tekst.startswith("Voel jij dat")


def test_the_deeper_question_after_the_first_statement_judges_no_answer() -> None:
    """After 'Een man is thuis de baas' a question on respect between men and women reads as a verdict (5.3)."""
    for prompt in CONTENT.stellingen[0].verdieping:
        assert not re.search(r"\b(mannen|vrouwen)\b", prompt.tekst), prompt.id


def picture_questions(division: list[str], **slots) -> list[str]:
    messages, _ = run(ActionWiedoetwatBeeld(), tracker("wiedoetwat", verdeling=division, **slots))
    return [m["text"] for m in messages if m.get("text")]


def test_the_picture_questions_take_the_form_for_a_parent_alone_when_no_task_is_shared() -> None:
    zien = next(q for q in division_content()["vragen_na_beeld"] if q["id"] == "wdw_zien")
    alone = picture_questions(["ik", "ik", "iemand_anders", "nvt"] + ["ik"] * 8)
    assert zien["alleen"] in alone and zien["tekst"] not in alone
    shared = picture_questions(["ik", "andere", "samen"] + ["ik"] * 9)
    assert zien["tekst"] in shared
    told = picture_questions(["ik", "andere"] + ["ik"] * 10, alleen_opvoeder=True)
    assert zien["alleen"] in told


def test_a_third_member_in_a_group_is_welcomed_and_told_how_to_take_part() -> None:
    text = division_content()["groep"]["derde"]
    assert "telt" not in text and "niet mee" not in text
    assert "/wiedoetwat" in text and "nieuwe ronde" in text
    dispatcher_messages, _ = run_validate_third()
    assert dispatcher_messages[0]["text"] == text


def run_validate_third():
    """A third member presses a choice while two members already chose."""
    dispatcher = CollectingDispatcher()
    state = tracker("wiedoetwat", text="ik", member="derde", verdeling_samen={"a": ["ik"], "b": ["samen"]})
    result = ValidateWiedoetwatForm().validate_taak_antwoord("ik", dispatcher, state, {})
    return dispatcher.messages, result


# --------------------------------------------------------------------------- thanks that fit


def thanks_after(prompt_id: str) -> str:
    messages, _ = run(
        ActionNaAntwoord(), tracker("nlu_fallback", thema=CONTENT.by_id[prompt_id].thema or "stellingen", open_vraag=prompt_id)
    )
    return messages[0]["text"]


@pytest.mark.parametrize(
    ("prompt_id", "kind"),
    [
        ("trage_waartoe_1", "traag"),
        ("trage_schermen_1", "traag"),
        ("steun_druk_1", "zwaar"),
        ("steun_alleen_1", "zwaar"),
        ("huishouden_domeinen_2", "licht"),
        ("eigen_rol_activiteiten_1", "licht"),
    ],
)
def test_the_thanks_fit_the_kind_of_question(prompt_id: str, kind: str) -> None:
    fitting = {t.tekst for t in CONTENT.bedankjes if kind in t.soort}
    assert len(fitting) >= 3, kind
    for _ in range(5):
        text = thanks_after(prompt_id)
        assert any(text.startswith(t) for t in fitting), (prompt_id, text)


def test_no_cheerful_thanks_after_a_hard_theme_and_no_perfection_talk_after_a_light_one() -> None:
    hard = {t.tekst for t in CONTENT.bedankjes if "zwaar" in t.soort}
    light = {t.tekst for t in CONTENT.bedankjes if "licht" in t.soort}
    assert not any(t.startswith("Fijn dat je dit vertelt") for t in hard)
    assert not any("perfect" in t for t in light)
    assert all(t.soort for t in CONTENT.bedankjes), "every thank-you says after which questions it fits"
