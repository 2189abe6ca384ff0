"""The files that make old addresses work (pure: redirects in, text out).

* a redirect page at each old path, for any static host: an immediate refresh to the new
  address, its canonical link, ``noindex``, and a visible link in the page's language;
* ``_redirects`` (Netlify, Cloudflare Pages and other hosts that read that format);
* ``_redirects.nginx.conf`` and ``_redirects.caddy``, included by ``deploy/nginx.conf`` and
  ``deploy/Caddyfile``: real ``301`` answers before any file is looked up.

Every old path has already passed ``sitecore.urls.old_path`` (no space, quote, bracket or
semicolon), so it can stand in a server configuration as it is.
"""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit

from .redirect_map import Redirect

NETLIFY_FILE = "_redirects"
NGINX_FILE = "_redirects.nginx.conf"
CADDY_FILE = "_redirects.caddy"
PAGE_EXTENSIONS = (".html", ".htm")  # an old path ending so is the page's file itself
# (title, sentence before the link) of a redirect page; a language not listed gets English
TEXTS = {
    "de": {
        "post": ("Umgezogen", "Dieser Beitrag hat eine neue Adresse:"),
        "page": ("Umgezogen", "Diese Seite hat eine neue Adresse:"),
        "offer": ("Umgezogen", "Dieses Angebot hat eine neue Adresse:"),
    },
    "en": {
        "post": ("Moved", "This post has a new address:"),
        "page": ("Moved", "This page has a new address:"),
        "offer": ("Moved", "This training has a new address:"),
    },
}
HEADER = "managed by the site build (plugins/redirects) from the posts' old_urls: do not edit"


def page_file(old_path: str) -> str:
    """The redirect page's file below the output folder: the path itself for an old ``.html``
    page, else ``index.html`` in a folder of that name (a static host serves ``/a`` from it too)."""
    relative = old_path.lstrip("/")
    if relative.lower().endswith(PAGE_EXTENSIONS):
        return relative
    return relative.rstrip("/") + "/index.html"


def site_path(site_url: str, target: str) -> str:
    """*target* (relative to SITEURL) as a path from the host's root, percent-encoded."""
    prefix = urlsplit(site_url).path.rstrip("/")
    return quote(f"{prefix}/{target}", safe="/:@!+,~")


def page_address(site_url: str, target: str) -> str:
    """*target* as the page links it: absolute with an absolute SITEURL, else from the root."""
    if site_url.startswith(("http://", "https://")):
        parts = urlsplit(site_url)
        return f"{parts.scheme}://{parts.netloc}{site_path(site_url, target)}"
    return site_path(site_url, target)


def redirect_page(redirect: Redirect, site_url: str) -> str:
    """The HTML of the page at the old path."""
    title, sentence = TEXTS.get(redirect.lang, TEXTS["en"])[redirect.kind]
    address = html.escape(page_address(site_url, redirect.target))
    name = html.escape(redirect.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(redirect.lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}: {name}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{address}">\n'
        f'<meta http-equiv="refresh" content="0; url={address}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>{html.escape(sentence)} <a href="{address}">{name}</a></p>\n'
        "</body>\n"
        "</html>\n"
    )


def path_variants(old_path: str) -> list[str]:
    """The request paths a server answers for one old path: with and without the closing slash
    (never for a file name such as ``/a.html``)."""
    if old_path.endswith("/"):
        return [old_path, old_path.rstrip("/")]
    last = old_path.rsplit("/", 1)[-1]
    return [old_path] if "." in last else [old_path, old_path + "/"]


def _pairs(redirects: list[Redirect], site_url: str) -> list[tuple[str, str]]:
    pairs, seen = [], set()
    for redirect in redirects:
        for path in path_variants(redirect.old_path):
            if path not in seen:
                seen.add(path)
                pairs.append((path, site_path(site_url, redirect.target)))
    return pairs


def netlify_redirects(redirects: list[Redirect], site_url: str) -> str:
    """``_redirects``: ``/old /new 301`` per line, the old path percent-encoded."""
    lines = [f"# {HEADER}"]
    lines += [f"{quote(old, safe='/:@!+,~')} {new} 301" for old, new in _pairs(redirects, site_url)]
    return "\n".join(lines) + "\n"


def nginx_include(redirects: list[Redirect], site_url: str) -> str:
    """``location = /old { return 301 /new; }`` per path, for the site's ``server`` block
    (nginx compares the decoded path, so the old path is written decoded)."""
    lines = [f"# {HEADER}"]
    lines += [f'location = "{old}" {{ return 301 "{new}"; }}' for old, new in _pairs(redirects, site_url)]
    return "\n".join(lines) + "\n"


def caddy_include(redirects: list[Redirect], site_url: str) -> str:
    """``redir /old /new 301`` per path, imported into the site's block of the Caddyfile."""
    lines = [f"# {HEADER}"]
    lines += [f"redir {old} {new} 301" for old, new in _pairs(redirects, site_url)]
    return "\n".join(lines) + "\n"
