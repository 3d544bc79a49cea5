"""The deterministic safety net: clear crisis phrases match, ordinary words do not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from addons.plain_text import plain
from addons.safety_patterns import at_a_distance, detect, harmless, load_patterns
from tests.report import parent_quotes

PHRASES = yaml.safe_load((Path(__file__).parent / "data" / "veiligheid_zinnen.yml").read_text(encoding="utf-8"))


def test_there_are_at_least_forty_phrasings_on_each_side() -> None:
    assert len(PHRASES["crisis"]) >= 40 and len(PHRASES["geen_crisis"]) >= 40
    assert {p["categorie"] for p in PHRASES["crisis"]} == {"zelfdoding", "geweld", "nood"}


def test_crisis_phrases_are_routed_to_their_category() -> None:
    wrong = [(p["tekst"], detect(p["tekst"]), p["categorie"]) for p in PHRASES["crisis"] if detect(p["tekst"]) != p["categorie"]]
    assert not wrong, f"(text, routed to, should be): {wrong}"


def test_ordinary_phrases_raise_no_alarm() -> None:
    alarms = [(text, detect(text)) for text in PHRASES["geen_crisis"] if detect(text) is not None]
    assert not alarms, alarms


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("op het werk ben ik verdronken in de mails", None),
        ("die infoavond was om dood te gaan van verveling", None),
        ("mijn kind is verdronken in het zwembad", "nood"),
        ("ik heb pillen om dood te gaan", "zelfdoding"),
    ],
)
def test_drowning_in_work_and_boredom_to_death_are_manners_of_speaking(text: str, category: str | None) -> None:
    assert detect(text) == category


def test_the_most_urgent_category_wins() -> None:
    assert detect("ik wil dood en mijn kind ademt niet") == "nood"
    assert detect("hij slaat mij en ik wil niet meer leven") == "zelfdoding"


def test_every_category_has_patterns() -> None:
    assert all(patterns for _, patterns in load_patterns().categories)


@pytest.mark.parametrize(
    "text",
    [
        "ik schrok me dood",
        "hij schopt tegen de bal",
        "de baby ademt rustig",
        "mijn man slaat nooit iemand",
        "de afwas hoeft niet meer",
        # Said by a simulated mother (7 December), who got 112 and the suicide line for them.
        "mijn baby is 1 jaar en hij slaapt niet. elke nacht wakker 3 of 4 keer. ik ben zo moe",
        "omdat zij is slim en lacht veel. ik wil zij heeft beter leven",
    ],
)
def test_ordinary_uses_of_crisis_words_are_known_as_harmless(text: str) -> None:
    assert harmless(text) and detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "hij slaat me niet, hij helpt gewoon niet in het huishouden",
        "nee ik denk niet aan zelfmoord hoor, ik ben gewoon moe",
        "er is geen huiselijk geweld bij ons, wel veel discussie over geld",
        "ik bedoel niet dat ik er niet meer wil zijn, ik wil gewoon eens een avond alleen",
        "hallo?? ik sla mijn kind ni he. da is gewoon wa ruzie over nen playstation",
    ],
)
def test_a_crisis_word_said_with_a_no_routes_nothing(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("hij slaat me ni normaal hard als hij gedronken heeft", "geweld"),
        ("hij slaat me, niet normaal meer", "geweld"),
        ("ik sla mijn kind ni normaal hard als hij niet luistert", "geweld"),
        ("ik wil niet meer leven", "zelfdoding"),
    ],
)
def test_a_no_that_belongs_to_the_crisis_still_routes(text: str, category: str) -> None:
    assert detect(text) == category


@pytest.mark.parametrize(
    ("text", "at_distance"),
    [
        ("mijn vader sloeg ons vroeger, daarom wil ik het zelf anders doen", True),
        ("ik zag op het nieuws dat er een kind verdronken was", True),
        ("in Minecraft heeft mijn zoon zijn hond laten verdrinken haha", True),
        ("mijn eerste man sloeg me, mijn huidige partner is heel lief", True),
        ("vroeger sneed ik mezelf en nu begint het weer", False),
        ("hij sloeg me met zijn riem, zoals zijn vader vroeger deed", False),
        ("iemand op tiktok stuurt mijn zoon van 11 naaktfoto's", False),
        ("mijn eerste man sloeg me en sinds vorige week slaat mijn nieuwe vriend me ook", False),
        ("we keken naar een documentaire over huiselijk geweld, heel indrukwekkend", True),
        ("het nieuws over die verdronken kinderen aan de kust heeft me de hele dag beziggehouden", True),
        # A parent quoting the bot's own help line back at it (a simulated mother, 7 December).
        ("wat?? ik ben niet in gevaar. waarom zelfmoord??", True),
        # ... or its check-in question (a simulated father, 7 December, afternoon).
        ("amai... ge vraagt of ik mezelf pijn wil doen. serieus?", True),
        ("hoe kom je erbij dat ik mezelf iets wil aandoen", True),
        ("ik vraag je of ik mezelf pijn mag doen", False),
        ("k vraag u of ik dood mag", False),
    ],
)
def test_danger_on_the_news_in_a_game_or_in_a_past_that_is_over_is_at_a_distance(text: str, at_distance: bool) -> None:
    """A pattern in such a message does not route at once; the crisis model reads it (addons/crisis_detector.py)."""
    assert at_a_distance(text) is at_distance


def test_a_better_life_without_the_parent_is_never_harmless() -> None:
    assert not harmless("mijn kinderen gaan beter leven zonder mij")
    assert not harmless("ik wil dat ze een beter leven hebben zonder mij")


def test_no_crisis_phrase_is_taken_for_harmless_or_at_a_distance() -> None:
    assert [p["tekst"] for p in PHRASES["crisis"] if harmless(p["tekst"]) or at_a_distance(p["tekst"])] == []


# The phrasing sets of issue 14: all of the training part, checked on the patterns alone (fast).
# The held-out part (*_apart.yml) is never asserted: scripts/safety_heldout.py prints its figures.
DATA = Path(__file__).parent / "data"
CRISIS_SETS = yaml.safe_load((DATA / "crisis_zinnen.yml").read_text(encoding="utf-8"))
REPLY_OF = CRISIS_SETS.pop("hulp")
ORDINARY = yaml.safe_load((DATA / "gewone_zinnen.yml").read_text(encoding="utf-8"))
HELD_OUT_CRISIS = yaml.safe_load((DATA / "crisis_zinnen_apart.yml").read_text(encoding="utf-8"))
HELD_OUT_ORDINARY = yaml.safe_load((DATA / "gewone_zinnen_apart.yml").read_text(encoding="utf-8"))


def test_the_sets_are_big_enough_and_a_quarter_of_each_is_held_out() -> None:
    crisis = sum(map(len, CRISIS_SETS.values()))
    held_crisis = sum(map(len, HELD_OUT_CRISIS.values()))
    assert crisis + held_crisis >= 200 and len(ORDINARY) + len(HELD_OUT_ORDINARY) >= 200
    assert held_crisis >= 0.25 * (crisis + held_crisis) and len(HELD_OUT_ORDINARY) >= 0.25 * (
        len(ORDINARY) + len(HELD_OUT_ORDINARY)
    )
    assert set(HELD_OUT_CRISIS) == set(CRISIS_SETS) == set(REPLY_OF)


def test_no_held_out_sentence_is_also_a_training_sentence() -> None:
    training = {plain(t) for texts in CRISIS_SETS.values() for t in texts} | {plain(t) for t in ORDINARY}
    held_out = {plain(t) for texts in HELD_OUT_CRISIS.values() for t in texts} | {plain(t) for t in HELD_OUT_ORDINARY}
    assert training & held_out == set()


def test_every_crisis_sentence_of_the_set_gets_its_reply_category() -> None:
    wrong = [(c, t, detect(t)) for c, texts in CRISIS_SETS.items() for t in texts if detect(t) != REPLY_OF[c]]
    assert not wrong, f"(set, text, routed to): {wrong}"


def test_no_ordinary_family_sentence_of_the_set_matches() -> None:
    alarms = [(text, detect(text)) for text in ORDINARY if detect(text) is not None]
    assert not alarms, alarms


def test_no_parent_quote_of_the_report_matches() -> None:
    quotes = parent_quotes()
    assert len(quotes) == 43
    assert [q for q in quotes if detect(q) is not None] == []
