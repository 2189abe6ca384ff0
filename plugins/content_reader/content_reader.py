"""Pelican glue: one Markdown reader for native and YAML front matter.

Replaces Pelican's Markdown reader, keeps one ``Markdown`` instance per reader, and
logs every author mistake as ``path:line: message (hint)`` instead of a traceback.
The reading itself is pure (``source_files``, ``front_matter``, ``metadata``, ``rendering``).
With the setting ``CONTENT_READER_KEEP`` (a folder; the build sets it), readings are kept
between builds (``kept_readings``): an unchanged file is not parsed again, and what its
reading logged is logged again.
"""

from __future__ import annotations

import logging
import os

import common
from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from sitecore.problems import ContentError, log_problem
from sitecore.shared_keys import CONTENT_READER_KEEP
from sitecore.slugs import slugify

from .kept_readings import KeptReadings, RecordsOfReading, code_version, digest, settings_version
from .metadata import image_lookups, image_references
from .rendering import markdown_options, render_summary, summary_markdown
from .source_files import decode_text, read_source, reading_minutes

logger = logging.getLogger(__name__)

# The kept readings of the runs under way, by file: opened when a run starts, saved when
# its generators are done (every reader of the run shares them).
_open_runs: dict[str, KeptReadings] = {}


class FrontMatterReader(BaseReader):
    """Markdown with native ``Key: value`` or Jekyll-style YAML front matter."""

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self._markdown = Markdown(**markdown_options(settings))
        self._summary_markdown = summary_markdown(settings)
        self._kept = _open_runs.get(kept_file(settings))

    def _render(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)

    def _render_summary(self, text: str) -> str:
        """A summary's safe HTML (mostly one line of plain text: no need for the whole Markdown run)."""
        return render_summary(self._summary_markdown, text)

    def read(self, source_path):
        """Return ``(html, metadata)`` for Pelican; log problems with file and line."""
        if self._kept is None:
            html, metadata, _lookups = self._read(source_path)
            return html, self._to_pelican(metadata)
        with open(source_path, "rb") as handle:
            data = handle.read()
        file_digest = digest(data)
        root = self.settings["PATH"]
        kept = self._kept.reading(
            source_path, file_digest, lambda lookups: image_lookups([r for r, _ in lookups], root)
        )
        if kept is None:
            records = RecordsOfReading()
            logging.getLogger().handlers.insert(0, records)  # before any handler adds to a record
            try:
                html, metadata, lookups = self._read(source_path, data)
            finally:
                logging.getLogger().removeHandler(records)
            kept = html, metadata
            self._kept.keep(source_path, file_digest, lookups, records.records, kept)
        html, metadata = kept
        return html, self._to_pelican(metadata)

    def _read(self, source_path: str, data: bytes | None = None):
        """``(html, metadata, lookups)`` of a new reading (the file's *data* when read already)."""
        try:
            text = None if data is None else decode_text(data, source_path)
            front, metadata, warnings = read_source(source_path, self.settings, text)
        except ContentError as error:
            log_problem(logger, error.problem)
            raise
        for problem in warnings:
            log_problem(logger, problem, logging.WARNING)
        metadata["source_line_offset"] = front.body_line - 1
        metadata["front_matter_lines"] = dict(front.lines)  # key -> line, for plugins that name a line
        metadata["reading_minutes"] = reading_minutes(front.body)
        lookups = image_lookups(image_references(front.fields), self.settings["PATH"])
        return self._render(front.body), metadata, lookups

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


def kept_file(settings: dict) -> str | None:
    """Where the readings of a run with *settings* are kept (``None``: not kept)."""
    folder = settings.get(CONTENT_READER_KEEP)
    return os.path.join(folder, f"{settings['DEFAULT_LANG']}.pickle") if folder else None


def open_kept_readings(pelican) -> None:
    """A run starts: open its kept readings, made with these settings and this code."""
    file = kept_file(pelican.settings)
    if file:
        code = [*pelican.settings.get("PLUGIN_PATHS", []), os.path.dirname(common.__file__)]  # sitecore imports common
        version = settings_version(pelican.settings) + code_version(code)
        _open_runs[file] = KeptReadings.open(file, version)


def save_kept_readings(generators) -> None:
    """Every file of the run is read: keep its readings for the next build."""
    file = kept_file(generators[0].settings) if generators else None
    kept = _open_runs.pop(file, None) if file else None
    if kept is not None:
        kept.save()


def register() -> None:
    """Connect the reader to Pelican."""
    signals.readers_init.connect(add_reader)
    signals.initialized.connect(open_kept_readings)
    signals.all_generators_finalized.connect(save_kept_readings)
