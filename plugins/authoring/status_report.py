"""``make translations``: read the site's versions (front matter, git) and format the status table."""

from __future__ import annotations

import datetime as dt
import os

from .site_content import read_all
from .translation_status import MISSING, OUTDATED, Version, counts, format_table, git_change_dates, status_rows


def versions_of(settings: dict) -> list[Version]:
    """Every readable post, page and offer as a :class:`Version` with its change time."""
    _languages, files = read_all(settings)
    git = git_change_dates(settings["PATH"])
    content_root = os.path.abspath(settings["PATH"])
    result = []
    for item in files:
        if item.meta is None:
            continue
        relative = item.relative.replace(os.sep, "/")
        changed = item.meta.get("modified") or git.get(relative)
        if changed is None:  # untracked, or no git: the file's own time
            changed = dt.datetime.fromtimestamp(os.path.getmtime(item.source), dt.timezone.utc)
        reference = str(item.meta.get("translation_of") or "").strip()
        original = ""
        if reference:
            for base in (os.getcwd(), content_root, os.path.dirname(content_root)):
                candidate = os.path.normpath(os.path.join(base, reference))
                if os.path.isfile(candidate):
                    original = os.path.relpath(candidate, content_root).replace(os.sep, "/")
                    break
        group = (
            str(item.meta.get("offer") or item.meta["slug"]) if item.kind == "offer" else item.meta["translation_key"]
        )
        result.append(Version(item.kind, group, item.lang, relative, item.meta["title"], item.draft, original, changed))
    return result


def translation_table(settings: dict) -> tuple[str, int]:
    """The table as text and the number of missing translations."""
    codes = list(settings["LANGUAGES"])
    rows = status_rows(versions_of(settings), codes)
    total = counts(rows)
    legend = (
        f"{len(rows)} items: {total[MISSING]} missing, {total[OUTDATED]} outdated translation(s). "
        "* marks the original; outdated: the original was changed (front-matter `modified`, else its last commit) after the translation."
    )
    return f"{format_table(rows, codes)}\n\n{legend}", total[MISSING]
