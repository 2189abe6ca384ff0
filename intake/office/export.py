"""A session's participants as a spreadsheet the office opens: one row per participant with its
booking's columns, CSV (UTF-8 with BOM, ``;``) and Excel (openpyxl), with the conventions of
``make registrations-export``: every cell formula-safe (:mod:`common.spreadsheet`), so a name like
``=HYPERLINK(…)`` stays text. Pure: seats (``store.seats_of``) in, bytes out."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from openpyxl import Workbook

from common.spreadsheet import CSV_DELIMITER, neutralise

PARTICIPANT_COLUMNS = ("participant", "participant_name", "participant_email", "attended")
FIRST_COLUMNS = (
    *PARTICIPANT_COLUMNS,
    "id",
    "offer",
    "session",
    "participants",
    "status",
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


def columns(seats: list[dict]) -> list[str]:
    """The export's columns: the participant's, the booking's known ones, then any further column
    the registrations have (the invoice fields, where the store holds them), in the store's order."""
    extra = [
        key for seat in seats[:1] for key in seat["registration"] if key not in FIRST_COLUMNS and key not in LEFT_OUT
    ]
    return [*FIRST_COLUMNS, *extra]


def cells(seat: dict, names: list[str]) -> list[str]:
    """One participant's formula-safe cells: ``participant`` is its key (``r-….2``), the booking's
    columns follow (``name`` and ``email`` are the booker's)."""
    row = seat["registration"]
    values = {
        **row,
        "date": row["created_at"].strftime("%Y-%m-%d"),
        "participant": seat["key"],
        "participant_name": seat["name"],
        "participant_email": seat["email"],
        "attended": "x" if seat["attended_at"] is not None and row["status"] == "confirmed" else "",
    }
    return [neutralise(_text(values.get(name))) for name in names]


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict | list):
        return (
            ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(map(str, value))
        )
    return "" if value is None else str(value)


def as_csv(seats: list[dict]) -> bytes:
    """The participants as CSV: BOM, ``;``, a header line, CRLF."""
    names = columns(seats)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows(cells(seat, names) for seat in seats)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(seats: list[dict], sheet_title: str) -> bytes:
    """The participants as an Excel workbook: one sheet (named *sheet_title*, without the characters Excel
    forbids there), a header row, every cell text."""
    names = columns(seats)
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", sheet_title)[:31] or "-"
    sheet.append(names)
    for seat in seats:
        sheet.append(cells(seat, names))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
