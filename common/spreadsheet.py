"""Spreadsheet formula safety: a cell written so a spreadsheet shows it as text and never runs it as
a formula (OWASP CSV injection), and the same cell read back. Pure, standard library only; every
file the office opens in a spreadsheet uses it, whoever writes the file."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what a German spreadsheet splits a CSV file at


def neutralise(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(value) -> str:
    """A cell read back: stripped, the formula guard (a leading ``'``) undone."""
    text = "" if value is None else str(value).strip()
    return text[1:] if text.startswith("'") else text
