"""The deterministic safety net: clear crisis phrases match, ordinary words do not."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from addons.safety_patterns import detect, harmless, load_patterns, normalise

PHRASES = yaml.safe_load((Path(__file__).parent / "data" / "veiligheid_zinnen.yml").read_text(encoding="utf-8"))


def test_there_are_at_least_forty_phrasings_on_each_side() -> None:
    assert len(PHRASES["crisis"]) >= 40 and len(PHRASES["geen_crisis"]) >= 40
    assert {p["categorie"] for p in PHRASES["crisis"]} == {"zelfdoding", "geweld", "nood"}


@pytest.mark.parametrize("phrase", PHRASES["crisis"], ids=lambda p: p["tekst"])
def test_crisis_phrases_are_routed_to_their_category(phrase: dict) -> None:
    assert detect(phrase["tekst"]) == phrase["categorie"]


@pytest.mark.parametrize("text", PHRASES["geen_crisis"])
def test_ordinary_phrases_raise_no_alarm(text: str) -> None:
    assert detect(text) is None


def test_normalise_folds_case_accents_quotes_and_spaces() -> None:
    assert normalise("  Ik ben  SUÏCIDAAL ’s nachts ") == "ik ben suicidaal 's nachts"


def test_the_most_urgent_category_wins() -> None:
    assert detect("ik wil dood en mijn kind ademt niet") == "nood"
    assert detect("hij slaat mij en ik wil niet meer leven") == "zelfdoding"


def test_every_category_has_patterns() -> None:
    assert all(patterns for _, patterns in load_patterns().categories)


@pytest.mark.parametrize("text", ["ik schrok me dood", "hij schopt tegen de bal", "de baby ademt rustig", "mijn man slaat nooit iemand", "de afwas hoeft niet meer"])
def test_ordinary_uses_of_crisis_words_are_known_as_harmless(text: str) -> None:
    assert harmless(text) and detect(text) is None


@pytest.mark.parametrize("phrase", PHRASES["crisis"], ids=lambda p: p["tekst"])
def test_no_crisis_phrase_is_taken_for_harmless(phrase: dict) -> None:
    assert not harmless(phrase["tekst"])
