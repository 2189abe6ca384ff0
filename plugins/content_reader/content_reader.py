"""Pelican glue: one Markdown reader for native and YAML front matter.

Replaces Pelican's Markdown reader, keeps one ``Markdown`` instance per reader, and
logs every author mistake as ``path:line: message (hint)`` instead of a traceback.
The reading itself is pure (``source_files``, ``front_matter``, ``metadata``, ``rendering``).
"""

from __future__ import annotations

import logging

from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from sitecore.problems import ContentError, log_problem
from sitecore.slugs import slugify

from .rendering import markdown_options, render_summary, summary_markdown
from .source_files import read_source, reading_minutes

logger = logging.getLogger(__name__)


class FrontMatterReader(BaseReader):
    """Markdown with native ``Key: value`` or Jekyll-style YAML front matter."""

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self._markdown = Markdown(**markdown_options(settings))
        self._summary_markdown = summary_markdown(settings)

    def _render(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)

    def _render_summary(self, text: str) -> str:
        """A summary's safe HTML (mostly one line of plain text: no need for the whole Markdown run)."""
        return render_summary(self._summary_markdown, text)

    def read(self, source_path):
        """Return ``(html, metadata)`` for Pelican; log problems with file and line."""
        try:
            front, metadata, warnings = read_source(source_path, self.settings)
        except ContentError as error:
            log_problem(logger, error.problem)
            raise
        for problem in warnings:
            log_problem(logger, problem, logging.WARNING)
        metadata["source_line_offset"] = front.body_line - 1
        metadata["front_matter_lines"] = dict(front.lines)  # key -> line, for plugins that name a line
        metadata["reading_minutes"] = reading_minutes(front.body)
        return self._render(front.body), self._to_pelican(metadata)

    def _wrap(self, kind, name: str):
        """A Pelican tag, category or author whose slug transliterates umlauts."""
        wrapper = kind(name, self.settings)
        wrapper.slug = slugify(name)
        return wrapper

    def _to_pelican(self, metadata: dict) -> dict:
        converted = dict(metadata)
        converted["tags"] = [self._wrap(Tag, tag) for tag in metadata["tags"]]
        if "category" in metadata:
            converted["category"] = self._wrap(Category, metadata["category"])
        authors = metadata.get("authors") or [self.settings["AUTHOR"]]
        converted["authors"] = [self._wrap(Author, name) for name in authors]
        if "summary" in metadata:
            converted["summary"] = self._render_summary(metadata["summary"])
        return converted


def add_reader(readers) -> None:
    """Use :class:`FrontMatterReader` for every Markdown extension."""
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def register() -> None:
    """Connect the reader to Pelican."""
    signals.readers_init.connect(add_reader)
