"""Read a built site on disk: which internal links, anchors and assets point to nothing,
and which resources would be fetched from another host.

Pure functions over a folder of files; no Pelican, no network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# (tag, attribute) pairs that reference something a page links to or loads.
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
                   ("iframe", "src"), ("video", "src"), ("audio", "src"), ("form", "action"))
# Tags whose reference the browser fetches by itself when the page loads.
LOADED = {"img", "script", "source", "iframe", "video", "audio"}


@dataclass(frozen=True)
class Reference:
    """One reference from a page: where it is and where it points."""

    page: str  # path of the HTML file, relative to the site root
    tag: str
    target: str
    rel: str = ""


def html_files(root: str) -> list[str]:
    """Every HTML file below *root*, relative to it, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files if name.endswith(".html")]
    return sorted(found)


def references(root: str, page: str, soup: BeautifulSoup | None = None) -> list[Reference]:
    """Every link and resource reference of one page."""
    if soup is None:
        with open(os.path.join(root, page), encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
    found = []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup.find_all(tag):
            if element.get(attribute):
                found.append(Reference(page, tag, element[attribute].strip(), " ".join(element.get("rel", []))))
        for element in soup.find_all(tag, srcset=True):
            for candidate in element["srcset"].split(","):
                if candidate.strip():
                    found.append(Reference(page, tag, candidate.split()[0]))
    return found


def is_external(target: str, site_url: str = "") -> bool:
    """True when *target* leaves the site (another scheme or host)."""
    if site_url and target.startswith(site_url.rstrip("/") + "/"):
        return False
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def resolve(root: str, page: str, target: str, site_url: str = "") -> tuple[str, str] | None:
    """The file an internal *target* of *page* means, and its fragment; None if external."""
    if site_url and target.startswith(site_url.rstrip("/") + "/"):
        target = target[len(site_url.rstrip("/")):]
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


def broken_references(root: str, site_url: str = "") -> list[str]:
    """``page: target`` for every internal link, anchor or asset that points to nothing."""
    ids: dict[str, set[str]] = {}
    problems = []

    def ids_of(path: str) -> set[str]:
        if path not in ids:
            with open(os.path.join(root, path), encoding="utf-8") as handle:
                soup = BeautifulSoup(handle.read(), "html.parser")
            ids[path] = {element["id"] for element in soup.find_all(id=True)} | {
                element["name"] for element in soup.find_all("a", attrs={"name": True})
            }
        return ids[path]

    for page in html_files(root):
        for reference in references(root, page):
            if reference.target.startswith(("mailto:", "tel:", "data:")):
                continue
            resolved = resolve(root, page, reference.target, site_url)
            if resolved is None:
                continue
            path, fragment = resolved
            if not os.path.isfile(os.path.join(root, path)):
                problems.append(f"{page}: {reference.target} (no file {path})")
            elif fragment and path.endswith(".html") and fragment not in ids_of(path):
                problems.append(f"{page}: {reference.target} (no element with id {fragment!r})")
    return problems


def third_party_resources(root: str, site_url: str = "") -> list[str]:
    """``page: target`` for every resource a browser would load from another host."""
    problems = []
    for page in html_files(root):
        for reference in references(root, page):
            loaded = reference.tag in LOADED or (
                reference.tag == "link" and set(reference.rel.split()) & {"stylesheet", "preload", "icon", "modulepreload"}
            )
            if loaded and is_external(reference.target, site_url):
                problems.append(f"{page}: {reference.tag} {reference.target}")
    return problems
