"""The "wie doet wat?" content, and the household division drawn as a picture in memory.

The picture is made with Pillow straight into bytes: it is never written to disk, and the
bridge sends those bytes to Telegram. In a group, two parents' divisions share one picture.
The same division is also given as a short text chart, for the terminal chat, where a
picture cannot be shown.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import yaml
from PIL import Image, ImageDraw, ImageFont

from actions.content import CONTENT_DIR

WIDTH = 1080
MARGIN = 60
ROW_HEIGHT = 92
HEADER_HEIGHT = 230
BOTTOM_MARGIN = 50
# The group picture is wider: a task column and two answer columns.
PAIR_WIDTH = 1200
PAIR_FIRST_PILL = 440
PILL_GAP = 20
COLUMN_HEADING_HEIGHT = 60
SKIPPED = "overgeslagen"


@dataclass(frozen=True)
class Choice:
    """One answer to "who does it?", as a button, a colour in the picture, and typed words."""

    id: str
    knop: str
    label: str
    kleur: str
    woorden: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """One household task."""

    id: str
    label: str
    vraag: str


@lru_cache(maxsize=1)
def division_content() -> dict[str, Any]:
    """content/wiedoetwat.yml, read once."""
    with open(CONTENT_DIR / "wiedoetwat.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def tasks() -> list[Task]:
    return [Task(t["id"], t["label"], t["vraag"]) for t in division_content()["taken"]]


def choices() -> list[Choice]:
    return [Choice(c["id"], c["knop"], c["label"], c["kleur"], tuple(c.get("woorden", []))) for c in division_content()["keuzes"]]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def choice_for_text(text: str) -> str | None:
    """The choice a typed answer means, when it is one of the known words; else None.

    Only whole answers count ("samen", "mijn partner"), never a word inside a sentence:
    "ik wil stoppen" must not be read as "ik".
    """
    typed = _plain(text)
    for choice in choices():
        if typed in {_plain(w) for w in choice.woorden} or typed == _plain(choice.knop):
            return choice.id
    return None


def text_chart(division: Sequence[str]) -> str:
    """The division as lines of text: "Koken: samen"."""
    labels = {c.id: c.label for c in choices()}
    head = division_content()["beeld"]["tekst_kop"]
    lines = [f"- {task.label}: {labels.get(answer, answer)}" for task, answer in zip(tasks(), division) if answer != SKIPPED]
    return "\n".join([head, *lines])


def text_chart_pair(first: Sequence[str], second: Sequence[str]) -> str:
    """Two divisions as lines of text: "Koken: 1 ik, 2 de andere ouder"."""
    labels = {c.id: c.label for c in choices()}
    head = division_content()["groep"]["beeld"]["tekst_kop"]
    lines = [
        f"- {task.label}: 1 {labels.get(a, a)}, 2 {labels.get(b, b)}"
        for task, a, b in zip(tasks(), first, second)
        if not a == b == SKIPPED
    ]
    return "\n".join([head, *lines])


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw_division(division: Sequence[str]) -> bytes:
    """A PNG, readable on a phone: one row per answered task with the answer in a coloured label.

    Tasks that were skipped are left out. Rows keep the order of the questions, so nothing
    is sorted, counted or scored.
    """
    content = division_content()["beeld"]
    return _draw([division], content["titel"], content["ondertitel"], headings=None)


def draw_pair(first: Sequence[str], second: Sequence[str]) -> bytes:
    """Two parents' divisions side by side in one PNG (the group variant), without names.

    A task is shown when at least one of the two answered it; a skip on one side shows as
    "overgeslagen" there. Nothing is compared, counted or marked: the parents do that.
    """
    content = division_content()["groep"]["beeld"]
    return _draw([first, second], content["titel"], content["ondertitel"], headings=content["kolommen"])


def _draw(columns: Sequence[Sequence[str]], title: str, subtitle: str, headings: Sequence[str] | None) -> bytes:
    """One row per task, one coloured label per column; drawn in memory, returned as PNG bytes."""
    by_id = {c.id: c for c in choices()}

    def answer(answers: Sequence[str], index: int) -> str:
        """The code for task `index`; a task not (validly) answered counts as skipped."""
        return answers[index] if index < len(answers) and answers[index] in by_id else SKIPPED

    rows = []
    for index, task in enumerate(tasks()):
        picked = [answer(answers, index) for answers in columns]
        if any(code != SKIPPED for code in picked):
            rows.append((task, [by_id[code] for code in picked]))
    pair = len(columns) > 1
    width = PAIR_WIDTH if pair else WIDTH
    header = HEADER_HEIGHT + (COLUMN_HEADING_HEIGHT if headings else 0)
    height = header + max(len(rows), 1) * ROW_HEIGHT + BOTTOM_MARGIN
    image = Image.new("RGB", (width, height), "#FFFDF8")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 55), title, font=_font(64), fill="#1F2933")
    draw.text((MARGIN, 140), subtitle, font=_font(38), fill="#52606D")

    label_font, pill_font = (_font(32), _font(32)) if pair else (_font(40), _font(36))
    first_pill = PAIR_FIRST_PILL if pair else width // 2
    pill_width = (width - MARGIN - first_pill - PILL_GAP * (len(columns) - 1)) // len(columns)
    lefts = [first_pill + n * (pill_width + PILL_GAP) for n in range(len(columns))]
    for left, heading in zip(lefts, headings or []):
        draw.text((left + 24, HEADER_HEIGHT - 10), heading, font=_font(36), fill="#1F2933")
    for index, (task, picked) in enumerate(rows):
        top = header + index * ROW_HEIGHT
        if index % 2 == 0:
            draw.rectangle((MARGIN // 2, top, width - MARGIN // 2, top + ROW_HEIGHT), fill="#F3EFE6")
        draw.text((MARGIN, top + 26), task.label, font=label_font, fill="#1F2933")
        for left, choice in zip(lefts, picked):
            draw.rounded_rectangle((left, top + 14, left + pill_width, top + ROW_HEIGHT - 14), radius=30, fill=choice.kleur)
            dark_text = choice.id in {"nvt", SKIPPED}
            draw.text((left + 24, top + 27), choice.label, font=pill_font, fill="#1F2933" if dark_text else "white")

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
