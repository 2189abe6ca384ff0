"""Which post, page and offer exists in which language, and which translation is older than its original.

Pure apart from :func:`git_change_dates` (one ``git log`` call): versions and dates in, rows out.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass

PRESENT, DRAFT, MISSING, OUTDATED = "present", "draft", "missing", "outdated"


@dataclass(frozen=True)
class Version:
    """One language version of a post, page or offer."""

    kind: str  # post, page, offer
    group: str  # translation key (offer id for offers)
    lang: str
    path: str  # relative to the content folder
    title: str
    draft: bool = False
    translation_of: str = ""  # content-relative path of the original, if the file says
    changed: dt.datetime | None = None  # front-matter `modified`, else git, else file time


@dataclass(frozen=True)
class StatusRow:
    """One post, page or offer: its title and a status per language."""

    kind: str
    group: str
    title: str
    original: str  # language of the original
    cells: dict  # language -> status


def original_of(versions: list[Version], languages: list[str]) -> Version:
    """The version the others translate: named by ``translation_of``, else the first language's, else the oldest."""
    paths = {version.path: version for version in versions}
    for version in versions:
        if version.translation_of in paths:
            return paths[version.translation_of]
    by_lang = {version.lang: version for version in versions}
    for lang in languages:
        if lang in by_lang:
            return by_lang[lang]
    return versions[0]


def status_rows(versions: list[Version], languages: list[str]) -> list[StatusRow]:
    """A row per group (kind, translation key), sorted by kind and title."""
    groups: dict[tuple[str, str], list[Version]] = {}
    for version in versions:
        groups.setdefault((version.kind, version.group), []).append(version)
    rows = []
    for (kind, group), members in groups.items():
        original = original_of(members, languages)
        by_lang = {version.lang: version for version in members}
        cells = {}
        for lang in languages:
            version = by_lang.get(lang)
            if version is None:
                cells[lang] = MISSING
            elif version is not original and _older(version.changed, original.changed):
                cells[lang] = OUTDATED
            else:
                cells[lang] = DRAFT if version.draft else PRESENT
        rows.append(StatusRow(kind, group, original.title, original.lang, cells))
    order = {"post": 0, "page": 1, "offer": 2}
    return sorted(rows, key=lambda row: (order.get(row.kind, 3), row.title.lower()))


def _older(translation: dt.datetime | None, original: dt.datetime | None) -> bool:
    return translation is not None and original is not None and translation < original


def format_table(rows: list[StatusRow], languages: list[str], width: int = 48) -> str:
    """A plain-text table; the original's cell is marked with ``*``."""
    header = ["kind", "title"] + languages
    lines = [header]
    for row in rows:
        title = row.title if len(row.title) <= width else row.title[: width - 1] + "…"
        cells = [row.cells[lang] + ("*" if lang == row.original else "") for lang in languages]
        lines.append([row.kind, title, *cells])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text)


def counts(rows: list[StatusRow]) -> dict[str, int]:
    """How many cells have each status."""
    result = {PRESENT: 0, DRAFT: 0, MISSING: 0, OUTDATED: 0}
    for row in rows:
        for status in row.cells.values():
            result[status] += 1
    return result


def parse_git_log(text: str, prefix: str = "") -> dict[str, dt.datetime]:
    """``git log --format=%x00%cI --name-only`` output -> newest commit time per file (paths minus *prefix*)."""
    newest: dict[str, dt.datetime] = {}
    moment = None
    for line in text.splitlines():
        if line.startswith("\x00"):
            moment = dt.datetime.fromisoformat(line[1:].strip())
        elif line.strip() and moment is not None:
            path = line.strip()
            if prefix and path.startswith(prefix):
                path = path[len(prefix) :]
            newest.setdefault(path, moment)  # git log lists the newest commit first
    return newest


def git_change_dates(content_root: str) -> dict[str, dt.datetime]:
    """Last commit time of every file below *content_root* (content-relative); empty without git."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=content_root, capture_output=True, text=True, check=True
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=%x00%cI", "--name-only", "--", "."],
            cwd=content_root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = os.path.relpath(os.path.realpath(content_root), os.path.realpath(top)).replace(os.sep, "/")
    return parse_git_log(log, "" if prefix == "." else prefix + "/")
