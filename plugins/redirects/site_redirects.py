"""Write the redirect pages and the server maps into the built site (the build's whole-site step)."""

from __future__ import annotations

import os

from sitecore.languages import languages_from_settings
from sitecore.problems import Problem

from .redirect_map import content_url, redirects, taken_address
from .server_files import (
    CADDY_FILE,
    NETLIFY_FILE,
    NGINX_FILE,
    caddy_include,
    netlify_redirects,
    nginx_include,
    page_file,
    redirect_page,
)


def write_redirects(root: str, index, settings: dict) -> list[Problem]:
    """Write a redirect page for every old address of the content index into *root* (the
    built site), and the three server maps; an old address where the build wrote a page of
    its own (a topic, an offer, a category) is a problem and gets no redirect."""
    site_url = settings.get("SITEURL", "")
    found = redirects(index.entries, languages_from_settings(settings), settings["PATH"], _url_function(settings))
    problems, written = [], []
    for redirect in found:
        relative = page_file(redirect.old_path)
        target = os.path.join(root, relative)
        if os.path.exists(target) or _blocked(root, relative):
            message, hint = taken_address(redirect.old_path, redirect.target, relative, None, settings["PATH"])
            problems.append(Problem(redirect.source, redirect.line, message, hint))
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(redirect_page(redirect, site_url))
        written.append(redirect)
    for name, make in ((NETLIFY_FILE, netlify_redirects), (NGINX_FILE, nginx_include), (CADDY_FILE, caddy_include)):
        with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
            handle.write(make(written, site_url))
    return problems


def _url_function(settings: dict):
    """``(entry, language) -> URL``: posts and pages by the language's rule, offers by the offers
    plugin's (none when it is not enabled: no offer pages)."""
    if "training_offers" not in settings.get("PLUGINS", ()):
        return content_url
    from training_offers.training_offers import offer_settings, offer_url  # noqa: PLC0415 - only with offers

    config = offer_settings(settings)

    def url_of(entry, language) -> str | None:
        return offer_url(language, config, entry.slug) if entry.kind == "offer" else content_url(entry, language)

    return url_of


def _blocked(root: str, relative: str) -> bool:
    """Whether a file of the built site stands where the redirect page needs a folder."""
    folder = os.path.dirname(relative)
    while folder:
        if os.path.isfile(os.path.join(root, folder)):
            return True
        folder = os.path.dirname(folder)
    return False
