"""A typographic cover the project draws for the demo book: title and authors on colour.

Not the publisher's artwork. Pillow draws it with DejaVu when the machine has it, otherwise
with the font Pillow itself ships (`load_default(size=…)`), so no system font is required.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 600, 900
MARGIN = 56
BACKGROUND = (74, 31, 74)
BAND = (214, 118, 74)
INK = (250, 240, 226)


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _block(draw, lines: list[str], font, top: int, gap: int) -> int:
    for line in lines:
        draw.text((MARGIN, top), line, font=font, fill=INK)
        top += font.size + gap
    return top


def draw_cover(title: str, subtitle: str, authors: str) -> bytes:
    """A PNG of WIDTH × HEIGHT pixels."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    title_font, subtitle_font, author_font = _font(64, bold=True), _font(30), _font(28)
    top = _block(draw, _wrap(draw, title, title_font, text_width), title_font, 120, 14)
    draw.rectangle((MARGIN, top + 24, MARGIN + 120, top + 34), fill=BAND)
    _block(draw, _wrap(draw, subtitle, subtitle_font, text_width), subtitle_font, top + 70, 10)
    author_lines = _wrap(draw, authors, author_font, text_width)
    _block(draw, author_lines, author_font, HEIGHT - 100 - len(author_lines) * 40, 12)
    draw.rectangle((0, HEIGHT - 40, WIDTH, HEIGHT), fill=BAND)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
