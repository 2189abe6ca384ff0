"""A web page saved from a browser ("Webseite, vollständig"): the article, read from its markup (pure).

On such a page the furniture is structure: ``nav``, ``aside``, ``footer``, ``header``, forms,
share boxes, the comment area with its list. :func:`read_saved_page` takes the title (``h1``),
the date (``article:published_time`` or the first ``time``), the old address (``canonical``,
``og:url``) and the comments (WordPress ``li.comment``, Drupal ``article.comment``: author,
``time``, text, nesting, ``bypostauthor``) and removes the rest, listing every removed line.
A fragment (a Word file's HTML, a hand-written page without any of this) is not a saved page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .import_cleanup import FoundComment, Removal, parse_date

STRUCTURE = {  # selector -> what the report calls it
    "nav": "Navigation",
    "aside": "Seitenleiste / sidebar",
    "header": "Kopfzeile / header",
    "footer": "Fußzeile / footer",
    "form": "Formular / form",
    "button": "Knopf / button",
    ".sharedaddy, .share, .shariff, .social-share, .sharing, .share-buttons": "Teilen-Knöpfe / share buttons",
    ".post-navigation, .nav-links, .navigation, .pager": "Vorheriger/nächster Beitrag / previous/next post",
    ".entry-meta, .entry-footer, .post-meta, .submitted, .node__meta": "Beitragsangaben / post details",
    ".related, .related-posts, .jp-relatedposts": "Ähnliche Beiträge / related posts",
}
SILENT = "script, style, noscript, template, iframe, svg, link, meta"  # no words of the page
COMMENT_AREA = "#comments, .comments-area, .comment-list, .commentlist, section.comments, .comment-wrapper"
COMMENT = "li.comment, article.comment, div.comment"
CONTENT = ".entry-content, .post-content, .field--name-body, .node__content, article, main, [role=main]"
_AUTHOR = ".fn, .comment-author, .username, .comment__author, [rel~=author]"
_BODY = ".comment-content, .field--name-comment-body, .comment__content, .comment-text"


@dataclass
class SavedPage:
    """What the page's markup says around the article."""

    content: object  # the element holding the article's text
    title: str = ""
    date: dt.datetime | None = None
    old_urls: list[str] = field(default_factory=list)
    comments: list[FoundComment] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


def is_saved_page(soup) -> bool:
    """True for a whole page with structure around the article (not a fragment)."""
    return soup.find(["nav", "aside", "footer"]) is not None or soup.select_one(COMMENT_AREA) is not None


def read_saved_page(soup, *, timezone: ZoneInfo, house_authors: frozenset[str] = frozenset()) -> SavedPage:
    """Take the title, date, addresses and comments out of *soup*; remove the furniture."""
    for element in soup.select(SILENT):
        if element.name not in ("link", "meta"):
            element.decompose()
    page = SavedPage(content=None, old_urls=_old_urls(soup), date=_published(soup, timezone))
    heading = soup.find("h1")
    if heading is not None:
        page.title = " ".join(heading.get_text(" ").split())
        heading.decompose()
    area = soup.select_one(COMMENT_AREA)
    if area is not None:
        page.comments = _comments(area, timezone, house_authors)
        _remove(page, area, "Kommentarbereich / comment area")
    for selector, reason in STRUCTURE.items():
        for element in soup.select(selector):
            if not element.decomposed:
                _remove(page, element, reason)
    page.content = soup.select_one(CONTENT) or soup.body or soup
    _remove_outside(page, soup.body or soup)
    return page


def _remove_outside(page: SavedPage, body) -> None:
    """Text of the page outside the article's element (a skip link, a banner) is removed, and listed."""
    outside = [
        text
        for text in body.find_all(string=True)
        if text.strip() and not any(parent is page.content for parent in text.parents)
    ]
    for text in outside:
        page.removed.append(Removal(-1, " ".join(text.split()), "außerhalb des Artikels / outside the article"))
        text.extract()


def _remove(page: SavedPage, element, reason: str) -> None:
    for line in element.get_text("\n").split("\n"):
        if line.strip():
            page.removed.append(Removal(-1, " ".join(line.split()), reason))
    element.decompose()


def _old_urls(soup) -> list[str]:
    urls = []
    for element, attribute in (
        (soup.find("link", rel="canonical"), "href"),
        (soup.find("meta", property="og:url"), "content"),
    ):
        url = (element.get(attribute) or "").strip() if element is not None else ""
        if url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return urls


def _published(soup, timezone: ZoneInfo) -> dt.datetime | None:
    meta = soup.find("meta", property="article:published_time")
    area = soup.select_one(COMMENT_AREA)
    times = [t for t in soup.find_all("time") if area is None or area not in t.parents]
    for value in [meta.get("content") if meta else None, *(t.get("datetime") for t in times)]:
        moment = _iso(value, timezone)
        if moment is not None:
            return moment
    return None


def _iso(value, timezone: ZoneInfo) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone)).astimezone(timezone)


def _comments(area, timezone: ZoneInfo, house_authors: frozenset[str]) -> list[FoundComment]:
    """The comments of the area in page order; a nested one answers the comment around it."""
    elements = area.select(COMMENT)
    found: list[FoundComment] = []
    position_of: dict[int, int] = {}  # id(element) -> its position in found
    moved = []
    for element in elements:
        author_element = element.select_one(_AUTHOR)
        author = " ".join(author_element.get_text(" ").split()) if author_element else ""
        author = author.removesuffix(" sagt:").removesuffix(" says:").strip()
        if not author:
            continue
        time = element.find("time")
        date = _iso(time.get("datetime"), timezone) if time is not None else None
        if date is None and time is not None:
            date = parse_date(time.get_text(" "), timezone)
        body = element.select_one(_BODY)
        paragraphs = [" ".join(p.get_text(" ").split()) for p in (body.find_all("p") or [body])] if body else []
        parent = _parent_comment(element, elements)
        house = "bypostauthor" in (element.get("class") or []) or author.casefold() in house_authors
        position_of[id(element)] = len(found)
        reply_to = position_of.get(id(parent)) if parent is not None else None
        found.append(FoundComment(author, date, tuple(p for p in paragraphs if p), reply_to, house))
        moved += [node for node in (author_element, time, body) if node is not None]
    for node in moved:
        if not node.decomposed:
            node.decompose()
    return found


def _parent_comment(element, elements):
    """The comment this one answers: the one it is nested in (WordPress ``ol.children``), or the
    one before its ``div.indented`` (Drupal)."""
    for ancestor in element.parents:
        if any(ancestor is other for other in elements):
            return ancestor
        if "indented" in (ancestor.get("class") or []):
            previous = ancestor.find_previous_sibling(["article", "div", "li"], class_="comment")
            if previous is not None:
                return previous
    return None
