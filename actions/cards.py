"""Conversation cards: a statement or a question of the guide, drawn as a card in memory.

At a kitchen table people would rather look at a card than read a chat, so /kaart sends
each card as a picture too. The same drawing makes the printable card set
(`python -m actions.card_set`). Pictures are made in memory; only the card set command
writes a file, where the trainer asks it to.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from actions import drawing
from actions.content import Content, load_content
from actions.say import text_of

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


@dataclass(frozen=True)
class Card:
    """One card: its id (the prompt's), theme and text."""

    id: str
    thema: str
    tekst: str


def all_cards(content: Content | None = None) -> list[Card]:
    """Every card in the order of the guide: the statements, then each theme's questions."""
    content = content or load_content()
    cards = [Card(s.id, "stellingen", s.tekst) for s in content.stellingen]
    for thema in content.themas:
        if thema != "stellingen":
            cards += [Card(q.id, thema, q.tekst) for q in content.questions(thema)]
    return cards


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: drawing.Font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def draw_card(card: Card, theme_name: str) -> Image.Image:
    """A square card: the theme in a coloured band, the text large in the middle."""
    image = Image.new("RGB", (SIZE, SIZE), drawing.PAPER)
    draw = ImageDraw.Draw(image)
    colour = THEME_COLOURS.get(card.thema, "#2E86AB")
    draw.rectangle((0, 0, SIZE, BAND_HEIGHT), fill=colour)
    draw.text((MARGIN, 48), theme_name, font=drawing.font(52), fill="white")

    size = 76
    while True:
        font = drawing.font(size)
        lines = _wrap(draw, card.tekst, font, SIZE - 2 * MARGIN)
        line_height = int(size * 1.3)
        if len(lines) * line_height <= SIZE - BAND_HEIGHT - 260 or size <= 40:
            break
        size -= 4
    top = BAND_HEIGHT + (SIZE - BAND_HEIGHT - 120 - len(lines) * line_height) // 2
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=font, fill=drawing.INK)

    draw.line((MARGIN, SIZE - 110, SIZE - MARGIN, SIZE - 110), fill=colour, width=4)
    draw.text((MARGIN, SIZE - 90), text_of("kaart_voet"), font=drawing.font(30), fill=drawing.MUTED)
    return image


def card_png(card: Card, theme_name: str) -> bytes:
    """The card as PNG bytes, made in memory."""
    return drawing.png_bytes(draw_card(card, theme_name))
