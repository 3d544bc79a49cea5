"""The custom actions that ask prompts, thank for answers and show statements."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import Prompt, load_content
from actions.delen import asked_questions
from actions.forget import ActionVergeet
from actions.heard import heard_content
from actions.questions import ActionAskAntwoord, ActionNaAntwoord, ActionSlaOver
from actions.say import text_of
from actions.statements import ActionStelling
from addons.topic_words import own_words_content
from tests.action_helpers import button_payloads, run, slot_events, tracker

CONTENT = load_content()
THEMES = ["eigen_rol", "partner", "steun", "trage_vragen", "huishouden"]


@pytest.mark.parametrize("thema", THEMES)
def test_first_question_of_a_theme_comes_after_its_intro(thema: str) -> None:
    messages, events = run(ActionAskAntwoord(), tracker(thema=thema))
    first = CONTENT.questions(thema)[0]
    assert [m["text"] for m in messages] == [CONTENT.themas[thema].intro, first.tekst]
    family_buttons = (
        ['/andere_vraag{"gezin":"alleen"}', '/andere_vraag{"gezin":"uit_elkaar"}'] if first.assumes_other_parent else []
    )
    # The slow and household questions can be shared with the other parent (actions/sharing.py).
    share_button = [f"deel:{first.id}"] if thema in ("trage_vragen", "huishouden") else []
    assert button_payloads(messages[-1]) == [*family_buttons, "/andere_vraag", "/menu", "/stop", *share_button]
    assert slot_events(events) == {"open_vraag": first.id, "gesteld": [first.id]}


def test_a_theme_goes_on_in_the_order_of_the_guide_without_repeating() -> None:
    asked: list[str] = []
    questions = CONTENT.questions("eigen_rol")
    for expected in questions:
        messages, events = run(ActionAskAntwoord(), tracker(thema="eigen_rol", gesteld=asked))
        assert messages[-1]["text"] == expected.tekst
        asked = slot_events(events)["gesteld"]
    assert len(set(asked)) == len(questions)


def test_after_the_last_question_the_theme_starts_again_and_says_so() -> None:
    asked = [q.id for q in CONTENT.questions("steun")]
    messages, _ = run(ActionAskAntwoord(), tracker(thema="steun", gesteld=asked))
    assert "opnieuw" in messages[0]["text"]
    assert messages[-1]["text"] == CONTENT.questions("steun")[0].tekst


@pytest.mark.parametrize("answer", ["eens", "oneens", "twijfel"])
def test_a_statement_answer_gets_a_follow_up_that_fits_it_and_never_the_same_twice_in_a_row(answer: str) -> None:
    statement = CONTENT.stellingen[0]
    fitting = {p.tekst for p in statement.reacties[answer]}
    asked: list[str] = [statement.id]
    seen: list[str] = []
    for _ in range(12):
        state = tracker(intent=answer, thema="stellingen", huidige_stelling=statement.id, stelling_antwoord=answer, gesteld=asked)
        messages, events = run(ActionAskAntwoord(), state)
        assert messages[-1]["text"] in fitting
        seen.append(messages[-1]["text"])
        asked = slot_events(events)["gesteld"]
    assert all(a != b for a, b in zip(seen, seen[1:]))
    assert set(seen) == fitting


def test_going_deeper_asks_a_deeper_question_of_the_current_statement() -> None:
    statement = CONTENT.stellingen[1]
    state = tracker(intent="verdieping", thema="stellingen", huidige_stelling=statement.id, gesteld=[statement.id])
    messages, _ = run(ActionAskAntwoord(), state)
    assert messages[-1]["text"] in {p.tekst for p in statement.verdieping}


@pytest.mark.parametrize("interruption", ["help", "privacy", "homestart"])
def test_after_an_interruption_the_same_question_comes_back(interruption: str) -> None:
    question = CONTENT.questions("partner")[2]
    state = tracker(intent=interruption, thema="partner", open_vraag=question.id, gesteld=[question.id])
    messages, events = run(ActionAskAntwoord(), state)
    assert [m["text"] for m in messages] == [question.tekst]
    assert events == []


def test_thanks_vary_offer_the_next_step_and_never_repeat_what_was_written() -> None:
    canary = "KANARIE-7f3a mijn geheime verhaal"
    asked: list[str] = []
    thanks: list[str] = []
    for _ in range(6):
        messages, events = run(ActionNaAntwoord(), tracker(intent="nlu_fallback", text=canary, thema="huishouden", gesteld=asked))
        assert len(messages) == 1
        assert canary not in str(messages) and canary not in str(events)
        assert button_payloads(messages[0]) == ["/huishouden", "/menu", "/stop"]
        assert "ik begrijp" not in messages[0]["text"].lower()
        thanks.append(messages[0]["text"])
        slots = slot_events(events)
        assert slots["antwoord"] is None and slots["open_vraag"] is None
        asked = slots["gesteld"]
    assert len(set(thanks)) == len(thanks)


def test_after_a_statement_answer_the_next_step_offers_going_deeper() -> None:
    messages, _ = run(ActionNaAntwoord(), tracker(intent="nlu_fallback", thema="stellingen"))
    assert button_payloads(messages[0]) == ["/verdieping", "/stelling", "/menu", "/stop"]


def test_skipping_clears_the_open_question() -> None:
    messages, events = run(ActionSlaOver(), tracker(intent="andere_vraag", open_vraag="x"))
    assert messages and slot_events(events) == {"open_vraag": None}


def test_statements_come_in_order_with_the_three_answer_buttons() -> None:
    first_messages, events = run(ActionStelling(), tracker(intent="stelling"))
    texts = [m["text"] for m in first_messages]
    assert texts[0] == CONTENT.themas["stellingen"].intro
    assert "geen goed of fout" in texts[1]
    assert CONTENT.stellingen[0].tekst in texts[2]
    assert button_payloads(first_messages[-1])[:3] == ["/eens", "/oneens", "/twijfel"]
    slots = slot_events(events)
    assert slots["huidige_stelling"] == CONTENT.stellingen[0].id and slots["stelling_antwoord"] is None

    second, events = run(
        ActionStelling(), tracker(intent="stelling", gesteld=slots["gesteld"], huidige_stelling=slots["huidige_stelling"])
    )
    assert len(second) == 1 and CONTENT.stellingen[1].tekst in second[0]["text"]
    slots = slot_events(events)

    third, _ = run(
        ActionStelling(), tracker(intent="stelling", gesteld=slots["gesteld"], huidige_stelling=slots["huidige_stelling"])
    )
    assert CONTENT.stellingen[0].tekst in third[0]["text"]


def test_forgetting_says_so_and_restarts_the_conversation() -> None:
    messages, events = run(ActionVergeet(), tracker(intent="vergeet"))
    assert "gewist" in messages[0]["text"]
    assert events == [{"event": "restart", "timestamp": None}]


def _validate(text: str, intent: str) -> dict:
    from actions.questions import ValidateVraagForm

    state = tracker(intent=intent, text=text, thema="partner", open_vraag="x", requested_slot="antwoord", antwoord=True)
    state.slots["antwoord"] = True
    return asyncio.run(ValidateVraagForm().validate_antwoord(True, CollectingDispatcher(), state, {}))


def test_a_typed_answer_that_sounds_like_a_theme_is_still_an_answer() -> None:
    assert _validate("Ik doe het meeste in het huishouden, mijn partner kookt.", "huishouden") == {"antwoord": True}


def test_a_theme_button_while_a_question_waits_switches_the_theme() -> None:
    assert _validate("/huishouden", "huishouden") == {"antwoord": None, "thema": "huishouden", "open_vraag": None}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # Wishes of the issue-28 development set that were taken for answers.
        ("over verdeling van taken in huis praten, kan dat?", "huishouden"),
        ("over steun van anderen praten kan?", "steun"),
        ("Kunnen we het eerst over de andere ouder hebben? Daar zit ik meer mee.", "partner"),
    ],
)
def test_a_typed_wish_for_another_theme_during_a_question_is_no_answer_but_that_theme(text: str, theme: str) -> None:
    assert _validate(text, "vertellen") == {"antwoord": None, "thema": theme, "open_vraag": None, "onderwerp": None}


def test_asked_what_it_means_the_open_question_comes_again_in_simple_words() -> None:
    question = next(p for p in CONTENT.vragen if p.eenvoudig and not p.assumes_other_parent)
    state = tracker(
        intent="vraag_uitleg", text="wat bedoel je?", thema=question.thema, open_vraag=question.id, gesteld=[question.id]
    )
    messages, _ = run(ActionAskAntwoord(), state)
    assert [m["text"] for m in messages] == [question.eenvoudig]
    # Any other interruption asks it again as it was.
    messages, _ = run(ActionAskAntwoord(), tracker(intent="help", thema=question.thema, open_vraag=question.id))
    assert [m["text"] for m in messages] == [question.tekst]


def test_every_question_has_a_simple_form_that_asks_one_thing() -> None:
    """For a parent with little Dutch or a volunteer who asks "kan je dat eenvoudiger zeggen?"."""
    missing = [p.id for p in CONTENT.vragen if not p.eenvoudig and len(p.tekst.split()) > 8]
    assert missing == []
    assert [p.id for p in CONTENT.vragen if p.eenvoudig and p.eenvoudig.count("?") != 1] == []


def asking_simpler_during_a_question(text: str) -> tuple[Prompt, Tracker]:
    """An open question with a simple form, and a long request for simpler words during it: too long
    for the intent model alone, the sentence reader names it (entity vraag_soort)."""
    question = next(p for p in CONTENT.vragen if p.eenvoudig and not p.assumes_other_parent)
    entity = [{"entity": "vraag_soort", "value": "vraag_uitleg"}]
    state = tracker(
        intent="nlu_fallback", text=text, entities=entity, thema=question.thema, open_vraag=question.id, gesteld=[question.id]
    )
    return question, state


def validated(state: Tracker) -> tuple[dict[str, Any], CollectingDispatcher]:
    from actions.questions import ValidateVraagForm

    dispatcher = CollectingDispatcher()
    return asyncio.run(ValidateVraagForm().validate_antwoord(True, dispatcher, state, {})), dispatcher


def test_a_long_request_to_say_it_simpler_is_no_answer_and_the_question_comes_again_simply() -> None:
    question, state = asking_simpler_during_a_question(
        "Kun je de vraag eenvoudiger maken? Korte zinnen graag, hij leest nog niet goed Nederlands."
    )
    slots, dispatcher = validated(state)
    assert slots["antwoord"] is None and dispatcher.messages
    messages, _ = run(ActionAskAntwoord(), state)
    assert [m["text"] for m in messages] == [question.eenvoudig]


def test_a_word_of_the_bot_asked_during_a_question_is_explained_and_the_question_comes_again() -> None:
    """A simulated volunteer's "Jessica begrijpt niet wat 'dat weegt soms' betekent. Kunt u dat in
    makkelijkere woorden zeggen?" was taken as Jessica's answer (7 December, late)."""
    question, state = asking_simpler_during_a_question(
        "Jessica begrijpt niet wat 'dat weegt soms' betekent. Kunt u dat in makkelijkere woorden zeggen?"
    )
    slots, dispatcher = validated(state)
    assert slots["antwoord"] is None
    assert [m["text"] for m in dispatcher.messages] == heard_content()["woord_weegt"]["teksten"]
    messages, _ = run(ActionAskAntwoord(), state)
    assert [m["text"] for m in messages] == [question.tekst]


def test_a_parent_who_says_the_bot_did_not_answer_during_a_question_gets_a_sorry_and_the_question_again() -> None:
    """ "ge antwoordt ni op mijn vraag eh" was taken as the answer (a simulated father, 7 December, late)."""
    question, state = asking_simpler_during_a_question("ge antwoordt ni op mijn vraag eh")
    state.latest_message["entities"] = []
    slots, dispatcher = validated(state)
    assert slots["antwoord"] is None
    assert [m["text"] for m in dispatcher.messages][0] in own_words_content()["correctie"]["teksten"]
    messages, _ = run(ActionAskAntwoord(), state)
    assert [m["text"] for m in messages] == [question.tekst]


def test_a_long_answer_that_described_the_picture_is_not_asked_to_describe_it_again() -> None:
    first, describe = CONTENT.questions("eigen_rol")[:2]
    assert describe.beschrijft_vorige
    long_answer = "Wij vier aan tafel op zondag, de kleine met saus op zijn gezicht en de hond eronder."
    for answer, skipped in ((long_answer, True), ("ons aan tafel", False)):
        _, events = run(
            ActionNaAntwoord(),
            tracker(intent="nlu_fallback", text=answer, thema="eigen_rol", open_vraag=first.id, gesteld=[first.id]),
        )
        asked = slot_events(events)["gesteld"]
        assert (describe.id in asked) is skipped
        messages, _ = run(ActionAskAntwoord(), tracker(intent="eigen_rol", thema="eigen_rol", gesteld=asked))
        assert (messages[-1]["text"] == describe.tekst) is not skipped
        # The recap lists only what was said: three simulated parents found the skipped one there.
        assert describe.tekst not in asked_questions(asked, CONTENT, None)


def test_a_long_request_for_simpler_words_right_after_the_privacy_answer_gets_it_in_a_few_words() -> None:
    text = "sorry, dit is te moeilijk voor mij. kan je het zeggen met simpele woorden?"
    _, state = asking_simpler_during_a_question(text)
    privacy_answer = {"event": "bot", "text": text_of("privacy")}
    state.events = [{"event": "user", "text": "weet de gemeente dit?"}, privacy_answer, {"event": "user", "text": text}]
    slots, dispatcher = validated(state)
    assert slots["antwoord"] is None
    assert [m["text"] for m in dispatcher.messages] == [text_of("privacy_eenvoudig")]
