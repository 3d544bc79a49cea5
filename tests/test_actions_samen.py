"""/samen: two members of a group answer on their own; the bot shows both only at the end."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.content import load_content
from actions.samen import ActionSamen
from tests.action_helpers import button_payloads, run, slot_events

CONTENT = load_content()


def message(member: str | None, answer: str | None = None, **slots: Any) -> Tracker:
    entities = [{"entity": "keuze", "value": answer}] if answer else []
    event = {"event": "user", "text": "/samen", "metadata": {"lid": member} if member else {}}
    return Tracker(
        "groep",
        slots,
        {"intent": {"name": "samen"}, "text": "/samen", "entities": entities},
        [event],
        False,
        None,
        {},
        "action_listen",
    )


def test_a_round_starts_with_a_statement_and_three_private_choices() -> None:
    messages, events = run(ActionSamen(), message("lid-a"))
    assert "ieder kiest apart" in messages[0]["text"]
    assert messages[1]["text"].removeprefix("Een zin om over na te denken: ") in {s.tekst for s in CONTENT.stellingen}
    assert button_payloads(messages[1]) == ['/samen{"keuze":"eens"}', '/samen{"keuze":"oneens"}', '/samen{"keuze":"twijfel"}']
    assert slot_events(events)["samen_antwoorden"] == {}


def test_the_first_answer_is_not_shown_until_the_other_member_answered() -> None:
    messages, events = run(ActionSamen(), message("lid-a", "eens", samen_stelling="s1", samen_antwoorden={}))
    assert messages[0]["text"] == "Dank je. Ik wacht nog op het antwoord van de ander."
    assert "eens" not in messages[0]["text"].lower().replace("dank je", "")
    assert slot_events(events) == {"samen_antwoorden": {"lid-a": "eens"}}


def test_a_member_who_changes_their_mind_is_still_one_member() -> None:
    messages, events = run(ActionSamen(), message("lid-a", "twijfel", samen_stelling="s1", samen_antwoorden={"lid-a": "eens"}))
    assert "wacht" in messages[0]["text"]
    assert slot_events(events) == {"samen_antwoorden": {"lid-a": "twijfel"}}


def test_when_both_answered_the_answers_are_shown_side_by_side_and_the_round_is_forgotten() -> None:
    messages, events = run(ActionSamen(), message("lid-b", "oneens", samen_stelling="s1", samen_antwoorden={"lid-a": "eens"}))
    assert messages[0]["text"] == "Jullie antwoorden naast elkaar:\nAntwoord 1: eens\nAntwoord 2: oneens"
    assert "iets anders" in messages[1]["text"] and messages[1]["text"].count("?") == 1
    assert slot_events(events) == {"samen_stelling": None, "samen_antwoorden": None}


def test_the_same_answer_gets_a_question_about_the_match() -> None:
    messages, _ = run(ActionSamen(), message("lid-b", "twijfel", samen_stelling="s1", samen_antwoorden={"lid-a": "twijfel"}))
    assert "hetzelfde" in messages[1]["text"]


def test_outside_a_group_it_explains_where_samen_works() -> None:
    messages, events = run(ActionSamen(), message(None))
    assert "in een groep" in messages[0]["text"] and events == []


def test_a_button_of_a_finished_round_says_so() -> None:
    messages, _ = run(ActionSamen(), message("lid-a", "eens"))
    assert "voorbij" in messages[0]["text"]


def during_a_question(text: str, member: str | None = None) -> Tracker:
    """The word or command typed while an open question waited; the rule closed the question first."""
    user = {"event": "user", "text": text, "metadata": {"lid": member} if member else {}}
    events = [user, {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None}]
    return Tracker(
        "ouder",
        {},
        {"intent": {"name": "samen"}, "text": text, "entities": []},
        events,
        False,
        None,
        {},
        "action_deactivate_loop",
    )


def test_samen_typed_as_the_answer_to_an_open_question_is_the_answer() -> None:
    for member in (None, "lid-a"):
        messages, events = run(ActionSamen(), during_a_question("samen", member))
        assert messages == []  # no "Samen antwoorden kan alleen in een groep", no new round
        assert events[:2] == [
            {"event": "active_loop", "name": "vraag_form", "timestamp": None},
            {"event": "slot", "name": "requested_slot", "value": "antwoord", "timestamp": None},
        ]
        assert events[2]["event"] == "action" and events[2]["name"] == "action_listen"
        heard = events[3]
        assert heard["event"] == "user" and heard["text"] == "samen"
        assert heard["parse_data"]["intent"]["name"] == "vertellen"
        assert heard["metadata"] == ({"lid": member} if member else {})


def test_the_samen_command_during_a_question_is_still_the_command() -> None:
    messages, events = run(ActionSamen(), during_a_question("/samen"))
    assert [m["text"] for m in messages] == [
        "Samen antwoorden kan alleen in een groep. Voeg me toe aan een groep met wie mee opvoedt, en typ daar /samen. "
        "Iedereen in die groep ziet wat ik stuur."
    ]
    assert not any(e["event"] == "active_loop" for e in events)


def test_samen_says_that_everyone_in_the_group_sees_what_the_bot_sends() -> None:
    """In a group the bot's replies, the answers side by side and crisis replies too, reach every member."""
    from actions.say import text_of

    assert "Iedereen in deze groep ziet wat ik stuur" in text_of("samen_uitleg")
    assert "Iedereen in die groep ziet wat ik stuur" in text_of("samen_in_groep")
