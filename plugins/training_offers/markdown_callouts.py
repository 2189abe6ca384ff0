"""``!!! offer <id>`` blocks in Markdown, in the style of admonitions.

```
!!! offer kommunikationstraining-vertrieb
    Sie wollen ein Kommunikationstraining für Ihre Verkäufer? Hier finden Sie die nächsten Termine.
```

The Markdown step only leaves a placeholder ``<div class="offer-callout-slot" data-offer="…">``
around the author's sentence; the training_offers plugin replaces it with the callout once the
offers are known. Enable it in ``MARKDOWN`` as ``"training_offers.markdown_callouts": {}``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

SLOT_CLASS = "offer-callout-slot"
BLOCK = re.compile(r"^!!![ \t]+offer[ \t]+(?P<offer>\S+)[ \t]*$", re.MULTILINE)


def inline_references(text: str) -> list[tuple[str, int]]:
    """``(offer id, 1-based line)`` of every ``!!! offer`` line in *text*, in order."""
    return [(match["offer"], text.count("\n", 0, match.start()) + 1) for match in BLOCK.finditer(text)]


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
        """Register the block processor before paragraphs are made."""
        md.parser.blockprocessors.register(OfferBlockProcessor(md.parser), "training_offer", 105)


def makeExtension(**kwargs) -> OfferCalloutExtension:  # noqa: N802 - Python-Markdown's entry point
    """Entry point for ``Markdown(extensions=["training_offers.markdown_callouts"])``."""
    return OfferCalloutExtension(**kwargs)
