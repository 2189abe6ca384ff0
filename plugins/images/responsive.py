"""Responsive copies of a raster image: a few widths in WebP, one fallback in the source's
format, never wider than the source. Pure (Pillow only).

``plan_widths`` says which widths an image gets; ``make_variants`` makes them; the caller
keeps the bytes (by a hash of the source) so a rebuild does not make them again.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from sitecore.problems import Problem

VARIANTS_VERSION = "2"  # raise it when the encoding changes: every cached copy is made again
RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC = re.compile(r'\ssrc="([^"]+)"')


@dataclass(frozen=True)
class Variant:
    """One copy: its width, format (``webp``, ``jpeg``, ``png``) and file suffix."""

    width: int
    height: int
    format: str

    @property
    def suffix(self) -> str:
        """File name ending."""
        return "jpg" if self.format == "jpeg" else self.format


def is_raster(path: str) -> bool:
    """True for the image files this module resizes."""
    return path.lower().endswith(RASTER_SUFFIXES)


def image_problem(path: str, line: int | None, image: str, data: bytes) -> Problem | None:
    """A problem if *data* (the file of *image*, named at *path*:*line*) is not a readable
    raster image; the build and ``make check`` both ask this."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return Problem(path, line, f"the image {image!r} cannot be read", "save it again as JPEG, PNG or WebP")
    except Image.DecompressionBombError:
        return Problem(path, line, f"the image {image!r} has too many pixels", "save it at most 4000 pixels wide")
    return None


def source_key(data: bytes, widths: tuple[int, ...]) -> str:
    """A name for the copies of *data* at *widths* (hex, 64 characters)."""
    recipe = f"{VARIANTS_VERSION}:{','.join(map(str, widths))}:".encode()
    return hashlib.sha256(recipe + data).hexdigest()


def plan_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths below *width* from *widths*, and *width* itself if it is below the largest
    (an image is never made wider than it is)."""
    planned = sorted({w for w in widths if w < width})
    if width <= max(widths):
        planned.append(width)
    elif max(widths) not in planned:
        planned.append(max(widths))
    return planned


def make_variants(data: bytes, widths: tuple[int, ...], quality: int = 80) -> list[tuple[Variant, bytes]]:
    """WebP copies at the planned widths; then, for a WebP source or one wider than the
    largest width, one fallback copy at the largest width (PNG for a PNG, else JPEG). A JPEG
    or PNG that is not too wide is its own fallback: the caller links the source file."""
    with Image.open(io.BytesIO(data)) as opened:
        source = ImageOps.exif_transpose(opened)
        fallback = "png" if opened.format == "PNG" else "jpeg"
        own_fallback = opened.format in ("JPEG", "PNG") and source.width <= max(widths)
        if fallback == "jpeg" and source.mode not in ("RGB", "L"):
            source = source.convert("RGB")
        made = []
        planned = plan_widths(source.width, widths)
        for width in planned:
            height = max(1, round(source.height * width / source.width))
            copy = source if width == source.width else source.resize((width, height), Image.Resampling.LANCZOS)
            made.append((Variant(width, height, "webp"), _encode(copy, "webp", quality)))
            if width == planned[-1] and not own_fallback:
                made.append((Variant(width, height, fallback), _encode(copy, fallback, quality)))
    return made


def srcset(entries: list[tuple[str, int]]) -> str:
    """``url 480w, url 800w`` from (url, width) pairs."""
    return ", ".join(f"{url} {width}w" for url, width in entries)


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    if fmt == "png":
        image.save(out, "PNG", optimize=True)
    elif fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=4)
    else:
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def add_srcset(html: str, copies: Callable[[str], tuple[str, str, int, int] | None], sizes: str) -> str:
    """*html* with each ``<img>`` whose ``src`` has copies (``copies(src)`` gives the fallback
    URL, the srcset, width and height) pointing at them, lazy unless it says otherwise.
    Other attributes (alt, title, class) stay as the author's Markdown made them."""

    def rewrite(match: re.Match) -> str:
        tag = match.group(0)
        src = SRC.search(tag)
        if src is None or "srcset=" in tag:
            return tag
        found = copies(src.group(1))
        if found is None:
            return tag
        fallback, candidates, width, height = found
        extra = f' srcset="{candidates}" sizes="{sizes}"'
        if " width=" not in tag and " height=" not in tag:
            extra += f' width="{width}" height="{height}"'
        if " loading=" not in tag:
            extra += ' loading="lazy" decoding="async"'
        return tag[: src.start()] + f' src="{fallback}"' + extra + tag[src.end() :]

    return IMG_TAG.sub(rewrite, html)
