"""A quick index of every post and page from its front matter alone (no Markdown).

The build reads it once, before any language is rendered, to know which file belongs
to which language and how translations link across languages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cached_property

from frontmatter.frontmatter import listing_facts, read_source
from sitecore.files import markdown_files
from sitecore.languages import Language
from sitecore.problems import ContentError, Problem, display_path

KIND_FOLDERS = {"posts": "post", "pages": "page"}
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Entry:
    """One post or page as far as languages and translations are concerned."""

    path: str  # relative to the content folder
    kind: str  # "post" or "page"
    lang: str
    slug: str
    translation_key: str
    title: str
    status: str
    fingerprint: str = ""  # changes whenever what listings show changes (frontmatter.listing_facts)
    slug_line: int | None = None  # where the slug is set (or the title it is made from)
    key_line: int | None = None  # where the translation key is set (or the slug line)


@dataclass(frozen=True)
class ContentIndex:
    """All entries, with lookups by language and by translation group."""

    entries: tuple[Entry, ...]

    def paths(self, lang: str, kind: str) -> list[str]:
        """Content-relative paths of *kind* in *lang*, sorted."""
        return sorted(e.path for e in self.entries if e.lang == lang and e.kind == kind)

    def translations(self, entry_kind: str, translation_key: str) -> dict[str, Entry]:
        """Every published language version of a translation group."""
        return self._groups.get((entry_kind, translation_key), {})

    @cached_property
    def _groups(self) -> dict:
        """(kind, translation key) -> {language: entry}, built once (not a scan per lookup)."""
        groups: dict = {}
        for e in self.entries:
            if e.status not in ("draft", UNREADABLE):
                groups.setdefault((e.kind, e.translation_key), {})[e.lang] = e
        return groups


def scan(
    settings: dict, languages: list[Language], known=None, fingerprints: bool = True
) -> tuple[ContentIndex, list[Problem]]:
    """Index ``content/<lang>/posts`` and ``content/<lang>/pages``; report clashes.

    A file whose front matter is broken stays in its folder's language with status
    ``unreadable``, so that the reader of that language's build reports it. *known*, if
    given, returns the entry of a file that has not changed since it was last read (or None).
    Without *fingerprints* (only the preview compares them) entries have none.
    """
    content_root = settings["PATH"]
    entries: list[Entry] = []
    for language in languages:
        for folder, kind in KIND_FOLDERS.items():
            for source in markdown_files(os.path.join(content_root, language.code, folder)):
                entry = known(source) if known else None
                if entry is not None:
                    entries.append(entry)
                    continue
                try:
                    front, meta, _warnings = read_source(source, settings)
                except (ContentError, UnicodeDecodeError, OSError):
                    path = os.path.relpath(source, content_root)
                    entries.append(Entry(path, kind, language.code, path, path, "", UNREADABLE))
                    continue
                slug_line = front.line("slug") or front.line("title")  # a slug is made from the title
                entries.append(
                    Entry(
                        path=os.path.relpath(source, content_root),
                        kind=kind,
                        lang=meta["lang"],
                        slug=meta["slug"],
                        translation_key=meta["translation_key"],
                        title=meta["title"],
                        status=_status(meta, settings),
                        fingerprint=fingerprint(listing_facts(front)) if fingerprints else "",
                        slug_line=slug_line,
                        key_line=front.line("translation_key") or slug_line,
                    )
                )
    return ContentIndex(tuple(entries)), clashes(entries, content_root)


def _status(meta: dict, settings: dict) -> str:
    """``status`` of the front matter; a future date counts as draft when WITH_FUTURE_DATES is off."""
    status = str(meta.get("status", "published")).strip().lower()
    date = meta.get("date")
    if (
        not settings.get("WITH_FUTURE_DATES", True)
        and isinstance(date, dt.datetime)
        and date > dt.datetime.now(dt.timezone.utc)
    ):
        return "draft"
    return status


def fingerprint(fields: dict) -> str:
    """A short digest of front-matter fields (order does not matter)."""
    text = repr(sorted((str(key), repr(value)) for key, value in fields.items()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def clashes(entries: list[Entry], content_root: str) -> list[Problem]:
    """Two files of one language with the same slug or translation key."""
    problems = []
    reported: set[tuple[str, str]] = set()
    for field, hint in (
        ("slug", "give one of them another `slug:`"),
        ("translation_key", "give one of them another `translation_key:`"),
    ):
        seen: dict[tuple, Entry] = {}
        for entry in entries:
            key = (entry.kind, entry.lang, getattr(entry, field))
            if key in seen and (seen[key].path, entry.path) in reported:
                continue  # one line per pair: a default translation key is the slug
            if key in seen:
                reported.add((seen[key].path, entry.path))
                other = display_path(os.path.join(content_root, seen[key].path))
                problems.append(
                    Problem(
                        display_path(os.path.join(content_root, entry.path)),
                        entry.slug_line if field == "slug" else entry.key_line,
                        f"the {field.replace('_', ' ')} {key[2]!r} is already used by {other}",
                        hint,
                    )
                )
            else:
                seen[key] = entry
    return problems
