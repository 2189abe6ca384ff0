"""A session's registrations as a spreadsheet the office opens: CSV (UTF-8 with BOM, ``;``) and
Excel (openpyxl), with the conventions of ``make registrations-export``: every cell formula-safe
(:mod:`common.spreadsheet`), so a name like ``=HYPERLINK(…)`` stays text. Pure: rows in, bytes out."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from openpyxl import Workbook

from common.spreadsheet import CSV_DELIMITER, neutralise

FIRST_COLUMNS = (
    "id",
    "offer",
    "session",
    "participants",
    "status",
    "attended",
    "name",
    "company",
    "email",
    "phone",
    "lang",
    "date",
    "billing_address",
    "message",
)
# Bookkeeping of the store, not the office's business in a spreadsheet.
LEFT_OUT = frozenset(
    {"created_at", "decided_at", "offered_at", "keep_until", "consent_at", "privacy_version", "signals", "fingerprint"}
)


def columns(rows: list[dict]) -> list[str]:
    """The export's columns: the known ones first, then any further column the registrations have
    (the invoice fields, where the store holds them), in the store's order."""
    extra = [key for row in rows[:1] for key in row if key not in FIRST_COLUMNS and key not in LEFT_OUT]
    return [*FIRST_COLUMNS, *extra]


def cells(row: dict, attended: set[str], names: list[str]) -> list[str]:
    """One registration's formula-safe cells."""
    values = {**row, "date": row["created_at"].strftime("%Y-%m-%d"), "attended": "x" if row["id"] in attended else ""}
    return [neutralise(_text(values.get(name))) for name in names]


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict | list):
        return (
            ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(map(str, value))
        )
    return "" if value is None else str(value)


def as_csv(rows: list[dict], attended: set[str]) -> bytes:
    """The rows as CSV: BOM, ``;``, a header line, CRLF."""
    names = columns(rows)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows(cells(row, attended, names) for row in rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows: list[dict], attended: set[str], sheet_title: str) -> bytes:
    """The rows as an Excel workbook: one sheet (named *sheet_title*, without the characters Excel
    forbids there), a header row, every cell text."""
    names = columns(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", sheet_title)[:31] or "-"
    sheet.append(names)
    for row in rows:
        sheet.append(cells(row, attended, names))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
