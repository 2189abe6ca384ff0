"""The site's one filter for HTML made from text it does not fully trust (a comment, a summary).

nh3 parses the HTML as a browser does and keeps only the tags and attributes named; every URL
in ``href``/``src`` must have one of the schemes named, after the browser's normalisation
(entities decoded, tabs and line breaks dropped, any case), so ``javascript:``, ``data:`` and
``vbscript:`` in any spelling are removed. Pure: no Pelican import.
"""

from __future__ import annotations

from collections.abc import Callable

import nh3

WEB_SCHEMES = frozenset({"http", "https"})


def clean_html(
    html: str,
    *,
    tags: set[str],
    attributes: dict[str, set[str]],
    url_schemes: frozenset[str] | set[str] = WEB_SCHEMES,
    relative_urls: bool = False,
    link_rel: str | None = None,
    attribute_filter: Callable[[str, str, str], str | None] | None = None,
) -> str:
    """*html* with only *tags* and their *attributes* (``"*"``: on every tag); URLs only with
    *url_schemes* (and, with *relative_urls*, a path or fragment on the site); comments removed;
    links get *link_rel*; *attribute_filter* may drop (None) or change any attribute value left."""
    return nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=set(url_schemes),
        link_rel=link_rel,
        strip_comments=True,
        url_relative="pass_through" if relative_urls else "deny",
        attribute_filter=attribute_filter,
    )
