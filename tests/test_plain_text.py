"""The shortcuts for plain text in the site's Markdown (``content_reader.plain_text``): the HTML
is byte for byte what Python-Markdown gives without them, and they are taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

import pelicanconf

from content_reader.plain_text import MarkPlainText, PlainTextExtension, plain
from content_reader.rendering import markdown_options, summary_markdown
from sitetest import REPO

SITE = {"MARKDOWN": pelicanconf.MARKDOWN}


def without_shortcut(options: dict) -> dict:
    return {**options, "extensions": [e for e in options["extensions"] if not isinstance(e, PlainTextExtension)]}


def converters(options: dict) -> tuple[Markdown, Markdown]:
    return Markdown(**options), Markdown(**without_shortcut(options))


SITE_MARKDOWN, PLAIN_MARKDOWN = converters(markdown_options(SITE))


def both(text: str, fast: Markdown = SITE_MARKDOWN, slow: Markdown = PLAIN_MARKDOWN) -> tuple[str, str]:
    fast.reset()
    slow.reset()
    return fast.convert(text), slow.convert(text)


TRICKY = [
    "Ein Absatz ohne Auszeichnung.\n\nUnd noch einer, mit Umlauten: Größe, Übung.",
    "*[HTML]: Hypertext Markup Language\n\nHTML ist plain, doch abbr macht daraus ein Element.",
    "Zeile mit zwei Leerzeichen  \nund Umbruch.",
    "Text mit *Betonung* und danach Klartext\n\n> Zitat ohne Zeichen\n\n- Punkt eins\n- Punkt zwei",
    "Fußnote[^1] im Text.\n\n[^1]: Die Notiz, ganz schlicht.",
    "## Überschrift ohne Zeichen\n\nAbsatz {: .klasse }\n\n### Zweite {#eigene-id}",
    "Begriff\n: Erklärung ohne Zeichen\n\n| a | b |\n|---|---|\n| c | d |",
    '<div markdown="1">\nInnen schlicht.\n</div>\n\nDanach schlicht.',
    "!!! offer kommunikationstraining-vertrieb\n    Ein Satz ohne Zeichen.\n\nDanach.",
    "Ein Link <https://example.org> und a@b.c und &amp; Entität",
    "[TOC]\n\n## Eins\n\n## Zwei",
    "Text mit _kursiv_ und __fett__, dann a_b_c und Klartext.",
    "- Punkt\n\nSchlicht nach der Liste\n\n- wieder\n    eingerückt\n\nSchlicht",
    "1. Eins\n2. Zwei\n\nSchlicht\n\n    Code nach Absatz\n\nSchlicht",
    "Begriff\n\n: Erklärung nach Leerzeile\n\nSchlicht",
    "Schlicht\n# Überschrift mitten im Block\nweiter schlicht",
    "Titel\n=====\n\nUntertitel\n---\n\nText\n\n---\n\nText",
    "Spalte a | Spalte b\n--- | ---\nx | y",
    "Satz davor\n[^n]: Notiz mitten im Block\n\nSatz[^n].",
    "> Zitat\nfaul weiter\n\nSchlicht",
    "Escape \\* und Code `x` neben Klartext.\n\n    eingerückter Code\n\nKlartext",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_shortcut_gives_the_html_of_python_markdown(text):
    fast, slow = both(text)
    assert fast == slow


ATOMS = [
    "Wort", "wort", "Größe", " ", "  ", "\n", "\n\n", "  \n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
    "<", ">", "&", "#", "## ", "- ", "1. ", "> ", "    ", "{: .c}", "[^1]", "[^1]: n\n", "*[ABK]: Abkürzung\n",
    "ABK", "[a](/b)", "!", ":", "|", "---", '<div markdown="1">', "</div>", "!!! offer x\n", "'", '"', "\t",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), max_size=40).map("".join))
def test_any_mix_of_markdown_gives_the_same_html_with_and_without_the_shortcut(text):
    fast, slow = both(text)
    assert fast == slow


def test_every_markdown_file_of_the_sample_site_and_the_docs_gives_the_same_html():
    files = [*sorted((REPO / "content").rglob("*.md")), *sorted((REPO / "docs").glob("*.md"))]
    assert len(files) > 20
    for file in files:
        fast, slow = both(Path(file).read_text(encoding="utf-8"))
        assert fast == slow, file


def test_summaries_converted_without_raw_html_give_the_same_html():
    fast, slow = summary_markdown(SITE), summary_markdown(SITE)
    slow.treeprocessors.deregister("plain_text_mark")
    for text in [*TRICKY, "<b>fett</b> und schlicht", "Schlicht."]:
        summary, expected = both(text, fast, slow)
        assert summary == expected


def test_plain_paragraphs_skip_the_inline_patterns(monkeypatch):
    searched: list[str] = []
    for pattern in SITE_MARKDOWN.inlinePatterns:
        original = pattern.getCompiledRegExp()
        monkeypatch.setattr(pattern, "compiled_re", _Spy(original, searched))
    SITE_MARKDOWN.reset()
    html = SITE_MARKDOWN.convert("Erster schlichter Absatz.\n\nZweiter mit *Betonung*.")
    assert html == "<p>Erster schlichter Absatz.</p>\n<p>Zweiter mit <em>Betonung</em>.</p>"
    assert searched and not any("Erster" in text for text in searched)
    assert any("Zweiter" in text for text in searched)


class _Spy:
    """A compiled pattern that notes the texts it is searched in."""

    def __init__(self, pattern, searched: list[str]) -> None:
        self.pattern, self.searched = pattern, searched

    def search(self, text, *args):
        self.searched.append(text)
        return self.pattern.search(text, *args)

    def match(self, text, *args):
        self.searched.append(text)
        return self.pattern.match(text, *args)

    def finditer(self, text, *args):
        self.searched.append(text)
        return self.pattern.finditer(text, *args)


def hashheader_tests(markdown: Markdown, monkeypatch) -> list[str]:
    """The blocks the ``hashheader`` processor (one of the processors before the paragraph) is asked about."""
    asked: list[str] = []
    processor = markdown.parser.blockprocessors["hashheader"]
    real = processor.test

    def counting(parent, block):
        asked.append(block)
        return real(parent, block)

    monkeypatch.setattr(processor, "test", counting)
    return asked


def test_plain_blocks_of_the_document_become_paragraphs_without_asking_the_other_processors(monkeypatch):
    asked = hashheader_tests(SITE_MARKDOWN, monkeypatch)
    SITE_MARKDOWN.reset()
    html = SITE_MARKDOWN.convert("Erster Absatz.\nZweite Zeile.\n\n- Liste mit Absatz\n\nDritter Absatz.")
    assert (
        html == "<p>Erster Absatz.\nZweite Zeile.</p>\n<ul>\n<li>Liste mit Absatz</li>\n</ul>\n<p>Dritter Absatz.</p>"
    )
    assert asked == ["- Liste mit Absatz", "Liste mit Absatz"]  # the item's text is in the list: the long way


def test_a_block_processor_not_known_here_turns_the_block_shortcut_off(monkeypatch):
    markdown = Markdown(
        **markdown_options({"MARKDOWN": {**pelicanconf.MARKDOWN, "extensions": ["markdown.extensions.admonition"]}})
    )
    asked = hashheader_tests(markdown, monkeypatch)
    assert markdown.convert("Schlicht.") == "<p>Schlicht.</p>"
    assert asked == ["Schlicht."]


def test_an_extension_with_a_pattern_not_known_here_turns_the_shortcut_off():
    options = markdown_options({"MARKDOWN": {**pelicanconf.MARKDOWN, "extensions": ["markdown.extensions.smarty"]}})
    fast, slow = converters(options)
    text = "Er sagte \"ja\" -- und 'nein' ..."
    assert (
        both(text, fast, slow)[0]
        == both(text, fast, slow)[1]
        == ("<p>Er sagte &ldquo;ja&rdquo; &ndash; und &lsquo;nein&rsquo; &hellip;</p>")
    )


def test_the_marks_come_right_before_the_inline_step_and_go_right_after_it():
    assert type(next(iter(SITE_MARKDOWN.parser.blockprocessors))).__name__ == "PlainParagraphProcessor"
    steps = [type(step).__name__ for step in SITE_MARKDOWN.treeprocessors]
    at = steps.index("InlineProcessor")
    assert steps[at - 1 : at + 2] == ["MarkPlainText", "InlineProcessor", "UnmarkPlainText"]
    assert isinstance(SITE_MARKDOWN.treeprocessors["plain_text_mark"], MarkPlainText)


@pytest.mark.parametrize(
    ("text", "is_plain"),
    [("Schlicht, mit Komma.", True), ("a*b", False), ("a_b", False), ("x  \ny", False), ("x \ny", True), ("", False)],
)
def test_plain_text_is_text_without_a_character_that_starts_a_pattern(text, is_plain):
    assert plain(text) is is_plain
