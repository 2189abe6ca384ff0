"""The comments found below an imported article as comment files of its new post (pure).

One file per comment, ``<post slug>/<date>-<name>.md`` below the comments folder, in the format
of :mod:`comments.comment_files`: ``status: approved`` (they were public on the old site), the
comment's date (the post's when the page showed none), ``reply_to`` where the text shows a
reply, ``author_reply: true`` for the site's own authors. Names stay as written; no e-mail.
"""

from __future__ import annotations

import datetime as dt

import yaml

from sitecore.html_markdown import escape_markdown
from sitecore.slugs import slugify

from .import_cleanup import FoundComment


def comment_ids(comments: list[FoundComment], fallback: dt.datetime) -> list[str]:
    """``<date>-<name>`` for each comment, numbered where two would be the same."""
    ids: list[str] = []
    for comment in comments:
        base = f"{(comment.date or fallback):%Y-%m-%d}-{slugify(comment.author) or 'leser'}"
        candidate, number = base, 2
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
    return ids


def comment_files(
    comments: list[FoundComment], *, slug: str, lang: str, post_date: dt.datetime
) -> list[tuple[str, str]]:
    """``(path below the comments folder, text)`` of every comment."""
    ids = comment_ids(comments, post_date)
    files = []
    for comment, comment_id in zip(comments, ids, strict=True):
        fields = {
            "article": slug,
            "lang": lang,
            "author": comment.author,
            "date": (comment.date or post_date).strftime("%Y-%m-%d %H:%M:%S %z"),
            "status": "approved",
        }
        if comment.reply_to is not None:
            fields["reply_to"] = ids[comment.reply_to]
        if comment.house:
            fields["author_reply"] = True
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
        body = "\n\n".join("\n".join(escape_markdown(line) for line in p.split("\n")) for p in comment.paragraphs)
        files.append((f"{slug}/{comment_id}.md", f"---\n{front}---\n{body or '…'}\n"))
    return files
