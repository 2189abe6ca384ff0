"""Split German compound words into their parts, for the search index.

Pagefind matches word prefixes, so "Interaktion" does not find "Kundeninteraktion". Two
lexicons say what a part is: the German Hunspell dictionary (Debian's ``hunspell-de-de``,
derived from igerman98), which marks the forms that begin a compound, linking element
included ("Kunden", "Vertriebs", "Einfühlungs"), and the nouns that end one ("Interaktion",
"Vermögen"); and the site's own words (capitalised words, with a linking element as a head).
Only capitalised words (nouns) are split, into the fewest parts; a word the dictionary knows
as a whole verb or adjective ("Profitieren") or as a whole noun ("Unternehmen") is not split.
Without the dictionary only the site's words are used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache

from sitecore import kept_files

LETTERS = "A-Za-zÄÖÜäöüß"
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "er", "e")
MIN_PART = 4  # letters of a tail, and of a head from the site's words
MIN_DICTIONARY_HEAD = 3  # "Neu|kunden"
MIN_COMPOUND = 8
MIN_HEAD_AS_END = 6
# nominalised participles ("Mitarbeitende") are no compounds with "Ende" ("Wochen|ende" is)
PARTICIPLE_ENDS = {"ende", "enden", "ender", "endes"}
PART_WORD = re.compile(f"[{LETTERS}]{{{MIN_PART},}}")  # whole words long enough to be a part
HUNSPELL_DE = "/usr/share/hunspell/de_DE"  # .dic and .aff, from Debian's hunspell-de-de
# igerman98's flags: a form that begins a compound; a noun that ends one; "only in compounds"
HEAD_FLAGS, END_FLAGS, ONLY_IN_COMPOUND = set("ij"), set("mz"), "o"
# Prepositions and function words that look like heads but rarely are.
NOT_HEADS = {
    "unter",
    "über",
    "inter",
    "vor",
    "nach",
    "durch",
    "gegen",
    "ohne",
    "hinter",
    "neben",
    "zwischen",
    "wider",
    "aber",
    "oder",
    "eine",
    "einer",
    "einen",
    "dies",
    "diese",
    "jede",
    "alle",
    "auch",
    "noch",
    "sich",
    "sind",
    "wird",
    "mehr",
    "sehr",
    "dass",
    "wenn",
    "weil",
    "denn",
}


@dataclass(frozen=True)
class GermanDictionary:
    """What the Hunspell dictionary says about compounds, all in lower case."""

    heads: frozenset[str]  # forms that begin a compound, linking element included
    ends: frozenset[str]  # nouns (all their inflected forms) that end a compound
    whole: frozenset[str]  # verbs, adjectives and other words never split ("profitieren")


def part_words(text: str) -> list[str]:
    """The words of *text* long enough to be part of a compound, each once, in order."""
    return list(dict.fromkeys(PART_WORD.findall(text)))


def compound_words(words: list[str]) -> list[str]:
    """Those of the ``part_words`` that may be compounds: nouns (capitalised), long enough."""
    return [word for word in words if len(word) >= MIN_COMPOUND and word[0].isupper()]


def _suffix_rules(aff_text: str) -> dict[str, list[tuple[str, str, re.Pattern]]]:
    """The ``SFX`` rules of a Hunspell affix file: flag -> (strip, add, condition) each."""
    rules: dict[str, list[tuple[str, str, re.Pattern]]] = {}
    for line in aff_text.splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":  # noqa: PLR2004 (SFX flag strip add condition)
            flag, strip, add, condition = fields[1], fields[2], fields[3].split("/")[0], fields[4]
            rules.setdefault(flag, []).append(
                ("" if strip == "0" else strip, "" if add == "0" else add, re.compile(f"(?:{condition})$"))
            )
    return rules


def read_hunspell(dic_text: str, aff_text: str) -> GermanDictionary:
    """The compound lexicon in a Hunspell German dictionary (igerman98 flags)."""
    rules = _suffix_rules(aff_text)
    heads, ends, whole = set(), set(), set()
    for line in dic_text.splitlines()[1:]:
        word, _, flags = line.strip().partition("/")
        if not word or line[0].isspace():
            continue
        lowered = word.lower()
        if HEAD_FLAGS & set(flags):
            heads.add(lowered)
        if END_FLAGS & set(flags):
            ends.add(lowered)
            for flag in flags:
                for strip, add, condition in rules.get(flag, ()):
                    if condition.search(word) and word.endswith(strip):
                        ends.add((word[: len(word) - len(strip)] + add).lower())
        elif word[0].islower() and ONLY_IN_COMPOUND not in flags:
            whole.add(lowered)
        elif word[0].isupper() and not HEAD_FLAGS & set(flags):
            whole.add(lowered)  # a noun that never takes part in compounds
    return GermanDictionary(frozenset(heads), frozenset(ends), frozenset(whole - heads))


@cache
def german_dictionary(base: str = HUNSPELL_DE, kept_in: str | None = None) -> GermanDictionary | None:
    """The dictionary at *base* (``.dic`` and ``.aff``), read once per process; None when missing.

    With *kept_in* (a folder), the lexicon is kept there between builds, under a digest of the
    dictionary's files and of this module: reading it back takes a tenth of parsing the files.
    """
    files = (f"{base}.dic", f"{base}.aff")
    if not all(os.path.isfile(path) for path in files):
        return None
    if kept_in is None:
        return _read_dictionary(*files)
    version = kept_files.files_digest([*files, __file__])
    file = os.path.join(kept_in, f"{os.path.basename(base)}-compounds.pickle")
    dictionary = kept_files.load(file, version)
    if not isinstance(dictionary, GermanDictionary):
        dictionary = _read_dictionary(*files)
        kept_files.save(file, version, dictionary)
    return dictionary


def _read_dictionary(dic_file: str, aff_file: str) -> GermanDictionary:
    with open(dic_file, encoding="utf-8") as dic, open(aff_file, encoding="utf-8") as aff:
        return read_hunspell(dic.read(), aff.read())


@dataclass
class Lexicon:
    """The site's nouns plus the dictionary's words (if any), and the splits found so far."""

    site_nouns: set[str]
    dictionary: GermanDictionary | None = None
    splits: dict[str, list[str]] = field(default_factory=dict)

    def is_noun(self, word: str) -> bool:
        """True when *word* is a noun of the site or of the dictionary."""
        return word in self.site_nouns or bool(self.dictionary and word in self.dictionary.ends)

    def head_linking(self, head: str) -> int | None:
        """How many letters of linking element *head* ends with when it can begin a compound
        (0 for a form the dictionary marks so, or a noun: "kunden"; 1 for "präsentation|s"),
        None when it cannot."""
        if head in NOT_HEADS:
            return None
        if self.dictionary and len(head) >= MIN_DICTIONARY_HEAD and head in self.dictionary.heads:
            return 0
        for element in LINKING_ELEMENTS:
            if (
                head.endswith(element)
                and len(head) - len(element) >= MIN_PART
                and self.is_noun(head[: len(head) - len(element)])
            ):
                return len(element)
        return None

    def is_end(self, tail: str) -> bool:
        """True when *tail* can end a compound: a noun, or a long head that is no linking
        form ("Mitarbeiter", which the dictionary lists only as a head)."""
        if len(tail) < MIN_PART:
            return False
        if self.is_noun(tail):
            return True
        return (
            bool(self.dictionary) and len(tail) >= MIN_HEAD_AS_END and tail[-1] != "s" and tail in self.dictionary.heads
        )

    def is_whole(self, word: str) -> bool:
        """True when the dictionary knows *word* as a whole word: a verb or adjective
        ("profitieren"), or a noun of its own ("Unternehmen", "Nachbereitung")."""
        return bool(self.dictionary) and (word in self.dictionary.whole or word in self.dictionary.ends)


def lexicon(texts, dictionary: GermanDictionary | None = None) -> Lexicon:
    """The lexicon of the nouns (capitalised words) of *texts*, with *dictionary*."""
    return Lexicon({word.lower() for text in texts for word in part_words(text) if word[0].isupper()}, dictionary)


def _split(lowered: str, known: Lexicon, found: dict) -> tuple[tuple[int, int, int], list[str]] | None:
    """The best split of *lowered*, with its rank (fewest parts, then the shortest linking
    elements, then the longest head); None when there is none."""
    if lowered in found:
        return found[lowered]
    best = None
    for cut in range(len(lowered) - MIN_PART, MIN_DICTIONARY_HEAD - 1, -1):
        head, tail = lowered[:cut], lowered[cut:]
        linking = known.head_linking(head)
        if linking is None:
            continue
        if known.is_end(tail) and (tail not in PARTICIPLE_ENDS or head[-1] in "sn"):
            rest = ((1, 0, 0), [tail])
        else:
            rest = _split(tail, known, found)
        if rest:
            rank = (rest[0][0] + 1, rest[0][1] + linking, -cut)
            if best is None or rank < best[0]:
                best = (rank, [head, *rest[1]])
    found[lowered] = best
    return best


def split_compound(word: str, known: Lexicon) -> list[str]:
    """The parts of *word* (lower case, heads as written: "kunden", "interaktion"), or ``[]``
    when it is no compound of known parts."""
    lowered = word.lower()
    if len(lowered) < MIN_COMPOUND or known.is_whole(lowered):
        return []
    best = _split(lowered, known, {})
    return best[1] if best else []


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
