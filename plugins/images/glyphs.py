"""A title drawn from glyphs rendered once: what Pillow's ``ImageDraw.text`` draws, pixel for
pixel, without FreeType rendering every glyph of every card again.

Pure (Pillow only). Pillow lays a line out with HarfBuzz (raqm), renders each glyph at the
origin, puts it at its pen position rounded to a whole pixel and lays the glyphs of a line
over each other into one mask, which it blends with the ink. For a line of *simple*
characters (no combining marks, no right-to-left script, no control or format characters)
the layout is each glyph's advance plus the kerning of each pair, so a ``GlyphFont`` keeps
each glyph, its advance and each pair's kerning, and places them. Each line's whole length
is also asked of Pillow (one layout, no rendering): where it differs, the caller draws with
Pillow.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIMPLE_BIDI = frozenset({"L", "EN", "ES", "ET", "CS", "ON", "WS"})  # left-to-right text, digits, punctuation, spaces


def pixel(position: int) -> int:
    """A 26.6 fixed-point coordinate rounded to a whole pixel, as Pillow rounds it."""
    return ((position + 32) & -64) >> 6


def simple(text: str) -> bool:
    """Whether *text* is laid out character by character (left to right, no marks that
    attach to another character, nothing invisible that shaping would drop)."""
    return all(
        unicodedata.category(char)[0] not in "MC" and unicodedata.bidirectional(char) in SIMPLE_BIDI for char in text
    )


@dataclass(frozen=True)
class Glyph:
    """One character's ink: its mask (None for a space) and where the mask's top left corner
    is relative to the pen (at the ascender line, as Pillow's default anchor ``la``)."""

    mask: Image.Image | None
    left: int
    top: int


@dataclass(frozen=True)
class Placed:
    """A glyph's mask at its place in the picture."""

    mask: Image.Image
    box: tuple[int, int, int, int]  # left, top, right, bottom


class GlyphFont:
    """A FreeType font whose advances, kernings and glyphs are asked of Pillow once each.

    A line is cut into clusters, each drawn by one kept glyph: a character, or characters
    that the font draws otherwise together than one by one (a ligature: "ff", "fi"), found
    by drawing each new pair both ways once."""

    def __init__(self, font: ImageFont.FreeTypeFont) -> None:
        self.font = font
        self.size = font.size
        self._advances: dict[str, int] = {}
        self._kernings: dict[tuple[str, str], int] = {}
        self._glyphs: dict[str, Glyph] = {}
        self._joined: dict[tuple[str, str], bool] = {}

    def getlength(self, text: str) -> float:
        """The advance of *text* in pixels (Pillow's ``FreeTypeFont.getlength``)."""
        return self._length(self.clusters(text)) / 64

    def _length(self, clusters: list[str]) -> int:
        return sum(map(self._advance, clusters)) + sum(map(self._kerning, clusters, clusters[1:]))

    def _advance(self, cluster: str) -> int:
        advance = self._advances.get(cluster)
        if advance is None:
            advance = self._advances[cluster] = round(self.font.getlength(cluster) * 64)
        return advance

    def _kerning(self, first: str, second: str) -> int:
        kerning = self._kernings.get((first, second))
        if kerning is None:
            whole = round(self.font.getlength(first + second) * 64)
            kerning = self._kernings[first, second] = whole - self._advance(first) - self._advance(second)
        return kerning

    def clusters(self, text: str) -> list[str]:
        """*text* cut into the clusters its glyphs draw."""
        clusters: list[str] = []
        for char in text:
            if clusters and self._joins(clusters[-1], char):
                clusters[-1] += char
            else:
                clusters.append(char)
        return clusters

    def _joins(self, cluster: str, char: str) -> bool:
        """Whether Pillow draws *cluster* followed by *char* otherwise than the two apart."""
        joined = self._joined.get((cluster, char))
        if joined is None:
            together = self.glyph(cluster + char)
            apart = self._placed([cluster, char], 0, 0)
            box = ink_box([apart])
            if box is None or together.mask is None:
                joined = (box is None) != (together.mask is None)
            else:
                joined = (box[:2] != (together.left, together.top)) or (
                    text_mask([apart], box).tobytes() != together.mask.tobytes()
                    or (box[2] - box[0], box[3] - box[1]) != together.mask.size
                )
            self._joined[cluster, char] = joined
        return joined

    def glyph(self, cluster: str) -> Glyph:
        """*cluster* rendered once (Pillow draws it; its ink is cut out)."""
        glyph = self._glyphs.get(cluster)
        if glyph is None:
            glyph = self._glyphs[cluster] = self._render(cluster)
        return glyph

    def _render(self, text: str) -> Glyph:
        left, top, right, bottom = self.font.getbbox(text)
        canvas = Image.new("L", (max(1, right - left), max(1, bottom - top)))
        ImageDraw.Draw(canvas).text((-left, -top), text, font=self.font, fill=255)
        ink = canvas.getbbox()
        if ink is None:
            return Glyph(None, 0, 0)
        return Glyph(canvas.crop(ink), left + ink[0], top + ink[1])

    def placed(self, text: str, x: int, y: int) -> list[Placed] | None:
        """The glyphs of the line *text* drawn at (*x*, *y*), where Pillow would put them;
        None if *text* is not simple or Pillow gives it another length."""
        if not simple(text):
            return None
        clusters = self.clusters(text)
        if self._length(clusters) != round(self.font.getlength(text) * 64):
            return None
        return self._placed(clusters, x, y)

    def _placed(self, clusters: list[str], x: int, y: int) -> list[Placed]:
        glyphs, pen = [], 0
        for at, cluster in enumerate(clusters):
            glyph = self.glyph(cluster)
            if glyph.mask is not None:
                left, top = x + pixel(pen) + glyph.left, y + glyph.top
                glyphs.append(Placed(glyph.mask, (left, top, left + glyph.mask.width, top + glyph.mask.height)))
            pen += self._advance(cluster) + (self._kerning(cluster, clusters[at + 1]) if at + 1 < len(clusters) else 0)
        return glyphs


@lru_cache(maxsize=64)
def glyph_font(path: str, size: int) -> GlyphFont:
    """The ``GlyphFont`` of a font file at *size* (one per process)."""
    return GlyphFont(ImageFont.truetype(path, size))


def ink_box(lines: list[list[Placed]]) -> tuple[int, int, int, int] | None:
    """The box around all the glyphs of *lines*; None when they have no ink."""
    boxes = [glyph.box for line in lines for glyph in line]
    if not boxes:
        return None
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def lines_apart(lines: list[list[Placed]]) -> bool:
    """Whether no line's ink reaches into another's (Pillow blends each line on its own)."""
    spans = [(min(g.box[1] for g in line), max(g.box[3] for g in line)) for line in lines if line]
    return all(upper[1] <= lower[0] for upper, lower in zip(spans, spans[1:], strict=False))


def text_mask(lines: list[list[Placed]], box: tuple[int, int, int, int]) -> Image.Image:
    """The lines' glyphs in one mask covering *box*: pasted, and laid over each other
    (``over``) where their boxes meet."""
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]))
    for line in lines:
        inked: list[tuple[int, int, int, int]] = []
        for glyph in line:
            where = (glyph.box[0] - box[0], glyph.box[1] - box[1], glyph.box[2] - box[0], glyph.box[3] - box[1])
            met = [common for other in inked if other[2] > where[0] and (common := _meeting(where, other))]
            shared = ink_box([[Placed(glyph.mask, common) for common in met]]) if met else None
            below = mask.crop(shared) if shared else None
            mask.paste(glyph.mask, where)
            if below is not None:
                laid = bytes(map(OVER.__getitem__, map(_index, below.tobytes(), mask.crop(shared).tobytes())))
                mask.paste(Image.frombytes("L", below.size, laid), shared)
            inked.append(where)
    return mask


def _over(below: int, glyph: int) -> int:
    """A mask value *glyph* laid over *below*, rounded as Pillow's FreeType driver rounds it
    (``ImageChops.screen`` truncates, and differs by one in a few pixels)."""
    if not glyph:
        return below
    if not below:
        return glyph
    product = below * (255 - glyph) + 128
    return min(255, glyph + (((product >> 8) + product) >> 8))


OVER = bytes(_over(below, glyph) for below in range(256) for glyph in range(256))


def _index(below: int, glyph: int) -> int:
    return below << 8 | glyph


def _meeting(one: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box two boxes have in common (None if none)."""
    common = (max(one[0], other[0]), max(one[1], other[1]), min(one[2], other[2]), min(one[3], other[3]))
    return common if common[0] < common[2] and common[1] < common[3] else None


@lru_cache(maxsize=8)
def blend_palette(background: tuple[int, int, int], ink: tuple[int, int, int]) -> bytes:
    """For each mask value 0-255 the colour Pillow gives a pixel of *background* when it
    draws text of *ink* over it with that value (so a mask becomes the picture in one lookup)."""
    strip = Image.new("RGB", (256, 1), background)
    strip.paste(ink, (0, 0, 256, 1), Image.frombytes("L", (256, 1), bytes(range(256))))
    return strip.tobytes()


def coloured(mask: Image.Image, background: tuple[int, int, int], ink: tuple[int, int, int]) -> Image.Image:
    """*mask* as the picture of *ink* blended over a plain *background*."""
    indexed = Image.frombytes("P", mask.size, mask.tobytes())
    indexed.putpalette(blend_palette(background, ink))
    return indexed.convert("RGB")
