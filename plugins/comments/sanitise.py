"""Turn an untrusted comment's Markdown into safe HTML.

Raw HTML in the Markdown is never interpreted (it is shown as text), and the result is
cleaned by the site's HTML filter (``sitecore.safe_html``, which summaries pass too) with an
explicit allowlist: no script, event handler, image, frame or non-web URL can come through.
E-mail addresses are private even where a commenter typed them into the text (replaced by a
note) or into a link or the website field, even percent-encoded or as a URL's user name
(``holds_address``: that link is not published).
:func:`public_comment` applies the same rule to what ``make comments-pull`` writes into a
comment file, which git keeps.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown import Markdown

from sitecore.safe_html import WEB_SCHEMES
from sitecore.safe_html import clean_html as safe_html
from sitecore.urls import LOOSE_WEB_URL

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}  # "*": no generic title/lang either
URL_SCHEMES = WEB_SCHEMES  # no mailto: an address is private
LINK_REL = "nofollow ugc noopener"
EMAIL_ADDRESS = re.compile(r"[\w.+%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)  # also percent-encoded
USER_INFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#@]*@", re.IGNORECASE)  # scheme://user[:password]@host
USER_INFO_IN_TEXT = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s/?#@<>()\[\]\"'`]*@", re.IGNORECASE)
ADDRESS_REMOVED = {"de": "[E-Mail-Adresse entfernt]", "en": "[e-mail address removed]"}


def comment_markdown() -> Markdown:
    """A Markdown converter for comments: no raw HTML, no extensions beyond the core."""
    converter = Markdown(output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def clean_html(html: str) -> str:
    """Keep only the allowlisted tags and attributes of *html*; links get ``rel``."""
    return safe_html(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        relative_urls=False,  # only absolute http/https links
        link_rel=LINK_REL,
        attribute_filter=_without_address_links,
    )


def _without_address_links(_element: str, attribute: str, value: str) -> str | None:
    return None if attribute == "href" and holds_address(value) else value  # the link text stays


def render_comment(text: str, converter: Markdown | None = None, lang: str = "en") -> str:
    """The safe HTML of one comment's Markdown *text* (in language *lang*), without addresses."""
    converter = converter or comment_markdown()
    converter.reset()
    return without_addresses(clean_html(converter.convert(text)), lang)


def without_addresses(text: str, lang: str = "en") -> str:
    """*text* (plain, or HTML whose only attribute is a web link) with each e-mail address
    replaced by a note in language *lang*."""
    return EMAIL_ADDRESS.sub(ADDRESS_REMOVED.get(lang, ADDRESS_REMOVED["en"]), text)


def holds_address(text: str) -> bool:
    """True when *text* (plain, or a URL, percent-encoded or not) contains an e-mail address
    or a URL's user name (``https://eve@example.com`` names a mailbox as often as a login)."""
    text = unquote(text)
    return bool(EMAIL_ADDRESS.search(text) or USER_INFO.match(text))


def safe_website(url: str) -> str:
    """*url* when it is a plain http(s) address that holds no e-mail address, else ""."""
    url = (url or "").strip()
    return url if LOOSE_WEB_URL.match(url) and not holds_address(url) else ""


def public_comment(author: str, website: str, text: str, lang: str = "en") -> tuple[str, str, str]:
    """The name, website and Markdown *text* of a comment holding only what its page shows:
    each e-mail address replaced by the note (as on the page), the website only when the page
    shows it (:func:`safe_website`), no URL's user name or password. What a comment file keeps."""
    text = without_addresses(USER_INFO_IN_TEXT.sub(r"\1", text), lang)
    return without_addresses(author, lang), safe_website(website), text
