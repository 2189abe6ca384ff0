"""``translation_of``: when does a translation's reference to its original point nowhere?

It points nowhere when it names no post or page, one in the same language, or one with
another ``translation_key`` (the build would not link the two). Pure: values in, a problem out.
"""

from __future__ import annotations

import os

from sitecore.problems import Problem


def resolve_reference(reference: str, content_root: str, cwd: str) -> str | None:
    """The content-relative path ``reference`` names (``content/de/posts/x.md`` or ``de/posts/x.md``), if the file exists."""
    reference = str(reference).strip()
    root = os.path.abspath(content_root)
    for base in (cwd, root, os.path.dirname(root)):
        candidate = os.path.normpath(os.path.join(base, reference))
        if os.path.isfile(candidate) and candidate.startswith(root + os.sep):
            return os.path.relpath(candidate, root).replace(os.sep, "/")
    return None


def reference_problem(
    path: str, line: int | None, reference: str, lang: str, translation_key: str, original
) -> Problem | None:
    """The problem of one ``translation_of``; *original* is ``(lang, translation_key)`` or ``None``."""
    if original is None:
        return Problem(
            path,
            line,
            f"translation_of names {reference!r}, which is not a post or page",
            "write the path of the original, e.g. content/de/posts/x.md, or remove the line",
        )
    original_lang, original_key = original
    if original_lang == lang:
        return Problem(
            path,
            line,
            f"translation_of names {reference!r}, a file in the same language ({lang})",
            "name the original in the other language",
        )
    if original_key != translation_key:
        return Problem(
            path,
            line,
            f"this translation is not linked to {reference!r}: the translation keys differ "
            f"({translation_key!r} here, {original_key!r} there)",
            "write the same `translation_key:` in both files",
        )
    return None
