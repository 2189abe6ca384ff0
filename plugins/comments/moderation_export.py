"""The moderation queue: one row per pending comment with spam signals, as CSV and JSON.

The CSV is UTF-8 with a byte order mark and ``;`` as separator, so that Excel (German
settings) and LibreOffice open it with umlauts intact; cells a spreadsheet would read as a
formula are neutralised. Only ``id``, ``fingerprint`` and ``decision`` are read back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from .comment_files import Comment

COLUMNS = (
    "id", "file", "article", "article_title", "article_url", "lang", "author", "email", "website", "date",
    "text", "link_count", "blocked_words", "duplicate_text", "honeypot", "too_fast", "name_of_post_author",
    "fingerprint", "decision",
)
CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LINK = re.compile(r"https?://|www\.|\]\(|mailto:", re.IGNORECASE)


@dataclass(frozen=True)
class PostInfo:
    """What the export shows about the post a comment belongs to."""

    title: str
    url: str
    authors: tuple[str, ...] = ()


def normalised_text(text: str) -> str:
    """Lower-case words only: what counts as "the same text" for duplicates."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def spam_signals(comment: Comment, others: list[Comment], blocked_words: tuple[str, ...], min_seconds: int) -> dict:
    """Link count, blocked words, duplicate text, and the intake's honeypot / speed flags.

    ``honeypot`` and ``too_fast`` are empty when the comment file carries no such field
    (hand-written or imported comments).
    """
    text = comment.body.casefold()
    own = normalised_text(comment.body)
    duplicate = any(o.id != comment.id and normalised_text(o.body) == own for o in others) if own else False
    honeypot = comment.extra.get("honeypot")
    seconds = comment.extra.get("seconds_to_submit")
    try:
        too_fast = "" if seconds in (None, "") else ("yes" if float(seconds) < min_seconds else "no")
    except (TypeError, ValueError):
        too_fast = "yes"
    return {
        "link_count": len(_LINK.findall(comment.body)) + (1 if comment.website else 0),
        "blocked_words": ", ".join(w for w in blocked_words if w and (w in text or w in comment.author.casefold())),
        "duplicate_text": "yes" if duplicate else "no",
        "honeypot": "" if honeypot is None else ("yes" if str(honeypot).strip() else "no"),
        "too_fast": too_fast,
    }


def export_rows(
    comments: list[Comment], posts: dict[tuple[str, str], PostInfo], blocked_words: tuple[str, ...] = (), min_seconds: int = 5
) -> list[dict]:
    """One row per pending comment, oldest first; *posts* maps ``(lang, slug)`` to PostInfo."""
    rows = []
    for comment in sorted((c for c in comments if c.status == "pending"), key=lambda c: (c.date, c.id)):
        post = posts.get((comment.lang, comment.article), PostInfo("", ""))
        row = {
            "id": comment.id,
            "file": comment.path,
            "article": comment.article,
            "article_title": post.title,
            "article_url": post.url,
            "lang": comment.lang,
            "author": comment.author,
            "email": comment.email,
            "website": comment.website,
            "date": comment.date.isoformat(),
            "text": comment.body,
            **spam_signals(comment, comments, blocked_words, min_seconds),
            "name_of_post_author": "yes" if comment.author.casefold() in {a.casefold() for a in post.authors} else "no",
            "fingerprint": comment.fingerprint,
            "decision": "",
        }
        rows.append(row)
    return rows


def neutralise(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_to_csv(rows: list[dict]) -> str:
    """The CSV text (with BOM) of *rows*, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(row.get(key, "")) for key in COLUMNS})
    return buffer.getvalue()


def rows_to_json(rows: list[dict]) -> str:
    """The JSON text of *rows* (values unchanged: JSON is not opened by spreadsheets)."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
