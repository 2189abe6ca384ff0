"""Which files in a content folder are Markdown sources, walked in one stable order (pure)."""

from __future__ import annotations

import os
from collections.abc import Iterator

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def markdown_files(folder: str) -> Iterator[str]:
    """Every Markdown file below *folder* (none when it is missing), folders and names sorted;
    hidden files (an editor's ``.#post.md``) are left out."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)
