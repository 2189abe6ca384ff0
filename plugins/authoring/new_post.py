"""The file of a new post: its path and complete front matter (pure: "now" is passed in)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sitecore.problems import ContentError, Problem
from sitecore.slugs import slugify
from taxonomy.vocabulary import Vocabulary

from .front_matter_writer import plain, yaml_front_matter
from .tags import map_tags

SUMMARY_TODO = "TODO:"
PLACEHOLDERS = {
    "de": ("TODO: ein bis zwei Sätze für Übersichten und Suchmaschinen", "Hier beginnt der Text …"),
    "en": ("TODO: one or two sentences for lists and search engines", "The text starts here …"),
}


@dataclass(frozen=True)
class NewFile:
    """A file to create: where, what, and the warnings found while making it."""

    path: str
    text: str
    warnings: tuple[Problem, ...] = ()


def format_date(moment: dt.datetime) -> str:
    """``2025-05-17 09:30:00 +0200``: the form the front matter reader expects."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def post_slug(title: str) -> str:
    """The slug (and file name) a post with *title* gets; empty when the title has no letters."""
    return slugify(" ".join(title.split()))


def new_post(
    title: str,
    *,
    lang: str,
    now: dt.datetime,
    author: str,
    tags: list[str],
    vocabulary: Vocabulary | None,
    content_root: str,
    body: str | None = None,
    summary: str = "",
    extra: tuple[tuple[str, object, str], ...] = (),
) -> NewFile:
    """The new post ``<content_root>/<lang>/posts/<slug>.md``; raises ContentError for an unusable title.

    *body* is the Markdown text (``make import``); without it, a placeholder line. *summary*
    replaces the placeholder summary; *extra* are more ``(key, value, comment)`` fields.
    """
    title = " ".join(title.split())
    slug = post_slug(title)
    if not title or not slug:
        raise ContentError(
            Problem(
                "TITLE",
                None,
                f"the title {title!r} gives no usable file name",
                'write a title with letters, e.g. TITLE="Gute Fragen im Vertrieb"',
            )
        )
    path = os.path.join(content_root, lang, "posts", f"{slug}.md")
    names, warnings = map_tags(tags, vocabulary, lang, path, 6)
    summary_placeholder, placeholder = PLACEHOLDERS.get(lang, PLACEHOLDERS["en"])
    body = placeholder if body is None else body.strip("\n")
    front = yaml_front_matter(
        [
            ("title", title, ""),
            ("date", plain(format_date(now)), ""),
            ("slug", plain(slug), ""),
            ("author", author, ""),
            ("tags", names, ""),
            ("summary", summary or summary_placeholder, ""),
            *extra,
            ("status", plain("draft"), "remove this line (or write: published) to publish the post"),
        ]
    )
    return NewFile(path, f"{front}\n{body}\n", tuple(warnings))
