"""Read comment files (``content/comments/**.md``) into :class:`Comment` values and check them.

Parsing and checks are pure: text in, comments or :class:`~sitecore.problems.Problem` values
out; only :func:`read_comment_files` (and :func:`read_site_comments` through it) opens files.
The front matter is split by the foundation's parser, dates by its date parser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from content_reader.front_matter import split_front_matter
from content_reader.metadata import DATE_HINT, parse_date
from sitecore.cycles import on_parent_cycles
from sitecore.files import markdown_files
from sitecore.problems import ContentError, Problem, display_path
from sitecore.slugs import slugify
from sitecore.urls import LOOSE_WEB_URL

STATUSES = ("pending", "approved", "rejected", "spam")
COMMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
TRUE_WORDS = ("true", "yes", "ja", "1")


@dataclass(frozen=True)
class Comment:
    """One comment file: who wrote what on which post, and its moderation status."""

    id: str
    path: str  # as shown to people (relative to the working directory)
    article: str
    lang: str
    author: str
    date: dt.datetime
    status: str
    body: str
    email: str = ""
    website: str = ""
    reply_to: str = ""
    author_reply: bool = False
    fingerprint: str = ""  # sha256 of the whole file: "changed since export" detection
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    extra: dict = field(default_factory=dict, compare=False, repr=False)  # intake signals (honeypot ...)

    def line(self, key: str) -> int:
        """The line where *key* is set, else 1."""
        return self.lines.get(key) or 1


def fingerprint(text: str) -> str:
    """A short content hash of a comment file's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def comment_folder(settings: dict) -> str:
    """The absolute path of the comment files: ``COMMENTS_PATH`` (``comments``) below the content."""
    return os.path.join(settings["PATH"], str(settings.get("COMMENTS_PATH", "comments")))


def comment_files(folder: str) -> list[str]:
    """Every Markdown file below *folder*, sorted (empty when the folder is missing)."""
    return list(markdown_files(folder))


def read_comment_files(folder: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """``(display path, text)`` of every comment file, and problems for unreadable ones."""
    files, problems = [], []
    for source in comment_files(folder):
        path = display_path(source)
        try:
            with open(source, encoding="utf-8") as handle:
                files.append((path, handle.read()))
        except UnicodeDecodeError:
            problems.append(Problem(path, None, "the file is not UTF-8 text", "save it as UTF-8"))
        except OSError as error:
            problems.append(Problem(path, None, f"the file cannot be read ({error.strerror})"))
    return files, problems


def _field_text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_comment(
    text: str, path: str, *, languages: tuple[str, ...], timezone: ZoneInfo
) -> tuple[Comment, list[Problem]]:
    """Return the comment in *text* (the file at *path*) and warnings; raise ContentError.

    The language defaults to the first of *languages*; the id to the file name's stem.
    """
    front = split_front_matter(text, path)
    fields = front.fields
    warnings: list[Problem] = []

    def fail(key: str, message: str, hint: str) -> None:
        raise ContentError(Problem(path, front.line(key) or 1, message, hint))

    lang = _field_text(fields.get("lang")).lower() or languages[0]
    if lang not in languages:
        fail("lang", f"the language {lang!r} is not one of the site's languages", f"use one of: {', '.join(languages)}")
    article = _field_text(fields.get("article"))
    if not article:
        fail("article", "the comment names no post", "add `article: <slug of the post>`")
    author = _field_text(fields.get("author"))
    if not author:
        fail("author", "the comment has no author", "add `author: <name>`")
    status = _field_text(fields.get("status")).lower()
    if status not in STATUSES:
        what = f"the status {status!r} is unknown" if status else "the status is missing"
        fail("status", what, f"use one of: {', '.join(STATUSES)}")
    if fields.get("date") in (None, ""):
        fail("date", "the date is missing", "add `date: 2024-05-17 09:30 +0200`")
    try:
        date = parse_date(fields["date"], timezone)
    except ValueError:
        fail("date", f"the date {fields['date']!r} cannot be read", DATE_HINT)
    body = front.body.strip()
    if not body:
        raise ContentError(
            Problem(path, front.body_line, "the comment has no text", "write the comment below the front matter")
        )

    stem = os.path.splitext(os.path.basename(path))[0]
    comment_id = _field_text(fields.get("id")) or slugify(stem)
    if not COMMENT_ID.match(comment_id):
        fail("id", f"the id {comment_id!r} cannot be used in a link", "use letters, digits, - and _ only")
    reply_to = _field_text(fields.get("reply_to"))

    website = _field_text(fields.get("website"))
    if website and not LOOSE_WEB_URL.match(website):
        warnings.append(
            Problem(
                path,
                front.line("website"),
                f"the website {website!r} is not an http(s) address; it is not linked",
                "write it as https://…",
            )
        )
        website = ""
    author_reply = _field_text(fields.get("author_reply")).lower() in TRUE_WORDS
    known = {"id", "article", "lang", "author", "email", "website", "date", "status", "reply_to", "author_reply"}
    comment = Comment(
        id=comment_id,
        path=path,
        article=article,
        lang=lang,
        author=author,
        date=date,
        status=status,
        body=body,
        email=_field_text(fields.get("email")),
        website=website,
        reply_to=reply_to,
        author_reply=author_reply,
        fingerprint=fingerprint(text),
        lines=dict(front.lines),
        extra={k: v for k, v in fields.items() if k not in known},
    )
    return comment, warnings


@dataclass(frozen=True)
class LoadedComments:
    """Every readable comment, and the problems found, each with the language it belongs to.

    A problem's language is ``None`` when the file could not be read far enough to know it.
    """

    comments: tuple[Comment, ...]
    errors: tuple[tuple[str | None, Problem], ...]
    warnings: tuple[tuple[str | None, Problem], ...]


def load_comments(
    files: list[tuple[str, str]], *, languages: tuple[str, ...], timezone: ZoneInfo, kept=None
) -> LoadedComments:
    """Parse ``(display path, text)`` pairs; collect the problems instead of stopping. *kept*
    (``bilingual.content_index.KeptEntries``, whole builds) gives the comments parsed by
    earlier builds from the same text, and keeps the new ones."""
    comments, errors, warnings = [], [], []
    for path, text in files:
        try:
            comment, found = _parse_kept(text, path, languages, timezone, kept)
        except ContentError as error:
            errors.append((_lang_hint(text, path, languages), error.problem))
            continue
        comments.append(comment)
        warnings += [(comment.lang, problem) for problem in found]
    return LoadedComments(tuple(comments), tuple(errors), tuple(warnings))


def read_site_comments(folder: str, *, languages: tuple[str, ...], timezone: ZoneInfo, kept=None) -> LoadedComments:
    """Every comment file below *folder*, read and parsed once for the whole build (the content
    index holds the result); a file that cannot be read is an error of no language (*kept*: see
    ``load_comments``)."""
    files, unreadable = read_comment_files(folder)
    loaded = load_comments(files, languages=languages, timezone=timezone, kept=kept)
    return dataclasses.replace(loaded, errors=tuple((None, problem) for problem in unreadable) + loaded.errors)


def comment_problems(
    loaded: LoadedComments, post_slugs: dict[str, set[str]]
) -> tuple[list[tuple[str | None, Problem]], list[tuple[str | None, Problem]]]:
    """``(errors, warnings)`` of the comment files and of what they name (:func:`check_references`),
    each with its language: the one rule of the build and of ``make check``."""
    return list(loaded.errors) + check_references(loaded.comments, post_slugs), list(loaded.warnings)


@lru_cache(maxsize=16384)
def _parse_remembered(text: str, path: str, languages: tuple[str, ...], timezone: ZoneInfo) -> tuple[Comment, tuple]:
    """``parse_comment``, remembered: the preview process reads the same files at every rebuild."""
    comment, found = parse_comment(text, path, languages=languages, timezone=timezone)
    return comment, tuple(found)


def _parse_kept(text: str, path: str, languages: tuple[str, ...], timezone: ZoneInfo, kept) -> tuple[Comment, tuple]:
    """``parse_comment``, from *kept* when an earlier build parsed the same text at *path*
    (with the same settings and code: the kept file's version says so)."""
    if kept is None:
        return _parse_remembered(text, path, languages, timezone)
    key = ("comment", path, fingerprint(text))
    parsed = kept.parsed(key)
    if parsed is None:
        parsed = _parse_remembered(text, path, languages, timezone)
        kept.keep_parsed(key, parsed)
    return parsed


def _lang_hint(text: str, path: str, languages: tuple[str, ...]) -> str | None:
    """The language of a broken file, when its front matter still says it."""
    try:
        lang = _field_text(split_front_matter(text, path).fields.get("lang")).lower() or languages[0]
    except ContentError:
        return None
    return lang if lang in languages else None


def check_references(
    comments: tuple[Comment, ...] | list[Comment], post_slugs: dict[str, set[str]]
) -> list[tuple[str, Problem]]:
    """Problems between comments and posts, each with the language it belongs to.

    *post_slugs* maps a language to the slugs of its posts. Checked: the post exists, ids are
    unique, ``reply_to`` names a comment on the same post, and replies form no loop.
    """
    problems: list[tuple[str, Problem]] = []
    by_id: dict[str, Comment] = {}
    for comment in comments:
        if comment.id in by_id:
            other = by_id[comment.id]
            problems.append(
                (
                    comment.lang,
                    Problem(
                        comment.path,
                        comment.line("id"),
                        f"the comment id {comment.id!r} is already used by {other.path}",
                        "give one of them another `id:` or file name",
                    ),
                )
            )
            continue
        by_id[comment.id] = comment
    for comment in by_id.values():
        slugs = post_slugs.get(comment.lang, set())
        if comment.article not in slugs:
            problems.append(
                (
                    comment.lang,
                    Problem(
                        comment.path,
                        comment.line("article"),
                        f"there is no {comment.lang} post with the slug {comment.article!r}",
                        _closest_hint(comment.article, slugs),
                    ),
                )
            )
        if not comment.reply_to:
            continue
        parent = by_id.get(comment.reply_to)
        if parent is None:
            problems.append(
                (
                    comment.lang,
                    Problem(
                        comment.path,
                        comment.line("reply_to"),
                        f"reply_to names no comment: {comment.reply_to!r}",
                        "use the id (or file name without .md) of the comment it answers",
                    ),
                )
            )
        elif (parent.article, parent.lang) != (comment.article, comment.lang):
            problems.append(
                (
                    comment.lang,
                    Problem(
                        comment.path,
                        comment.line("reply_to"),
                        f"reply_to names {comment.reply_to!r}, a comment on another post ({parent.lang}: {parent.article})",
                        "a reply must be on the same post as the comment it answers",
                    ),
                )
            )
    for comment in reply_loops(list(by_id.values())):
        problems.append(
            (
                comment.lang,
                Problem(
                    comment.path,
                    comment.line("reply_to"),
                    f"the comment {comment.id!r} is part of a reply loop",
                    "follow reply_to from this comment: it comes back here; remove one reply_to",
                ),
            )
        )
    return problems


def reply_loops(comments: list[Comment]) -> list[Comment]:
    """The comments that lie on a ``reply_to`` cycle, in input order."""
    on_cycle = on_parent_cycles({c.id: c.reply_to for c in comments if c.reply_to})
    return [c for c in comments if c.id in on_cycle]


def _closest_hint(slug: str, slugs: set[str]) -> str:
    close = difflib.get_close_matches(slug, sorted(slugs), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "use the slug of a post in the comment's language (`lang:`), as in its URL /blog/<slug>/"
