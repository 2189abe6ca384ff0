"""Approved comments of the intake as comment files (``make comments-pull``).

Pure code: the intake's approved records in, ``{relative path: file text}`` out. A comment
becomes ``<article>/intake-<id>.md`` with the front matter of every comment file, holding only
what its page shows (``sanitise.public_comment``: no e-mail address in name, website or text,
no user name or password in a URL; git keeps the file); one already in the repository (by id)
is not written again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .comment_files import COMMENT_ID
from .sanitise import public_comment

FILE_PREFIX = "intake-"
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # a post slug that is safe as a folder name


@dataclass(frozen=True)
class PullPlan:
    """What a pull writes, and what it leaves out and why."""

    files: dict[str, str] = field(default_factory=dict)  # path below the comments folder -> text
    already: int = 0  # approved comments that are in the repository already
    skipped: list[str] = field(default_factory=list)  # one line per comment not written


def file_id(intake_id: str) -> str:
    """The comment id (and file name stem) of an intake comment in the repository."""
    return FILE_PREFIX + intake_id


def plan_pull(records: list[dict], existing_ids: set[str], post_slugs: dict[str, set[str]]) -> PullPlan:
    """Plan the files for the intake's approved *records*.

    *existing_ids* are the ids (and file name stems) of the comments in the repository;
    *post_slugs* maps each site language to the slugs of its posts.
    """
    intake_articles = {str(r.get("id", "")): _one_line(r.get("article")) for r in records}
    files: dict[str, str] = {}
    skipped: list[str] = []
    already = 0
    for record in sorted(records, key=lambda r: (str(r.get("date", "")), str(r.get("id", "")))):
        intake_id, article, lang = (_one_line(record.get(key)) for key in ("id", "article", "lang"))
        if not COMMENT_ID.match(intake_id):
            skipped.append(f"{intake_id!r}: not a usable comment id")
            continue
        if file_id(intake_id) in existing_ids:
            already += 1
            continue
        if lang not in post_slugs:
            skipped.append(f"{intake_id}: the language {lang!r} is not one of the site's")
            continue
        if not SLUG.match(article) or article not in post_slugs[lang]:
            skipped.append(f"{intake_id}: there is no {lang} post {article!r}")
            continue
        try:
            text = comment_file(record, intake_articles, existing_ids)
        except ValueError as error:
            skipped.append(f"{intake_id}: {error}")
            continue
        files[f"{article}/{file_id(intake_id)}.md"] = text
    return PullPlan(files, already, skipped)


def comment_file(record: dict, intake_articles: dict[str, str], existing_ids: set[str]) -> str:
    """The text of the comment file for one approved *record*, holding only what the page
    shows of it; ValueError when it lacks a field.

    A ``reply_to`` naming another approved intake comment on the same post is renamed as that
    comment's file id. One naming a comment that is neither that nor in the repository
    (*existing_ids*) is dropped: the reader sent it, and a reply to no comment would fail the
    build, so the comment is published as a comment on the post.
    """
    lang = _one_line(record.get("lang"))
    author, website, text = public_comment(
        _one_line(record.get("author")), _one_line(record.get("website")), _body(record.get("text")), lang
    )
    if not author or not text:
        raise ValueError("the comment has no author or no text")
    front = {"article": _one_line(record.get("article")), "lang": lang, "author": author}
    if website:
        front["website"] = website
    front["date"] = utc_date(_one_line(record.get("date")))
    front["status"] = "approved"
    reply_to = _one_line(record.get("reply_to"))
    if intake_articles.get(reply_to) == front["article"]:
        front["reply_to"] = file_id(reply_to)
    elif reply_to in existing_ids:
        front["reply_to"] = reply_to
    front["id"] = file_id(_one_line(record.get("id")))
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return f"---\n{dumped}---\n{text}\n"


def utc_date(value: str) -> str:
    """An ISO 8601 moment with offset as ``YYYY-MM-DD HH:MM:SS +0000``; ValueError otherwise."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"the date {value!r} cannot be read") from None
    if moment.tzinfo is None:
        raise ValueError(f"the date {value!r} has no offset")
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")


def _one_line(value) -> str:
    """A front matter value: every run of whitespace (line breaks included) as one space."""
    return " ".join(str(value or "").split())


def _body(value) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text.strip()
