"""Schema.org structured data (JSON-LD) for posts, pages and the organisation.

Pure functions: plain values in, dicts out; ``json_ld_script`` renders one safely.
"""

from __future__ import annotations

from sitecore.templates import json_ld


def absolute(site_url: str, url: str) -> str:
    """*url* (relative to the site root) prefixed with *site_url*."""
    return f"{site_url.rstrip('/')}/{url.lstrip('/')}"


def organization(
    name: str, url: str, logo: str, email: str = "", address: dict | None = None, telephone: str = ""
) -> dict:
    """The consultancy as ``Organization``."""
    data = {"@type": "Organization", "name": name, "url": url, "logo": logo}
    if email:
        data["email"] = email
    if telephone:
        data["telephone"] = telephone
    if address:
        data["address"] = {"@type": "PostalAddress", **address}
    return data


def blog_posting(
    *,
    headline: str,
    description: str,
    url: str,
    language: str,
    published: str,
    modified: str,
    authors: list[str],
    image: str,
    keywords: list[str],
    publisher: dict,
) -> dict:
    """A post as ``BlogPosting``."""
    return {
        "@type": "BlogPosting",
        "headline": headline,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": language,
        "datePublished": published,
        "dateModified": modified or published,
        "author": [{"@type": "Person", "name": name} for name in authors],
        "image": image,
        "keywords": ", ".join(keywords),
        "publisher": publisher,
    }


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict:
    """``BreadcrumbList`` from ``[(name, absolute url), ...]``, outermost first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def json_ld_script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element; no text in it can end it early."""
    text = json_ld({"@context": "https://schema.org", **data})
    return '<script type="application/ld+json">' + text + "</script>"
