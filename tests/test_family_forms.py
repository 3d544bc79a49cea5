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


def test_after_ik_voed_alleen_op_the_theme_goes_on_without_its_intro_again() -> None:
    first = CONTENT.questions("partner")[0]
    asked, _ = run(
        ActionAskAntwoord(),
        tracker(
            "andere_vraag", text=ALONE_PAYLOAD, entities=ALONE_ENTITY, thema="partner", alleen_opvoeder=True, gesteld=[first.id]
        ),
    )
    assert CONTENT.themas["partner"].intro not in [m["text"] for m in asked]


def test_pressing_the_button_says_so_and_asks_the_same_question_in_its_form_for_a_parent_alone() -> None:
    prompt = CONTENT.by_id["s1_oneens_2"]
    said, events = run(ActionSlaOver(), tracker("andere_vraag", text=ALONE_PAYLOAD, entities=ALONE_ENTITY, open_vraag=prompt.id))
    assert "alleen" in said[0]["text"] and slot_events(events) == {"alleen_opvoeder": "alleen"}
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


# --------------------------------------------------------------------------- two ways in for a parent without a partner at home

APART_PAYLOAD = '/andere_vraag{"gezin":"uit_elkaar"}'
APART_ENTITY = [{"entity": "gezin", "value": "uit_elkaar"}]


def test_a_question_about_the_other_parent_offers_both_ways_in() -> None:
    messages, _ = run(ActionAskAntwoord(), tracker(thema="partner"))
    titles = {b["title"]: b["payload"] for b in messages[-1]["buttons"]}
    assert titles["Ik voed alleen op"] == ALONE_PAYLOAD
    assert titles["We zijn uit elkaar"] == APART_PAYLOAD  # the payload the lead maps "ik ben gescheiden" to


def test_we_zijn_uit_elkaar_says_so_keeps_only_that_and_asks_the_same_question_in_its_coparent_form() -> None:
    prompt = CONTENT.by_id["partner_perceptie_1"]
    said, events = run(ActionSlaOver(), tracker("andere_vraag", text=APART_PAYLOAD, entities=APART_ENTITY, open_vraag=prompt.id))
    assert said[0]["text"] == "Dank je. Dan stel ik mijn vragen voor ouders die niet meer samenwonen."
    assert slot_events(events) == {"alleen_opvoeder": "uit_elkaar"}
    asked, events = run(
        ActionAskAntwoord(),
        tracker(
            "andere_vraag",
            text=APART_PAYLOAD,
            entities=APART_ENTITY,
            open_vraag=prompt.id,
            thema="partner",
            alleen_opvoeder="uit_elkaar",
        ),
    )
    assert [m["text"] for m in asked] == [prompt.uit_elkaar] and events == []
    assert APART_PAYLOAD not in button_payloads(asked[-1]) and ALONE_PAYLOAD not in button_payloads(asked[-1])


def test_a_coparent_keeps_every_question_about_the_other_parent() -> None:
    """Before, "Ik voed alleen op" was the only way in and a co-parent lost 12 of the 13 partner questions."""
    partner = CONTENT.questions("partner")
    asked: list[str] = []
    for _ in partner:
        messages, events = run(ActionAskAntwoord(), tracker(thema="partner", gesteld=asked, alleen_opvoeder="uit_elkaar"))
        asked = slot_events(events)["gesteld"]
        prompt = CONTENT.by_id[asked[-1]]
        assert messages[-1]["text"] == (prompt.uit_elkaar or prompt.tekst)
        assert APART_PAYLOAD not in button_payloads(messages[-1])
    assert sorted(asked) == sorted(p.id for p in partner) and len(partner) > 1


@pytest.mark.parametrize("prompt", [p for p in PROMPTS if p.uit_elkaar], ids=lambda p: p.id)
def test_the_coparent_form_does_not_assume_living_together(prompt) -> None:
    assert not re.search(r"\b(jullie thuis|bij jullie thuis|samen iets in huis doen)\b", prompt.uit_elkaar), prompt.uit_elkaar


def test_a_parent_alone_goes_round_the_partner_theme_without_asking_the_same_question_twice_in_a_row() -> None:
    fitting = [p for p in CONTENT.questions("partner") if p.fits("alleen")]
    assert 2 <= len(fitting) <= 4
    asked: list[str] = []
    said: list[str] = []
    for _ in range(2 * len(fitting)):
        messages, events = run(ActionAskAntwoord(), tracker(thema="partner", gesteld=asked, alleen_opvoeder="alleen"))
        new = slot_events(events)["gesteld"]
        assert not asked or new[-1] != asked[-1], "the question just answered came again"
        asked = new
        said += [m["text"] for m in messages]
    assert asked == [p.id for p in fitting] * 2
    assert said.count("Je kreeg alle vragen van dit thema al. We beginnen opnieuw bij de eerste.") == 1


def test_a_theme_with_one_question_for_this_family_goes_on_to_the_next_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the one partner question left for a parent alone came again after "Je kreeg alle vragen"."""
    import dataclasses

    import actions.questions

    only_one = dataclasses.replace(
        CONTENT, vragen=tuple(q for q in CONTENT.vragen if q.thema != "partner" or q.id == "partner_andere_opvoeder_1")
    )
    monkeypatch.setattr(actions.questions, "load_content", lambda: only_one)
    asked = ["partner_andere_opvoeder_1"]
    messages, events = run(ActionAskAntwoord(), tracker(thema="partner", gesteld=asked, alleen_opvoeder="alleen"))
    said = [m["text"] for m in messages]
    first_support = CONTENT.questions("steun")[0]
    assert said == [
        "Hier heb ik geen andere vraag voor jou. We gaan verder met: Steun.",
        CONTENT.themas["steun"].intro,
        first_support.tekst,
    ]
    assert slot_events(events)["thema"] == "steun" and slot_events(events)["open_vraag"] == first_support.id


def test_the_family_form_slot_reads_the_older_true_as_alone() -> None:
    from actions.tracker_reading import family_form

    assert family_form(tracker(alleen_opvoeder=True)) == "alleen"
    assert family_form(tracker(alleen_opvoeder="uit_elkaar")) == "uit_elkaar"
    assert family_form(tracker()) is None and family_form(tracker(alleen_opvoeder="iets")) is None


def test_the_statements_say_they_may_not_fit_every_family_and_other_carers_are_named() -> None:
    intro = CONTENT.themas["stellingen"].intro
    assert "mannen, vrouwen" in intro and "Past een zin niet bij jouw gezin" in intro
    carers = CONTENT.themas["eigen_rol"].intro
    assert all(word in carers for word in ("grootouder", "pleegouder", "plusouder"))


def test_no_question_assumes_more_than_one_child() -> None:
    division = division_content()
    texts = [(p.id, t) for p in PROMPTS for t in (p.tekst, p.alleen, p.uit_elkaar) if t]
    texts += [(t["id"], t["vraag"]) for t in division["taken"]]
    several = [(i, t) for i, t in texts if re.search(r"\b(de|je|jouw) kinderen\b|kind\(eren\)", t)]
    assert not several, several


@pytest.mark.parametrize(
    ("answer", "told"),
    [
        # Two simulated fathers and a volunteer with a couple still got the two buttons (7 December).
        ("mijn vrouw is daar beter in, al da emotionele gedoe", "samen"),
        ("Kelly en Jordy wonen samen, ze hebben twee kleintjes", "samen"),
        ("mijn man en ik zijn gescheiden, hij ziet ze om het weekend", None),
        ("mijn ex en zijn nieuwe vriendin doen dat", None),
    ],
)
def test_a_parent_who_says_the_other_parent_lives_at_home_is_no_longer_asked_whether_they_are_alone(
    answer: str, told: str | None
) -> None:
    _, events = run(ActionNaAntwoord(), tracker(intent="vertellen", text=answer, thema="partner"))
    assert slot_events(events).get("alleen_opvoeder") == told
    messages, _ = run(ActionAskAntwoord(), tracker(thema="partner", alleen_opvoeder=told))
    assert (ALONE_PAYLOAD in button_payloads(messages[-1])) is (told is None)


@pytest.mark.parametrize(
    "answer", ["mijn man is nog in Oekraïne, ik ben alleen met de kinderen hier", "ik voed ze alleen op sinds vorig jaar"]
)
def test_a_parent_who_says_she_raises_the_children_alone_gets_the_questions_for_a_parent_alone(answer: str) -> None:
    """A mother whose husband is abroad got "wat vinden jullie als ouders" twice (7 December, late)."""
    _, events = run(ActionNaAntwoord(), tracker(intent="vertellen", text=answer, thema="partner"))
    assert slot_events(events).get("alleen_opvoeder") == "alleen"
    messages, _ = run(ActionAskAntwoord(), tracker(thema="partner", alleen_opvoeder="alleen"))
    assert ALONE_PAYLOAD not in button_payloads(messages[-1])


def test_a_family_form_chosen_with_a_button_is_not_overwritten_by_words() -> None:
    state = tracker(intent="vertellen", text="mijn vrouw doet dat meestal", thema="partner", alleen_opvoeder="uit_elkaar")
    _, events = run(ActionNaAntwoord(), state)
    assert "alleen_opvoeder" not in slot_events(events)
