"""Checks over a built site on disk: internal references that point to nothing, and
resources a browser would fetch from another host. Offline, no Pelican.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from .page_facts import PageFacts, html_files, read_site

__all__ = ["broken_references", "html_files", "is_external", "resolve", "third_party_resources"]


def is_external(target: str, site_url: str = "") -> bool:
    """True when *target* leaves the site (another scheme or host)."""
    if site_url and (target == site_url or target.startswith(site_url.rstrip("/") + "/")):
        return False
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def resolve(page: str, target: str, root: str, site_url: str = "") -> tuple[str, str] | None:
    """The file (relative to *root*) an internal *target* of *page* means, and its fragment.

    None for external targets and for ``mailto:``/``tel:``/``data:`` links.
    """
    if target.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    if site_url and (target == site_url or target.startswith(site_url.rstrip("/") + "/")):
        target = target[len(site_url.rstrip("/")) :] or "/"
    if is_external(target):
        return None
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = "" if path.startswith("/") else os.path.dirname(page)
    resolved = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if path.endswith("/") or os.path.isdir(os.path.join(root, resolved)):
        resolved = os.path.join(resolved, "index.html")
    return resolved, parts.fragment


def broken_references(root: str, site_url: str = "", pages: list[PageFacts] | None = None) -> list[str]:
    """``page:line: target (why)`` for every internal link, anchor or asset that points to nothing."""
    pages = read_site(root) if pages is None else pages
    ids = {facts.path: facts.ids for facts in pages}
    problems = []
    for facts in pages:
        for reference in facts.references:
            resolved = resolve(facts.path, reference.target, root, site_url)
            if resolved is None:
                continue
            path, fragment = resolved
            if not os.path.isfile(os.path.join(root, path)):
                problems.append(f"{facts.path}:{reference.line}: {reference.target} (no file {path})")
            elif fragment and path in ids and fragment not in ids[path]:
                problems.append(f"{facts.path}:{reference.line}: {reference.target} (no element with id {fragment!r})")
    return problems


def third_party_resources(root: str, site_url: str = "", pages: list[PageFacts] | None = None) -> list[str]:
    """``page:line: tag target`` for every resource a browser would load from another host."""
    pages = read_site(root) if pages is None else pages
    return [
        f"{facts.path}:{reference.line}: {reference.tag} {reference.target}"
        for facts in pages
        for reference in facts.references
        if reference.loaded and is_external(reference.target, site_url)
    ]
