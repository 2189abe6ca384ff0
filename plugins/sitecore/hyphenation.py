"""Soft hyphens in long words of visible headings, so narrow screens break them with a hyphen.

Chromium on Linux has no German hyphenation dictionary for ``hyphens: auto``: a long word
such as "Kommunikationstraining" is cut anywhere (``overflow-wrap``), without a hyphen.
The rules (docs/reference.md, "Typography"): only words of ``MIN_LETTERS`` or more get soft
hyphens; at least ``EDGE_LETTERS`` letters before and after each; a German compound breaks at
its joints ("Kunden|interaktion", from ``sitebuild.compounds`` and the Hunspell dictionary),
and inside a part only when that part alone is ``LONG_PART`` letters or more. Names, the brand,
navigation and buttons never go through this filter. Pure code: text in, text with U+00AD
out; each word is hyphenated once per process.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pyphen
from markupsafe import Markup

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 15  # shorter words fit a heading's line on a phone: never hyphenated ("Vertriebsteams")
EDGE_LETTERS = 3  # letters at least before and after a break ("Kundeninterakti-on" is wrong)
LONG_PART = 16  # a compound's part this long may itself need a break ("Kommunikations" does not)
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")
_TAG = re.compile(r"(<[^>]*>)")
DICTIONARIES = {"de": "de_DE", "en": "en_US"}


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(lang, lang)
    if name not in pyphen.LANGUAGES:
        return None
    return pyphen.Pyphen(lang=name, left=EDGE_LETTERS, right=EDGE_LETTERS)


@cache
def _compound_lexicon():
    """The German compound lexicon (the Hunspell dictionary, read once per process), None
    without the dictionary: then words break at pyphen's places only."""
    from sitebuild.compounds import german_dictionary, lexicon  # the search index's splitter, pure

    dictionary = german_dictionary()
    return lexicon([], dictionary) if dictionary else None


def compound_joints(word: str, lang: str) -> list[str]:
    """*word* cut at its compound joints, as written ("Kunden", "interaktion"); ``[word]``
    when it is no compound (or not German)."""
    known = _compound_lexicon() if lang == "de" else None
    if known is None:
        return [word]
    from sitebuild.compounds import split_compound

    parts = split_compound(word, known)
    if len(parts) < 2 or sum(map(len, parts)) != len(word):  # noqa: PLR2004 (a compound has two parts at least)
        return [word]
    pieces, start = [], 0
    for part in parts:
        pieces.append(word[start : start + len(part)])
        start += len(part)
    return pieces


@lru_cache(maxsize=16384)
def hyphenate_word(word: str, lang: str) -> str:
    """*word* with soft hyphens: at a compound's joints first, else where the dictionary of
    *lang* allows, never closer than ``EDGE_LETTERS`` to either end; short words unchanged."""
    dictionary = _dictionary(lang)
    if len(word) < MIN_LETTERS or not dictionary:
        return word
    pieces = compound_joints(word, lang)
    if len(pieces) == 1:
        return dictionary.inserted(word, hyphen=SOFT_HYPHEN)
    return SOFT_HYPHEN.join(
        dictionary.inserted(piece, hyphen=SOFT_HYPHEN) if len(piece) >= LONG_PART else piece for piece in pieces
    )


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
