"""Soft hyphens in long words of visible headings, so narrow screens break them with a hyphen.

Chromium on Linux has no German hyphenation dictionary for ``hyphens: auto``: a long word
such as "Kommunikationstraining" is cut anywhere (``overflow-wrap``), without a hyphen.
Pure code: text in, text with U+00AD out; each word is hyphenated once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from markupsafe import Markup

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 10  # shorter words fit any line of a heading
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")
_TAG = re.compile(r"(<[^>]*>)")
DICTIONARIES = {"de": "de_DE", "en": "en_US"}


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(lang, lang)
    return pyphen.Pyphen(lang=name) if name in pyphen.LANGUAGES else None


@lru_cache(maxsize=16384)
def hyphenate_word(word: str, lang: str) -> str:
    """*word* with soft hyphens at the places the dictionary of *lang* allows."""
    dictionary = _dictionary(lang)
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN) if dictionary else word


def hyphenate_text(text: str, lang: str) -> str:
    """Plain *text* with soft hyphens in its long words."""
    return _LONG_WORD.sub(lambda match: hyphenate_word(match.group(0), lang), text)


def hyphenate(value, lang: str):
    """The Jinja filter: text stays text (escaped later), markup stays markup, and in markup
    only the text between tags changes, never a tag or an attribute."""
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        parts = _TAG.split(str(value.__html__()))
        return Markup("".join(part if part.startswith("<") else hyphenate_text(part, lang) for part in parts))
    return hyphenate_text(str(value), lang)


def strip_soft_hyphens(text: str) -> str:
    """*text* without soft hyphens (for titles in attributes, the search index, feeds)."""
    return text.replace(SOFT_HYPHEN, "")
