"""``sitemap.xml`` and ``robots.txt`` from the facts of the built pages.

Every indexable page with a canonical URL is listed once, with ``xhtml:link`` alternates
for each language version (itself and ``x-default`` included) and ``lastmod`` from its
modified or published date.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr, escape

from .page_facts import PageFacts

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap_xml(pages: list[PageFacts]) -> str:
    """The sitemap of *pages* (absolute canonical URLs only), sorted by URL."""
    entries = []
    for facts in pages:
        if not facts.indexable or not facts.canonical.startswith(("http://", "https://")):
            continue
        lines = [f"  <url>\n    <loc>{escape(facts.canonical)}</loc>"]
        lastmod = facts.modified or facts.published
        if lastmod:
            lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
        for hreflang, href in sorted(facts.alternates.items(), key=lambda item: (item[0] == "x-default", item[0])):
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        lines.append("  </url>\n")
        entries.append((facts.canonical, "\n".join(lines)))
    return HEADER + "".join(text for _url, text in sorted(entries)) + "</urlset>\n"


def robots_txt(site_url: str) -> str:
    """Allow everything; point to the sitemap when the site has an absolute address."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url.startswith(("http://", "https://")):
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"
