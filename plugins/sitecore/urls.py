"""Addresses typed into front matter: one rule for what a link may point to, one message;
and the site's own links in a Markdown text (``internal_links``), with the language of the
page each leads to (``url_language``).

A web address is ``http://`` or ``https://`` with a host name; where a mail makes sense
(an offer's registration) an e-mail address is accepted too and becomes a ``mailto:`` link.
Characters that a URL cannot contain unencoded (spaces, quotes, ``<``, ``>`` ...) are
refused, so no address can end the attribute it is written into.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .problems import line_of

_UNSAFE = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
_WEB = re.compile(r"^https?://(?:[\w-]+\.)+[\w-]{2,}(?::\d{1,5})?(?:[/?#].*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^(?:mailto:)?[^@/:]+@(?:[\w-]+\.)+[a-z]{2,}$", re.IGNORECASE)
# A website a commenter typed: http(s), a host, no spaces. Looser than link_address (which
# front matter uses): comment files written before that rule keep their links.
LOOSE_WEB_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
WEB_HINT = "write it as https://… or http://…"
MAIL_HINT = "write https://… or name@example.com"


def link_address(value, *, mail: bool = False) -> str | None:
    """The link *value* names: a web address as typed or, with *mail*, an e-mail address as
    a ``mailto:`` link. ``None`` when it is neither."""
    text = str(value).strip()
    if not text or _UNSAFE.search(text):
        return None
    if _WEB.match(text):
        return text
    if mail and _EMAIL.match(text):
        return text if text.lower().startswith("mailto:") else f"mailto:{text}"
    return None


def address_mistake(key: str, value, *, mail: bool = False) -> tuple[str, str]:
    """Message and hint for the field *key* whose *value* is no address :func:`link_address` accepts."""
    if mail:
        return f"the {key} {value!r} is neither a web address nor an e-mail address", MAIL_HINT
    return f"the {key} {value!r} is not a web address", WEB_HINT


# An old address of a post or page (front matter `old_urls`): the path the old site served it at.
# Only characters that a server configuration and a file name can carry unquoted.
_OLD_PATH = re.compile(r"^/[\w\-.~/+,:@!]*$")
OLD_URL_HINT = (
    "write the old page's full address, e.g. https://alte-seite.de/2019/10/titel/, or its path, /2019/10/titel/"
)


def old_path(value) -> tuple[str | None, str]:
    """``(path, "")`` for an old address (a web address or a path), decoded, or ``(None, why)``.

    The host of a web address is dropped: the old page is redirected on whichever host serves
    this site. Queries and fragments cannot be told apart by a static page, so they are refused.
    """
    text = str(value).strip()
    if not (_WEB.match(text) or (text.startswith("/") and not text.startswith("//"))):
        return None, "is neither a web address nor a path starting with /"
    if "?" in text or "#" in text:
        return None, "has a query (?…) or a fragment (#…), which no redirect page can answer"
    path = urlsplit(text).path or "/"
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None, "has a %-escape that is not UTF-8"
    segments = decoded.split("/")[1:]
    if decoded == "/":
        return None, "is the home page"
    if any(segment in (".", "..") for segment in segments) or "" in segments[:-1]:
        return None, "has an empty, . or .. part"
    if not _OLD_PATH.match(decoded):
        return None, "holds a character a server configuration cannot carry (a space, quote or bracket)"
    return decoded, ""


def old_path_key(path: str) -> str:
    """What two old paths share when a server would answer both alike (``/a/`` and ``/A``)."""
    return path.rstrip("/").casefold()


# [text](/url "title"), ![alt](/img.svg), and reference definitions  [id]: /url
_INLINE = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.MULTILINE)
_HREF = re.compile(r"\b(?:href|src)=[\"'](?P<target>[^\"']+)[\"']")
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}")


def internal_links(text: str) -> list[tuple[str, int]]:
    """``(target, 1-based line)`` of every root-relative or ``{filename}`` link outside code fences."""
    fenced = "```" in text or "~~~" in text
    blanked = _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text) if fenced else text
    found = []
    for pattern, needed in ((_INLINE, ("](",)), (_REFERENCE, ("]:",)), (_HREF, ("href=", "src="))):
        if not any(part in blanked for part in needed):
            continue  # what every match of the pattern contains is not in the text (a search costs more)
        for match in pattern.finditer(blanked):
            target = match["target"]
            if (target.startswith("/") and not target.startswith("//")) or PELICAN_LINK.match(target):
                found.append((target, line_of(blanked, match.start("target"))))
    return sorted(set(found), key=lambda item: (item[1], item[0]))


def normalise_url(target: str) -> str:
    """``/en/about/#team`` -> ``en/about/``; a path without file extension gets its trailing slash."""
    path = re.split(r"[?#]", target, maxsplit=1)[0].lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if path and not path.endswith("/") and "." not in last:
        path += "/"
    return path


def url_language(target: str, prefixes: dict[str, str]) -> str | None:
    """The language of the page a link from ``internal_links`` leads to: the code whose URL
    prefix (*prefixes*: code -> "" or "en/") it starts with, the longest first; a
    ``{filename}`` link by its folder below content/ (``de/posts/x.md``). ``None`` for a file
    that no language owns (an image, a calendar file) or a folder of no language."""
    pelican = PELICAN_LINK.match(target)
    if pelican:
        folder = target[pelican.end() :].lstrip("/").split("/", 1)[0]
        return folder if pelican[1] == "filename" and folder in prefixes else None
    url = normalise_url(target)
    if "." in url.rsplit("/", 1)[-1]:
        return None  # a file, shared by the languages
    for code, prefix in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if url.startswith(prefix):
            return code
    return None
