"""German compound splitting for the search index: a table of consultancy words, split with
the German Hunspell dictionary and the site's words, and the fallback to the site's words."""

from __future__ import annotations

import os

import pytest

from sitebuild.compounds import HUNSPELL_DE, german_dictionary, lexicon, read_hunspell, split_compound

needs_dictionary = pytest.mark.skipif(
    not os.path.isfile(f"{HUNSPELL_DE}.dic") and os.environ.get("CI") != "true",
    reason="Debian's hunspell-de-de is not installed (apt-get install hunspell-de-de)",
)

# word -> expected parts ([] for no compound); every part is a word a reader may search for
SPLITS = {
    "Kundeninteraktion": ["kunden", "interaktion"],
    "Einfühlungsvermögen": ["einfühlungs", "vermögen"],
    "Vertriebsteams": ["vertriebs", "teams"],
    "Führungskräfte": ["führungs", "kräfte"],
    "Verhandlungsführung": ["verhandlungs", "führung"],
    "Gesprächsführung": ["gesprächs", "führung"],
    "Kommunikationstraining": ["kommunikations", "training"],
    "Vertriebsleiter": ["vertriebs", "leiter"],
    "Kundenbindung": ["kunden", "bindung"],
    "Zielgruppe": ["ziel", "gruppe"],
    "Mitarbeitergespräch": ["mitarbeiter", "gespräch"],
    "Preisverhandlung": ["preis", "verhandlung"],
    "Neukundengewinnung": ["neu", "kunden", "gewinnung"],
    "Fragetechnik": ["frage", "technik"],
    "Kommunikationsberater": ["kommunikations", "berater"],
    "Vertriebsstrategie": ["vertriebs", "strategie"],
    "Videokonferenzen": ["video", "konferenzen"],
    "Teamentwicklung": ["team", "entwicklung"],
    "Konfliktlösung": ["konflikt", "lösung"],
    "Zeitmanagement": ["zeit", "management"],
    "Kundenzufriedenheit": ["kunden", "zufriedenheit"],
    "Verkaufsgespräch": ["verkaufs", "gespräch"],
    "Einwandbehandlung": ["einwand", "behandlung"],
    "Führungskompetenz": ["führungs", "kompetenz"],
    "Vertriebsprozess": ["vertriebs", "prozess"],
    "Trainingsangebote": ["trainings", "angebote"],
    "Veränderungsprozess": ["veränderungs", "prozess"],
    "Selbstmanagement": ["selbst", "management"],
    "Angebotserstellung": ["angebots", "erstellung"],
    "Telefonakquise": ["telefon", "akquise"],
    "Vertriebsmitarbeiter": ["vertriebs", "mitarbeiter"],
    "Präsentationstechnik": ["präsentations", "technik"],
    "Praxisbeispiele": ["praxis", "beispiele"],
    "Gesprächspartner": ["gesprächs", "partner"],
    # no compounds: whole words, derivations, participles
    "profitieren": [],
    "Profitieren": [],
    "Digitalisierung": [],
    "Unternehmen": [],
    "Interaktion": [],
    "Kommunikation": [],
    "Unterstützung": [],
    "Verantwortung": [],
    "Mitarbeitende": [],
    "Teilnehmende": [],
    "Entscheidung": [],
}
# parts that would make false hits
NOT_PARTS = {
    "profitieren": "tieren",
    "Mitarbeitende": "ende",
    "Angebotserstellung": "stellung",
    "Einwandbehandlung": "wand",
    "Unternehmen": "nehmen",
}


@needs_dictionary
@pytest.mark.parametrize(("word", "parts"), sorted(SPLITS.items()))
def test_consultancy_compounds_split_with_the_dictionary(word, parts):
    known = lexicon(["Die Kunden und ihr Vertrieb"], german_dictionary())
    found = split_compound(word, known)
    assert found == parts
    assert NOT_PARTS.get(word) not in found


def test_the_site_words_split_without_the_dictionary():
    known = lexicon(["Kunden Kommunikation Training Video Vertriebs Unternehmen Konferenzen nehmen unter"])
    assert split_compound("Kundeninteraktion", known) == []  # "Interaktion" is no word of this site
    assert split_compound("Kommunikationstraining", known) == ["kommunikations", "training"]
    assert split_compound("Videokonferenzen", known) == ["video", "konferenzen"]
    assert split_compound("Unternehmen", known) == []


def test_a_hunspell_dictionary_is_read_with_its_compound_flags():
    aff = "SET UTF-8\nSFX S Y 1\nSFX S   0     s          .\nSFX P Y 1\nSFX P   0     en         .\n"
    dic = "5\nKunden/hij\nTeam/Sm\nInteraktion/Pm\nTier/EPSTm\nprofitieren/DIXY\nProfi/Smij\n"
    dictionary = read_hunspell(dic, aff)
    assert {"kunden", "profi"} <= dictionary.heads
    assert {"team", "teams", "interaktion", "interaktionen", "tier", "tieren"} <= dictionary.ends
    assert "profitieren" in dictionary.whole
    known = lexicon([], dictionary)
    assert split_compound("Kundeninteraktionen", known) == ["kunden", "interaktionen"]
    assert split_compound("Profitieren", known) == []


def test_a_missing_dictionary_is_a_warning_and_the_site_words_still_split(monkeypatch, caplog):
    from sitebuild import search_index

    monkeypatch.setattr(search_index, "german_dictionary", lambda **_: None)
    known = search_index.lexicon_of({"Kunden", "Interaktion"})
    assert split_compound("Kundeninteraktion", known) == ["kunden", "interaktion"]
    assert split_compound("Einfühlungsvermögen", known) == []
    assert "no German dictionary" in caplog.text and "apt-get install hunspell-de-de" in caplog.text


def test_a_strict_build_without_the_dictionary_fails_naming_the_package(build_site, monkeypatch):
    from sitebuild import search_index

    monkeypatch.setattr(search_index, "german_dictionary", lambda **_: None)
    post = "Title: Probe\nDate: 2024-01-02\nSlug: probe\n\nDie Kundeninteraktion.\n"
    site = build_site({"de/posts/probe.md": post}, STRICT=True, SITEURL="https://www.albrecht-kommunikation.example")
    assert not site.report.ok
    assert any("no German dictionary" in w and "hunspell-de-de" in w for w in site.report.warnings), (
        site.report.warnings
    )
