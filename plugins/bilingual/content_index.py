"""A quick index of every post, page and training offer from its front matter alone (no Markdown),
and the site's comments.

The build reads it once, before any language is rendered, to know which file belongs
to which language and how translations link across languages: a run learns about the
other languages' posts, pages and offers from here, never by reading their files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from content_reader.front_matter import split_front_matter
from content_reader.kept_readings import code_version, digest, settings_version
from content_reader.metadata import old_urls_with_lines
from content_reader.source_files import decode_text, listing_facts, read_source, read_text
from sitecore.dates import site_timezone
from sitecore import kept_files
from sitecore.files import markdown_files
from sitecore.languages import Language, languages_from_settings
from sitecore.problems import ContentError, Problem, display_path
from sitecore.slugs import slugify
from redirects.redirect_map import old_url_clashes

if TYPE_CHECKING:
    from comments.comment_files import LoadedComments

KIND_FOLDERS = {"posts": "post", "pages": "page"}
OFFERS_FOLDER = "offers"  # content/<lang>/offers/: training offers (the training_offers plugin)
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Entry:
    """One post, page or offer as far as languages and translations are concerned."""

    path: str  # relative to the content folder
    kind: str  # "post", "page" or "offer"
    lang: str
    slug: str
    translation_key: str  # an offer's: its offer id
    title: str
    status: str
    fingerprint: str = ""  # changes whenever what listings show changes (content_reader.source_files.listing_facts)
    slug_line: int | None = None  # where the slug is set (or the title it is made from)
    key_line: int | None = None  # where the translation key is set (or the slug line)
    authors: tuple[str, ...] = ()  # a post's or page's signatures (the site's AUTHOR when it names none)
    old_urls: tuple[tuple[str, int | None], ...] = ()  # (old path, line) of the `old_urls` of a post, page or offer
    # an offer's raw `sessions` (which registration pages it has, for the other languages' links;
    # the default language's are the sessions its translations share) and its `max_participants`
    sessions: tuple = dataclasses.field(default=(), hash=False, compare=False)
    capacity: object = dataclasses.field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class ContentIndex:
    """All entries, with lookups by language and by translation group."""

    entries: tuple[Entry, ...]
    # every comment file of the site, read once for all languages (comments.comment_files)
    comments: LoadedComments | None = None

    def paths(self, lang: str, kind: str) -> list[str]:
        """Content-relative paths of *kind* in *lang*, sorted."""
        return sorted(e.path for e in self.entries if e.lang == lang and e.kind == kind)

    def translations(self, entry_kind: str, translation_key: str) -> dict[str, Entry]:
        """Every published language version of a translation group."""
        return self._groups.get((entry_kind, translation_key), {})

    def entry(self, path: str) -> Entry | None:
        """The entry of the file at *path* (relative to the content folder), if indexed."""
        return self._by_path.get(path)

    @cached_property
    def _by_path(self) -> dict:
        return {e.path: e for e in self.entries}

    def offers(self, lang: str) -> dict[str, Entry]:
        """``offer id -> entry`` of the offers of *lang* whose front matter names an id and a slug
        (what its run validates is not checked here; of two with one id, the later file)."""
        return {
            e.translation_key: e
            for e in self.entries
            if e.kind == "offer" and e.lang == lang and e.status not in (UNREADABLE, "draft")
        }

    def offer_ids(self) -> set[str]:
        """The id named by every offer file of every language, whatever else is wrong with it."""
        return {e.translation_key for e in self.entries if e.kind == "offer" and e.translation_key}

    @cached_property
    def _groups(self) -> dict:
        """(kind, translation key) -> {language: entry}, built once (not a scan per lookup)."""
        groups: dict = {}
        for e in self.entries:
            if e.status not in ("draft", UNREADABLE):
                groups.setdefault((e.kind, e.translation_key), {})[e.lang] = e
        return groups


def scan(
    settings: dict, languages: list[Language], known=None, fingerprints: bool = True, kept: KeptEntries | None = None
) -> tuple[ContentIndex, list[Problem]]:
    """Index ``content/<lang>/posts``, ``pages`` and ``offers`` and read every comment file; report
    clashes of posts and pages (offers clash in their own run, with the offers plugin's message;
    comments are checked in their language's run).

    A file whose front matter is broken stays in its folder's language with status
    ``unreadable``, so that the reader of that language's build reports it. *known*, if
    given, returns the entry of a file that has not changed since it was last read (or None).
    Without *fingerprints* (only the preview compares them) entries have none. With *kept*
    (whole builds), a post or page whose bytes are those of a kept entry is not read again.
    """
    content_root = settings["PATH"]
    entries: list[Entry] = []
    for language in languages:
        for folder, kind in KIND_FOLDERS.items():
            for source in markdown_files(os.path.join(content_root, language.code, folder)):
                entry = known(source) if known else None
                entries.append(entry or _post_or_page(source, kind, language.code, settings, fingerprints, kept))
        for source in markdown_files(os.path.join(content_root, language.code, OFFERS_FOLDER)):
            entries.append((known(source) if known else None) or offer_entry(source, content_root, language.code))
    from comments.comment_files import comment_folder, read_site_comments  # the comments package imports this one

    comments = read_site_comments(
        comment_folder(settings),
        languages=tuple(lang.code for lang in languages_from_settings(settings)),  # all, whichever are indexed
        timezone=site_timezone(settings),
        kept=kept,
    )
    return ContentIndex(tuple(entries), comments), clashes(entries, content_root, languages)


def _post_or_page(source: str, kind: str, lang: str, settings: dict, fingerprints: bool, kept) -> Entry:
    """The entry of the post or page at *source*: kept (*kept*), or read from its front matter."""
    try:
        with open(source, "rb") as handle:
            data = handle.read()
        file_digest = digest(data)
        entry = kept.entry(source, file_digest) if kept is not None else None
        if entry is not None:
            return entry
        front, meta, _warnings = read_source(
            source, settings, decode_text(data, source), links=False
        )  # the reader warns
    except (ContentError, UnicodeDecodeError, OSError):
        relative = os.path.relpath(source, settings["PATH"])
        return Entry(relative, kind, lang, relative, relative, "", UNREADABLE)
    timeless = not _status_by_the_clock(meta, settings)  # asked first: a date may pass meanwhile
    relative = os.path.relpath(source, settings["PATH"])  # not made for a kept entry (4,000 at N=2000)
    entry = post_or_page_entry(relative, kind, front, meta, settings, fingerprints=fingerprints)
    if kept is not None and timeless:
        kept.keep(source, file_digest, entry)
    return entry


class KeptEntries:
    """The entries of posts and pages (and the parsed comment files) kept between whole
    builds in *file*, each under the digest of its file's bytes, in a file made with one
    version of the settings and the code (``content_reader.kept_readings``): the next build
    reads the files that changed only. An entry whose status the clock decides (a future date
    without ``WITH_FUTURE_DATES``) is never kept."""

    def __init__(self, file: str, version: str) -> None:
        self.file, self.version = file, version
        self.kept: dict = kept_files.load(file, version) or {}
        self.now: dict = {}
        self.added = False

    def entry(self, source: str, file_digest: str) -> Entry | None:
        """The kept entry of the file at *source* when its bytes are the same, else None."""
        kept = self.kept.get(source)
        if kept is None or kept[0] != file_digest:
            return None
        self.now[source] = kept
        return kept[1]

    def keep(self, source: str, file_digest: str, entry: Entry) -> None:
        """Keep the *entry* of the file at *source*, read anew."""
        self.now[source] = (file_digest, entry)
        self.added = True

    def parsed(self, key: tuple):
        """What another part kept under *key* (a comment file parsed: ``comments.comment_files``), or None."""
        value = self.kept.get(key)
        if value is not None:
            self.now[key] = value
        return value

    def keep_parsed(self, key: tuple, value) -> None:
        """Keep *value* under *key* (which names the bytes it was made from)."""
        self.now[key] = value
        self.added = True

    def save(self) -> None:
        """Write the entries of this scan (those of files gone are dropped), when they changed."""
        if self.added or self.now.keys() != self.kept.keys():
            kept_files.save(self.file, self.version, self.now)


def open_kept_entries(settings: dict, folder: str) -> KeptEntries:
    """The entries kept in *folder* by whole builds with these *settings* and this code."""
    import common  # noqa: PLC0415 -- its folder, as the reader's version has it (sitecore imports common)

    code = [*settings.get("PLUGIN_PATHS", []), os.path.dirname(common.__file__)]
    version = settings_version(settings) + code_version(code)
    return KeptEntries(os.path.join(folder, "content-index.pickle"), version)


def post_or_page_entry(relative: str, kind: str, front, meta: dict, settings: dict, *, fingerprints: bool) -> Entry:
    """The entry of a post or page read by ``content_reader.source_files.read_source``
    (also how ``make check`` sees it, so that both name the same line for a clash)."""
    slug_line = front.line("slug") or front.line("title")  # a slug is made from the title
    return Entry(
        path=relative,
        kind=kind,
        lang=meta["lang"],
        slug=meta["slug"],
        translation_key=meta["translation_key"],
        title=meta["title"],
        status=_status(meta, settings),
        fingerprint=fingerprint(listing_facts(front)) if fingerprints else "",
        slug_line=slug_line,
        key_line=front.line("translation_key") or slug_line,
        authors=tuple(str(name) for name in meta.get("authors") or [settings.get("AUTHOR", "")] if str(name).strip()),
        old_urls=tuple(old_urls_with_lines(front)),
    )


def offer_entry(source: str, content_root: str, lang: str) -> Entry:
    """An offer as the other languages link it: id, slug and title from its front matter.

    Only split, not validated: its own language's run reports what is wrong with it. Without
    an id or a slug it is ``unreadable`` here (nothing can link to it).
    """
    path = os.path.relpath(source, content_root)
    try:
        front = split_front_matter(read_text(source), display_path(source))
    except (ContentError, OSError):
        return Entry(path, "offer", lang, path, "", "", UNREADABLE)  # no id known
    return offer_entry_of(path, lang, front)


def offer_entry_of(path: str, lang: str, front) -> Entry:
    """The entry of the offer at content-relative *path* whose front matter is split already
    (``make check`` reads every file once)."""
    fields = front.fields
    offer_id, title = str(fields.get("offer") or "").strip(), str(fields.get("title") or "").strip()
    slug = slugify(str(fields.get("slug") or "")) or slugify(title)
    if not (offer_id and slug):
        return Entry(path, "offer", lang, slug or path, offer_id, title, UNREADABLE)
    sessions = fields.get("sessions")
    sessions = tuple(sessions) if isinstance(sessions, list) else ()
    capacity = fields.get("max_participants")
    status = "draft" if str(fields.get("status") or "").strip().lower() in ("draft", "entwurf") else "published"
    return Entry(
        path,
        "offer",
        lang,
        slug,
        offer_id,
        title,
        status,
        sessions=sessions,
        capacity=capacity,
        old_urls=tuple(old_urls_with_lines(front)),
    )


def _status_by_the_clock(meta: dict, settings: dict) -> bool:
    """True when *meta*'s status comes from comparing its date with the clock (see ``_status``)."""
    date = meta.get("date")
    return (
        not settings.get("WITH_FUTURE_DATES", True)
        and isinstance(date, dt.datetime)
        and date > dt.datetime.now(dt.timezone.utc)
    )


def _status(meta: dict, settings: dict) -> str:
    """``status`` of the front matter; a future date counts as draft when WITH_FUTURE_DATES is off."""
    status = str(meta.get("status", "published")).strip().lower()
    return "draft" if _status_by_the_clock(meta, settings) else status


def fingerprint(fields: dict) -> str:
    """A short digest of front-matter fields (order does not matter)."""
    text = repr(sorted((str(key), repr(value)) for key, value in fields.items()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def clashes(entries: list[Entry], content_root: str, languages: list[Language] = ()) -> list[Problem]:
    """Two posts or pages of one language with the same slug or translation key (offers clash
    in their own run); an old address of a post, page or offer claimed twice or still in use
    (``redirects.redirect_map.old_url_clashes``, with *languages*)."""
    problems = []
    reported: set[tuple[str, str]] = set()
    for field, hint in (
        ("slug", "give one of them another `slug:`"),
        ("translation_key", "give one of them another `translation_key:`"),
    ):
        seen: dict[tuple, Entry] = {}
        for entry in (e for e in entries if e.kind in ("post", "page")):
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
    if languages:
        problems += old_url_clashes(entries, languages, content_root)
    return problems
