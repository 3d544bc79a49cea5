"""What the two pictures (a conversation card, the household division) share.

One font, one paper and ink, and PNG bytes made in memory: a card and the division
picture sent in one conversation look like one set, and neither is written to disk.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFont

PAPER = "#FFFDF8"
INK = "#1F2933"
MUTED = "#52606D"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def font(size: int) -> Font:
    """Pillow's own font (no font file to ship or find) at `size` pixels."""
    return ImageFont.load_default(size=size)


def png_bytes(image: Image.Image) -> bytes:
    """The picture as PNG bytes, made in memory."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
