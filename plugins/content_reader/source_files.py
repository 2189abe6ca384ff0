"""One content file read into front matter, clean metadata and warnings, with the line of
every key: the parser that the build, the content index and ``make check`` share.

Pure: no Pelican import (files in, values or :class:`ContentError` out).
"""

from __future__ import annotations

import os

from sitecore.dates import site_timezone
from sitecore.languages import languages_from_settings
from sitecore.problems import ContentError, Problem, display_path
from sitecore.urls import internal_links, url_language

from .front_matter import split_front_matter
from .metadata import NATIVE_KEYS, normalise

WORDS_PER_MINUTE = 200
OPENING_WORDS = 100  # more than SUMMARY_MAX_LENGTH: an automatic summary comes from these


def folder_of(source_path: str, content_root: str) -> tuple[str | None, str | None]:
    """``(language, kind folder)`` of a file below ``content/<lang>/<kind>/``."""
    parts = os.path.relpath(source_path, content_root).split(os.sep)
    return (parts[0], parts[1]) if len(parts) > 2 else (None, None)


def read_text(source_path: str) -> str:
    """The text of a UTF-8 file; raises ContentError naming the line of the first byte that is not."""
    with open(source_path, "rb") as handle:
        return decode_text(handle.read(), source_path)


def decode_text(data: bytes, source_path: str) -> str:
    """*data* (the bytes of the file at *source_path*) as text; raises ContentError naming the
    line of the first byte that is not UTF-8."""
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


def read_source(source_path: str, settings: dict, text: str | None = None, *, links: bool = True):
    """Read one file into ``(front_matter, metadata, warnings)``; raises ContentError.

    *text*: the file's text when the caller has read it already (it is not read again).
    Without *links*, its links are not checked (``other_language_links``, a third of the
    time of reading the front matter of a long post): for a caller that drops the warnings.
    """
    path = display_path(source_path)
    content_root = settings["PATH"]
    languages = tuple(settings["LANGUAGES"])
    folder_lang, kind = folder_of(source_path, content_root)
    front = split_front_matter(read_text(source_path) if text is None else text, path)
    metadata, warnings = normalise(
        front,
        path,
        folder_lang=folder_lang if folder_lang in languages else settings["DEFAULT_LANG"],
        languages=languages,
        timezone=site_timezone(settings),
        content_root=content_root,
        require_date=kind == "posts",
        native_keys=NATIVE_KEYS if kind in ("posts", "pages") else None,  # offers have keys of their own
    )
    prefixes = {language.code: language.prefix for language in languages_from_settings(settings)}
    if not links:
        return front, metadata, warnings
    return front, metadata, [*warnings, *other_language_links(front.text, path, metadata["lang"], prefixes)]


def other_language_links(text: str, path: str, lang: str, prefixes: dict[str, str]) -> list[Problem]:
    """A warning for each link in *text* (a file in *lang*) that leads to a page of another
    language (*prefixes*: code -> URL prefix): a reader of an English post would land on a
    German page. A raw ``<a href="…" hreflang="de">`` says the change of language is meant."""
    lines = text.split("\n")
    problems = []
    for target, line in internal_links(text):
        other = url_language(target, prefixes)
        if other in (None, lang) or f'hreflang="{other}"' in lines[line - 1]:
            continue
        problems.append(
            Problem(
                path,
                line,
                f"the link {target!r} leads to a page in {other!r}, but this text is in {lang!r}",
                f"link to the page in {lang!r} (its address starts with /{prefixes.get(lang, '')}), or write"
                f' <a href="{target}" hreflang="{other}">…</a> where the reader is meant to change language',
            )
        )
    return problems


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
