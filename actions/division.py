"""The "wie doet wat?" content, and the household division drawn as a picture in memory.

The picture is made with Pillow straight into bytes: it is never written to disk, and the
bridge sends those bytes to Telegram. The same division is also given as a short text
chart, for the terminal chat, where a picture cannot be shown.
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


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw_division(division: Sequence[str]) -> bytes:
    """A PNG, readable on a phone: one row per answered task with the answer in a coloured label.

    Tasks that were skipped are left out. Rows keep the order of the questions, so nothing
    is sorted, counted or scored.
    """
    content = division_content()["beeld"]
    by_id = {c.id: c for c in choices()}
    rows = [(task, by_id[answer]) for task, answer in zip(tasks(), division) if answer in by_id and answer != SKIPPED]
    height = HEADER_HEIGHT + max(len(rows), 1) * ROW_HEIGHT + BOTTOM_MARGIN
    image = Image.new("RGB", (WIDTH, height), "#FFFDF8")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 55), content["titel"], font=_font(64), fill="#1F2933")
    draw.text((MARGIN, 140), content["ondertitel"], font=_font(38), fill="#52606D")

    label_font, pill_font = _font(40), _font(36)
    pill_left = WIDTH // 2
    for index, (task, choice) in enumerate(rows):
        top = HEADER_HEIGHT + index * ROW_HEIGHT
        if index % 2 == 0:
            draw.rectangle((MARGIN // 2, top, WIDTH - MARGIN // 2, top + ROW_HEIGHT), fill="#F3EFE6")
        draw.text((MARGIN, top + 24), task.label, font=label_font, fill="#1F2933")
        draw.rounded_rectangle((pill_left, top + 14, WIDTH - MARGIN, top + ROW_HEIGHT - 14), radius=30, fill=choice.kleur)
        draw.text((pill_left + 28, top + 26), choice.label, font=pill_font, fill="white" if choice.id != "nvt" else "#1F2933")

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
