"""The spreadsheet conventions of every file the office edits (comment moderation, registrations):
UTF-8 with BOM, ``;``-separated, written in one step; every cell formula-safe through
:mod:`common.spreadsheet` (``neutralise``, ``read_cell``). Standard library only."""

from __future__ import annotations

import os
import tempfile

from common.spreadsheet import CSV_DELIMITER

__all__ = ["CSV_DELIMITER", "write_atomically"]


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
