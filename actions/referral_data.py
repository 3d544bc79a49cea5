"""Referral data from content/hulp.yml: organisations, Home-Start branches, help lines.

Every entry there has a public source; this module only reads it and finds a branch
for a municipality or postcode that a parent typed. A postcode is turned into its
municipality with Statbel's public list (content/postcodes.yml), so a branch is found by
every postcode of the municipalities its sources name, and nothing is added by hand.
A part of a municipality ("Heverlee") is found by its postcode (content/plaatsen.yml,
`deelgemeenten`). For a place without a known branch, the nearest known branches are found
by the straight-line distance between where the place lies and where each branch's
municipality lies (content/plaatsen.yml, from GeoNames): never a branch no source names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Optional

from actions.say import text_of
from addons.content_files import content_file
from addons.plain_text import plain, word_list

POSTCODE = re.compile(r"\b\d{4}\b")
# A place name that is also an everyday word ("Meer", "Werken", "Peer") counts as a place only
# after one of these words, in a short reply, or written with a capital.
BEFORE_A_PLACE = ("in", "te", "uit", "bij", "van", "naar", "rond", "omgeving", "regio", "buurt")
SHORT_REPLY = 3
NEAREST = 3
# Branches farther than this (in a straight line) are not named as "near".
NEAR_KM = 50.0
EARTH_RADIUS_KM = 6371.0

Location = tuple[float, float]


def referral_data() -> dict[str, list[dict[str, Any]]]:
    """The whole referral file."""
    return content_file("hulp.yml")


def places_data() -> dict[str, Any]:
    """content/plaatsen.yml: where municipalities and places lie, and the part-municipalities."""
    return content_file("plaatsen.yml")


@lru_cache(maxsize=1)
def postcode_municipalities() -> dict[str, tuple[str, ...]]:
    """Postcode -> the municipalities it belongs to (Statbel's list), built once."""
    raw = content_file("postcodes.yml")["postcodes"]
    return {str(code): tuple(names) for code, names in raw.items()}


def entry(entry_id: str) -> dict[str, Any]:
    """One organisation, branch or help line by id."""
    data = referral_data()
    for group in ("organisaties", "afdelingen", "noodlijnen"):
        for item in data.get(group, []):
            if item["id"] == entry_id:
                return item
    raise KeyError(entry_id)


def contact(item: dict[str, Any]) -> str:
    """How to reach an entry, using only what its sources give: website, phone, or how to find it.

    A phone number that is not free says so (`tarief`), so no parent takes it for a free line.
    """
    parts = []
    if item.get("website"):
        parts.append(item["website"])
    if item.get("telefoon"):
        rate = {"tarief": item["tarief"]} if item.get("tarief") else {}
        parts.append(text_of("hulp_bellen_tarief" if rate else "hulp_bellen", telefoon=item["telefoon"], **rate))
    if parts:
        return " - ".join(parts)
    return item.get("vinden", "")


def branch_places(branch: dict[str, Any]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(place name, its postcodes) for every place a branch covers.

    A whole municipality gets all its postcodes from the list; a part of one (`deelgebieden`:
    a district, or a former municipality inside a merger) only the postcodes its source names.
    """
    by_municipality: dict[str, list[str]] = {}
    for code, names in postcode_municipalities().items():
        for name in names:
            by_municipality.setdefault(name, []).append(code)
    for name in branch.get("gemeenten", []):
        yield str(name), tuple(by_municipality.get(str(name), ()))
    for part in branch.get("deelgebieden", []):
        yield str(part["naam"]), tuple(str(code) for code in part.get("postcodes", []))


# --------------------------------------------------------------------------- reading a place from a message


@dataclass(frozen=True)
class Place:
    """A place a parent named: its name, the municipality it belongs to (when known), where it lies."""

    naam: str
    gemeente: Optional[str]
    ligging: Optional[Location]
    postcodes: tuple[str, ...] = ()


def _mentions(name: str, text: str, words: list[str]) -> bool:
    """Whether `text` names the place `name` (see BEFORE_A_PLACE for everyday words)."""
    key = plain(name)
    joined = f" {' '.join(words)} "
    if f" {key} " not in joined:
        return False
    if len(words) <= SHORT_REPLY or re.search(rf"\b{re.escape(name)}\b", text):
        return True
    return any(f" {before} {key} " in joined for before in BEFORE_A_PLACE)


@lru_cache(maxsize=1)
def _place_names() -> list[tuple[str, str]]:
    """(name, kind) of every known place, longest name first, so "Oud-Heverlee" wins from "Heverlee"."""
    data = places_data()
    names = [(n, "deelgemeente") for n in data["deelgemeenten"]]
    names += [(n, "gemeente") for n in data["gemeenten"]]
    names += [(n, "plaats") for n in data["plaatsen"]]
    municipalities = {n for names_ in postcode_municipalities().values() for n in names_}
    names += [(n, "gemeente") for n in municipalities if n not in data["gemeenten"]]
    order = {"deelgemeente": 0, "gemeente": 1, "plaats": 2}
    return sorted(names, key=lambda item: (-len(item[0]), order[item[1]]))


def location_of(name: str) -> Optional[Location]:
    """Where a municipality or place lies ([lat, lon] of content/plaatsen.yml), if known."""
    data = places_data()
    found = data["gemeenten"].get(name) or data["plaatsen"].get(name)
    return (float(found[0]), float(found[1])) if found else None


def find_place(text: str, with_small_places: bool = True) -> Optional[Place]:
    """The place a message names: a postcode, a municipality, a part of one, or (with
    `with_small_places`) another place that GeoNames knows. None when it names none."""
    for code in POSTCODE.findall(text):
        municipalities = postcode_municipalities().get(code)
        if municipalities:
            name = municipalities[0]
            # a postcode of exactly one part of a municipality (2140: Borgerhout) is that part
            parts = [n for n, c in places_data()["deelgemeenten"].items() if str(c) == code]
            if len(parts) == 1 and location_of(parts[0]):
                return Place(parts[0], name, location_of(parts[0]), (code,))
            return Place(name, name, location_of(name), (code,))
    # Hyphens stay: "Oud-Heverlee" is one name, and must not be read as "Heverlee".
    words = word_list(text, hyphens=True)
    for name, kind in _place_names():
        if kind == "plaats" and not with_small_places:
            continue
        if not _mentions(name, text, words):
            continue
        if kind == "deelgemeente":
            code = str(places_data()["deelgemeenten"][name])
            municipality = (postcode_municipalities().get(code) or (None,))[0]
            located = location_of(name) or (location_of(municipality) if municipality else None)
            return Place(name, municipality, located, (code,))
        if kind == "gemeente":
            codes = tuple(c for c, names in postcode_municipalities().items() if name in names)
            return Place(name, name, location_of(name), codes)
        return Place(name, None, location_of(name))
    return None


def find_branch(text: str) -> dict[str, Any] | None:
    """The Home-Start branch that covers a municipality, a part of one or a postcode named in `text`."""
    found = word_list(text, hyphens=True)
    words = set(found)
    joined = f" {' '.join(found)} "
    codes = set(POSTCODE.findall(text))
    place = find_place(text, with_small_places=False)
    if place and place.gemeente != place.naam:  # a part of a municipality: by its own postcode only
        codes |= set(place.postcodes)
    for branch in referral_data().get("afdelingen", []):
        for name, postcodes in branch_places(branch):
            key = plain(name)
            if key in words or f" {key} " in joined or codes & set(postcodes):
                return branch
    return None


# --------------------------------------------------------------------------- the nearest branches


def distance_km(a: Location, b: Location) -> float:
    """Straight-line distance over the earth's surface (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def branch_location(branch: dict[str, Any]) -> Optional[Location]:
    """Where a branch's first place lies (its municipality, or the part it serves)."""
    for name, _ in branch_places(branch):
        found = location_of(name)
        if found:
            return found
    return None


def nearest_branches(where: Location, count: int = NEAREST, within_km: float = NEAR_KM) -> list[tuple[dict[str, Any], float]]:
    """The `count` branches of content/hulp.yml nearest to `where` and within `within_km`, with their distance in km."""
    located = [(b, branch_location(b)) for b in referral_data().get("afdelingen", [])]
    ranked = sorted(((b, distance_km(where, loc)) for b, loc in located if loc), key=lambda item: item[1])
    return [(b, km) for b, km in ranked if km <= within_km][:count]
