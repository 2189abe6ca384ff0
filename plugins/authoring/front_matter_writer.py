"""Write YAML front matter: values quoted so that YAML reads them back unchanged."""

from __future__ import annotations

import json


def yaml_value(value) -> str:
    """A scalar or a list of strings as one YAML line value (JSON strings are valid YAML)."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json.dumps(str(item), ensure_ascii=False) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def yaml_front_matter(fields: list[tuple[str, object, str]]) -> str:
    """``---`` block of ``(key, value, comment)`` lines; plain values for dates and words."""
    lines = ["---"]
    for key, value, comment in fields:
        text = value if isinstance(value, _Plain) else yaml_value(value)
        lines.append(f"{key}: {text}" + (f"  # {comment}" if comment else ""))
    lines.append("---")
    return "\n".join(lines) + "\n"


class _Plain(str):
    """A value written without quotes (a date, ``draft``)."""


def plain(value: str) -> str:
    """Mark *value* to be written as is."""
    return _Plain(value)
