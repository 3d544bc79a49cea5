"""Checks on content/hulp.yml, the referral data (organisations, Home-Start branches, help lines).

The rule behind these tests: every fact has a source, and no phone number or web address is made up.
"""

import re
from pathlib import Path

import pytest
import yaml

HULP = Path(__file__).resolve().parents[1] / "content" / "hulp.yml"
LISTS = ("organisaties", "afdelingen", "noodlijnen")
# Fields that state a checkable fact: each must be backed by a bron with `staaft: [field]`.
SOURCED_FACTS = ("telefoon", "tarief", "nummer", "website", "gratis", "gemeenten", "deelgebieden")
REQUIRED_ORGS = {"homestart_vlaanderen", "huis_van_het_kind", "caw", "ocmw", "kind_en_gezin"}
REPORT_BRANCHES = {"Leuven", "Zaventem", "Lier", "Aarschot", "Aalst", "Hasselt"}
CRISIS_NUMBERS = {"112", "1813", "1712", "106", "101"}
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def data():
    with HULP.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def all_entries(data):
    return [(name, e) for name in LISTS for e in data[name]]


def test_three_lists_present(data):
    for name in LISTS:
        assert isinstance(data.get(name), list) and data[name], name


def test_ids_unique(data):
    ids = [e["id"] for _, e in all_entries(data)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def test_every_entry_has_a_source(data):
    for _name, e in all_entries(data):
        assert e.get("naam"), e["id"]
        bronnen = e.get("bron")
        assert isinstance(bronnen, list) and bronnen, e["id"]
        for b in bronnen:
            assert b.get("titel"), e["id"]
            has_url = str(b.get("url", "")).startswith(("http://", "https://"))
            has_report = bool(b.get("sectie")) and bool(re.fullmatch(r"\d+(-\d+)?", str(b.get("regels", ""))))
            assert has_url or has_report, (e["id"], b)


def test_every_fact_field_is_backed_by_a_source(data):
    for _, e in all_entries(data):
        backed = {f for b in e["bron"] for f in b.get("staaft", [])}
        for field in SOURCED_FACTS:
            if field in e:
                assert field in backed, f"{e['id']}: {field} has no bron with staaft: [{field}]"


def test_wat_is_one_plain_sentence(data):
    for _, e in all_entries(data):
        if "wat" not in e:  # afdelingen may leave it out; see test_orgs_and_lines_have_wat
            continue
        wat = e["wat"].strip()
        assert wat.endswith((".", "!", "?")), e["id"]
        assert not re.search(r"[.!?]\s+\S", wat), f"{e['id']}: more than one sentence"
        assert len(wat.split()) <= 20, f"{e['id']}: {len(wat.split())} words"
        assert not FORMAL.search(wat), f"{e['id']}: uses u/uw"


def test_no_formal_address_anywhere(data):
    for _, e in all_entries(data):
        for field in ("wat", "voor_wie", "hoe", "vinden"):
            if field in e:
                assert not FORMAL.search(e[field]), (e["id"], field)


def test_orgs_and_lines_have_wat(data):
    for name in ("organisaties", "noodlijnen"):
        for e in data[name]:
            assert e.get("wat"), e["id"]


def test_numbers_are_digits_and_spaces(data):
    for _, e in all_entries(data):
        for field in ("telefoon", "nummer"):
            if field in e:
                assert isinstance(e[field], str), (e["id"], field)
                assert re.fullmatch(r"\d[\d ]*\d|\d", e[field]), (e["id"], e[field])


def test_websites_look_like_web_addresses(data):
    for _, e in all_entries(data):
        if "website" in e:
            assert re.fullmatch(r"(https?://|www\.)\S+", e["website"]), e["id"]


def test_orgs_reachable(data):
    for e in data["organisaties"]:
        assert e.get("website") or e.get("telefoon") or e.get("vinden"), e["id"]


def test_required_orgs(data):
    ids = {e["id"] for e in data["organisaties"]}
    assert REQUIRED_ORGS <= ids, REQUIRED_ORGS - ids


def test_homestart_vlaanderen(data):
    hs = next(e for e in data["organisaties"] if e["id"] == "homestart_vlaanderen")
    assert "12" in hs["voor_wie"] and "zwangerschap" in hs["voor_wie"]
    assert "week" in hs["wat"] and "vrijwilliger" in hs["wat"]
    # "gratis" is said only per branch whose own source says so (test below), not for all of Flanders.
    assert "gratis" not in hs
    for service in ("OCMW", "school", "Huis van het Kind"):
        assert service in hs["hoe"], service


def places(branch):
    """The names of the whole municipalities and of the parts a branch serves."""
    return [*branch.get("gemeenten", []), *(d["naam"] for d in branch.get("deelgebieden", []))]


def test_afdelingen(data):
    with (HULP.parent / "postcodes.yml").open(encoding="utf-8") as fh:
        postcodes = yaml.safe_load(fh)["postcodes"]
    municipalities = {name for names in postcodes.values() for name in names}
    for e in data["afdelingen"]:
        assert places(e) and all(isinstance(g, str) and g.strip() for g in places(e)), e["id"]
        # a whole municipality must be spelled as in the postcode list, or its postcodes are lost
        assert set(e.get("gemeenten", [])) <= municipalities, (e["id"], set(e["gemeenten"]) - municipalities)
        for part in e.get("deelgebieden", []):
            assert part["postcodes"] and all(str(code) in postcodes for code in part["postcodes"]), (e["id"], part)
        assert e.get("website") or e.get("vinden"), e["id"]


def test_free_is_said_only_of_a_branch_or_service_whose_source_says_so(data):
    """ "Gratis" rests on one branch's page (Domo Hasselt), so Home-Start Vlaanderen does not claim it."""
    hs = next(e for e in data["organisaties"] if e["id"] == "homestart_vlaanderen")
    assert "gratis" not in hs and "gratis" not in " ".join(str(hs.get(f, "")) for f in ("wat", "voor_wie", "hoe"))
    assert next(e for e in data["afdelingen"] if e["id"] == "homestart_domo_hasselt").get("gratis") is True


def test_a_phone_line_that_costs_the_normal_rate_says_so(data):
    for e in (e for name in LISTS for e in data[name] if "telefoon" in e and not e.get("gratis")):
        assert "tarief" in e.get("tarief", ""), e["id"]


def test_no_phone_number_from_an_old_brochure(data):
    """The Kind en Gezin-Lijn number came only from a 2013 brochure: the bot says where to find it instead."""
    kg = next(e for e in data["organisaties"] if e["id"] == "kind_en_gezin")
    assert "telefoon" not in kg and "kindengezin.be" in kg["hoe"] and "Kind en Gezin-Lijn" in kg["hoe"]
    assert not any("2013" in b["titel"] for b in kg["bron"])


def test_report_branches_present(data):
    covered = {g for e in data["afdelingen"] for g in places(e)}
    assert REPORT_BRANCHES <= covered, REPORT_BRANCHES - covered
    names = {e["naam"] for e in data["afdelingen"]}
    assert "Home-Start Domo Hasselt" in names


def test_noodlijnen_numbers(data):
    numbers = [e["nummer"] for e in data["noodlijnen"]]
    assert len(numbers) == len(set(numbers))
    assert set(numbers) in (CRISIS_NUMBERS, CRISIS_NUMBERS | {"102"}), numbers


def test_awel_is_for_children_not_parents(data):
    for e in data["noodlijnen"]:
        if e["nummer"] == "102":
            wat = e["wat"].lower()
            assert "kinderen" in wat and "jongeren" in wat and "niet voor ouders" in wat
