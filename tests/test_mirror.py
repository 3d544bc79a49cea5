"""A longer typed answer is mirrored (its theme and how it sounds), not thanked in stock words.

Issue 28: parents who wrote a story about their family and got "Dank je om dit te delen."
felt unheard. These tests read what action_na_antwoord and action_eigen_woorden say back.
"""

from __future__ import annotations

import pytest

from actions.content import load_content
from actions.eigen_woorden import ActionEigenWoorden
from actions.heard import ActionGehoord
from actions.mirror import mirror_content
from actions.questions import ActionNaAntwoord
from actions.tone import tone
from tests.action_helpers import button_payloads, run, slot_events, tracker

MIRRORS = mirror_content()["themas"]
MIRRORS_CONTENT = mirror_content()
THANKS = {p.tekst for p in load_content().bedankjes}


def mirrors_of(theme: str, tone: str) -> list[str]:
    return list(MIRRORS[theme][tone])


def reply_to_answer(text: str, asked: list[str] | None = None, thema: str = "eigen_rol") -> tuple[str, list[str]]:
    """What the bot says after `text` answered a question (the text before "Hoe wil je verder?")."""
    messages, events = run(ActionNaAntwoord(), tracker(intent="nlu_fallback", text=text, thema=thema, gesteld=asked or []))
    return messages[0]["text"].replace("Hoe wil je verder?", "").strip(), slot_events(events)["gesteld"]


@pytest.mark.parametrize(
    ("answer", "theme", "tone"),
    [
        ("Mijn ex komt altijd te laat en dan maken we weer ruzie waar de kinderen bij staan.", "partner", "moeilijk"),
        ("Het loopt niet altijd makkelijk met de papa van mijn dochter, we zien het anders.", "partner", "moeilijk"),
        ("Mijn moeder past op woensdag op en de buurvrouw haalt ze van school, dat is echt fijn.", "steun", "goed"),
        ("Ik kook en doe de was, hij doet de afwas en de boodschappen. Zo gaat het bij ons.", "huishouden", "gewoon"),
        ("kzijn op mijn werk van s morgens tot s avonds en thuis is het dan nog chaos, te veel allemaal", "algemeen", "moeilijk"),
    ],
)
def test_a_longer_answer_hears_its_theme_and_how_it_sounds(answer: str, theme: str, tone: str) -> None:
    said, _ = reply_to_answer(answer)
    assert said in mirrors_of(theme, tone)


def test_what_comes_after_maar_is_what_the_parent_means() -> None:
    said, _ = reply_to_answer("Hij doet veel leuke dingen met haar. Alleen het saaie werk komt altijd bij mij terecht.")
    assert said in [text for theme in MIRRORS for text in mirrors_of(theme, "moeilijk")]


def test_a_wish_is_not_heard_as_something_that_goes_well() -> None:
    said, _ = reply_to_answer("Ik hoop dat ze later gelukkig wordt, met fijne vrienden en een leuke job.")
    assert said not in mirrors_of("algemeen", "goed") + mirrors_of("steun", "goed")


def test_a_short_answer_or_one_without_theme_or_tone_gets_a_thanks() -> None:
    assert reply_to_answer("mijn man")[0] in THANKS
    assert reply_to_answer("Meestal is dat op zaterdag na het ontbijt in de keuken.")[0] in THANKS


def test_no_mirror_comes_twice_and_none_repeats_the_parents_words() -> None:
    answer = "Mijn ex en ik hebben veel ruzie over geld en over de vakanties, het is zwaar."
    asked: list[str] = []
    said = []
    for _ in range(4):
        reply, asked = reply_to_answer(answer, asked)
        said.append(reply)
        assert "geld" not in reply and "vakanties" not in reply
    assert len(set(said)) == len(said)
    assert said[0] in mirrors_of("partner", "moeilijk") and said[-1] in THANKS


def test_own_words_at_the_menu_are_mirrored_and_their_theme_offered() -> None:
    text = "mijn man en ik hebben het moeilijk samen, we maken veel ruzie over de opvoeding"
    messages, _ = run(ActionEigenWoorden(), tracker(intent="vertellen", text=text))
    assert messages[0]["text"] in mirrors_of("partner", "moeilijk")
    assert button_payloads(messages[-1])[0] == "/partner"


def test_laughing_oneself_to_pieces_is_no_hardship() -> None:
    """ "en dan lachen we ons kapot 😄" was mirrored as "Dat weegt soms", twice (7 December, night)."""
    assert tone("zondagmorgen pannenkoeken bakken met jana. en dan lachen we ons kapot 😄") != "moeilijk"
    assert tone("ik ben kapot na die week") == "moeilijk"


def test_a_father_who_cancels_very_often_is_no_good_news() -> None:
    """ "... hij annuleert super vaak, soms op vrijdag zelf 😤" got "Het klinkt alsof dat goed loopt bij
    jullie" (a simulated separated mother, 7 December, late)."""
    assert tone("Youssef heeft Adam om de twee weekends maar hij annuleert super vaak, soms op vrijdag zelf 😤") == "moeilijk"
    assert tone("ik moet mama en papa tegelijk zijn, c'est épuisant") == "moeilijk"
    assert tone("het was super leuk vandaag op de kinderboerderij") == "goed"


@pytest.mark.parametrize(
    "answer",
    [
        # Said by simulated parents (7 December), each mirrored as going well.
        "pff. 'k was zelf gin studiebol eh. ik wil da Mila gelukkig is, mo da ze my nie als de domme pa zien op da school",
        "Lars vraagt dan 'waarom komt papa niet' en Milan zegt niks en kruipt in zijn kamer. ik weet echt niet wat die voelen",
        "mijn man zegt school is belangrijk, ik zeg ook blij zijn is belangrijk",
        "pff eerlijk. onbetrouwbaar. als hij er is is hij wel een toffe papa, ik moet dan altijd de brokken lijmen",
        # Calm that is rare, and a first day a father missed (7 December, afternoon).
        "omdat dan is rustig. geen stress. niet vaak zo",
        "ma kwas er ni bij toen hij zijn eerste dag had. was in duitsland met de camion, mijn zoon",
        # Silence at the table, mirrored as a small step (a simulated father, 7 December, night).
        "vroeger ging ik met haar naar de koeien. nu zie ik ze 's avonds aan tafel en dan zit ze op haar gsm. we zeggen niks",
    ],
)
def test_a_wish_a_value_or_a_hard_story_with_one_fine_word_is_not_mirrored_as_going_well(answer: str) -> None:
    said, _ = reply_to_answer(answer)
    assert said not in [text for theme in MIRRORS for text in mirrors_of(theme, "goed")], said


@pytest.mark.parametrize(
    ("answer", "mirror_kind"),
    [
        # Said by simulated parents (7 December), who got a stock thanks or "Ik geef geen advies":
        # something new seen, or a small step.
        ("misschien kan ik 1 zaterdag per maand wisselen van shift. nooit aan gedacht eigenlijk", "inzicht"),
        ("als ik het zo opschrijf, doet hij eigenlijk meer dan ik hem soms geef", "inzicht"),
        ("misschien hij doet bad en bed voor kleine, 2 avonden. dan ik heb tijd voor Sofia alleen", "inzicht"),
        # Said by simulated fathers (7 December, evening), who got "Dank je dat je dat deelt": a look
        # back on what was missed, heard without blame.
        (
            "met mijne zoon heb ik da nooit gehad. ik reed toen 's nachts. die is nu 19 en ik ken die gast eigenlijk nie goe",
            "terugblik",
        ),
        ("in mijn eerste huwelijk deed mijn ex alles. ik was er gewoon nie. het probleem was ik he, nie zij", "terugblik"),
    ],
)
def test_a_parent_who_sees_something_new_or_looks_back_is_heard_as_such(answer: str, mirror_kind: str) -> None:
    said, _ = reply_to_answer(answer)
    assert said in MIRRORS_CONTENT[mirror_kind]["teksten"], said


def test_a_thought_taken_for_a_request_for_advice_is_heard_as_a_thought() -> None:
    text = "misschien kan ik 1 zaterdag per maand wisselen van shift. nooit aan gedacht eigenlijk"
    messages, events = run(ActionGehoord(), tracker(intent="advies_vraag", text=text))
    assert not messages and [e.get("name") for e in events if e.get("event") == "followup"] == ["action_eigen_woorden"]


def test_pain_beside_fine_things_is_never_mirrored_as_fine() -> None:
    said, _ = reply_to_answer("Soms voelt het alsof ik de strenge ben en hij de leuke, en dat doet pijn.")
    assert said not in [text for theme in MIRRORS for text in mirrors_of(theme, "goed")]


@pytest.mark.parametrize(
    ("answer", "who", "tone"),
    [
        ("omda ik er meestal ni ben, ma mijn dochter van 15 zegt amper nog iets tegen mij", "je dochter", "moeilijk"),
        ("de kinderen maken de hele avond lawaai en ik word daar zo moe van", "je kinderen", "moeilijk"),
        ("onze jongste heeft vandaag zijn zwemdiploma gehaald, super blij", "je kind", "goed"),
        ("Mijn zoon speelt elke zaterdag voetbal en we gaan dan met zijn allen kijken.", "je zoon", "gewoon"),
    ],
)
def test_a_story_about_a_child_with_no_theme_is_mirrored_as_about_that_child(answer: str, who: str, tone: str) -> None:
    said, _ = reply_to_answer(answer)
    assert said in [text.format(wie=who) for text in MIRRORS["algemeen"][f"{tone}_wie"]]
    assert answer not in said


def test_a_child_named_only_late_in_a_story_is_not_taken_for_its_subject() -> None:
    said, _ = reply_to_answer("eerlijk? mijn vrouw bijna alles, ik ben veel weg voor het werk en dan zie ik de kinderen amper")
    assert said not in [
        text.format(wie="je kinderen") for tone in ("moeilijk", "goed", "gewoon") for text in MIRRORS["algemeen"][f"{tone}_wie"]
    ]
