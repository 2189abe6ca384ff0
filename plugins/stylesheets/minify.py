"""A small, safe CSS minifier: comments and needless whitespace out, nothing else changed.

Pure. Strings are kept as written; spaces are dropped only where CSS never needs them
(around ``{ } ; ,`` and after ``:``), so selectors such as ``.a :hover`` and values such
as ``calc(1rem + 2px)`` keep their meaning.
"""

from __future__ import annotations

import hashlib
import re

TOKENS = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(/\*.*?\*/)|(\s+)|([^"'/\s]+|/)""", re.DOTALL)
TIGHT = re.compile(r"\s*([{};,])\s*")


def minify(css: str) -> str:
    """*css* without comments and with whitespace collapsed."""
    parts: list[str] = []
    plain: list[str] = []  # text between strings, tightened in one go

    def flush() -> None:
        text = TIGHT.sub(r"\1", "".join(plain))
        parts.append(re.sub(r":\s+", ":", text).replace(";}", "}"))
        plain.clear()

    for string, comment, space, other in TOKENS.findall(css):
        if string:
            flush()
            parts.append(string)
        elif comment or space:
            plain.append(" ")
        else:
            plain.append(other)
    flush()
    return "".join(parts).strip()


def bundle(sources: list[str]) -> tuple[str, str]:
    """The minified stylesheets one after the other, and a short hash of the result."""
    css = "\n".join(minify(source) for source in sources) + "\n"
    return css, hashlib.sha256(css.encode("utf-8")).hexdigest()[:12]
