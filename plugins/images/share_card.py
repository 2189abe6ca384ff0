"""Share cards: the 1200x630 picture a link preview shows for one post or offer.

Pure (Pillow only): the title, the brand and, where there is one, the post's raster image
in; JPEG bytes out. ``card_key`` names a card by everything it is made from, so a cache can
keep it until one of those changes.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

CARD_VERSION = "1"  # raise it when the drawing changes: every cached card is then made again
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BLUE, SAND, WHITE, TEAL = (31, 58, 95), (233, 220, 196), (255, 255, 255), (42, 127, 122)
TITLE_SIZES = (68, 60, 54, 48, 42, 38)  # the largest size at which the title fits is taken
TITLE_LINES = 5
LINE_SPACING = 1.18


@dataclass(frozen=True)
class CardText:
    """What a card says."""

    title: str
    site_name: str
    tagline: str


@dataclass(frozen=True)
class CardFonts:
    """TrueType files for the card (paths)."""

    regular: str
    bold: str


def card_key(text: CardText, fonts: CardFonts, photo: bytes | None) -> str:
    """A name for the card made from these inputs (hex, 64 characters)."""
    inputs = {
        **asdict(text),
        **asdict(fonts),
        "version": CARD_VERSION,
        "photo": hashlib.sha256(photo).hexdigest() if photo else "",
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, cut: bool = True) -> list[str] | None:
    """*text* in lines no wider than *width*; a word too long for a line is cut by character
    (or, without *cut*, None is returned)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if not cut and font.getlength(word) > width:
            return None
        while font.getlength(word) > width:  # "Kommunikationstrainingsangebote" in a narrow box
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i] + "-") <= width))
            lines.append(word[:cut] + "-")
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_title(title: str, font_file: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size at which *title* fits in TITLE_LINES lines of *width*, without
    cutting a word if any size allows; at the smallest size a longer title is cut after the
    last line with an ellipsis."""
    for cut in (False, True):
        for size in TITLE_SIZES:
            font = _font(font_file, size)
            lines = wrap(title, font, width, cut)
            if lines is not None and len(lines) <= TITLE_LINES:
                return font, lines
    lines = lines[:TITLE_LINES]
    last = lines[-1]
    while last and font.getlength(last + " …") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + " …"
    return font, lines


def render_card(text: CardText, fonts: CardFonts, photo: bytes | None = None) -> bytes:
    """The card as JPEG bytes: brand on top, the title below, the photo on the right if any."""
    picture = _fitted_photo(photo) if photo else None
    text_width = WIDTH - 2 * MARGIN - (picture.width if picture else 0)
    card = _background(text.site_name, text.tagline, fonts, text_width).copy()
    if picture:
        card.paste(picture, (WIDTH - picture.width, 0))
    draw = ImageDraw.Draw(card)
    font, lines = fit_title(text.title, fonts.bold, text_width)
    step = round(font.size * LINE_SPACING)
    top = MARGIN + 120 + (HEIGHT - MARGIN - 120 - MARGIN - step * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=font, fill=WHITE)

    out = io.BytesIO()
    card.save(out, "JPEG", quality=88)
    return out.getvalue()


@lru_cache(maxsize=8)
def _background(site_name: str, tagline: str, fonts: CardFonts, text_width: int) -> Image.Image:
    """The part every card of a site shares (colour, bar, brand, tagline): drawn once per
    text width, then copied. The photo goes right of *text_width*, clear of the brand."""
    card = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 16, HEIGHT), fill=TEAL)
    brand = next(
        font
        for size in (32, 28, 24, 20)
        if (font := _font(fonts.bold, size)).getlength(site_name) <= text_width or size == 20
    )
    tagline_font = _font(fonts.regular, 26)
    draw.text((MARGIN, MARGIN), _fitting(site_name, brand, text_width), font=brand, fill=WHITE)
    draw.text((MARGIN, MARGIN + 44), _fitting(tagline, tagline_font, text_width), font=tagline_font, fill=SAND)
    return card


@lru_cache(maxsize=16)
def _fitted_photo(photo: bytes) -> Image.Image:
    """*photo* cut and scaled to the card's right part: once per photo (many posts share one)."""
    with Image.open(io.BytesIO(photo)) as source:
        source.draft("RGB", (WIDTH, HEIGHT))  # a JPEG is decoded at a fraction of its size, much faster
        return ImageOps.fit(source.convert("RGB"), (WIDTH * 2 // 5, HEIGHT), Image.Resampling.BICUBIC)


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font (loading one costs more than drawing a title with it)."""
    return ImageFont.truetype(path, size)


def _fitting(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while text and font.getlength(text) > width:
        text = text[:-2] + "…"
    return text
