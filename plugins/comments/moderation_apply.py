"""Apply the decisions of a moderation export to the comment files and the intake.

Everything is checked first (unknown id, unknown decision, a comment changed since the
export), for the rows of both sources; if any row is wrong nothing is written anywhere. Then
the intake's rows are sent to it (it checks them again, all or nothing) and each changed file
is replaced atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from common.spreadsheet import read_cell
from office_client.spreadsheet import write_atomically

from .comment_files import Comment, fingerprint
from .moderation_export import SOURCE_INTAKE

DECISIONS = {
    "approve": "approved",
    "approved": "approved",
    "freigeben": "approved",
    "reject": "rejected",
    "rejected": "rejected",
    "ablehnen": "rejected",
    "spam": "spam",
}
INTAKE_VERBS = {"approved": "approve", "rejected": "reject", "spam": "spam"}  # status -> the intake's decision
_STATUS_LINE = re.compile(r"^(?P<key>status[ \t]*:[ \t]*)(?P<value>.*?)(?P<end>\r?)$", re.IGNORECASE)


class ModerationFileError(Exception):
    """The decisions file cannot be read at all."""


@dataclass(frozen=True)
class Decision:
    """One row of the decisions file: which comment, what to do, where in the file."""

    row: int  # line of the CSV record, or 1-based position in the JSON list
    comment_id: str
    decision: str
    fingerprint: str
    source: str = ""  # "intake" for the intake's comments; a comment file otherwise

    @property
    def from_intake(self) -> bool:
        """True for a row of a comment in the intake's store."""
        return self.source.lower() == SOURCE_INTAKE


@dataclass(frozen=True)
class Change:
    """A comment file to set to a new status."""

    comment: Comment
    status: str


def read_decisions(path: str) -> list[Decision]:
    """The rows of a CSV (``;`` or ``,`` separated) or JSON export at *path*."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV" (not "CSV UTF-8"); the columns read back are ASCII
    if path.lower().endswith(".json"):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            raise ModerationFileError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ModerationFileError(f"{path}: expected a list of rows as written by `make comments-export`")
        return [
            Decision(
                n,
                read_cell(r.get("id")),
                read_cell(r.get("decision")),
                read_cell(r.get("fingerprint")),
                read_cell(r.get("source")),
            )
            for n, r in enumerate(records, 1)
        ]
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    missing = {"id", "decision", "fingerprint"} - set(reader.fieldnames or [])
    if missing:
        raise ModerationFileError(
            f"{path}:1: the columns {', '.join(sorted(missing))} are missing (use the file `make comments-export` wrote)"
        )
    decisions = []
    for record in reader:
        decisions.append(
            Decision(
                reader.line_num,
                read_cell(record.get("id")),
                read_cell(record.get("decision")),
                read_cell(record.get("fingerprint")),
                read_cell(record.get("source")),
            )
        )
    return decisions


def plan_changes(
    decisions: list[Decision], comments: list[Comment], current_texts: dict[str, str], source: str
) -> tuple[list[Change], list[str]]:
    """Return ``(changes, problems)``; *current_texts* maps a comment id to its file's text now.

    Problems are ``source:row: message`` lines; when there is any, apply nothing.
    """
    by_id = {c.id: c for c in comments}
    changes, problems, seen = [], [], {}
    for row in decisions:
        where = f"{source}:{row.row}"
        if not row.comment_id and not row.decision:
            continue  # an empty line a spreadsheet added
        comment = by_id.get(row.comment_id)
        if comment is None:
            problems.append(f"{where}: unknown comment id {row.comment_id!r}")
            continue
        if row.comment_id in seen:
            problems.append(
                f"{where}: the comment {row.comment_id!r} appears twice (first in row {seen[row.comment_id]})"
            )
            continue
        seen[row.comment_id] = row.row
        decision = row.decision.lower()
        if decision and decision not in DECISIONS:
            problems.append(
                f"{where}: unknown decision {row.decision!r} (use approve, reject, spam, or leave it empty)"
            )
            continue
        now = current_texts.get(comment.id)
        if now is None or fingerprint(now) != row.fingerprint:
            problems.append(f"{where}: {comment.path} was changed since the export (export again and decide anew)")
            continue
        if decision:
            changes.append(Change(comment, DECISIONS[decision]))
    return changes, problems


def plan_intake_decisions(decisions: list[Decision], pending: list[dict], source: str) -> tuple[list[dict], list[str]]:
    """Return ``(decisions for the intake, problems)`` for the intake's rows of an export.

    *pending* are the intake's pending comments now (``id``, ``fingerprint``). A row without
    a decision changes nothing and is not checked. Problems are ``source:row: message`` lines.
    """
    by_id = {str(c.get("id")): c for c in pending}
    planned, problems, seen = [], [], {}
    for row in decisions:
        where = f"{source}:{row.row}"
        if not row.decision:
            continue
        decision = row.decision.lower()
        if decision not in DECISIONS:
            problems.append(
                f"{where}: unknown decision {row.decision!r} (use approve, reject, spam, or leave it empty)"
            )
            continue
        if row.comment_id in seen:
            problems.append(
                f"{where}: the comment {row.comment_id!r} appears twice (first in row {seen[row.comment_id]})"
            )
            continue
        seen[row.comment_id] = row.row
        comment = by_id.get(row.comment_id)
        if comment is None:
            problems.append(
                f"{where}: the intake has no pending comment {row.comment_id!r} (unknown, or decided since the export: export again)"
            )
            continue
        if str(comment.get("fingerprint", "")) != row.fingerprint:
            problems.append(
                f"{where}: the intake's comment {row.comment_id!r} was changed since the export (export again and decide anew)"
            )
            continue
        planned.append(
            {"id": row.comment_id, "decision": INTAKE_VERBS[DECISIONS[decision]], "fingerprint": row.fingerprint}
        )
    return planned, problems


def with_status(text: str, status: str) -> str:
    """*text* of a comment file with the value of its ``status`` line replaced."""
    lines = text.split("\n")
    in_yaml = lines[0].lstrip("\ufeff").strip() == "---"
    start = 1 if in_yaml else 0
    for number in range(start, len(lines)):
        if in_yaml and lines[number].strip() in ("---", "..."):
            break
        if not in_yaml and not lines[number].strip():
            break
        match = _STATUS_LINE.match(lines[number])
        if match:
            lines[number] = f"{match['key']}{status}{match['end']}"
            return "\n".join(lines)
    raise ValueError("no status line in the front matter")


def apply_changes(changes: list[Change], sources: dict[str, str]) -> dict[str, int]:
    """Write every change; *sources* maps a comment id to its file on disk. Returns counts."""
    planned = []
    for change in changes:
        path = sources[change.comment.id]
        with open(path, encoding="utf-8", newline="") as handle:
            planned.append((path, with_status(handle.read(), change.status)))
    for path, text in planned:
        write_atomically(path, text)
    summary = {"approved": 0, "rejected": 0, "spam": 0}
    for change in changes:
        summary[change.status] += 1
    return summary


def left_pending(comments: list[Comment], changes: list[Change]) -> int:
    """How many of *comments* are still pending after *changes*: counted in the comment files,
    so a row deleted from the export still counts as pending."""
    changed = {change.comment.id for change in changes}
    return sum(1 for comment in comments if comment.status == "pending" and comment.id not in changed)
