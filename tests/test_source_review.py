"""The review step for sources that a word-overlap test cannot do (issue 29).

tests/test_content_sources.py checks that a cited passage shares a content word with its text;
that is how a wrong `waarom` passed before ("inzicht 3" for a line of 3.4.1, a story about waking
up cited for going to bed). Whether a `waarom` says what its lines say, only a reader can tell.
tests/data/bronnen_nagekeken.yml records, per sourced text, the `bron` and `waarom` as a person last
read them against the report, with one line why they fit. This test fails when a text's `bron` or
`waarom` changed since, or when a text has no record: the change then waits for that reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

from tests.checks import every

REPO = Path(__file__).resolve().parents[1]
RECORD = REPO / "tests" / "data" / "bronnen_nagekeken.yml"


def load(name: str) -> Any:
    return yaml.safe_load((REPO / "content" / name).read_text(encoding="utf-8"))


def sourced() -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, entry) of every text of prompts.yml and wiedoetwat.yml that points into the report."""
    prompts, division = load("prompts.yml"), load("wiedoetwat.yml")
    for theme in prompts["themas"]:
        yield f"thema:{theme['id']}", theme
    for statement in prompts["stellingen"]:
        yield statement["id"], statement
        for follow_ups in statement["reacties"].values():
            yield from ((f["id"], f) for f in follow_ups)
        yield from ((f["id"], f) for f in statement["verdieping"])
    for group in ("vragen", "bedankjes", "tips_vrijwilliger"):
        yield from ((e["id"], e) for e in prompts[group])
    for key in ("intro", "intro_geen_oordeel", "beeld"):
        yield f"wiedoetwat:{key}", division[key]
    for group in ("taken", "vragen_na_beeld"):
        yield from ((f"wiedoetwat:{e['id']}", e) for e in division[group])
    for key in ("intro", "intro_wachten", "beeld"):
        yield f"wiedoetwat:groep.{key}", division["groep"][key]
    yield from ((f"wiedoetwat:{e['id']}", e) for e in division["groep"]["vragen_na_beeld"])


SOURCED = dict(sourced())
RECORDED = yaml.safe_load(RECORD.read_text(encoding="utf-8"))


def source_of(entry: dict[str, Any]) -> str:
    bron = entry.get("bron") or {}
    return f"{bron.get('sectie')} {bron.get('regels')}"


def test_the_source_and_why_are_as_a_person_read_them() -> None:
    every(sorted(SOURCED), check_review)


def check_review(key: str) -> None:
    entry = SOURCED[key]
    record = RECORDED.get(key)
    hint = (
        f"read lines {source_of(entry)} of the report against this `waarom`, then write its bron, waarom "
        f"and one line why they fit under {key!r} in {RECORD.relative_to(REPO)}"
    )
    assert record is not None, f"{key} was never reviewed: {hint}"
    assert (record["bron"], record["waarom"]) == (source_of(entry), entry.get("waarom") or ""), (
        f"{key}: bron or waarom changed since the last review: {hint}"
    )
    assert record["gelezen"].strip(), f"{key}: the review says nothing"


def test_the_record_holds_no_text_that_is_gone() -> None:
    assert not set(RECORDED) - set(SOURCED), sorted(set(RECORDED) - set(SOURCED))


def test_the_review_of_issue_29_covers_every_source_it_named_weak() -> None:
    named = {
        "s1_verdieping_1", "wiedoetwat:slapengaan", "huishouden_kinderen_1", "eigen_rol_waarden_2", "partner_waarden_1",
        "partner_waarden_2", "steun_wie_1", "eigen_rol_perceptie_1", "steun_wat_1", "huishouden_verdeling_3",
        "huishouden_waardering_2", "s1_eens_1", "bedankt_13",
    }  # fmt: skip
    not_read = sorted(k for k in named if not RECORDED[k]["gelezen"].startswith("issue 29:"))
    assert not not_read, not_read
