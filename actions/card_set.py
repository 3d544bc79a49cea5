"""The printable card set: every card of the guide as a page of one PDF, for work on paper.

    .venv/bin/python -m actions.card_set kaarten.pdf

Made from the same content files and the same drawing as /kaart, so paper and chat agree.
This is the only place where the project writes a picture to disk, and only where the
trainer asks for it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from actions.cards import all_cards, draw_card
from actions.content import load_content
from actions.say import text_of


def write_card_set(path: Path) -> int:
    """Write all cards as a PDF, one card per page; return the number of cards."""
    content = load_content()
    pages = [draw_card(card, content.themas[card.thema].naam) for card in all_cards(content)]
    pages[0].save(path, format="PDF", save_all=True, append_images=pages[1:], resolution=150.0)
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write all conversation cards as one PDF.")
    parser.add_argument("pdf", type=Path, nargs="?", default=Path("kaarten.pdf"), help="where to write the PDF")
    args = parser.parse_args()
    count = write_card_set(args.pdf)
    print(text_of("kaartenset_klaar", aantal=str(count), pad=str(args.pdf)))


if __name__ == "__main__":
    main()
