"""Plain text passes Python-Markdown's inline step untouched: a Markdown extension that spares
every inline pattern the text nodes none of them can match.

Python-Markdown tries each inline pattern (emphasis, links, code, entities, ...) on every text
node, a regular expression search each: most of the time of converting a post of plain
paragraphs. A text with none of the characters that start a pattern of the site's Markdown
(`````, ``\\``, ``[``, ``<``, ``&``, ``*``, ``_``, nor the two spaces of a line break) comes out
of that step as it went in, so it is marked atomic (``AtomicString``: the inline step leaves
it alone) just before that step and made a plain string again right after it, so that the
steps after it (``abbr``, ``attr_list``, ``toc``) see what they saw before. The HTML is the same
to the byte. Only when the registered inline patterns are those whose characters are known
here: an extension that adds another (``smarty``'s quotes) turns the shortcut off.
Pure: no Pelican import.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# The inline patterns of Python-Markdown and its "extra" extensions, and what each needs to match:
# code `, escape \, footnote/links/images [, autolink/automail/html <, entity &, emphasis * _,
# line break "  \n"; STX and ETX are the placeholders of text Markdown has stashed.
KNOWN_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
    "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
    "em_strong", "not_strong", "strong_em", "strong", "emphasis", "emphasis2",
})  # fmt: skip
PATTERN_START = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
INLINE_PRIORITY = 20  # Python-Markdown's InlineProcessor


def plain(text: str | None) -> bool:
    """Whether *text* is a text no inline pattern of :data:`KNOWN_PATTERNS` can match."""
    return bool(text) and not isinstance(text, AtomicString) and PATTERN_START.search(text) is None


class MarkPlainText(Treeprocessor):
    """Before the inline step: make each plain text and tail atomic, and note where."""

    def __init__(self, md: Markdown, marked: list[tuple[etree.Element, bool]]) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, root: etree.Element) -> None:
        """Mark the plain texts below *root* (its own text the inline step does not look at)."""
        self.marked.clear()
        patterns = self.md.inlinePatterns
        if sum(name in patterns for name in KNOWN_PATTERNS) != len(patterns):
            return  # a pattern not known here: its characters are not in PATTERN_START
        for element in root.iter():
            if element is not root and plain(element.text):
                element.text = AtomicString(element.text)
                self.marked.append((element, True))
            if element is not root and plain(element.tail):
                element.tail = AtomicString(element.tail)
                self.marked.append((element, False))


class UnmarkPlainText(Treeprocessor):
    """After the inline step: the marked texts are plain strings again."""

    def __init__(self, md: Markdown, marked: list[tuple[etree.Element, bool]]) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, root: etree.Element) -> None:
        """Give back each marked text and tail as a ``str``."""
        for element, is_text in self.marked:
            if is_text:
                element.text = str(element.text)
            else:
                element.tail = str(element.tail)
        self.marked.clear()


class PlainTextExtension(Extension):
    """Register the two steps around Python-Markdown's inline step."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Mark right before the inline step, unmark right after it."""
        marked: list[tuple[etree.Element, bool]] = []
        md.treeprocessors.register(MarkPlainText(md, marked), "plain_text_mark", INLINE_PRIORITY + 0.5)
        md.treeprocessors.register(UnmarkPlainText(md, marked), "plain_text_unmark", INLINE_PRIORITY - 0.5)


def makeExtension(**kwargs) -> PlainTextExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, for ``MARKDOWN["extension_configs"]`` by name."""
    return PlainTextExtension(**kwargs)
