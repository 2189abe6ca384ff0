"""Plain text passes Python-Markdown's block and inline steps the short way: a Markdown
extension with the same HTML, sooner.

Python-Markdown tries each block processor on every block until one takes it (a paragraph is
the last to be tried), and each inline pattern (emphasis, links, code, entities, ...) on every
text node: regular expression searches, most of the time of converting a post of plain
paragraphs. Two shortcuts, each only when every registered processor or pattern is one whose
characters are known here (an extension that adds another, ``smarty``'s quotes, turns it off):

- a block of the document itself (not in a list, quote or HTML block) whose every line starts
  with a letter and that has no ``|`` (a table) and no stashed HTML becomes a paragraph at once:
  each other block processor needs a line that starts otherwise (``#``, ``>``, ``-``, ``*``,
  ``[``, ``:``, a digit, a space, ``!!!``) or a ``|``;
- a text with none of the characters that start an inline pattern (`````, ``\\``, ``[``, ``<``,
  ``&``, ``*``, ``_``, nor the two spaces of a line break) comes out of the inline step as it
  went in, so it is marked atomic (``AtomicString``: the inline step leaves it alone) just
  before that step and made a plain string again right after it, so that the steps after it
  (``abbr``, ``attr_list``, ``toc``) see what they saw before.

Pure: no Pelican import.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
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
KNOWN_BLOCK_PROCESSORS = frozenset({
    "plain_paragraph", "markdown_block", "training_offer", "empty", "indent", "defindent", "code", "table",
    "hashheader", "setextheader", "hr", "olist", "ulist", "deflist", "quote", "footnote", "abbr", "reference",
    "paragraph",
})  # fmt: skip
PLAIN_BLOCK = re.compile(r"[^\W\d_][^\n|\x02\x03]*(?:\n[^\W\d_][^\n|\x02\x03]*)*")
PATTERN_START = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
INLINE_PRIORITY = 20  # Python-Markdown's InlineProcessor


def plain(text: str | None) -> bool:
    """Whether *text* is a text no inline pattern of :data:`KNOWN_PATTERNS` can match."""
    return bool(text) and not isinstance(text, AtomicString) and PATTERN_START.search(text) is None


def only_known(registry, names: frozenset[str]) -> bool:
    """Whether every item of a Python-Markdown *registry* has one of *names*."""
    return sum(name in registry for name in names) == len(registry)


class PlainParagraphProcessor(BlockProcessor):
    """A plain block of the document is a paragraph: what ``ParagraphProcessor`` makes of it
    after every other block processor has declined it."""

    def test(self, parent: etree.Element, block: str) -> bool:
        """A block of the document itself, plain (:data:`PLAIN_BLOCK`), no processor unknown here."""
        return (
            parent is self.parser.root
            and not self.parser.state
            and PLAIN_BLOCK.fullmatch(block) is not None
            and only_known(self.parser.blockprocessors, KNOWN_BLOCK_PROCESSORS)
        )

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        """The paragraph, as ``ParagraphProcessor`` makes it outside a list."""
        paragraph = etree.SubElement(parent, "p")
        paragraph.text = blocks.pop(0).lstrip()


class MarkPlainText(Treeprocessor):
    """Before the inline step: make each plain text and tail atomic, and note where."""

    def __init__(self, md: Markdown, marked: list[tuple[etree.Element, bool]]) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, root: etree.Element) -> None:
        """Mark the plain texts below *root* (its own text the inline step does not look at)."""
        self.marked.clear()
        if not only_known(self.md.inlinePatterns, KNOWN_PATTERNS):
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
    """Register the plain paragraph first of the block processors, and the two steps around
    Python-Markdown's inline step."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """The plain paragraph before any block processor; mark right before the inline step,
        unmark right after it."""
        md.parser.blockprocessors.register(PlainParagraphProcessor(md.parser), "plain_paragraph", 1000)
        marked: list[tuple[etree.Element, bool]] = []
        md.treeprocessors.register(MarkPlainText(md, marked), "plain_text_mark", INLINE_PRIORITY + 0.5)
        md.treeprocessors.register(UnmarkPlainText(md, marked), "plain_text_unmark", INLINE_PRIORITY - 0.5)


def makeExtension(**kwargs) -> PlainTextExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, for ``MARKDOWN["extension_configs"]`` by name."""
    return PlainTextExtension(**kwargs)
