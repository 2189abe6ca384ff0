"""Which files in a content folder are Markdown sources, walked in one stable order, and
which files there the build does not read (pure)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator

from .problems import Problem, display_path

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
CONTENT_FOLDERS = ("posts", "pages", "offers")  # below content/<lang>/: every file there is a source
IMPORTABLE_SUFFIXES = (".txt", ".docx", ".html", ".htm")  # what `make import` turns into a post


def markdown_files(folder: str) -> Iterator[str]:
    """Every Markdown file below *folder* (none when it is missing), folders and names sorted;
    hidden files (an editor's ``.#post.md``) are left out."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def unread_files(content_root: str, languages: list[str]) -> list[Problem]:
    """A file in ``content/<lang>/posts|pages|offers`` that is no Markdown source: the build
    skips it, so a post saved as ``.txt`` or ``.docx`` would be lost without a word. Hidden
    files and editors' backups (``post.md~``) are left alone."""
    problems = []
    for lang in languages:
        for folder in CONTENT_FOLDERS:
            for root, dirs, files in os.walk(os.path.join(content_root, lang, folder)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(("~", *MARKDOWN_SUFFIXES)):
                        continue
                    path = display_path(os.path.join(root, name))
                    problems.append(Problem(path, None, "the build does not read this file", _unread_hint(path)))
    return problems


def _unread_hint(path: str) -> str:
    """What to do with a file the build skips, by its kind."""
    stem, suffix = os.path.splitext(path)
    suffix = suffix.lower()
    if suffix in IMPORTABLE_SUFFIXES:
        return f"make a draft post of it with `make import FILE={path}`, then delete this file"
    if suffix == ".doc":
        return f"save it in Word as .docx, then `make import FILE={stem}.docx`, then delete this file"
    if difflib.get_close_matches(suffix, MARKDOWN_SUFFIXES, n=1, cutoff=0.7) or suffix in (".mdx", ".mdtxt"):
        return f"a Markdown file must end in .md: rename it to {os.path.basename(stem)}.md"
    return "only Markdown files are read here: put images and other files under content/assets/"
