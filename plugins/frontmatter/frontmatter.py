"""Pelican glue: one Markdown reader for native and YAML front matter.

Replaces Pelican's Markdown reader, keeps one ``Markdown`` instance per reader, and
logs every author mistake as ``path:line: message (hint)`` instead of a traceback.
"""

from __future__ import annotations

import logging
import os
import re
from zoneinfo import ZoneInfo

from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from sitecore.problems import ContentError, Problem, display_path, log_problem
from sitecore.slugs import slugify

from .front_matter import split_front_matter
from .metadata import NATIVE_KEYS, normalise

logger = logging.getLogger(__name__)
WORDS_PER_MINUTE = 200
PLAIN_TEXT = re.compile(r"[^\W\d_][\w .,;:?!'\"()%/–—„“”‚‘’-]*")  # no * _ ` [ ] < > & \\ # { } |
OPENING_WORDS = 100  # more than SUMMARY_MAX_LENGTH: an automatic summary comes from these


def markdown_options(settings: dict) -> dict:
    """Pelican's MARKDOWN settings without the ``meta`` extension (we read metadata ourselves)."""
    options = dict(settings["MARKDOWN"])
    configs = {k: v for k, v in options.get("extension_configs", {}).items() if not k.endswith(".meta")}
    extensions = [e for e in options.get("extensions", []) if not str(e).endswith(".meta")]
    options["extensions"] = extensions + [name for name in configs if name not in extensions]
    options["extension_configs"] = configs
    return options


def summary_markdown(settings: dict) -> Markdown:
    """The converter for ``summary`` fields: the site's Markdown, but raw HTML is shown as
    text (as in comments), since a summary also becomes a meta description and feed text."""
    converter = Markdown(**markdown_options(settings))
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def folder_of(source_path: str, content_root: str) -> tuple[str | None, str | None]:
    """``(language, kind folder)`` of a file below ``content/<lang>/<kind>/``."""
    parts = os.path.relpath(source_path, content_root).split(os.sep)
    return (parts[0], parts[1]) if len(parts) > 2 else (None, None)


def read_text(source_path: str) -> str:
    """The text of a UTF-8 file; raises ContentError naming the line of the first byte that is not."""
    with open(source_path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(
            Problem(
                display_path(source_path),
                line,
                "the file is not UTF-8: this line has a character in another encoding",
                "save the file as UTF-8 in your editor; Latin-1 and Windows-1252 are not read",
            )
        ) from None


def read_source(source_path: str, settings: dict):
    """Read one file into ``(front_matter, metadata, warnings)``; raises ContentError."""
    path = display_path(source_path)
    content_root = settings["PATH"]
    languages = tuple(settings["LANGUAGES"])
    folder_lang, kind = folder_of(source_path, content_root)
    front = split_front_matter(read_text(source_path), path)
    metadata, warnings = normalise(
        front,
        path,
        folder_lang=folder_lang if folder_lang in languages else settings["DEFAULT_LANG"],
        languages=languages,
        timezone=ZoneInfo(settings["TIMEZONE"]),
        content_root=content_root,
        require_date=kind == "posts",
        native_keys=NATIVE_KEYS if kind in ("posts", "pages") else None,  # offers have keys of their own
    )
    return front, metadata, warnings


def plain_paragraph(text: str) -> str | None:
    """``<p>text</p>`` when *text* is what Markdown turns into exactly that: one line that
    starts with a letter and has only words, spaces and punctuation without Markdown meaning."""
    if text == text.strip() and PLAIN_TEXT.fullmatch(text) and "_" not in text:
        return f"<p>{text}</p>"
    return None


def reading_minutes(body: str) -> int:
    """Minutes a reader needs for *body* (at least one)."""
    return max(1, round(len(body.split()) / WORDS_PER_MINUTE))


def listing_facts(front) -> dict:
    """What listings show of a file: its front matter, its reading time and, without a
    ``summary``, the opening words Pelican cuts the summary from (``SUMMARY_MAX_LENGTH``,
    with room for Markdown syntax among them)."""
    facts = dict(front.fields)
    facts["reading minutes"] = reading_minutes(front.body)
    if not front.fields.get("summary"):
        facts["opening"] = front.body.split()[:OPENING_WORDS]
    return facts


def front_matter_line(content, key: str) -> int | None:
    """The line of *key* in the front matter of a post, page or offer read by this plugin."""
    return (getattr(content, "metadata", None) or {}).get("front_matter_lines", {}).get(key)


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
        """A summary is mostly one line of plain text: no need for the whole Markdown run."""
        plain = plain_paragraph(text)
        if plain is not None:
            return plain
        self._summary_markdown.reset()
        return self._summary_markdown.convert(text)

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
