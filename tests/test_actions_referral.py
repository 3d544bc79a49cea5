"""Home-Start and other help come from content/hulp.yml, never from invented data."""

from __future__ import annotations

import re
from typing import Any

import pytest

from actions.referral import ActionAndereHulp, ActionHomestart, ActionHomestartBuurt
from actions.referral_data import find_branch, referral_data
from actions.say import text_of
from tests.action_helpers import button_payloads, run, tracker

PHONE = re.compile(r"\b0\d{2,3}[ \d]{5,}\b")


def all_phone_numbers_in_data() -> set[str]:
    data = referral_data()
    return {e["telefoon"] for group in data.values() for e in group if e.get("telefoon")}


def test_homestart_tells_what_for_whom_and_how_without_a_free_claim_no_source_makes() -> None:
    messages, _ = run(ActionHomestart(), tracker("homestart"))
    text = " ".join(m["text"] for m in messages)
    assert "vrijwilliger" in text and "12 jaar" in text and "gratis" not in text
    assert button_payloads(messages[-1]) == ["/homestart_buurt", "/andere_hulp", "/menu"]


def test_a_general_home_start_question_that_names_a_place_also_gets_its_branch() -> None:
    messages, events = run(ActionHomestart(), tracker("homestart", text="is er home-start in Aalst"))
    assert "Home-Start Aalst" in messages[-1]["text"]
    assert events == []


def test_the_general_home_start_button_names_no_branch() -> None:
    messages, _ = run(ActionHomestart(), tracker("homestart", text="/homestart"))
    assert not any("Bij jou in de buurt" in m["text"] for m in messages)


def test_the_branch_button_asks_for_a_place() -> None:
    messages, events = run(ActionHomestartBuurt(), tracker("homestart_buurt", text="/homestart_buurt"))
    assert "gemeente" in messages[0]["text"] and events == []


@pytest.mark.parametrize(
    ("typed", "branch"),
    [
        ("ik woon in Zonhoven", "Home-Start Domo Hasselt"),
        ("3000 Leuven", "Home-Start Leuven"),
        ("wij wonen in 2060", "Home-Start Antwerpen"),
        ("Ninove", "Home-Start Domo Ninove"),
    ],
)
def test_a_municipality_or_postcode_gives_the_branch_that_covers_it(typed: str, branch: str) -> None:
    messages, events = run(ActionHomestartBuurt(), tracker("homestart_buurt", text=typed))
    assert branch in messages[0]["text"]
    assert events == [], "the place must not be kept in a slot"


def test_an_unknown_place_gets_the_general_way_to_find_homestart() -> None:
    messages, _ = run(ActionHomestartBuurt(), tracker("homestart_buurt", text="ik woon in Oostende"))
    said = " ".join(m["text"] for m in messages)
    assert "geen Home-Start-afdeling" in said and "Huis van het Kind" in said
    assert find_branch("Oostende") is None


def test_other_help_names_each_service_with_one_sentence_and_only_sourced_numbers() -> None:
    messages, _ = run(ActionAndereHulp(), tracker("andere_hulp"))
    text = " ".join(m["text"] for m in messages)
    for name in ("Huis van het Kind", "Kind en Gezin", "CAW", "OCMW"):
        assert name in text
    # "is er hulp 's nachts?" (a simulated volunteer) finds its answer in the overview
    assert "106" in text and "dag en nacht" in text
    assert {n.strip() for n in PHONE.findall(text)} <= all_phone_numbers_in_data()
    # no number without a current source: the Kind en Gezin-Lijn is found through its website
    assert "078 150 100" not in text and "www.kindengezin.be" in text
    paragraphs = [p for m in messages for p in m["text"].split("\n")]
    assert "gratis" not in next(p for p in paragraphs if p.startswith("Kind en Gezin"))
    assert len(messages) <= 4


def after(bot_text: str, intent: str, text: str) -> Any:
    """A tracker whose last bot message was `bot_text`, then the parent wrote `text`."""
    state = tracker(intent, text=text)
    state.events = [{"event": "bot", "text": bot_text}, {"event": "user", "text": text}]
    return state


def test_a_place_typed_after_the_question_for_it_gets_its_branch_even_when_not_understood() -> None:
    messages, _ = run(ActionHomestartBuurt(), after(text_of("gemeente_vraag"), "nlu_fallback", "Ninove"))
    assert "Home-Start Domo Ninove" in messages[0]["text"]


def test_own_words_after_a_branch_was_named_go_to_the_own_words_reply_not_the_place_search() -> None:
    messages, events = run(ActionHomestartBuurt(), after("Borgerhout ligt in Antwerpen.", "nlu_fallback", "heb je advies?"))
    assert messages == [] and [(e["event"], e.get("name")) for e in events] == [("followup", "action_eigen_woorden")]
