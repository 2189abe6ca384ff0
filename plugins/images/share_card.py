"""Share cards: the 1200x630 picture a link preview shows for one post or offer.

Pure (Pillow only): the title, the brand and, where there is one, the post's raster image
in; JPEG bytes out. ``card_key`` names a card by everything it is made from, so a cache can
keep it until one of those changes.

A card is encoded with a restart marker after every row of JPEG blocks, so each row's bytes
depend on that row's pixels alone: the rows every card without a photo shares (above and below
the title) are encoded once per process, and each such card encodes only the rows its title
covers. The bytes are those of the whole card encoded at once (``whole_card``). A card
with a photo is encoded whole the first time its photo is seen (most photos are a post's own);
from the second card with the same photo on (a photo several posts or offers share), the rows
of that photo's card without a title are kept too, and such a card is encoded by its title's
rows as well.

The title is drawn from glyphs FreeType renders once per process and size (``glyphs``), pixel
for pixel what Pillow's ``ImageDraw.text`` draws, and blended over the plain background by one
palette lookup; a title that kept glyphs cannot draw so (marks, right-to-left script, lines whose
ink meets) is drawn by Pillow.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

from .glyphs import GlyphFont, Placed, coloured, glyph_font, ink_box, lines_apart, simple, text_mask

CARD_VERSION = "2"  # raise it when the drawing changes: every cached card is then made again
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BAR = 17  # the coloured bar at the left edge, in pixels
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


def fit_title(
    title: str, font_file: str, width: int, glyphs: bool = True
) -> tuple[ImageFont.FreeTypeFont | GlyphFont, list[str]]:
    """The largest font size at which *title* fits in TITLE_LINES lines of *width*, without
    cutting a word if any size allows; at the smallest size a longer title is cut after the
    last line with an ellipsis. Measured with kept glyphs (``glyphs``) where the title is
    simple, else with Pillow."""
    font_at = glyph_font if glyphs and simple(title) else _font
    for cut in (False, True):
        for size in TITLE_SIZES:
            font = font_at(font_file, size)
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
    Only the rows of blocks the title covers are encoded, but for a card with a photo seen for
    the first time (mostly a post's own, shared with no other card): it is encoded whole."""
    if photo:
        if not _PHOTOS_SEEN.seen_before(photo):
            return whole_card(text, fonts, photo)
        shared = _shared_with_photo(text.site_name, text.tagline, fonts, photo)
    else:
        shared = _shared(text.site_name, text.tagline, fonts)
    title = _title(text.title, fonts, shared.text_width)
    first, end = _rows_covered(title)
    band = shared.band(first * BLOCK_ROW, min(end * BLOCK_ROW, HEIGHT))
    _draw_title(band, title, -first * BLOCK_ROW, shared.plain)
    _header, rows = jpeg_rows(_encode(band))
    return _joined(shared.header, [*shared.rows[:first], *rows, *shared.rows[end:]])


def whole_card(text: CardText, fonts: CardFonts, photo: bytes | None = None) -> bytes:
    """The card drawn and encoded whole (what ``render_card`` gives for one without a photo)."""
    picture = _fitted_photo(photo) if photo else None
    text_width = WIDTH - 2 * MARGIN - (picture.width if picture else 0)
    card = _background(text.site_name, text.tagline, fonts, text_width).copy()
    plain = _plain(text.site_name, text.tagline, fonts, text_width)
    if picture:
        card.paste(picture, (WIDTH - picture.width, 0))
        plain = (*plain[:2], WIDTH - picture.width, plain[3])
    _draw_title(card, _title(text.title, fonts, text_width), 0, plain)
    return _encode(card)


@dataclass(frozen=True)
class _Shared:
    """What every card of a site without a photo shares, or every card with one photo: the
    background (and the photo), its JPEG header and the coded bytes of each row of blocks."""

    background: Image.Image
    picture: Image.Image | None  # the photo fitted to the card's right part
    text_width: int
    plain: tuple[int, int, int, int]  # where the picture is its plain colour (``_plain``)
    header: bytes
    rows: tuple[bytes, ...]

    def band(self, top: int, bottom: int) -> Image.Image:
        """The card without a title from *top* to *bottom* (pixels), to draw a title on."""
        band = self.background.crop((0, top, WIDTH, bottom))
        if self.picture is not None:
            band.paste(self.picture.crop((0, top, self.picture.width, bottom)), (WIDTH - self.picture.width, 0))
        return band


@lru_cache(maxsize=4)
def _shared(site_name: str, tagline: str, fonts: CardFonts) -> _Shared:
    text_width = WIDTH - 2 * MARGIN
    image = _background(site_name, tagline, fonts, text_width)
    header, rows = jpeg_rows(_encode(image))
    return _Shared(image, None, text_width, _plain(site_name, tagline, fonts, text_width), header, tuple(rows))


@lru_cache(maxsize=16)
def _shared_with_photo(site_name: str, tagline: str, fonts: CardFonts, photo: bytes) -> _Shared:
    """What the cards with *photo* share (its coded rows: about 30 KB, the pictures are kept
    by ``_background`` and ``_fitted_photo`` anyway)."""
    picture = _fitted_photo(photo)
    text_width = WIDTH - 2 * MARGIN - picture.width
    background = _background(site_name, tagline, fonts, text_width)
    plain = _plain(site_name, tagline, fonts, text_width)
    shared = _Shared(background, picture, text_width, (*plain[:2], WIDTH - picture.width, plain[3]), b"", ())
    header, rows = jpeg_rows(_encode(shared.band(0, HEIGHT)))
    return _Shared(background, picture, text_width, shared.plain, header, tuple(rows))


class _Sightings:
    """Which photos this process has made a card with (the last few thousand, by hash)."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.hashes: dict[int, None] = {}

    def seen_before(self, photo: bytes) -> bool:
        """Whether a card was made with *photo* before; from now on it was."""
        key = hash(photo)  # a collision only sends a card the way of shared rows, made from the photo itself
        if key in self.hashes:
            return True
        if len(self.hashes) >= self.most:
            del self.hashes[next(iter(self.hashes))]
        self.hashes[key] = None
        return False


_PHOTOS_SEEN = _Sightings(4096)


@dataclass(frozen=True)
class _Title:
    """A title laid out: its font, each line with the top it is drawn at and, when it is
    drawn from kept glyphs, each line's glyphs in their places (None: Pillow draws it)."""

    font: ImageFont.FreeTypeFont | GlyphFont
    placed: list[tuple[int, str]]
    glyphs: list[list[Placed]] | None


def _title(title: str, fonts: CardFonts, width: int) -> _Title:
    """The title's font and lines, with its glyphs where kept glyphs draw it as Pillow would
    (see ``glyphs``)."""
    font, lines = fit_title(title, fonts.bold, width)
    placed = _placed(font, lines)
    if isinstance(font, GlyphFont):
        glyphs = [font.placed(line, MARGIN, top) for top, line in placed]
        if all(line is not None for line in glyphs) and lines_apart(glyphs):
            return _Title(font, placed, glyphs)
        font, lines = fit_title(title, fonts.bold, width, glyphs=False)
        placed = _placed(font, lines)
    return _Title(font, placed, None)


def _placed(font: ImageFont.FreeTypeFont | GlyphFont, lines: list[str]) -> list[tuple[int, str]]:
    step = round(font.size * LINE_SPACING)
    top = MARGIN + 120 + (HEIGHT - MARGIN - 120 - MARGIN - step * len(lines)) // 2
    return [(top + number * step, line) for number, line in enumerate(lines)]


def _draw_title(image: Image.Image, title: _Title, shift: int, plain: tuple[int, int, int, int]) -> None:
    """Draw *title* on *image* (a card, or the band of it from *shift* pixels down); *plain*:
    where the card is its plain colour, so that kept glyphs can be blended by a lookup."""
    box = ink_box(title.glyphs) if title.glyphs is not None else None
    if box is not None and _inside(box, plain):
        image.paste(coloured(text_mask(title.glyphs, box), BLUE, WHITE), (box[0], box[1] + shift))
        return
    font = title.font.font if isinstance(title.font, GlyphFont) else title.font
    draw = ImageDraw.Draw(image)
    for top, line in title.placed:
        draw.text((MARGIN, top + shift), line, font=font, fill=WHITE)


def _inside(box: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _rows_covered(title: _Title) -> tuple[int, int]:
    """The rows of blocks the title's ink can touch (first, end): those of its glyphs, or
    from the font's bounding boxes with a few pixels to spare for anti-aliasing."""
    rows = -(-HEIGHT // BLOCK_ROW)
    box = ink_box(title.glyphs) if title.glyphs is not None else None
    if box is None:
        boxes = [title.font.getbbox(line) for _top, line in title.placed]
        upper = min(top + box[1] for (top, _line), box in zip(title.placed, boxes, strict=True)) - 4
        lower = max(top + box[3] for (top, _line), box in zip(title.placed, boxes, strict=True)) + 4
    else:
        upper, lower = box[1], box[3]
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
    draw.rectangle((0, 0, BAR - 1, HEIGHT), fill=TEAL)
    brand = next(
        font
        for size in (32, 28, 24, 20)
        if (font := _font(fonts.bold, size)).getlength(site_name) <= text_width or size == 20
    )
    tagline_font = _font(fonts.regular, 26)
    draw.text((MARGIN, MARGIN), _fitting(site_name, brand, text_width), font=brand, fill=WHITE)
    draw.text((MARGIN, MARGIN + 44), _fitting(tagline, tagline_font, text_width), font=tagline_font, fill=SAND)
    return card


@lru_cache(maxsize=8)
def _plain(site_name: str, tagline: str, fonts: CardFonts, text_width: int) -> tuple[int, int, int, int]:
    """The box of the background below the brand and tagline and right of the bar, where it
    is nothing but its plain colour."""
    card = _background(site_name, tagline, fonts, text_width)
    drawn = ImageChops.difference(card.crop((BAR, 0, WIDTH, HEIGHT)), Image.new("RGB", (WIDTH - BAR, HEIGHT), BLUE))
    return (BAR, (drawn.getbbox() or (0, 0, 0, 0))[3], WIDTH, HEIGHT)


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
