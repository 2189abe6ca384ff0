"""Placeholders that `new-post` and `translate` write and an author must replace before publishing.

Pure: a file's title, summary and key lines in, problems out. The same rule runs in the
build (:mod:`authoring.authoring`) and in ``make check``; both call a leftover an error where
drafts are withheld (``make publish``) and a warning in the preview.
"""

from __future__ import annotations

from sitecore.problems import Problem

from .drafts import show_drafts
from .new_post import SUMMARY_TODO
from .translate import TITLE_PREFIXES

TITLE_MARKERS = tuple(prefix.strip() for prefix in TITLE_PREFIXES.values())


def placeholder_problems(path: str, title: str, summary: str, lines: dict) -> list[Problem]:
    """The placeholders still in *title* and *summary* (plain text) of the file at *path*."""
    problems = []
    if title.startswith(TITLE_MARKERS):
        problems.append(
            Problem(
                path,
                lines.get("title"),
                "the title still starts with the translation marker",
                f"remove {' / '.join(TITLE_MARKERS)} from the title",
            )
        )
    if summary.strip().startswith(SUMMARY_TODO):
        problems.append(
            Problem(
                path,
                lines.get("summary") or lines.get("title"),
                f"the summary is still the placeholder `{SUMMARY_TODO} …`",
                "write one or two sentences for lists and search engines, or delete the line",
            )
        )
    return problems


def placeholders_are_errors(settings: dict) -> bool:
    """True where drafts are withheld (``make publish``): a placeholder would be published."""
    return not show_drafts(settings)
