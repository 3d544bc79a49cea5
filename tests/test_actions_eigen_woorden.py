"""action_eigen_woorden: own words and "go on" words when no question waits (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.eigen_woorden import ActionEigenWoorden, means_go_on
from actions.heard import heard_content
from actions.mirror import mirror_content
from addons.topic_words import own_words_content, theme_of, topic_of
from tests.action_helpers import button_payloads, run, slot_events

MENU = ["/stelling", "/eigen_rol", "/partner", "/steun", "/vraag", "/huishouden", "/wiedoetwat", "/homestart", "/privacy"]
THANKS = set(own_words_content()["erkenning"])
# Longer own words are mirrored (actions/mirror.py): their theme, and how they sound.
HEARD = THANKS | {
    text for entry in mirror_content()["themas"].values() for tone in ("moeilijk", "goed", "gewoon") for text in entry[tone]
}


def bot(text: str, *payloads: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": [{"title": p, "payload": p} for p in payloads]}}


def user(text: str, metadata: dict[str, str] | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "metadata": metadata or {}}


def conversation(
    text: str,
    intent: str,
    *before: dict[str, Any],
    ranking: list[dict[str, Any]] | None = None,
    member: str | None = None,
    **slots: Any,
) -> Tracker:
    """A tracker whose history is `before`, then the parent's message `text` with `intent`."""
    metadata = {"lid": member} if member else {}
    latest = {"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": [], "intent_ranking": ranking or []}
    return Tracker("t", slots, latest, [*before, user(text, metadata)], False, None, {}, "action_listen")


def pressed(events: list[dict[str, Any]]) -> str:
    """The payload this action pressed for the parent (listen, then a user message)."""
    assert events[0] == {"event": "action", "name": "action_listen", "policy": None, "confidence": None, "timestamp": None}
    assert events[1]["event"] == "user"
    return str(events[1]["text"])


def followup(events: list[dict[str, Any]]) -> str:
    return next(e["name"] for e in events if e.get("event") == "followup")


def test_a_few_own_words_about_screens_open_the_slow_question_about_screens() -> None:
    state = conversation("iets over de gsm van mijn dochter", "vertellen", user("/start"), bot("Waarover?", *MENU))
    messages, events = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in HEARD and len(messages) == 1
    said = slot_events(events).pop("gesteld")
    assert slot_events(events) == {"thema": "trage_vragen", "onderwerp": "schermen", "gesteld": said}
    assert followup(events) == "vraag_form"


def test_a_story_that_touches_a_theme_in_passing_offers_it_and_does_not_switch() -> None:
    text = "brieven zijn moeilijk voor mij, soms wacht ik en dan komt er een boete, mijn vrouw leest ook niet goed"
    state = conversation(text, "vertellen", user("/start"), bot("Waarover?", *MENU))
    messages, events = run(ActionEigenWoorden(), state)
    assert [button_payloads(m) for m in messages][-1] == ["/partner", "/menu", "/stop"]
    assert "thema" not in slot_events(events) and followup(events) == "action_listen"


def test_no_acknowledgement_comes_twice_in_a_talk_and_after_the_last_one_none() -> None:
    said: list[str] = []
    seen = []
    for _ in range(len(THANKS) + 2):
        state = conversation("dat is een lang verhaal", "vertellen", user("/start"), bot("Waarover?", *MENU), gesteld=said)
        messages, events = run(ActionEigenWoorden(), state)
        said = slot_events(events)["gesteld"]
        seen.append(messages[0].get("text"))
    thanks = [text for text in seen if text in THANKS]
    assert sorted(thanks) == sorted(THANKS)  # each once
    assert seen[-2:] == [None, None]  # then straight to the menu


def test_a_question_in_own_words_gets_an_honest_answer_not_a_thanks() -> None:
    state = conversation("hoe doen andere ouders dat eigenlijk?", "vertellen", user("/start"), bot("Waarover?", *MENU))
    messages, _ = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in heard_content()["vraag_algemeen"]["teksten"]


def test_an_answer_that_says_here_is_a_card_is_followed_by_the_card() -> None:
    """ "Hier is een kaart." was followed by the menu (a simulated volunteer, 7 December, afternoon)."""
    text = "Is er iets in deze app dat geschikt is voor een vader die niet graag praat?"
    messages, events = run(ActionEigenWoorden(), conversation(text, "vertellen", user("/start"), bot("Waarover?", *MENU)))
    assert messages[0]["text"] in heard_content()["stille_ouder"]["teksten"]
    assert pressed([e for e in events if e.get("event") != "slot"]) == heard_content()["stille_ouder"]["verder"]


def test_a_question_the_model_is_unsure_of_gets_the_answer_of_its_best_guess() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "advies_vraag", "confidence": 0.45}]
    state = conversation(
        "hoe krijg ik hem in bed zonder gedoe?", "nlu_fallback", user("/start"), bot("Waarover?", *MENU), ranking=ranking
    )
    messages, _ = run(ActionEigenWoorden(), state)
    assert any(messages[0]["text"].startswith(t) for t in heard_content()["advies_vraag"]["teksten"])


def test_a_question_whose_best_guess_is_weak_or_a_feeling_gets_the_general_answer() -> None:
    for guess in ({"name": "advies_vraag", "confidence": 0.2}, {"name": "gevoel_schuld", "confidence": 0.6}):
        state = conversation("en dan?", "nlu_fallback", user("/start"), bot("Waarover?", *MENU), ranking=[guess])
        messages, _ = run(ActionEigenWoorden(), state)
        assert messages[0]["text"] in heard_content()["vraag_algemeen"]["teksten"]


def test_own_words_about_the_laundry_open_the_household() -> None:
    assert theme_of("Ik doe altijd de was en hij kookt") == "huishouden"
    assert topic_of("ik doe de was", "huishouden") is None


def test_words_of_two_themes_or_of_none_open_no_theme() -> None:
    assert theme_of("oma helpt met de was") is None  # steun and huishouden
    assert theme_of("het was een lange dag") is None  # "was" alone is not the laundry


def test_own_words_at_the_menu_are_thanked_and_the_menu_is_offered() -> None:
    state = conversation("dat is een lang verhaal", "vertellen", user("/start"), bot("Waarover?", *MENU))
    messages, events = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in THANKS
    assert messages[1]["response"] == "utter_menu"
    assert followup(events) == "action_listen"


def test_own_words_in_a_theme_offer_its_next_question() -> None:
    state = conversation("dat is een lang verhaal", "nlu_fallback", bot("Hoe wil je verder?", "/steun", "/menu"), thema="steun")
    messages, _ = run(ActionEigenWoorden(), state)
    assert messages[1]["text"] == "Wil je verder met dit thema?"
    assert button_payloads(messages[1]) == ["/steun", "/menu", "/stop"]


def test_a_short_no_is_not_thanked_as_a_story() -> None:
    state = conversation("nee", "oneens", bot("Waarover?", *MENU))
    messages, _ = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] == "Geen probleem."


def test_ok_presses_the_forward_button_of_the_reply() -> None:
    state = conversation("ok", "bevestigen", bot("Dank je. Hoe wil je verder?", "/verdieping", "/stelling", "/menu", "/stop"))
    messages, events = run(ActionEigenWoorden(), state)
    assert messages == [] and pressed(events) == "/verdieping"


def test_a_yes_to_thinking_on_together_goes_on_and_a_story_with_those_words_is_heard() -> None:
    """ "ok samen nadenken dan. hoe?" after "Samen nadenken kan hier wel" got "Goed dat je dat zegt."."""
    offer = bot("Wil je daar even over nadenken, met een vraag?", "/vraag", "/menu", "/stop")
    for go_on in ("ok samen nadenken dan. hoe?", "Ok, fijn om te weten. Dan gaan we verder."):
        _, events = run(ActionEigenWoorden(), conversation(go_on, "nlu_fallback", offer))
        assert pressed(events) == "/vraag", go_on
    story = "we moeten samen nadenken over wie de kinderen haalt als mijn man nachtdienst heeft"
    messages, events = run(ActionEigenWoorden(), conversation(story, "nlu_fallback", offer))
    assert messages and not [e for e in events if e.get("event") == "user"]


@pytest.mark.parametrize("face", ["😢", "ok 😕", "hmm ☹️"])
def test_a_sad_face_alone_is_asked_what_is_wrong(face: str) -> None:
    """ "ok 😕" got the next question; a simulated mother with little Dutch wanted to be asked (7 December, late)."""
    state = conversation(face, "bevestigen", bot("Wil je verder met dit thema?", "/steun", "/menu", "/stop"), thema="steun")
    messages, events = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in heard_content()["gevoel_gezichtje"]["teksten"]
    assert not [e for e in events if e.get("event") == "user"]


def test_an_eye_roll_alone_is_met_as_doubt_not_as_unreadable() -> None:
    """ "🙄" got "Dat kan ik niet goed lezen" (a sceptical father, 7 December, late)."""
    messages, _ = run(ActionEigenWoorden(), conversation("🙄", "nlu_fallback", bot("Waarover?", *MENU)))
    assert messages[0]["text"] in heard_content()["gevoel_bedenking"]["teksten"]


def test_ok_skips_back_buttons() -> None:
    state = conversation("ok", "bevestigen", bot("Stap 1", '/training{"stap":"terug"}', '/training{"stap":"volgende"}', "/stop"))
    _, events = run(ActionEigenWoorden(), state)
    assert pressed(events) == '/training{"stap":"volgende"}'
    assert events[1]["parse_data"]["entities"] == [{"entity": "stap", "value": "volgende"}]


def test_an_unsure_yes_is_still_a_yes() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "eens", "confidence": 0.42}]
    state = conversation("ja", "nlu_fallback", bot("Hoe wil je verder?", "/huishouden", "/menu"), ranking=ranking)
    _, events = run(ActionEigenWoorden(), state)
    assert pressed(events) == "/huishouden"


def test_ok_at_a_statement_asks_to_choose_instead_of_guessing() -> None:
    state = conversation("ok", "bevestigen", bot("Stelling", "/eens", "/oneens", "/twijfel", "/stelling", "/menu"))
    messages, _ = run(ActionEigenWoorden(), state)
    assert button_payloads(messages[0]) == ["/eens", "/oneens", "/twijfel"]


def test_yes_at_a_statement_agrees_as_no_disagrees() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "eens", "confidence": 0.42}]
    state = conversation(
        "ja", "nlu_fallback", bot("Stelling", "/eens", "/oneens", "/twijfel", "/stelling", "/menu"), ranking=ranking
    )
    messages, events = run(ActionEigenWoorden(), state)
    assert pressed(events) == "/eens" and messages == []


def test_ok_as_the_very_first_message_starts_the_conversation() -> None:
    _, events = run(ActionEigenWoorden(), conversation("ok", "bevestigen"))
    assert pressed(events) == "/start"


def test_ok_with_only_stop_and_menu_buttons_goes_on_with_the_theme() -> None:
    state = conversation("verder", "volgende", bot("Klaar", "/menu", "/stop"), thema="partner")
    _, events = run(ActionEigenWoorden(), state)
    assert pressed(events) == "/partner"


def test_a_press_in_a_group_keeps_the_members_hashed_key() -> None:
    state = conversation("ok", "bevestigen", bot("Kaart", "/kaart", "/menu"), member="abc123")
    _, events = run(ActionEigenWoorden(), state)
    assert events[1]["metadata"] == {"lid": "abc123"}


def test_a_long_message_is_own_words_whatever_the_model_guessed() -> None:
    state = conversation("ja maar bij ons gaat dat anders want we werken allebei", "eens", bot("Waarover?", *MENU))
    messages, _ = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in THANKS


def test_ok_emoji_go_on_and_other_signs_are_not_read_twice_the_same_way() -> None:
    assert means_go_on("👍🏽") and means_go_on("👌 👌") and not means_go_on("😢") and not means_go_on("?")
    first, _ = run(ActionEigenWoorden(), conversation("?", "nlu_fallback", bot("Waarover?", *MENU)))
    second, _ = run(ActionEigenWoorden(), conversation("?", "nlu_fallback", bot(first[0]["text"], "/menu", "/help")))
    assert first[0]["text"] != second[0]["text"]
    assert "lezen" in first[0]["text"] and "woorden" in second[0]["text"]


def test_an_old_button_says_so_and_offers_the_menu() -> None:
    messages, events = run(ActionEigenWoorden(), conversation("/eens", "eens", bot("Waarover?", *MENU)))
    assert messages[0]["text"] == "Die knop is van een eerder bericht."
    assert messages[1]["response"] == "utter_menu"
    assert followup(events) == "action_listen"


def test_own_words_answering_a_statement_think_further_about_it_even_with_words_of_a_theme() -> None:
    # "niemand" is a word of the theme steun; here it answers "Een man is thuis de baas."
    statement = bot("Een man is thuis de baas. Wat vind jij?", "/eens", "/oneens", "/twijfel", "/stelling", "/menu")
    state = conversation(
        "zeverpraat, bij ons is er niemand de baas", "vertellen", statement, thema="stellingen", huidige_stelling="stelling_1"
    )
    _, events = run(ActionEigenWoorden(), state)
    assert followup(events) == "vraag_form" and "thema" not in slot_events(events)


def test_a_typed_yes_at_a_statement_agrees_even_when_the_model_is_unsure() -> None:
    statement = bot("Stelling", "/eens", "/oneens", "/twijfel", "/stelling", "/menu")
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "eens", "confidence": 0.27}]
    _, events = run(ActionEigenWoorden(), conversation("ja", "nlu_fallback", statement, ranking=ranking))
    assert pressed(events) == "/eens"


def test_a_question_in_a_story_is_answered_and_no_theme_its_words_name_is_opened() -> None:
    # "mijn man" names the other parent, but the parent asked about the cost (simulated mother, issue 28).
    text = "Annemie komt elke dinsdag. Mijn man vraagt of we daarvoor moeten betalen? Wij hebben weinig geld."
    state = conversation(text, "nlu_fallback", ranking=[{"name": "homestart_kosten", "confidence": 0.6}])
    messages, events = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in heard_content()["homestart_kosten"]["teksten"]
    assert not [e for e in events if e.get("event") == "followup" and e.get("name") == "vraag_form"]
    assert not [e for e in events if e.get("event") == "slot" and e.get("name") == "thema"]


def test_a_question_the_bot_cannot_answer_that_names_a_theme_opens_it() -> None:
    messages, events = run(ActionEigenWoorden(), conversation("nu school?", "nlu_fallback"))
    assert ("thema", "trage_vragen") in [(e.get("name"), e.get("value")) for e in events if e.get("event") == "slot"]
    assert [e["name"] for e in events if e.get("event") == "followup"] == ["vraag_form"]


HELP_LINES = bot("Bel 1712 over geweld of misbruik ...", "/menu", "/stop")
HELP_LINES["data"]["buttons"][0]["title"] = "Verder praten"


@pytest.mark.parametrize(
    "text",
    ["wat?? nee nee, geen gevaar! waarom jij zegt politie?", "Ho, ze is niet in gevaar hoor, ze wil gewoon praten."],
)
def test_no_danger_said_after_the_help_lines_gets_a_sorry_and_the_menu(text: str) -> None:
    messages, events = run(ActionEigenWoorden(), conversation(text, "vertellen", HELP_LINES))
    assert messages[0]["text"].startswith("Gelukkig. Sorry als ik je liet schrikken.")
    assert messages[1].get("response") == "utter_menu"


def test_own_words_after_the_help_lines_that_deny_nothing_are_heard_as_own_words() -> None:
    messages, _ = run(ActionEigenWoorden(), conversation("ik weet het allemaal niet meer zo goed", "vertellen", HELP_LINES))
    assert not messages[0]["text"].startswith("Gelukkig")


def test_own_words_that_say_the_bot_got_it_wrong_get_a_sorry_and_a_way_on() -> None:
    state = conversation(
        "Dat zei ik net niet. Ik zei dat het eigenlijk goed gaat met ons drie.",
        "vertellen",
        user("Misschien ben ik toch een betere moeder dan ik soms denk."),
        bot("Veel ouders voelen dat ze tekortschieten."),
    )
    messages, _ = run(ActionEigenWoorden(), state)
    assert messages[0]["text"] in own_words_content()["correctie"]["teksten"]
    assert "/menu" in button_payloads(messages[-1]) or messages[-1].get("response") == "utter_menu"
