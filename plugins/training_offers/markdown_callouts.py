"""``!!! offer <id>`` blocks in Markdown, in the style of admonitions.

```
!!! offer kommunikationstraining-vertrieb
    Sie wollen ein Kommunikationstraining für Ihre Verkäufer? Hier finden Sie die nächsten Termine.
```

The Markdown step only leaves a placeholder ``<div class="offer-callout-slot" data-offer="…"
data-line="…">`` around the author's sentence (``data-line``: the block's line in the Markdown
text, so that a problem names it without reading the file again); the training_offers plugin
replaces it with the callout once the offers are known. Enable it in ``MARKDOWN`` as ``"training_offers.markdown_callouts": {}``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

SLOT_CLASS = "offer-callout-slot"
BLOCK = re.compile(r"^!!![ \t]+offer[ \t]+(?P<offer>\S+)[ \t]*$", re.MULTILINE)


def slot_spans(html: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every top-level slot element this extension wrote into *html*.

    The slot is ours, so its opening tag is known; its end is found by counting nested
    ``<div>`` tags, and only the slots are parsed afterwards, not the whole post.
    """
    opening = f'<div class="{SLOT_CLASS}"'
    spans, position = [], html.find(opening)
    while position >= 0:
        depth, cursor = 0, position
        while True:
            next_open, next_close = html.find("<div", cursor), html.find("</div>", cursor)
            if next_close < 0:
                return spans  # unbalanced: leave the rest alone
            if 0 <= next_open < next_close:
                depth, cursor = depth + 1, next_open + 4
            else:
                depth, cursor = depth - 1, next_close + 6
                if depth == 0:
                    break
        spans.append((position, cursor))
        position = html.find(opening, cursor)
    return spans


def inline_references(text: str) -> list[tuple[str, int]]:
    """``(offer id, 1-based line)`` of every ``!!! offer`` line in *text*, in order."""
    return [(match["offer"], text.count("\n", 0, match.start()) + 1) for match in BLOCK.finditer(text)]


class OfferLinePreprocessor(Preprocessor):
    """Note the line of every ``!!! offer`` block while the text still has its lines."""

    def run(self, lines: list[str]) -> list[str]:
        """Keep the 1-based lines, in order, for :class:`OfferBlockProcessor`; change nothing."""
        self.md.offer_block_lines = [number for number, line in enumerate(lines, start=1) if BLOCK.match(line)]
        return lines


class OfferBlockProcessor(BlockProcessor):
    """Turn ``!!! offer <id>`` and the indented lines below it into a placeholder ``<div>``."""

    def _is_slot(self, element) -> bool:
        return element is not None and element.tag == "div" and element.get("class") == SLOT_CLASS

    def test(self, parent, block) -> bool:
        """A block that starts with ``!!! offer``, or indented text right after such a block."""
        if BLOCK.match(block.split("\n", 1)[0]):
            return True
        return block.startswith(" " * self.tab_length) and self._is_slot(self.lastChild(parent))

    def run(self, parent, blocks) -> None:
        """Open a new slot, or add indented text to the previous one."""
        block = blocks.pop(0)
        match = BLOCK.match(block.split("\n", 1)[0])
        if match:
            slot = etree.SubElement(parent, "div", {"class": SLOT_CLASS, "data-offer": match["offer"]})
            lines = getattr(self.parser.md, "offer_block_lines", [])
            if lines:
                slot.set("data-line", str(lines.pop(0)))
            block = block.split("\n", 1)[1] if "\n" in block else ""
        else:
            slot = self.lastChild(parent)
        text, rest = self.detab(block)
        if text.strip():
            self.parser.parseChunk(slot, text)
        if rest:
            blocks.insert(0, rest)


class OfferCalloutExtension(Extension):
    """Python-Markdown extension registering :class:`OfferBlockProcessor`."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        """Register the block processor before paragraphs are made, and the line counter
        after whitespace is normalised (30) but before raw HTML and fenced code are set aside."""
        md.preprocessors.register(OfferLinePreprocessor(md), "training_offer_lines", 29)
        md.parser.blockprocessors.register(OfferBlockProcessor(md.parser), "training_offer", 105)


def makeExtension(**kwargs) -> OfferCalloutExtension:  # noqa: N802 - Python-Markdown's entry point
    """Entry point for ``Markdown(extensions=["training_offers.markdown_callouts"])``."""
    return OfferCalloutExtension(**kwargs)
