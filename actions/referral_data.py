"""Referral data from content/hulp.yml: organisations, Home-Start branches, help lines.

Every entry there has a public source; this module only reads it and finds a branch
for a municipality or postcode that a parent typed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from actions.content import CONTENT_DIR
from addons.safety_patterns import normalise


@lru_cache(maxsize=1)
def referral_data() -> dict[str, list[dict[str, Any]]]:
    """The whole referral file, read once."""
    with open(CONTENT_DIR / "hulp.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def entry(entry_id: str) -> dict[str, Any]:
    """One organisation, branch or help line by id."""
    data = referral_data()
    for group in ("organisaties", "afdelingen", "noodlijnen"):
        for item in data.get(group, []):
            if item["id"] == entry_id:
                return item
    raise KeyError(entry_id)


def contact(item: dict[str, Any]) -> str:
    """How to reach an entry, using only what its sources give: website, phone, or how to find it."""
    parts = []
    if item.get("website"):
        parts.append(item["website"])
    if item.get("telefoon"):
        parts.append(f"bel {item['telefoon']}")
    if parts:
        return " - ".join(parts)
    return item.get("vinden", "")


def find_branch(text: str) -> dict[str, Any] | None:
    """The Home-Start branch that covers a municipality or postcode named in `text`."""
    words = set(re.findall(r"[a-z0-9-]+", normalise(text)))
    joined = f" {' '.join(re.findall(r'[a-z0-9-]+', normalise(text)))} "
    for branch in referral_data().get("afdelingen", []):
        for place in branch.get("gemeenten", []):
            key = normalise(str(place))
            if key in words or f" {key} " in joined:
                return branch
    return None
