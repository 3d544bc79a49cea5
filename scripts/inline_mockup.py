"""Draw docs/inline-voorbeeld.png: a mock-up of Telegram's inline result list, from the real results.

Not a screenshot: no Telegram client runs here. The titles, descriptions, posted message and
button are exactly what bot/inline.py answers for "@bot scherm" and for the first result; only
the frame around them is drawn. Run: .venv/bin/python scripts/inline_mockup.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.inline import results  # noqa: E402
from bot.texts import load_texts  # noqa: E402

BOT = "ouderschapsbot"  # an example name: each deployment has its own bot at BotFather
WIDTH, MARGIN = 1400, 40
INK, GREY, BLUE, LINE = "#1F2933", "#6B7785", "#2A7FD4", "#DCE3EA"


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font(size)) > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def main(out: Path = ROOT / "docs" / "inline-voorbeeld.png") -> None:
    texts = load_texts()
    found = results("scherm", BOT, texts)
    panel = (WIDTH - 3 * MARGIN) // 2
    image = Image.new("RGB", (WIDTH, 860), "#EEF2F5")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 24), "Mock-up, getekend uit de echte inline-resultaten (geen screenshot)", font=font(30), fill=GREY)

    # Left: the result list above the typed "@bot scherm".
    left, top = MARGIN, 90
    draw.rounded_rectangle((left, top, left + panel, 820), 24, fill="white")
    y = top + 24
    draw.text((left + 24, y), "1. Typ in een chat met de andere ouder:", font=font(28), fill=GREY)
    y += 60
    for result in found:
        draw.rounded_rectangle((left + 24, y, left + 92, y + 68), 12, fill=BLUE)
        draw.text((left + 44, y + 14), "?", font=font(40), fill="white")
        for line in wrap(draw, result.title, 30, panel - 150):
            draw.text((left + 112, y), line, font=font(30), fill=INK)
            y += 38
        draw.text((left + 112, y), result.description or "", font=font(26), fill=GREY)
        y += 60
        draw.line((left + 112, y - 16, left + panel - 24, y - 16), fill=LINE, width=2)
    draw.rounded_rectangle((left + 24, 730, left + panel - 24, 796), 33, outline=LINE, width=3)
    draw.text((left + 50, 746), f"@{BOT} scherm", font=font(32), fill=INK)

    # Right: what the first result posts, with its button.
    left = 2 * MARGIN + panel
    draw.rounded_rectangle((left, top, left + panel, 820), 24, fill="white")
    draw.text((left + 24, top + 24), "2. Dit verschijnt in die chat:", font=font(28), fill=GREY)
    message = found[0].input_message_content.message_text  # type: ignore[union-attr]
    lines = wrap(draw, message, 32, panel - 100)
    bubble_bottom = top + 110 + 44 * len(lines) + 30
    draw.rounded_rectangle((left + 24, top + 90, left + panel - 24, bubble_bottom), 20, fill="#E3F1FF")
    for i, line in enumerate(lines):
        draw.text((left + 50, top + 110 + 44 * i), line, font=font(32), fill=INK)
    button = found[0].reply_markup.inline_keyboard[0][0]  # type: ignore[union-attr]
    draw.rounded_rectangle((left + 24, bubble_bottom + 14, left + panel - 24, bubble_bottom + 84), 16, fill="#D5E4F2")
    label = button.text
    draw.text((left + (panel - draw.textlength(label, font=font(30))) // 2, bubble_bottom + 32), label, font=font(30), fill=BLUE)
    draw.text((left + 30, bubble_bottom + 120), "De knop opent de bot bij deze vraag:", font=font(26), fill=GREY)
    draw.text((left + 30, bubble_bottom + 160), button.url, font=font(24), fill=GREY)
    image.save(out, optimize=True)


if __name__ == "__main__":
    main()
