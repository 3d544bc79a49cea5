"""Referral data from content/hulp.yml: organisations, Home-Start branches, help lines.

Every entry there has a public source; this module only reads it and finds a branch
for a municipality or postcode that a parent typed. A postcode is turned into its
municipality with Statbel's public list (content/postcodes.yml), so a branch is found by
every postcode of the municipalities its sources name, and nothing is added by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from actions.say import text_of
from addons.content_files import content_file
from addons.safety_patterns import normalise

POSTCODE = re.compile(r"\b\d{4}\b")


def referral_data() -> dict[str, list[dict[str, Any]]]:
    """The whole referral file."""
    return content_file("hulp.yml")


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


def find_branch(text: str) -> dict[str, Any] | None:
    """The Home-Start branch that covers a municipality or postcode named in `text`."""
    words = set(re.findall(r"[a-z0-9-]+", normalise(text)))
    joined = f" {' '.join(re.findall(r'[a-z0-9-]+', normalise(text)))} "
    codes = set(POSTCODE.findall(text))
    for branch in referral_data().get("afdelingen", []):
        for place, postcodes in branch_places(branch):
            key = normalise(place)
            if key in words or f" {key} " in joined or codes & set(postcodes):
                return branch
    return None
