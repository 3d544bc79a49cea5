"""The "wie doet wat?" content, and the household division drawn as a picture in memory.

The picture is made with Pillow straight into bytes: it is never written to disk, and the
bridge sends those bytes to Telegram. In a group, two parents' divisions share one picture,
in one frame: each parent answered "ik" or "de andere ouder" from where they stand, so the
picture names them "ouder 1" and "ouder 2" (by the order they chose) in both columns, and
marks each row where the two see it the same. The same division is also given as a short
text chart, for the terminal chat, where a picture cannot be shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from PIL import Image, ImageDraw

from actions import drawing
from addons.content_files import content_file
from addons.plain_text import plain

WIDTH = 1080
MARGIN = 60
ROW_HEIGHT = 92
HEADER_HEIGHT = 230
BOTTOM_MARGIN = 50
# The group picture is wider: a task column and two answer columns.
PAIR_WIDTH = 1240
PAIR_FIRST_PILL = 440
PILL_GAP = 20
COLUMN_HEADING_HEIGHT = 60
SKIPPED = "overgeslagen"
MARK_WIDTH = 64  # the gap between the two columns, where "=" or "≠" stands
LEGEND_LINE = 58
LEGEND_SIZE = 30
LEGEND_GAP = 56
# The two answers that name a parent; in a group they become "ouder 1" or "ouder 2".
ME, OTHER = "ik", "andere"
SAME, DIFFERENT = "zelfde", "anders"
MARKS = {SAME: "=", DIFFERENT: "≠"}
_WORD = re.compile(r"\w+")


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


@dataclass(frozen=True)
class View:
    """An answer as the picture shows it: the words in its label and its colour."""

    id: str
    label: str
    kleur: str


@dataclass(frozen=True)
class PairRow:
    """One task in the group picture: both parents' views in one frame, and whether they match.

    `match` is SAME or DIFFERENT, or None when one of the two skipped the task: a skip is
    neither the same nor different.
    """

    task: Task
    views: tuple[View, View]
    match: str | None


def division_content() -> dict[str, Any]:
    """content/wiedoetwat.yml."""
    return content_file("wiedoetwat.yml")


def tasks() -> list[Task]:
    return [Task(t["id"], t["label"], t["vraag"]) for t in division_content()["taken"]]


def choices() -> list[Choice]:
    return [Choice(c["id"], c["knop"], c["label"], c["kleur"], tuple(c.get("woorden", []))) for c in division_content()["keuzes"]]


# Where a part of a longer answer ends.
_PART_END = re.compile(r"[,.;:!?]")


def _plain(text: str) -> str:
    """Lowercase words without accents or punctuation: "Óverslaan!" is "overslaan".

    Accents too, because a typed answer is read here also when no button of the last reply
    has that title (in a group, after "Ik wacht nog op de keuze van de ander").
    """
    # \w, not word_list()'s a-z: other letters stay, so "ik_" or "ikж" is not taken for the answer "ik".
    return " ".join(_WORD.findall(plain(text)))


def choice_for_text(text: str) -> str | None:
    """The choice a typed answer means, when it is one of the known words; else None.

    Only whole answers count ("samen", "mijn partner"), never a word inside a sentence: "ik wil
    stoppen" must not be read as "ik" (a longer answer: `choice_in_a_part`).
    """
    typed = _plain(text)
    for choice in choices():
        if typed in {_plain(w) for w in choice.woorden} or typed == _plain(choice.knop):
            return choice.id
    return None


def choice_in_a_part(text: str) -> str | None:
    """The choice of a longer answer's first part, before a comma or full stop, filler words
    (content/wiedoetwat.yml `opvulwoorden`) left out: "ik natuurlijk, Kevin zou alles op 60 graden
    doen" is "ik"; or of its last part when all before it is filler ("hmm. De andere ouder"); or of
    a one-part answer with filler words ("ikke natuurlijk"); None when there is no such part or it is
    no choice."""
    parts = [p for p in _PART_END.split(text.strip()) if p.strip()]
    if not parts:
        return None  # nothing typed but punctuation, or nothing at all
    fillers = {_plain(w) for w in division_content()["opvulwoorden"]}
    phrases = sorted((f for f in fillers if " " in f), key=len, reverse=True)

    def kept(part: str) -> str:
        plain = f" {_plain(part)} "
        for phrase in phrases:  # "samen denk ik": "denk ik" before the single words
            plain = plain.replace(f" {phrase} ", " ")
        return " ".join(w for w in plain.split() if w not in fillers)

    answer = [kept(part) for part in parts]
    if len(parts) == 1:
        # "ikke natuurlijk 🙄" (a simulated mother got "Kies een knop", 7 December, night).
        return choice_for_text(answer[0]) if answer[0] and answer[0] != _plain(parts[0]) else None
    first = choice_for_text(answer[0]) if answer[0] else None
    if first:
        return first
    if not any(answer[:-1]) and answer[-1]:
        return choice_for_text(answer[-1])
    return None


def _view(choice: Choice) -> View:
    return View(choice.id, choice.label, choice.kleur)


def pair_view(code: str, column: int) -> View:
    """What parent `column` (0 = ouder 1, 1 = ouder 2) answered, in the frame both columns share.

    "ik" of ouder 1 is "ouder 1", and so is "de andere ouder" of ouder 2; every other answer
    (samen, iemand anders, ...) means the same whoever gave it.
    """
    by_id = {c.id: c for c in choices()}
    if code not in by_id:
        code = SKIPPED
    if code not in (ME, OTHER):
        return _view(by_id[code])
    parent = column if code == ME else 1 - column
    person = division_content()["groep"]["beeld"]["ouders"][parent]
    return View(f"ouder_{parent + 1}", person["label"], person["kleur"])


def pair_rows(first: Sequence[str], second: Sequence[str]) -> list[PairRow]:
    """The rows of the group picture: every task at least one of the two answered."""
    rows = []
    for index, task in enumerate(tasks()):
        codes = [answers[index] if index < len(answers) else SKIPPED for answers in (first, second)]
        left, right = (pair_view(code, column) for column, code in enumerate(codes))
        if left.id == right.id == SKIPPED:
            continue
        match = None if SKIPPED in (left.id, right.id) else SAME if left.id == right.id else DIFFERENT
        rows.append(PairRow(task, (left, right), match))
    return rows


def text_chart(division: Sequence[str]) -> str:
    """The division as lines of text: "Koken: samen"."""
    labels = {c.id: c.label for c in choices()}
    head = division_content()["beeld"]["tekst_kop"]
    lines = [f"- {task.label}: {labels.get(answer, answer)}" for task, answer in zip(tasks(), division) if answer != SKIPPED]
    return "\n".join([head, *lines])


def text_chart_pair(first: Sequence[str], second: Sequence[str]) -> str:
    """Two divisions as lines of text in one frame: "Koken: ouder 1 = ouder 1"."""
    head = division_content()["groep"]["beeld"]["tekst_kop"]
    lines = [
        f"- {row.task.label}: {row.views[0].label} {MARKS.get(row.match or '', '|')} {row.views[1].label}"
        for row in pair_rows(first, second)
    ]
    return "\n".join([head, *lines])


def draw_division(division: Sequence[str]) -> bytes:
    """A PNG, readable on a phone: one row per answered task with the answer in a coloured label.

    Tasks that were skipped are left out. Rows keep the order of the questions, so nothing
    is sorted, counted or scored. The legend says who "ik" and "de andere ouder" are.
    """
    content = division_content()["beeld"]
    by_id = {c.id: c for c in choices()}
    rows = [(task, [_view(by_id[code])], None) for task, code in zip(tasks(), division) if code in by_id and code != SKIPPED]
    legend = [(_view(by_id[item["keuze"]]), item["tekst"]) for item in content["legenda"]]
    return _draw(rows, content["titel"], content["ondertitel"], None, legend)


def draw_pair(first: Sequence[str], second: Sequence[str]) -> bytes:
    """Two parents' divisions side by side in one PNG (the group variant), without names.

    Both columns name the parents the same way ("ouder 1", "ouder 2"), so the same view has
    the same label and colour on both sides, and between the two labels stands "=" where
    they match or "≠" where they differ (nothing where one skipped). A quiet mark, never a
    count or a score: the parents talk about it.
    """
    content = division_content()["groep"]["beeld"]
    rows = [(row.task, list(row.views), row.match) for row in pair_rows(first, second)]
    legend: list[tuple[View | str, str]] = []
    for item in content["legenda"]:
        if "ouder" in item:
            person = content["ouders"][int(item["ouder"]) - 1]
            legend.append((View(f"ouder_{item['ouder']}", person["label"], person["kleur"]), item["tekst"]))
        else:
            legend.append((item["teken"], item["tekst"]))
    return _draw(rows, content["titel"], content["ondertitel"], content["kolommen"], legend)


def _draw_mark(draw: ImageDraw.ImageDraw, centre_x: int, centre_y: int, match: str) -> None:
    """ "=" for the same view, "≠" for a different one, drawn as lines (any font would do less)."""
    colour, half = drawing.MUTED, 14
    for dy in (-7, 7):
        draw.line((centre_x - half, centre_y + dy, centre_x + half, centre_y + dy), fill=colour, width=5)
    if match == DIFFERENT:
        draw.line((centre_x + 8, centre_y - 17, centre_x - 8, centre_y + 17), fill=colour, width=5)


def _draw_pill(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], view: View, size: int) -> None:
    """A rounded label in the view's colour, with its words; dark words on the light greys."""
    left, top, _, bottom = box
    draw.rounded_rectangle(box, radius=(bottom - top) // 2, fill=view.kleur)
    dark_text = view.id in {"nvt", SKIPPED}
    draw.text(
        (left + 24, top + (bottom - top - size) // 2 - 2),
        view.label,
        font=drawing.font(size),
        fill=drawing.INK if dark_text else "white",
    )


def _legend_key_width(key: View | str) -> int:
    """The width of a legend item's label (a small pill) or mark."""
    if isinstance(key, View):
        return int(drawing.font(LEGEND_SIZE).getlength(key.label)) + 48
    return 48


def _legend_layout(legend: Sequence[tuple[View | str, str]], width: int) -> list[tuple[int, int]]:
    """Where each legend item goes: (left, line), side by side while they fit on a line."""
    places, left, line = [], MARGIN, 0
    for key, meaning in legend:
        item = _legend_key_width(key) + 16 + int(drawing.font(LEGEND_SIZE).getlength(meaning))
        if left > MARGIN and left + item > width - MARGIN:
            left, line = MARGIN, line + 1
        places.append((left, line))
        left += item + LEGEND_GAP
    return places


Row = tuple[Task, Sequence[View], Optional[str]]  # a task, its label per column, its mark


def _draw(
    rows: Sequence[Row], title: str, subtitle: str, headings: Sequence[str] | None, legend: Sequence[tuple[View | str, str]]
) -> bytes:
    """One row per task, one coloured label per column, a legend; drawn in memory, returned as PNG."""
    columns = len(headings) if headings else 1
    pair = columns > 1
    width = PAIR_WIDTH if pair else WIDTH
    header = HEADER_HEIGHT + (COLUMN_HEADING_HEIGHT if headings else 0)
    legend_places = _legend_layout(legend, width)
    legend_lines = legend_places[-1][1] + 1 if legend_places else 0
    legend_top = header + max(len(rows), 1) * ROW_HEIGHT + 30
    height = legend_top + legend_lines * LEGEND_LINE + BOTTOM_MARGIN
    image = Image.new("RGB", (width, height), drawing.PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 55), title, font=drawing.font(64), fill=drawing.INK)
    draw.text((MARGIN, 140), subtitle, font=drawing.font(38), fill=drawing.MUTED)

    label_font, pill_size = (drawing.font(32), 32) if pair else (drawing.font(40), 36)
    first_pill = PAIR_FIRST_PILL if pair else width // 2
    gap = MARK_WIDTH if pair else 0
    pill_width = (width - MARGIN - first_pill - gap * (columns - 1)) // columns
    lefts = [first_pill + n * (pill_width + gap) for n in range(columns)]
    for left, heading in zip(lefts, headings or []):
        draw.text((left + 24, HEADER_HEIGHT - 10), heading, font=drawing.font(36), fill=drawing.INK)
    for index, (task, views, match) in enumerate(rows):
        top = header + index * ROW_HEIGHT
        if index % 2 == 0:
            draw.rectangle((MARGIN // 2, top, width - MARGIN // 2, top + ROW_HEIGHT), fill="#F3EFE6")
        draw.text((MARGIN, top + 26), task.label, font=label_font, fill=drawing.INK)
        for left, view in zip(lefts, views):
            _draw_pill(draw, (left, top + 14, left + pill_width, top + ROW_HEIGHT - 14), view, pill_size)
        if match:
            _draw_mark(draw, lefts[0] + pill_width + gap // 2, top + ROW_HEIGHT // 2, match)

    draw.line((MARGIN // 2, legend_top - 14, width - MARGIN // 2, legend_top - 14), fill="#D9D3C7", width=2)
    for (key, meaning), (left, line) in zip(legend, legend_places):
        top = legend_top + line * LEGEND_LINE
        key_right = left + _legend_key_width(key)
        if isinstance(key, View):
            _draw_pill(draw, (left, top + 4, key_right, top + 48), key, LEGEND_SIZE)
        else:
            _draw_mark(draw, left + 24, top + 26, key)
        draw.text((key_right + 16, top + 10), meaning, font=drawing.font(LEGEND_SIZE), fill=drawing.INK)

    return drawing.png_bytes(image)
