"""Split German compound words into known parts, for the search index.

Pagefind matches word prefixes, so "Interaktion" does not find "Kundeninteraktion". The
site's own words form the lexicon: a compound is cut where its head (minus a linking
element such as the "s" in "Vertriebsteam") is a known word, longest head first, and
the tail is a known word (or, failing that, long enough to stand alone); the tail is
split again.
"""

from __future__ import annotations

import re

LETTERS = "A-Za-zÄÖÜäöüß"
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "er", "e")
MIN_PART = 4
MIN_COMPOUND = 9
PART_WORD = re.compile(f"[{LETTERS}]{{{MIN_PART},}}")  # whole words long enough to be a part
MIN_UNKNOWN_TAIL = 6
PREFIX = 5  # letters of an unknown tail that must begin some known word, if possible
DERIVATIONS = ("isier", "ierung", "ieren", "ität", "ismus")  # "Digital|isierung" is no compound
# Prepositions and function words that look like heads but rarely are ("Unternehmen").
NOT_HEADS = {
    "unter", "über", "inter", "nach", "durch", "gegen", "ohne", "hinter", "neben", "zwischen", "wider",
    "aber", "oder", "eine", "einer", "einen", "dies", "diese", "jede", "alle", "auch", "noch", "sich",
    "sind", "wird", "mehr", "sehr", "dass", "wenn", "weil", "denn", "selbst",
}


def part_words(text: str) -> list[str]:
    """The words of *text* long enough to be part of a compound, each once, in order."""
    return list(dict.fromkeys(PART_WORD.findall(text)))


def compound_words(words: list[str]) -> list[str]:
    """Those of the ``part_words`` long enough to be compounds."""
    return [word for word in words if len(word) >= MIN_COMPOUND]


class Lexicon(set):
    """Known words (lower case), and the beginnings of known words (to judge unknown tails)."""

    def __init__(self, words=()) -> None:
        super().__init__(word.lower() for word in words)
        self.beginnings = {word[:PREFIX] for word in self}
        self.splits: dict[str, list[str]] = {}

    def begins_a_word(self, text: str) -> bool:
        """True when some known word starts like *text*."""
        return text[:PREFIX] in self.beginnings


def lexicon(texts) -> Lexicon:
    """The words of *texts* that can be part of a compound."""
    return Lexicon(word for text in texts for word in part_words(text))


def _known_head(head: str, known: Lexicon) -> tuple[str, str] | None:
    """``(stem, linking element)`` when *head* is a known word, possibly plus a linking element."""
    for element in LINKING_ELEMENTS:
        if head.endswith(element) and len(head) - len(element) >= MIN_PART:
            stem = head[: len(head) - len(element)] if element else head
            if stem in known and stem not in NOT_HEADS:
                return stem, element
    return None


def split_compound(word: str, known: Lexicon) -> list[str]:
    """The parts of *word* (lower case), or ``[]`` when it is no compound of known words."""
    lowered = word.lower()
    if len(lowered) < MIN_COMPOUND:
        return []
    fallbacks: list[tuple[int, list[str]]] = []
    for cut in range(len(lowered) - MIN_PART, MIN_PART - 1, -1):
        head, tail = lowered[:cut], lowered[cut:]
        found = _known_head(head, known)
        if found is None:
            continue
        stem, element = found
        rest = split_compound(tail, known)
        if rest:
            return [stem, *rest]
        if tail in known:
            return [stem, tail]
        if len(tail) >= MIN_UNKNOWN_TAIL and not tail.startswith(DERIVATIONS):
            unlikely_start = tail[0] == "s" and tail[1] not in "aeiouäöücpt"  # "einkauf|sleiter"
            fallbacks.append(((unlikely_start, not known.begins_a_word(tail), len(element)), [stem, tail]))
    # an unknown tail: prefer one that can start a German word and begins like a known word
    # ("kommunikations|berater"), then a head that is a word as written ("vertriebs|strategie")
    return min(fallbacks, key=lambda candidate: candidate[0])[1] if fallbacks else []


def compound_parts(words: list[str], known: Lexicon) -> list[str]:
    """Every part of the compounds among *words* (``compound_words``), each once, in order.

    Splits are remembered per lexicon: a site repeats its words on many pages.
    """
    seen: dict[str, None] = {}
    for word in words:
        if word not in known.splits:
            known.splits[word] = split_compound(word, known)
        for part in known.splits[word]:
            seen.setdefault(part, None)
    return list(seen)
