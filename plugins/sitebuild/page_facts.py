"""What one built HTML page says about itself and links to, read in a single pass.

A small ``html.parser`` subclass (standard library, fast, no tree) collects the page's
language, canonical URL, hreflang alternates, robots directive, dates, element ids and
every reference to another file. The sitemap, the search index and the publishing
gates all work from these facts, so each page is parsed once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser

# (tag, attribute) pairs that reference another file.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "form": "action",
    "embed": "src",
    "object": "data",
}
# Tags whose reference the browser fetches by itself when the page loads.
LOADED_TAGS = {"img", "script", "source", "iframe", "video", "audio", "embed", "object"}
LOADED_LINK_RELS = {"stylesheet", "preload", "icon", "modulepreload", "apple-touch-icon", "manifest"}


@dataclass(frozen=True)
class Reference:
    """One reference from a page to another file."""

    tag: str
    target: str
    rel: str = ""
    line: int = 0

    @property
    def loaded(self) -> bool:
        """True when a browser fetches the target while loading the page."""
        return self.tag in LOADED_TAGS or (self.tag == "link" and bool(set(self.rel.split()) & LOADED_LINK_RELS))


@dataclass
class PageFacts:
    """Facts of one HTML page (path relative to the site root)."""

    path: str
    lang: str = ""
    canonical: str = ""
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> href
    robots: str = ""
    published: str = ""
    modified: str = ""
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)

    @property
    def indexable(self) -> bool:
        """False for pages that ask search engines not to index them (404, search)."""
        return "noindex" not in self.robots


class _FactsParser(HTMLParser):
    def __init__(self, facts: PageFacts) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = facts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        facts = self.facts
        if "id" in values:
            facts.ids.add(values["id"])
        if tag == "a" and "name" in values:
            facts.ids.add(values["name"])
        if tag == "html":
            facts.lang = values.get("lang", "")
        elif tag == "link":
            rel = values.get("rel", "").lower().split()
            if "canonical" in rel:
                facts.canonical = values.get("href", "")
            elif "alternate" in rel and values.get("hreflang"):
                facts.alternates[values["hreflang"]] = values.get("href", "")
        elif tag == "meta":
            name = values.get("name") or values.get("property") or ""
            if name == "robots":
                facts.robots = values.get("content", "").lower()
            elif name == "article:published_time":
                facts.published = values.get("content", "")
            elif name == "article:modified_time":
                facts.modified = values.get("content", "")
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute, "").strip():
            facts.references.append(Reference(tag, values[attribute].strip(), values.get("rel", ""), self.getpos()[0]))
        if values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    facts.references.append(Reference(tag, candidate.split()[0], "", self.getpos()[0]))

    handle_startendtag = handle_starttag


def read_page(root: str, path: str) -> PageFacts:
    """The facts of the page at *path* (relative to *root*)."""
    facts = PageFacts(path)
    with open(os.path.join(root, path), encoding="utf-8") as handle:
        parser = _FactsParser(facts)
        parser.feed(handle.read())
        parser.close()
    return facts


def html_files(root: str) -> list[str]:
    """Every HTML file below *root*, relative to it, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files if name.endswith(".html")]
    return sorted(found)


def read_site(root: str) -> list[PageFacts]:
    """The facts of every HTML page below *root*, sorted by path."""
    return [read_page(root, path) for path in html_files(root)]
