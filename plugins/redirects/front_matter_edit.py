"""Add old addresses to a post's ``old_urls``, leaving every other line of the file as it was (pure)."""

from __future__ import annotations

import re

from authoring.front_matter_writer import yaml_value
from content_reader.front_matter import split_front_matter
from content_reader.metadata import old_url_texts
from sitecore.urls import old_path, old_path_key

_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*[ \t]*:")


def with_old_urls(text: str, path: str, addresses: list[str]) -> str:
    """*text* with *addresses* added to its ``old_urls`` (those it names already are left out).

    YAML front matter gets a list, one address per line; native ``Key: value`` front matter
    one address per line, continued lines indented. Raises ``ContentError`` for front matter
    that cannot be read.
    """
    front = split_front_matter(text, path)
    present = old_url_texts(front.fields.get("old_urls"))
    known = {old_path_key(old_path(item)[0] or item) for item in present}
    new = [a for a in addresses if old_path_key(old_path(a)[0] or a) not in known]
    if not new:
        return text
    lines = text.split("\n")
    start = front.line("old_urls")
    end = _value_end(lines, start, front) if start else None
    merged = present + list(dict.fromkeys(new))
    if front.style == "yaml":
        block = ["old_urls:"] + [f"  - {yaml_value(address)}" for address in merged]
    else:
        block = [f"Old_urls: {merged[0]}"] + [f"    {address}" for address in merged[1:]]
    if start:
        lines[start - 1 : end] = block
    else:
        closing = front.body_line - 2  # the `---` or the empty line that ends the metadata (0-based)
        lines[closing:closing] = block
    return "\n".join(lines)


def _value_end(lines: list[str], start: int, front) -> int:
    """The 1-based line where the value that begins at *start* ends (continued or list lines)."""
    last = front.body_line - 2  # the closing line (0-based) is not part of any value
    end = start
    while end < last and lines[end].strip() and not _TOP_LEVEL_KEY.match(lines[end]) and lines[end][:1] != "#":
        end += 1
    return end
