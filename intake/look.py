"""The site's look for the intake's pages: the page shell the site build publishes per language
(:mod:`common.site_look`), read from the built site (a folder) or the published one (a URL).

Read in the background (at start and by the worker, kept for five minutes like the site's
lists), never while a reader waits: a page uses the shell as last read, or the intake's own
plain base when the site has none (no build yet, or an older site).
"""

from __future__ import annotations

import os
from functools import partial

from common.site_look import Shell, parse_shell, shell_path

from .articles import ArticleList
from .texts import SHARED


def _shell_list(text: str, site_url: str) -> dict:
    return {"shell": parse_shell(text, site_url)}


class SiteLook:
    """One shell per language, from *source* (the site's root: a folder or an http(s) URL)."""

    def __init__(self, source: str, site_url: str) -> None:
        parse = partial(_shell_list, site_url=site_url)
        self.shells = {lang: ArticleList(_join(source, shell_path(lang)), parse=parse) for lang in SHARED}

    def refresh(self) -> None:
        """Read each shell that is stale (blocking: call from a worker thread)."""
        for shells in self.shells.values():
            shells.current()

    def shell(self, lang: str) -> Shell | None:
        """The shell of *lang* as last read, or None (the plain base is used)."""
        shells = self.shells.get(lang)
        return shells.cached().get("shell") if shells else None


def _join(root: str, path: str) -> str:
    if root.startswith(("http://", "https://")):
        return root.rstrip("/") + "/" + path
    return os.path.join(root, path)
