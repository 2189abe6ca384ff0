"""The writer of every language run: only changed bytes reach the disk, and a preview
rebuild writes only the pages it selected.

A whole build recycles the site it replaced (``staging``): most pages come out exactly as
they are on disk already. Such a file is only touched, so the prune keeps it; a changed one
is overwritten in place (``staging.write_if_changed``). With ``SITEBUILD_WRITE_ONLY`` (a
list of output-relative paths; Pelican 4.12 has no ``WRITE_SELECTED`` any more) the writer
skips every other page without rendering it, and every feed that shows none of them. Given
``inputs`` (``page_inputs.PageInputs``, the preview's front-matter edit) it renders only the
pages and feeds whose inputs changed, and records every page's (with ``inputs.visit``, it
looks at those pages only and leaves the others as they are). Feed
entries keep their titles as typed (plain text, escaped by the feed generator); a feed with
no entries is dated by the language's newest post, not by the clock, so that two builds of
the same sources write the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from pelican import signals
from pelican.utils import sanitised_join

from sitecore.pelican_compat import WriterWithHooks
from sitecore.shared_keys import SITEBUILD_WRITE_ONLY

from .page_inputs import UNCHANGED, feed_listing
from .staging import write_if_changed


class SiteWriter(WriterWithHooks):
    """Pelican's writer, writing changed bytes only, limited to ``SITEBUILD_WRITE_ONLY``; with
    *inputs* (``page_inputs.PageInputs``), only the pages whose inputs changed are rendered."""

    inputs = None

    def _skipped(self, name) -> bool:
        selected = self.settings.get(SITEBUILD_WRITE_ONLY)
        return selected is not None and name not in selected

    def write_file(  # noqa: PLR0913 -- Pelican's signature
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Render and write *name* unless it is not selected (with *inputs*: unless its inputs
        are those of the record)."""
        if self._skipped(name):
            return None
        pelicans = (relative_urls, paginated, template_name, override_output, url)
        if self.inputs is not None and name:
            if not relative_urls and not self._paginates(paginated, template_name, kwargs):
                return self._write_if_changed(name, template, context, pelicans, kwargs)
            template = _Selective(template, self.inputs)
        return super().write_file(name, template, context, *pelicans, **kwargs)

    def _paginates(self, paginated, template_name, kwargs) -> bool:
        """True when Pelican's ``write_file`` makes several pages of this call (as it decides)."""
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        return bool(paginated) and template_name in self.settings["PAGINATED_TEMPLATES"]

    def _write_if_changed(self, name, template, context, pelicans, kwargs):
        """One page (not paginated, URLs not relative) rendered only when ``inputs`` says so;
        else nothing of Pelican's writer runs for it (no copy of the context, no file opened):
        at N=2000 most of a front-matter edit's pages are left so."""
        local = {"localsiteurl": context.get("localsiteurl"), "output_file": name, **kwargs}  # as Pelican's
        values = _Values(local, context)
        if self.inputs.visits(name, self.inputs.listing(template.environment, template.name, values)):
            facts = self.inputs.page_facts(template.environment, template.name, values)
            if self.inputs.must_render(name, facts):
                return super().write_file(name, template, context, *pelicans, **kwargs)
        self.count_as_written(sanitised_join(self.output_path, name), override=pelicans[3])
        return None

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        """Write the feed at *path* unless neither it nor any page it shows is selected."""
        if self._skipped(path) and not any(
            not self._skipped(getattr(element, "save_as", None))
            for element in elements[: self.settings["FEED_MAX_ITEMS"]]
        ):
            return None
        if self.inputs is not None:
            shown = elements[: self.settings["FEED_MAX_ITEMS"]]
            # the date a feed carries when it shows no entries (``date_empty_feed``)
            newest = None if shown else max((post.date for post in context.get("articles") or ()), default=EPOCH)
            if not self.inputs.visits(path, feed_listing(shown, newest)):
                return None
            if not self.inputs.must_render(path, self.inputs.feed_facts(path, shown, newest)):
                return None
        return super().write_feed(elements, context, path, *args, **kwargs)

    def feed_entry_added(self, feed, item) -> None:
        """Title the entry with the title as the author typed it: Pelican strips what looks
        like tags from it (and decodes entities), but a title is plain text, and the feed
        generator escapes it."""
        feed.items[-1]["title"] = item.title

    def open_output(self, filename, encoding):
        """A buffer that goes to *filename* when closed, if its bytes changed."""
        return _ChangedOnly(filename, encoding)


class _Values:
    """What a page's template is given: *local* values over the shared *context* (Pelican copies
    the context for every page; this looks a name up in both)."""

    def __init__(self, local: dict, context: dict) -> None:
        self.local, self.context = local, context

    def get(self, name: str, default=None):
        """The value of *name* on the page, as in Pelican's copy of the context."""
        value = self.local.get(name, _MISSING)
        return self.context.get(name, default) if value is _MISSING else value


_MISSING = object()


class _Selective:
    """A template that renders a page only when ``PageInputs`` says its inputs changed."""

    def __init__(self, template, inputs) -> None:
        self.template, self.inputs = template, inputs

    def render(self, localcontext: dict) -> str:
        listing = self.inputs.listing(self.template.environment, self.template.name, localcontext)
        if not self.inputs.visits(localcontext["output_file"], listing):
            return UNCHANGED
        facts = self.inputs.page_facts(self.template.environment, self.template.name, localcontext)
        if not self.inputs.must_render(localcontext["output_file"], facts):
            return UNCHANGED
        return self.template.render(localcontext)


class _ChangedOnly(io.StringIO):
    """What Pelican writes for one file; on close it goes to disk where the bytes differ."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self.path, self.encoding_name = path, encoding

    def write(self, text: str) -> int:
        self.unchanged = text is UNCHANGED
        return super().write(text)

    def close(self) -> None:
        if not self.closed and not getattr(self, "unchanged", False):
            write_if_changed(self.path, self.getvalue().encode(self.encoding_name))
        super().close()


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def date_empty_feed(context, feed) -> None:
    """Answer ``feed_generated``: a feed without entries would carry the clock's time as its
    ``updated``; it gets the date of the language's newest post instead (the epoch without one)."""
    if not feed.items:
        newest = max((post.date for post in context.get("articles") or ()), default=EPOCH)
        feed.latest_post_date = lambda: newest


def site_writer(pelican_object):
    """Answer Pelican's ``get_writer`` signal."""
    return SiteWriter


def register() -> None:
    """Connect to Pelican."""
    signals.get_writer.connect(site_writer)
    signals.feed_generated.connect(date_empty_feed)
