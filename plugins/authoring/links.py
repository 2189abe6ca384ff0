"""Internal links between Markdown files: find them in the text and resolve them against known URLs.

Pure: a set of known URLs in, problems out (finding the links: ``sitecore.urls.internal_links``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sitecore.problems import Problem
from sitecore.urls import PELICAN_LINK, internal_links, normalise_url

__all__ = ["KnownUrls", "check_link", "internal_links", "normalise_url"]


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
    pelican = PELICAN_LINK.match(target)
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
