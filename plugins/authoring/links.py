"""Internal links between Markdown files: find them in the text and resolve them against known URLs.

Pure: text in, ``(target, line)`` pairs out; a set of known URLs in, problems out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sitecore.problems import Problem, line_of

# [text](/url "title"), ![alt](/img.svg), and reference definitions  [id]: /url
_INLINE = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.MULTILINE)
_HREF = re.compile(r"\b(?:href|src)=[\"'](?P<target>[^\"']+)[\"']")
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_PELICAN = re.compile(r"^\{(filename|static|attach)\}")


def internal_links(text: str) -> list[tuple[str, int]]:
    """``(target, 1-based line)`` of every root-relative or ``{filename}`` link outside code fences."""
    blanked = _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for pattern in (_INLINE, _REFERENCE, _HREF):
        for match in pattern.finditer(blanked):
            target = match["target"]
            if (target.startswith("/") and not target.startswith("//")) or _PELICAN.match(target):
                found.append((target, line_of(blanked, match.start("target"))))
    return sorted(set(found), key=lambda item: (item[1], item[0]))


def normalise_url(target: str) -> str:
    """``/en/about/#team`` -> ``en/about/``; a path without file extension gets its trailing slash."""
    path = re.split(r"[?#]", target, maxsplit=1)[0].lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if path and not path.endswith("/") and "." not in last:
        path += "/"
    return path


@dataclass(frozen=True)
class KnownUrls:
    """Every URL the site will have (relative to SITEURL), drafts apart, and the files below content/."""

    urls: frozenset
    drafts: frozenset = frozenset()
    prefixes: tuple = ()  # URL folders with generated files inside (offer .ics, topic feeds)

    def has(self, url: str) -> bool:
        """True when *url* is a page or file of the site."""
        return url in self.urls or any(url.startswith(prefix) for prefix in self.prefixes)


def check_link(path: str, line: int, target: str, known: KnownUrls, file_exists) -> Problem | None:
    """A problem when *target* points nowhere (or to a draft); ``None`` when it resolves.

    *file_exists(relative)* answers for ``{filename}``/``{static}`` links below content/.
    """
    pelican = _PELICAN.match(target)
    if pelican:
        relative = re.split(r"[?#]", target[pelican.end() :], maxsplit=1)[0].lstrip("/")
        if file_exists(relative):
            return None
        return Problem(
            path,
            line,
            f"the link {target!r} names a file that does not exist",
            "write the path below content/, e.g. {filename}/de/posts/x.md",
        )
    url = normalise_url(target)
    if known.has(url) or (url == "" and known.has("")):
        return None
    if url in known.drafts:
        return Problem(
            path,
            line,
            f"the link {target!r} points to a draft",
            "it works only after that post is published (remove its `status: draft`)",
        )
    close = difflib.get_close_matches(url, sorted(known.urls), n=1, cutoff=0.6)
    hint = (
        f"did you mean /{close[0]}?"
        if close
        else "link to the URL of a post, page, offer or topic, e.g. /blog/<slug>/ or /en/about/"
    )
    return Problem(path, line, f"the link {target!r} points to no page or file of the site", hint)
