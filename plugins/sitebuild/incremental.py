"""Decide how little a preview rebuild can do, from what changed since the last build.

The last build leaves a snapshot: the size and modification time of every file that can
change the site (content, theme, plugins, settings) and a fingerprint of what listings show
of each post (front matter, reading time, and the opening words an automatic summary comes
from). When only post bodies changed since then, and not in what listings show, a rebuild
renders and writes just those posts, in their language only. Anything else (front matter,
an automatic summary, pages, offers, comments, vocabulary, theme, code, a file added or
removed) asks for a whole build.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, fields

from bilingual.content_index import Entry

from .run_settings import content_cache

WATCHED_SUFFIXES = (
    ".md",
    ".markdown",
    ".yml",
    ".yaml",
    ".html",
    ".py",
    ".po",
    ".css",
    ".js",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".txt",
)
ENTRY_FIELDS = [f.name for f in fields(Entry)]


@dataclass(frozen=True)
class Snapshot:
    """Files that can change the site: path -> [size, mtime_ns]; post path -> front-matter
    fingerprint; path -> the content index entry read from it (as a list of its fields)."""

    files: dict
    front_matter: dict
    entries: dict = field(default_factory=dict)

    def save(self, path: str) -> None:
        """Write the snapshot as JSON."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = json.dumps({"files": self.files, "front_matter": self.front_matter, "entries": self.entries})
        with open(path, "w", encoding="utf-8") as handle:  # dumps: one C call, dump: many writes
            handle.write(text)

    @classmethod
    def load(cls, path: str) -> Snapshot | None:
        """The snapshot at *path*, or None when there is none (or it is unreadable)."""
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            return cls(data["files"], data["front_matter"], data.get("entries", {}))
        except (OSError, ValueError, KeyError):
            return None

    def unchanged_below(self, roots: list[str], stamps: dict) -> bool:
        """True when the watched files below *roots* (files or folders) are those of *stamps*
        (their ``file_stamps`` now): none changed, none added, none removed."""
        folders = tuple(os.path.join(root, "") for root in roots)
        before = {path: stamp for path, stamp in self.files.items() if path in roots or path.startswith(folders)}
        return before == stamps

    def unchanged_entry(self, path: str) -> list | None:
        """The stored index entry of *path* when the file has not changed since, else None."""
        fields = self.entries.get(path)
        if fields is None or path not in self.files:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return fields if self.files[path] == [stat.st_size, stat.st_mtime_ns] else None


def file_stamps(roots: list[str]) -> dict:
    """``{path: [size, mtime_ns]}`` of every watched file below *roots* (files or folders)."""
    stamps = {}
    for root in roots:
        paths = (
            [root]
            if os.path.isfile(root)
            else (os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names)
        )
        for path in paths:
            if path.endswith(WATCHED_SUFFIXES) and "__pycache__" not in path:
                stat = os.stat(path)
                stamps[path] = [stat.st_size, stat.st_mtime_ns]
    return stamps


@dataclass(frozen=True)
class Plan:
    """What a rebuild must do: ``None`` posts means everything."""

    changed_posts: dict | None  # language -> content-relative paths of posts whose body changed
    # language -> content-relative paths of those posts whose listings changed too (front matter),
    # with their content index entries as they are now (the fields, as a snapshot has them)
    listed: dict = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        """True when the whole site must be built."""
        return self.changed_posts is None


def plan(previous: Snapshot | None, current: Snapshot, post_language: dict) -> Plan:
    """Compare two snapshots. *post_language* maps a post's full path to (language, content path)."""
    if previous is None or previous.files.keys() != current.files.keys():
        return Plan(None)
    changed = [path for path, stamp in current.files.items() if previous.files[path] != stamp]
    posts: dict[str, list[str]] = {}
    for path in changed:
        if path not in post_language or previous.front_matter.get(path) != current.front_matter.get(path):
            return Plan(None)
        language, relative = post_language[path]
        posts.setdefault(language, []).append(relative)
    return Plan(posts)


# What a front-matter edit may change of a post's content index entry for the preview to
# follow it in the kept site model (``kept_site.KeptSite.update_posts``): nothing another
# language's run shows (its address, translation key, status, authors are the same; the
# title, which the language switch does not show, may change).
LISTED_ENTRY_FIELDS = frozenset({"title", "fingerprint", "slug_line", "key_line"})


def quick_plan(previous: Snapshot | None, heard, read_entry) -> tuple[Plan, Snapshot] | None:
    """The plan of a rebuild from the paths the preview's watcher *heard* change, without
    looking at any other file: when each watched one is a post of *previous* whose index entry
    (*read_entry* of its path, its fields as a list) is the one stored, only post bodies
    changed; when it differs only in ``LISTED_ENTRY_FIELDS``, its front matter changed as well
    (``Plan.listed``). The plan and the snapshot with their new stamps and entries. None when
    anything else may have changed (a file added, removed, unreadable, not a post, another
    field of its entry): then ``plan`` decides."""
    watched = sorted({path for path in heard if path.endswith(WATCHED_SUFFIXES) and "__pycache__" not in path})
    if previous is None or not watched:
        return None
    files, front_matter, entries = dict(previous.files), dict(previous.front_matter), dict(previous.entries)
    posts, listed = {}, {}
    for path in watched:
        stored = previous.entries.get(path)
        if path not in previous.front_matter or stored is None:
            return None
        try:
            stat = os.stat(path)
            fields_now = read_entry(path)
        except Exception:  # noqa: BLE001 -- an unreadable file: the whole comparison reports it
            return None
        changed = _changed_fields(stored, fields_now)
        if not changed <= LISTED_ENTRY_FIELDS:
            return None
        files[path] = [stat.st_size, stat.st_mtime_ns]
        entry = Entry(*fields_now)
        posts.setdefault(entry.lang, []).append(entry.path)
        if changed:
            listed.setdefault(entry.lang, {})[entry.path] = list(fields_now)
            front_matter[path], entries[path] = entry.fingerprint, list(fields_now)
    return Plan(posts, listed), Snapshot(files, front_matter, entries)


def _changed_fields(stored: list, now: list) -> set[str]:
    """The names of the entry fields that differ between *stored* and *now* (as the JSON has them)."""
    padded = max(len(stored), len(now))
    stored, now = [*stored, *[None] * (padded - len(stored))], [*now, *[None] * (padded - len(now))]
    return {ENTRY_FIELDS[i] for i in range(padded) if _as_json(stored[i]) != _as_json(now[i])}


def _as_json(value) -> str:
    """*value* as the snapshot's JSON stores it (tuples become lists)."""
    return json.dumps(value, sort_keys=True, default=str)


def entry_fields(entry: Entry) -> list:
    """The fields of a content index entry, as a snapshot stores them."""
    return [getattr(entry, name) for name in ENTRY_FIELDS]  # astuple() deep-copies: ten times slower


def reading_inputs_changed(previous: Snapshot | None, current: Snapshot) -> bool:
    """True when a file other than a Markdown source was added or removed since *previous*:
    a reader looks at such files too (whether the image a post names exists), so what
    Pelican's content cache kept of the posts may be stale."""
    if previous is None:
        return False  # no snapshot: reusable_snapshot dropped the caches already
    added_or_removed = previous.files.keys() ^ current.files.keys()
    return any(not path.endswith((".md", ".markdown")) for path in added_or_removed)


def drop_content_caches(base: dict, languages) -> None:
    """Remove Pelican's content cache of every language."""
    for language in languages:
        shutil.rmtree(content_cache(base, language.code), ignore_errors=True)


def code_roots(settings_file: str, base: dict) -> list[str]:
    """The settings files and plugin folders: the code that turns content into pages."""
    roots = [*base.get("PLUGIN_PATHS", []), settings_file]
    conf = os.path.join(os.path.dirname(os.path.abspath(settings_file)), "pelicanconf.py")
    return roots + ([conf] if os.path.isfile(conf) else [])


def take_snapshot(settings_file: str, base: dict, index) -> Snapshot:
    """The files that can change the site now, and each post's front-matter fingerprint."""
    roots = [base["PATH"], base["THEME"], *code_roots(settings_file, base)]
    front_matter = {
        os.path.join(base["PATH"], entry.path): entry.fingerprint for entry in index.entries if entry.kind == "post"
    }
    entries = {os.path.join(base["PATH"], e.path): entry_fields(e) for e in index.entries}
    return Snapshot(file_stamps(roots), front_matter, entries)


def post_languages(base: dict, index) -> dict:
    """Full path of each post -> (language, content-relative path)."""
    return {os.path.join(base["PATH"], e.path): (e.lang, e.path) for e in index.entries if e.kind == "post"}


def reusable_snapshot(settings_file: str, base: dict, languages, snapshot_file: str) -> Snapshot | None:
    """The last preview build's snapshot, when the settings and plugins are those it was made
    with; else ``None``, and Pelican's content caches are dropped (they hold HTML that code made)."""
    previous = Snapshot.load(snapshot_file)
    roots = code_roots(settings_file, base)
    if previous is None or not previous.unchanged_below(roots, file_stamps(roots)):
        drop_content_caches(base, languages)
        return None
    return previous


def known_entries(previous: Snapshot | None):
    """For the content index: the entry of a file unchanged since the *previous* build (or
    ``None``); ``None`` itself without a previous build."""
    if previous is None:
        return None

    def known(path):
        stored = previous.unchanged_entry(path)
        return Entry(*stored) if stored else None

    return known
