"""The spreadsheet conventions of every file the office edits (comment moderation, registrations):
UTF-8 with BOM, ``;``-separated, every cell formula-safe, written in one step. Pure, standard library."""

from __future__ import annotations

import os
import tempfile

CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(value) -> str:
    """A cell read back: stripped, the export's formula guard (a leading ``'``) undone."""
    text = "" if value is None else str(value).strip()
    return text[1:] if text.startswith("'") else text


def write_atomically(path: str, text: str) -> None:
    """Replace the file at *path* with *text* in one step (no half-written file)."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".comment-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if os.path.exists(path):
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
