"""The list of commentable posts, written by the site build as ``comments/articles.json``
(:mod:`common.commentable_posts`: the posts and the site's blocked words).

Read from a file or an http(s) URL, kept for five minutes (a file: until it changes). When it cannot be read the answer
is "unknown" (None), and the comment is accepted with the signal ``unknown_article`` rather
than lost; a failed read is retried after a minute, so a site outage does not slow readers.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

# The file's shape (and the site's blocked words in it) is common's, written by the build alike.
from common.commentable_posts import Article, parse_articles

logger = logging.getLogger("intake")
FRESH_SECONDS = 300
RETRY_SECONDS = 60
FETCH_TIMEOUT = 3


def _modified(source: str) -> int | None:
    if source.startswith(("http://", "https://")):
        return None
    try:
        return Path(source).stat().st_mtime_ns
    except OSError:
        return None


class ArticleList:
    """The cached list; ``lookup`` answers an Article, False (not on the site) or None (list unreadable).

    *parse* turns the file's text into the dict kept; the list of sessions uses it too, with one
    source per language (*parse* then gets every text; one unreadable makes the list unreadable).
    """

    def __init__(self, source: str | tuple[str, ...], parse: Callable[..., dict] = parse_articles) -> None:
        self.sources = (source,) if isinstance(source, str) else tuple(source)
        self.source = ", ".join(self.sources)
        self.parse = parse
        self._articles: dict[tuple[str, str], Article] | None = None
        self._expires = 0.0
        self._version: tuple | None = None  # the files' modification times as read
        self._lock = threading.Lock()

    @staticmethod
    def _read(source: str) -> str:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310
                return answer.read(10_000_000).decode("utf-8")
        return Path(source).read_text(encoding="utf-8")

    def _file_version(self) -> tuple:
        """The files' modification times (None for a URL or a missing file): a new build is read at once."""
        return tuple(_modified(source) for source in self.sources)

    def _stale(self) -> bool:
        return time.monotonic() >= self._expires or self._file_version() != self._version

    def current(self) -> dict[tuple[str, str], Article] | None:
        """The list, re-read when stale (blocking: call from a worker thread)."""
        if not self._stale():
            return self._articles
        with self._lock:
            if not self._stale():
                return self._articles
            try:
                self._version = self._file_version()
                self._articles = self.parse(*(self._read(source) for source in self.sources))
                self._expires = time.monotonic() + FRESH_SECONDS
            except (OSError, ValueError) as error:
                logger.warning("list %s unreadable: %s", self.source, error)
                self._articles = None
                self._expires = time.monotonic() + RETRY_SECONDS
            return self._articles

    def fresh(self) -> bool:
        """Whether ``lookup`` would answer without reading (so it may run in the event loop)."""
        return not self._stale()

    def cached(self) -> dict[tuple[str, str], Article]:
        """The list as last read, without reading (safe in the event loop)."""
        return self._articles or {}

    def lookup(self, article: str, lang: str) -> Article | bool | None:
        """The post, False when the readable list lacks it, None when the list is unreadable."""
        articles = self.current()
        if articles is None:
            return None
        return articles.get((article, lang), False)
