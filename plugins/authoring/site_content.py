"""Read every content file once, with the parsers the build uses, without rendering Markdown."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bilingual.content_index import KIND_FOLDERS
from content_reader.front_matter import FrontMatter, split_front_matter
from content_reader.source_files import read_source, read_text
from sitecore.files import markdown_files
from sitecore.languages import Language, languages_from_settings
from sitecore.problems import ContentError, Problem, display_path

OFFERS_FOLDER = "offers"


@dataclass
class SourceFile:
    """One post, page or offer: its text, front matter and metadata, or the problem that stopped reading."""

    source: str  # path as given to the parser
    path: str  # as shown to people
    relative: str  # relative to the content folder
    kind: str  # post, page, offer
    folder_lang: str
    text: str = ""
    front: FrontMatter | None = None
    meta: dict | None = None
    warnings: list = field(default_factory=list)
    error: Problem | None = None

    @property
    def lang(self) -> str:
        """The language from the metadata, else from the folder."""
        return (self.meta or {}).get("lang", self.folder_lang)

    @property
    def draft(self) -> bool:
        """True for ``status: draft``."""
        return str((self.meta or {}).get("status", "")).strip().lower() == "draft"


def read_file(source: str, kind: str, lang: str, settings: dict) -> SourceFile:
    """Read *source* with the build's front matter reader; problems are kept, not raised."""
    path = display_path(source)
    item = SourceFile(source, path, os.path.relpath(source, settings["PATH"]), kind, lang)
    try:
        item.text = read_text(source)
        item.front, item.meta, item.warnings = read_source(source, settings, item.text)  # read once
    except OSError as error:
        item.error = Problem(path, None, f"the file cannot be read ({error.strerror})")
    except ContentError as error:
        item.error = error.problem
        try:  # the offer id or slug may still be known, for later checks
            item.front = split_front_matter(item.text, path)
        except ContentError:
            item.front = None
    return item


def read_all(settings: dict) -> tuple[list[Language], list[SourceFile]]:
    """Every post, page and offer of every language, in a stable order."""
    languages = languages_from_settings(settings)
    files = []
    for language in languages:
        folders = [*KIND_FOLDERS.items(), (OFFERS_FOLDER, "offer")]
        for folder, kind in folders:
            for source in markdown_files(os.path.join(settings["PATH"], language.code, folder)):
                files.append(read_file(source, kind, language.code, settings))
    return languages, files
