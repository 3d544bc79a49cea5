"""Every help line the bot names is one that content/hulp.yml sources (issue 29: one source).

The crisis replies (domain.yml), the replies that name a feeling (content/gehoord.yml) and the
replies in other languages (content/talen.yml) are whole texts, so they write the numbers out;
this test holds them to the `noodlijnen` of content/hulp.yml, where each number has its source.
A number that hulp.yml does not know fails here, and so does a line named for the wrong purpose.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from addons.content_files import content_file

ROOT = Path(__file__).resolve().parent.parent
SOURCED = {str(line["nummer"]): line for line in content_file("hulp.yml")["noodlijnen"]}
NUMBER = re.compile(r"(?<![\d.,])(1\d{2,3})(?![\d.,])")
# What each line is for, in words that the reply must not contradict: 1712 is no emergency line.
NOT_AN_EMERGENCY_LINE = re.compile(
    r"(gevaar|emergency|urgence|danger)[^.?!]*\b1712\b|\b1712\b[^.?!]*(in gevaar|emergency|urgence|danger)", re.I
)


def texts() -> Iterator[tuple[str, str]]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for variant in variants:
            yield f"domain:{name}", str(variant.get("text") or "")
    for intent, entry in content_file("gehoord.yml")["antwoorden"].items():
        for text in [*entry["teksten"], entry.get("hulp") or ""]:
            yield f"gehoord:{intent}", str(text)
    talen = content_file("talen.yml")
    for code, block in {"standaard": talen["standaard"], **talen["talen"]}.items():
        for key in ("zeg", "crisis"):
            yield f"talen:{code}:{key}", str(block[key])


@pytest.mark.parametrize(("where", "text"), [t for t in texts() if NUMBER.search(t[1])])
def test_every_number_named_is_a_sourced_help_line(where: str, text: str) -> None:
    unknown = [n for n in NUMBER.findall(text) if n not in SOURCED]
    assert not unknown, f"{where} names {unknown}, which content/hulp.yml `noodlijnen` does not source"


def test_1712_is_never_named_as_the_line_to_call_in_danger_now() -> None:
    wrong = [where for where, text in texts() if NOT_AN_EMERGENCY_LINE.search(text)]
    assert wrong == []


def test_the_crisis_replies_name_112_for_danger_now() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name in ("utter_crisis_zelfdoding_hulp", "utter_crisis_geweld_hulp", "utter_crisis_nood", "utter_crisis_twijfel"):
        assert all("112" in v["text"] for v in domain["responses"][name]), name
