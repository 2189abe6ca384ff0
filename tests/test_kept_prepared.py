"""What every build prepares alike, kept in ``cache/prepared/`` between builds: the parsed
German compound dictionary and the hyphenated long words of headings. A kept value is used
only while what made it is unchanged, and gives what a new one would."""

from __future__ import annotations

import pyphen
import pytest

from sitebuild import compounds
from sitebuild.compounds import german_dictionary, read_hunspell
from sitecore import hyphenation
from sitecore.hyphenation import SOFT_HYPHEN, KeptHyphenations, hyphenate

AFF = "SET UTF-8\nSFX N Y 1\nSFX N 0 en .\n"
DIC = "3\nKunde/ij\nInteraktion/mzN\nprofitieren\n"


def fail(*_args, **_kwargs):
    raise AssertionError("made again although it was kept")


@pytest.fixture
def small_dictionary(tmp_path):
    base = tmp_path / "dictionary" / "de_DE"
    base.parent.mkdir()
    base.with_suffix(".aff").write_text(AFF, encoding="utf-8")
    base.with_suffix(".dic").write_text(DIC, encoding="utf-8")
    german_dictionary.cache_clear()
    yield str(base)
    german_dictionary.cache_clear()


def test_the_compound_dictionary_is_kept_and_parsed_again_when_its_files_change(
    tmp_path, small_dictionary, monkeypatch
):
    kept = str(tmp_path / "prepared")
    first = german_dictionary(small_dictionary, kept)
    assert first == read_hunspell(DIC, AFF) and "interaktionen" in first.ends

    german_dictionary.cache_clear()  # a new build process: read from the kept file, not parsed
    monkeypatch.setattr(compounds, "read_hunspell", fail)
    assert german_dictionary(small_dictionary, kept) == first

    monkeypatch.undo()  # the dictionary gets a word: parsed again, and kept so
    with open(f"{small_dictionary}.dic", "a", encoding="utf-8") as dic:
        dic.write("Gespräch/mz\n")
    german_dictionary.cache_clear()
    again = german_dictionary(small_dictionary, kept)
    assert "gespräch" in again.ends and again == read_hunspell(DIC + "Gespräch/mz\n", AFF)


def test_hyphenated_words_are_kept_and_give_what_hyphenation_gives(tmp_path, monkeypatch):
    kept = str(tmp_path / "prepared")
    heading = "Gutes Kommunikationstraining im Vertrieb"
    words = KeptHyphenations("de", kept)
    assert hyphenate(heading, "de", words) == hyphenate(heading, "de")
    assert SOFT_HYPHEN in words["Kommunikationstraining"]
    words.save()

    monkeypatch.setattr(hyphenation, "hyphenate_word", fail)  # the next build: nothing hyphenated anew
    hyphenated = heading.replace("Kommunikationstraining", words["Kommunikationstraining"])
    assert hyphenate(heading, "de", KeptHyphenations("de", kept)) == hyphenated

    monkeypatch.setattr(hyphenation, "hyphenation_version", lambda lang: "another pyphen")
    assert "Kommunikationstraining" not in KeptHyphenations("de", kept)  # made by other code: not used
    assert "Kommunikationstraining" not in KeptHyphenations("en", kept)  # each language its own


def test_compiled_templates_are_kept_and_compiled_again_when_their_source_changes(tmp_path, monkeypatch):
    from jinja2 import Environment, FileSystemLoader

    from sitecore.templates import MemoryBytecodeCache

    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    kept = str(tmp_path / "prepared" / "templates.pickle")

    def environment() -> Environment:  # as a new build process makes it
        compiled = MemoryBytecodeCache()
        compiled.keep_in(kept, "v1")
        return Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=compiled)

    first = environment()
    assert first.get_template("page.html").render(title="A") == "<h1>A</h1>"
    first.bytecode_cache.save()

    again = environment()
    monkeypatch.setattr(again, "compile", fail)
    assert again.get_template("page.html").render(title="B") == "<h1>B</h1>"

    (tmp_path / "page.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")  # Jinja checks the source
    monkeypatch.undo()
    assert environment().get_template("page.html").render(title="C") == "<h2>C</h2>"
    other = MemoryBytecodeCache()
    other.keep_in(kept, "v2")  # another Jinja, Python, plugins or settings
    assert not other._compiled  # noqa: SLF001


def _forget_dictionaries() -> None:
    """As in a new build process: nothing loaded yet."""
    for memo in (hyphenation._dictionary, hyphenation._compound_lexicon, hyphenation.hyphenate_word, german_dictionary):  # noqa: SLF001
        memo.cache_clear()


def test_the_dictionaries_prepared_beside_the_content_index_are_read_back_without_a_parse(tmp_path, monkeypatch):
    kept = tmp_path / "prepared"
    word = "Kommunikationstrainingsangebot"
    _forget_dictionaries()
    fresh = hyphenation.hyphenate_word(word, "de")  # parsed, nothing kept
    fresh_english = hyphenation.hyphenate_word("Telecommunications", "en")
    assert SOFT_HYPHEN in fresh and SOFT_HYPHEN in fresh_english

    _forget_dictionaries()
    hyphenation.prepare_dictionaries(["de", "en"], str(kept))
    expected = {"pyphen-de_DE.pickle", "pyphen-en_US.pickle"}
    if german_dictionary() is not None:  # Debian's hunspell-de-de
        expected.add("de_DE-compounds.pickle")
    assert expected <= {path.name for path in kept.iterdir()}

    _forget_dictionaries()  # the German run: reads both back, parses neither
    monkeypatch.setattr(pyphen.Pyphen, "__init__", fail)
    monkeypatch.setattr(compounds, "read_hunspell", fail)
    try:
        assert hyphenation.hyphenate_word(word, "de", str(kept)) == fresh
        assert hyphenation.hyphenate_word("Telecommunications", "en", str(kept)) == fresh_english
    finally:
        _forget_dictionaries()
