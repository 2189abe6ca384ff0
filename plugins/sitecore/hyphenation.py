"""Soft hyphens in long words of visible headings, so narrow screens break them with a hyphen.

Chromium on Linux has no German hyphenation dictionary for ``hyphens: auto``: a long word
such as "Kommunikationstraining" is cut anywhere (``overflow-wrap``), without a hyphen.
The rules (docs/reference.md, "Typography"): only words of ``MIN_LETTERS`` or more get soft
hyphens; at least ``EDGE_LETTERS`` letters before and after each; a German compound breaks at
its joints ("Kunden|interaktion", from ``sitebuild.compounds`` and the Hunspell dictionary),
and inside a part only when that part alone is ``LONG_PART`` letters or more. Names, the brand,
navigation and buttons never go through this filter. Pure code: text in, text with U+00AD
out; each word is hyphenated once per process, and, with ``KeptHyphenations``, once for all
builds that keep its file (loading pyphen's patterns and the compound dictionary costs about a
second of CPU per German process, for the handful of long words in its headings; both are kept
too, and a whole build prepares them beside the content index: ``prepare_dictionaries``).
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache

import pyphen
from markupsafe import Markup

from . import kept_files

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 15  # shorter words fit a heading's line on a phone: never hyphenated ("Vertriebsteams")
EDGE_LETTERS = 3  # letters at least before and after a break ("Kundeninterakti-on" is wrong)
LONG_PART = 16  # a compound's part this long may itself need a break ("Kommunikations" does not)
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")
_TAG = re.compile(r"(<[^>]*>)")
DICTIONARIES = {"de": "de_DE", "en": "en_US"}


@lru_cache(maxsize=8)
def _dictionary(lang: str, kept_in: str | None = None) -> pyphen.Pyphen | None:
    """pyphen's patterns of *lang*, read once per process; with *kept_in* (a folder), kept there
    between builds under a digest of pyphen's version and dictionary file and of this module:
    reading them back takes a twentieth of parsing the dictionary."""
    name = DICTIONARIES.get(lang, lang)
    if name not in pyphen.LANGUAGES:
        return None
    if kept_in is None:
        return pyphen.Pyphen(lang=name, left=EDGE_LETTERS, right=EDGE_LETTERS)
    file = os.path.join(kept_in, f"pyphen-{name}.pickle")
    version = kept_files.files_digest([str(pyphen.LANGUAGES[name]), __file__], pyphen.__version__, str(EDGE_LETTERS))
    dictionary = kept_files.load(file, version)
    if not isinstance(dictionary, pyphen.Pyphen):
        dictionary = pyphen.Pyphen(lang=name, left=EDGE_LETTERS, right=EDGE_LETTERS)
        kept_files.save(file, version, dictionary)
    return dictionary


def prepare_dictionaries(langs, kept_in: str) -> None:
    """Make sure the dictionaries that hyphenating a word of each of *langs* loads are kept in
    *kept_in* (pyphen's patterns; for German also the compound dictionary), so that a language's
    run reads them back instead of parsing them: a whole build does this on its second core
    while it indexes the content."""
    for lang in langs:
        _dictionary(lang, kept_in)
        if lang == "de":
            _compound_lexicon(kept_in)


@cache
def _compound_lexicon(kept_in: str | None = None):
    """The German compound lexicon (the Hunspell dictionary, read once per process, kept in
    the folder *kept_in* if given), None without the dictionary: then words break at pyphen's
    places only."""
    from sitebuild.compounds import german_dictionary, lexicon  # the search index's splitter, pure

    dictionary = german_dictionary(kept_in=kept_in)
    return lexicon([], dictionary) if dictionary else None


def compound_joints(word: str, lang: str, kept_in: str | None = None) -> list[str]:
    """*word* cut at its compound joints, as written ("Kunden", "interaktion"); ``[word]``
    when it is no compound (or not German)."""
    known = _compound_lexicon(kept_in) if lang == "de" else None
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
def hyphenate_word(word: str, lang: str, kept_in: str | None = None) -> str:
    """*word* with soft hyphens: at a compound's joints first, else where the dictionary of
    *lang* allows, never closer than ``EDGE_LETTERS`` to either end; short words unchanged.
    *kept_in*: where the compound dictionary is kept between builds (``german_dictionary``)."""
    dictionary = _dictionary(lang, kept_in)
    if len(word) < MIN_LETTERS or not dictionary:
        return word
    pieces = compound_joints(word, lang, kept_in)
    if len(pieces) == 1:
        return dictionary.inserted(word, hyphen=SOFT_HYPHEN)
    return SOFT_HYPHEN.join(
        dictionary.inserted(piece, hyphen=SOFT_HYPHEN) if len(piece) >= LONG_PART else piece for piece in pieces
    )


class KeptHyphenations(dict):
    """Long words of language *lang* with their soft hyphens (``hyphenate_word``'s), kept in
    a file of the folder *kept_in* between builds, under a digest of pyphen's version, its
    dictionary, the compound dictionary and this code. A word not kept is hyphenated (loading
    the dictionaries) and kept from then on; ``save`` writes the file when words were added."""

    def __init__(self, lang: str, kept_in: str) -> None:
        self.lang, self.kept_in = lang, kept_in
        self.file = os.path.join(kept_in, f"hyphenation-{lang}.pickle")
        self.version = hyphenation_version(lang)
        super().__init__(kept_files.load(self.file, self.version) or {})
        self.added = False

    def __missing__(self, word: str) -> str:
        hyphenated = self[word] = hyphenate_word(word, self.lang, self.kept_in)
        self.added = True
        return hyphenated

    def save(self) -> None:
        """Keep the words in the file, if any were added since it was read."""
        if self.added:
            kept_files.save(self.file, self.version, dict(self))
            self.added = False


def hyphenation_version(lang: str) -> str:
    """What the hyphenation of a word of *lang* depends on besides the word: pyphen's version
    and dictionary, the compound dictionary (German) and the code of both."""
    from sitebuild import compounds  # the search index's splitter, pure

    name = DICTIONARIES.get(lang, lang)
    files = [__file__, compounds.__file__, str(pyphen.LANGUAGES.get(name, ""))]
    if lang == "de":
        files += [f"{compounds.HUNSPELL_DE}.dic", f"{compounds.HUNSPELL_DE}.aff"]
    return kept_files.files_digest(files, pyphen.__version__, lang, f"{MIN_LETTERS} {EDGE_LETTERS} {LONG_PART}")


def hyphenate_text(text: str, lang: str, words: dict[str, str] | None = None) -> str:
    """Plain *text* with soft hyphens in its long words (from *words*, a ``KeptHyphenations``
    of *lang*, when given)."""
    if words is not None:
        return _LONG_WORD.sub(lambda match: words[match.group(0)], text)
    return _LONG_WORD.sub(lambda match: hyphenate_word(match.group(0), lang), text)


def hyphenate(value, lang: str, words: dict[str, str] | None = None):
    """The Jinja filter: text stays text (escaped later), markup stays markup, and in markup
    only the text between tags changes, never a tag or an attribute (*words*: see
    ``hyphenate_text``)."""
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        parts = _TAG.split(str(value.__html__()))
        return Markup("".join(part if part.startswith("<") else hyphenate_text(part, lang, words) for part in parts))
    return hyphenate_text(str(value), lang, words)


def strip_soft_hyphens(text: str) -> str:
    """*text* without soft hyphens (for titles in attributes, the search index, feeds)."""
    return text.replace(SOFT_HYPHEN, "")
