"""The conversation guide's prompts, read from content/prompts.yml.

Texts live in data so that a coordinator can change a question without touching Python;
this module only gives the actions typed access to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

from addons.content_files import CONTENT_DIR, load_yaml

STATEMENT_ANSWERS = ("eens", "oneens", "twijfel")
# The family forms a parent can choose (actions/tracker_reading.py): no other parent at home,
# or the other parent lives apart. True stands for ALONE (the slot's older value).
ALONE, APART = "alleen", "uit_elkaar"
FamilyForm = Optional[Union[str, bool]]


def _form(form: FamilyForm) -> Optional[str]:
    return ALONE if form is True else (form or None)


# Kinds of question, to choose a thank-you that fits (prompts.yml `soort`).
SLOW, HARD, LIGHT = "traag", "zwaar", "licht"


@dataclass(frozen=True)
class Prompt:
    """One text the bot says, with where it comes from in the report."""

    id: str
    tekst: str
    bron: dict[str, Any]
    thema: str = ""
    onderwerp: str = ""
    waarom: str = ""
    # For a parent with no other parent at home ("Ik voed alleen op"): the text to ask instead
    # ("" when none), and whether the prompt assumes another parent (then it is skipped without
    # `alleen`). For a parent whose child's other parent lives apart ("We zijn uit elkaar"):
    # the text to ask instead ("" when the text fits as it is).
    alleen: str = ""
    andere_ouder: bool = False
    soort: tuple[str, ...] = ()
    uit_elkaar: str = ""
    # The same question in very simple words, for a parent who asks what it means (A2 Dutch).
    eenvoudig: str = ""
    # Asks to describe what a long answer to the question before it already told (then skipped).
    beschrijft_vorige: bool = False
    # For a volunteer tip: the themes it fits best (/kaart shows a fitting tip under a card).
    themas: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """Slow, hard or light: the `soort` given, else slow for the slow questions, else light."""
        if self.soort:
            return self.soort[0]
        return SLOW if self.thema == "trage_vragen" else LIGHT

    @property
    def assumes_other_parent(self) -> bool:
        """Whether the question speaks of another parent: then it offers the family-form buttons."""
        return self.andere_ouder or bool(self.alleen) or bool(self.uit_elkaar)

    def text_for(self, form: FamilyForm, simple: bool = False) -> str:
        """The words to ask in a family form (`family_form` of actions/tracker_reading.py); with
        `simple`, the very simple form when there is one and no family form replaces the text."""
        form = _form(form)
        if simple and self.eenvoudig and not (form == ALONE and self.alleen) and not (form == APART and self.uit_elkaar):
            return self.eenvoudig
        if form == ALONE and self.alleen:
            return self.alleen
        if form == APART and self.uit_elkaar:
            return self.uit_elkaar
        return self.tekst

    def fits(self, form: FamilyForm) -> bool:
        """Whether to ask this prompt at all: not a question about another parent to a parent alone."""
        return _form(form) != ALONE or not self.andere_ouder or bool(self.alleen)


@dataclass(frozen=True)
class Theme:
    """A part of the conversation guide, offered as a button in the menu."""

    id: str
    naam: str
    intro: str
    bron: dict[str, Any]
    waarom: str = ""


@dataclass(frozen=True)
class Statement:
    """A statement of part 1, with follow-ups per answer and deeper questions."""

    id: str
    tekst: str
    bron: dict[str, Any]
    reacties: dict[str, tuple[Prompt, ...]]
    verdieping: tuple[Prompt, ...]
    waarom: str = ""


@dataclass(frozen=True)
class Content:
    """Everything in content/prompts.yml."""

    themas: dict[str, Theme]
    stellingen: tuple[Statement, ...]
    vragen: tuple[Prompt, ...]
    bedankjes: tuple[Prompt, ...]
    tips_vrijwilliger: tuple[Prompt, ...]
    by_id: dict[str, Prompt] = field(default_factory=dict)

    def questions(self, thema: str) -> tuple[Prompt, ...]:
        """The open questions of one theme, in the order of the guide."""
        return tuple(p for p in self.vragen if p.thema == thema)

    def thanks_for(self, prompt: Prompt | None) -> tuple[Prompt, ...]:
        """The thank-yous that fit the kind of question just answered (all when none fits)."""
        kind = prompt.kind if prompt else LIGHT
        return tuple(t for t in self.bedankjes if kind in t.soort) or self.bedankjes

    def statement(self, statement_id: str | None) -> Statement:
        """A statement by id; the first one when the id is unknown."""
        return next((s for s in self.stellingen if s.id == statement_id), self.stellingen[0])


def _prompt(raw: dict[str, Any], thema: str = "") -> Prompt:
    return Prompt(
        id=raw["id"],
        tekst=raw["tekst"].strip(),
        bron=raw["bron"],
        thema=raw.get("thema", thema),
        onderwerp=raw.get("onderwerp", ""),
        waarom=raw.get("waarom", ""),
        alleen=raw.get("alleen", ""),
        andere_ouder=bool(raw.get("andere_ouder", False)),
        soort=_kinds(raw.get("soort")),
        uit_elkaar=raw.get("uit_elkaar", ""),
        eenvoudig=raw.get("eenvoudig", ""),
        beschrijft_vorige=bool(raw.get("beschrijft_vorige", False)),
        themas=tuple(raw.get("themas", ())),
    )


def _kinds(value: Any) -> tuple[str, ...]:
    """`soort` as written: one word or a list of words."""
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def parse_content(raw: dict[str, Any]) -> Content:
    """Turn the YAML structure into typed objects."""
    themas = {t["id"]: Theme(t["id"], t["naam"], t["intro"].strip(), t["bron"], t.get("waarom", "")) for t in raw["themas"]}
    stellingen = tuple(
        Statement(
            id=s["id"],
            tekst=s["tekst"].strip(),
            bron=s["bron"],
            reacties={a: tuple(_prompt(r, "stellingen") for r in s["reacties"][a]) for a in STATEMENT_ANSWERS},
            verdieping=tuple(_prompt(r, "stellingen") for r in s["verdieping"]),
            waarom=s.get("waarom", ""),
        )
        for s in raw["stellingen"]
    )
    vragen = tuple(_prompt(v) for v in raw["vragen"])
    bedankjes = tuple(_prompt(b) for b in raw["bedankjes"])
    tips = tuple(_prompt(t) for t in raw.get("tips_vrijwilliger", []))
    by_id: dict[str, Prompt] = {p.id: p for p in (*vragen, *bedankjes, *tips)}
    for s in stellingen:
        by_id[s.id] = Prompt(s.id, s.tekst, s.bron, "stellingen", waarom=s.waarom)
        for prompt in (*s.verdieping, *(r for group in s.reacties.values() for r in group)):
            by_id[prompt.id] = prompt
    return Content(themas, stellingen, vragen, bedankjes, tips, by_id)


@lru_cache(maxsize=1)
def load_content(path: Path = CONTENT_DIR / "prompts.yml") -> Content:
    """Read and parse the prompts once per process."""
    return parse_content(load_yaml(path))
