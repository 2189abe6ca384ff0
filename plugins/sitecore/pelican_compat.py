"""Every use of Pelican's private internals, in this one module (written against Pelican 4.12).

Pelican offers no public way to change a body after reading, to reset its log limits between
runs of one process, or to change how its writer opens files and titles feed entries. The
plugins do these things through the functions and the writer base class below, and nowhere
else. ``tests/plugins/test_pelican_compat.py`` checks on the installed Pelican that every
attribute and method used here exists with the shape used here: an upgrade that changes one
fails there, by name, instead of building a quietly different site.
"""

from __future__ import annotations

import os

from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.writers import FileOverwriteFailedError, Writer

# What this module touches, by owner; the test checks each one on the installed Pelican.
CONTENT_ATTRIBUTES = ("_content",)  # Content.__init__: the body as read (HTML)
MEMOIZED_METHODS = ("get_content", "get_summary")  # pelican.utils.memoized: .cache, keyed (content, siteurl)
WRITER_ATTRIBUTES = ("_written_files", "_overridden_files")  # Writer.__init__: sets of paths
WRITER_METHODS = {
    "_open_w": ("self", "filename", "encoding", "override"),
    "_add_item_to_the_feed": ("self", "feed", "item"),
}
LIMIT_FILTER_STATE = ("_ignore", "_raised_messages", "_group_count")  # class-level, shared by every run


def body_html(content) -> str:
    """The body of a post or page as read (HTML, before Pelican links ``{filename}`` references)."""
    return content._content or ""  # noqa: SLF001


def replace_body_html(content, html: str) -> None:
    """Give *content* a new body, and forget any rendering Pelican memoized of the old one."""
    content._content = html  # noqa: SLF001
    forget_rendered_content(content)


def forget_rendered_content(content) -> None:
    """Drop Pelican's memoized ``get_content`` and ``get_summary`` of *content*, should anything
    have asked for them already: a post replaced in a kept site model is then freed (its memo
    would keep it alive, and with it what it references: its related posts' ranking …)."""
    for name in MEMOIZED_METHODS:
        cache = getattr(getattr(type(content), name, None), "cache", None)
        if isinstance(cache, dict):
            for key in [key for key in cache if key and key[0] is content]:
                del cache[key]


def forget_all_rendered_content() -> None:
    """Empty Pelican's memoized renderings of every post and page: they are kept per class, and
    would keep alive every post a process ever rendered (the preview drops a site model so)."""
    for name in MEMOIZED_METHODS:
        cache = getattr(getattr(Content, name, None), "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def reset_log_limits() -> None:
    """Forget which messages Pelican's ``LimitFilter`` has seen (class-level state): a second run
    in the same process would otherwise swallow a warning the first one gave."""
    for name in LIMIT_FILTER_STATE:
        getattr(LimitFilter, name).clear()


class WriterWithHooks(Writer):
    """Pelican's writer, with two named hooks where its private methods are the only way in.

    ``open_output(filename, encoding)`` opens the file a page or feed is written to (after
    Pelican's own checks that each file is written once, unless one write overrides it);
    ``feed_entry_added(feed, item)`` sees each feed entry right after Pelican made it.
    """

    def open_output(self, filename: str, encoding: str):
        """The file object Pelican writes *filename* into."""
        return open(filename, "w", encoding=encoding)  # Pelican closes it

    def feed_entry_added(self, feed, item) -> None:
        """Called with the feed and the content object of its newest entry."""

    def count_as_written(self, filename: str, override: bool = False) -> None:
        """Note *filename* as written, as :meth:`_open_w` does, without opening it (a page whose
        file is known to be current): a later page of the same name is checked against it."""
        if filename in self._overridden_files:
            return
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        self.feed_entry_added(feed, item)

    def _open_w(self, filename, encoding, override=False):
        """Pelican's checks (each file is written once, unless one write overrides it), then
        :meth:`open_output`."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)  # the overriding page stays
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as it was written before')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return self.open_output(filename, encoding)
