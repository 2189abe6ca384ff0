"""Slugs for German and English text: umlauts become ae/oe/ue, ß becomes ss."""

from __future__ import annotations

import re

from unidecode import unidecode

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug: ``"Führung & Vertrieb"`` -> ``"fuehrung-vertrieb"``."""
    ascii_text = unidecode(str(text).translate(_GERMAN)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def markdown_heading_id(value: str, separator: str) -> str:
    """Adapter for Python-Markdown's ``toc`` extension (``slugify(value, separator)``)."""
    return slugify(value).replace("-", separator)
