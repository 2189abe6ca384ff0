"""The moderation queue: one row per pending comment with spam signals, as CSV and JSON.

A row comes from a comment file (``source`` = ``file``) or from the intake's store
(``intake``, see :mod:`office_client.admin_api`); both have the same columns.

The CSV is UTF-8 with a byte order mark and ``;`` as separator, so that Excel (German
settings) and LibreOffice open it with umlauts intact; cells a spreadsheet would read as a
formula are neutralised. Only ``id``, ``fingerprint`` and ``decision`` are read back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from common.spam_signals import blocked_words_in, link_count, normalised_text
from common.spreadsheet import neutralise
from office_client.spreadsheet import CSV_DELIMITER

from .comment_files import Comment

COLUMNS = (
    "id",
    "file",
    "source",
    "article",
    "article_title",
    "article_url",
    "lang",
    "author",
    "email",
    "website",
    "date",
    "text",
    "link_count",
    "blocked_words",
    "duplicate_text",
    "honeypot",
    "too_fast",
    "no_token",
    "unknown_article",
    "name_of_post_author",
    "fingerprint",
    "decision",
)
SOURCE_FILE, SOURCE_INTAKE = "file", "intake"  # the `source` column: a comment file, or the intake's store


@dataclass(frozen=True)
class PostInfo:
    """What the export shows about the post a comment belongs to."""

    title: str
    url: str
    authors: tuple[str, ...] = ()


def signs_as(name: str, post: PostInfo) -> bool:
    """Whether *name* is one of the post's authors' names, ignoring case and spacing."""
    return " ".join(name.split()).casefold() in {" ".join(a.split()).casefold() for a in post.authors if a.strip()}


def spam_signals(comment: Comment, others: list[Comment], blocked_words: tuple[str, ...], min_seconds: int) -> dict:
    """Link count, blocked words, duplicate text (:mod:`common.spam_signals`, as the intake counts
    them), and the intake's honeypot / speed flags.

    ``honeypot`` and ``too_fast`` are empty when the comment file carries no such field
    (hand-written or imported comments).
    """
    own = normalised_text(comment.body)
    duplicate = any(o.id != comment.id and normalised_text(o.body) == own for o in others) if own else False
    honeypot = comment.extra.get("honeypot")
    seconds = comment.extra.get("seconds_to_submit")
    try:
        too_fast = "" if seconds in (None, "") else ("yes" if float(seconds) < min_seconds else "no")
    except (TypeError, ValueError):
        too_fast = "yes"
    return {
        "link_count": link_count(comment.body, comment.website),
        "blocked_words": ", ".join(blocked_words_in(comment.body, comment.author, blocked_words)),
        "duplicate_text": "yes" if duplicate else "no",
        "honeypot": "" if honeypot is None else ("yes" if str(honeypot).strip() else "no"),
        "too_fast": too_fast,
    }


def export_rows(
    comments: list[Comment],
    posts: dict[tuple[str, str], PostInfo],
    blocked_words: tuple[str, ...] = (),
    min_seconds: int = 5,
) -> list[dict]:
    """One row per pending comment, oldest first; *posts* maps ``(lang, slug)`` to PostInfo."""
    rows = []
    for comment in sorted((c for c in comments if c.status == "pending"), key=lambda c: (c.date, c.id)):
        post = posts.get((comment.lang, comment.article), PostInfo("", ""))
        row = {
            "id": comment.id,
            "file": comment.path,
            "source": SOURCE_FILE,
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
            "no_token": "",  # signals only the intake knows
            "unknown_article": "",
            "name_of_post_author": "yes" if not comment.author_reply and signs_as(comment.author, post) else "no",
            "fingerprint": comment.fingerprint,
            "decision": "",
        }
        rows.append(row)
    return rows


def intake_rows(records: list[dict], posts: dict[tuple[str, str], PostInfo]) -> list[dict]:
    """One row per pending comment of the intake (its admin API's records), oldest first.

    The spam signals are the intake's; ``name_of_post_author`` is worked out here when the
    intake does not send it.
    """
    rows = []
    for record in records:
        signals = record.get("signals") if isinstance(record.get("signals"), dict) else {}
        lang, article, author = _field(record, "lang"), _field(record, "article"), _field(record, "author")
        post = posts.get((lang, article), PostInfo("", ""))
        by_author = signals.get("name_of_post_author")
        if by_author is None:
            by_author = signs_as(author, post)
        words = signals.get("blocked_words") or []
        rows.append(
            {
                "id": _field(record, "id"),
                "file": "",
                "source": SOURCE_INTAKE,
                "article": article,
                "article_title": post.title,
                "article_url": post.url,
                "lang": lang,
                "author": author,
                "email": _field(record, "email"),
                "website": _field(record, "website"),
                "date": _field(record, "date"),
                "text": _field(record, "text"),
                "link_count": signals.get("link_count", ""),
                "blocked_words": ", ".join(str(w) for w in words) if isinstance(words, list) else str(words),
                **{
                    name: _yes_no(signals.get(name))
                    for name in ("duplicate_text", "honeypot", "too_fast", "no_token", "unknown_article")
                },
                "name_of_post_author": _yes_no(by_author),
                "fingerprint": _field(record, "fingerprint"),
                "decision": "",
            }
        )
    return sorted(rows, key=_row_order)


def oldest_first(rows: list[dict]) -> list[dict]:
    """Rows of both sources in one list, oldest first (then by id)."""
    return sorted(rows, key=_row_order)


def _row_order(row: dict) -> tuple:
    try:
        moment = dt.datetime.fromisoformat(str(row["date"]))
    except ValueError:
        return 1, 0.0, str(row["id"])  # an unreadable date sorts last
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return 0, moment.timestamp(), str(row["id"])


def _field(record: dict, key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def rows_to_csv(rows: list[dict]) -> str:
    """The CSV text (with BOM) of *rows*, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(row.get(key, "")) for key in COLUMNS})
    return buffer.getvalue()


def rows_to_json(rows: list[dict]) -> str:
    """The JSON text of *rows* (values unchanged: JSON is not opened by spreadsheets)."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
