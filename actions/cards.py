"""Conversation cards: a statement or a question of the guide, drawn as a card in memory.

At a kitchen table people would rather look at a card than read a chat, so /kaart sends
each card as a picture too. The same drawing makes the printable card set
(`python -m actions.card_set`). Pictures are made in memory; only the card set command
writes a file, where the trainer asks it to.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from actions.content import Content, load_content

SIZE = 1080
MARGIN = 90
BAND_HEIGHT = 150
THEME_COLOURS = {
    "stellingen": "#2E86AB",
    "eigen_rol": "#3B8B5A",
    "partner": "#F18F01",
    "steun": "#8E6C8A",
    "trage_vragen": "#C2553D",
    "huishouden": "#4F6D7A",
}
FOOTER = "Gedeeld en betrokken ouderschap - Odisee en Home-Start"


@dataclass(frozen=True)
class Card:
    """One card: its id (the prompt's), theme, text, and where it comes from."""

    id: str
    thema: str
    tekst: str
    bron: str


def all_cards(content: Content | None = None) -> list[Card]:
    """Every card in the order of the guide: the statements, then each theme's questions."""
    content = content or load_content()
    cards = [Card(s.id, "stellingen", s.tekst, _source(s.bron)) for s in content.stellingen]
    for thema in content.themas:
        if thema != "stellingen":
            cards += [Card(q.id, thema, q.tekst, _source(q.bron)) for q in content.questions(thema)]
    return cards


def _source(bron: dict[str, object]) -> str:
    return f"rapport {bron.get('sectie')}, regels {bron.get('regels')}"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def draw_card(card: Card, theme_name: str) -> Image.Image:
    """A square card: the theme in a coloured band, the text large in the middle."""
    image = Image.new("RGB", (SIZE, SIZE), "#FFFDF8")
    draw = ImageDraw.Draw(image)
    colour = THEME_COLOURS.get(card.thema, "#2E86AB")
    draw.rectangle((0, 0, SIZE, BAND_HEIGHT), fill=colour)
    draw.text((MARGIN, 48), theme_name, font=_font(52), fill="white")

    size = 76
    while True:
        font = _font(size)
        lines = _wrap(draw, card.tekst, font, SIZE - 2 * MARGIN)
        line_height = int(size * 1.3)
        if len(lines) * line_height <= SIZE - BAND_HEIGHT - 260 or size <= 40:
            break
        size -= 4
    top = BAND_HEIGHT + (SIZE - BAND_HEIGHT - 120 - len(lines) * line_height) // 2
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=font, fill="#1F2933")

    draw.line((MARGIN, SIZE - 110, SIZE - MARGIN, SIZE - 110), fill=colour, width=4)
    draw.text((MARGIN, SIZE - 90), FOOTER, font=_font(30), fill="#52606D")
    return image


def card_png(card: Card, theme_name: str) -> bytes:
    """The card as PNG bytes, made in memory."""
    buffer = io.BytesIO()
    draw_card(card, theme_name).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
