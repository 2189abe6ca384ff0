"""Share cards: the 1200x630 picture a link preview shows for one post or offer.

Pure (Pillow only): the title, the brand and, where there is one, the post's raster image
in; JPEG bytes out. ``card_key`` names a card by everything it is made from, so a cache can
keep it until one of those changes.

A card is encoded with a restart marker after every row of JPEG blocks, so each row's bytes
depend on that row's pixels alone: the rows every card without a photo shares (above and below
the title) are encoded once per process, and each such card encodes only the rows its title
covers. The bytes are those of the whole card encoded at once (``whole_card``). A card
with a photo is encoded whole: most photos are a post's own, and keeping a picture per photo
would cost memory for nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

CARD_VERSION = "2"  # raise it when the drawing changes: every cached card is then made again
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BLUE, SAND, WHITE, TEAL = (31, 58, 95), (233, 220, 196), (255, 255, 255), (42, 127, 122)
TITLE_SIZES = (68, 60, 54, 48, 42, 38)  # the largest size at which the title fits is taken
TITLE_LINES = 5
LINE_SPACING = 1.18
JPEG = {"quality": 88, "subsampling": 2, "restart_marker_rows": 1}  # 4:2:0: a block row is 16 pixels high
BLOCK_ROW = 16
RESTART = re.compile(rb"\xff[\xd0-\xd7]")  # in the coded data every other 0xFF byte is followed by 0x00


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
    """The card as JPEG bytes: brand on top, the title below, the photo on the right if any.
    Without a photo only the rows of blocks the title covers are encoded; a card with a photo
    (mostly a post's own, shared with no other card) is encoded whole."""
    if photo:
        return whole_card(text, fonts, photo)
    shared = _shared(text.site_name, text.tagline, fonts)
    font, placed = _title(text.title, fonts, shared.text_width)
    first, end = _rows_covered(font, placed)
    band = shared.image.crop((0, first * BLOCK_ROW, WIDTH, min(end * BLOCK_ROW, HEIGHT)))
    _draw_title(band, font, placed, -first * BLOCK_ROW)
    _header, rows = jpeg_rows(_encode(band))
    return _joined(shared.header, [*shared.rows[:first], *rows, *shared.rows[end:]])


def whole_card(text: CardText, fonts: CardFonts, photo: bytes | None = None) -> bytes:
    """The card drawn and encoded whole (what ``render_card`` gives for one without a photo)."""
    picture = _fitted_photo(photo) if photo else None
    text_width = WIDTH - 2 * MARGIN - (picture.width if picture else 0)
    card = _background(text.site_name, text.tagline, fonts, text_width).copy()
    if picture:
        card.paste(picture, (WIDTH - picture.width, 0))
    font, placed = _title(text.title, fonts, text_width)
    _draw_title(card, font, placed, 0)
    return _encode(card)


@dataclass(frozen=True)
class _Shared:
    """What every card of a site without a photo shares: the picture without a title, its
    JPEG header and the coded bytes of each row of blocks."""

    image: Image.Image
    text_width: int
    header: bytes
    rows: tuple[bytes, ...]


@lru_cache(maxsize=4)
def _shared(site_name: str, tagline: str, fonts: CardFonts) -> _Shared:
    text_width = WIDTH - 2 * MARGIN
    image = _background(site_name, tagline, fonts, text_width)
    header, rows = jpeg_rows(_encode(image))
    return _Shared(image, text_width, header, tuple(rows))


def _title(title: str, fonts: CardFonts, width: int) -> tuple[ImageFont.FreeTypeFont, list[tuple[int, str]]]:
    """The title's font and its lines, each with the top it is drawn at."""
    font, lines = fit_title(title, fonts.bold, width)
    step = round(font.size * LINE_SPACING)
    top = MARGIN + 120 + (HEIGHT - MARGIN - 120 - MARGIN - step * len(lines)) // 2
    return font, [(top + number * step, line) for number, line in enumerate(lines)]


def _draw_title(image: Image.Image, font: ImageFont.FreeTypeFont, placed, shift: int) -> None:
    draw = ImageDraw.Draw(image)
    for top, line in placed:
        draw.text((MARGIN, top + shift), line, font=font, fill=WHITE)


def _rows_covered(font: ImageFont.FreeTypeFont, placed) -> tuple[int, int]:
    """The rows of blocks the title's ink can touch (first, end), with a few pixels to spare
    for anti-aliasing."""
    boxes = [font.getbbox(line) for _top, line in placed]
    upper = min(top + box[1] for (top, _line), box in zip(placed, boxes, strict=True)) - 4
    lower = max(top + box[3] for (top, _line), box in zip(placed, boxes, strict=True)) + 4
    rows = -(-HEIGHT // BLOCK_ROW)
    return max(0, upper // BLOCK_ROW), min(rows, -(-lower // BLOCK_ROW))


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **JPEG)
    return out.getvalue()


def jpeg_rows(data: bytes) -> tuple[bytes, list[bytes]]:
    """A JPEG with a restart marker after each row of blocks: its header (up to the coded
    data) and each row's coded bytes."""
    at = 2  # after the start-of-image marker: marker segments, each with its length, up to the scan
    while data[at + 1] != 0xDA:
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    start = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    if not data.endswith(b"\xff\xd9"):
        raise ValueError("not a whole JPEG")
    return data[:start], RESTART.split(data[start:-2])


def _joined(header: bytes, rows: list[bytes]) -> bytes:
    """A JPEG of *header* and the coded *rows*, with the restart markers between them."""
    parts = [header]
    for number, row in enumerate(rows):
        if number:
            parts.append(bytes((0xFF, 0xD0 + (number - 1) % 8)))
        parts.append(row)
    parts.append(b"\xff\xd9")
    return b"".join(parts)


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
