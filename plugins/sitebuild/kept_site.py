"""The preview's kept site: one language's Pelican run, held in memory between saves.

A preview rebuild after a text edit (only post bodies changed, not what listings show) used to
run Pelican for the language again: the whole site model from the content cache, every side
file (calendars, stylesheet bundle, cards), then the one page. With a :class:`KeptSite` the
preview instead reads the changed file again, gives the kept post its new body, runs on that
post alone the handlers that change or check a body after reading (``BODY_HANDLERS``, in the
order a build runs them), and writes its page and the feeds that show it (``site_writer``).

Only text edits are applied to a kept site; any other change drops it (``KeptSites.drop``),
and the next text edit of its language runs Pelican again and keeps that run. After a whole
build the preview prepares the model of the language last edited, in the background
(``build._prepare_kept_site``), so that the next save finds it. One language at a time: the
model of 2,000 posts, with its templates and dictionaries, is about 140 MiB.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import gc
from dataclasses import dataclass
from functools import partial

from blinker import ANY
from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from authoring.authoring import report_placeholders
from images.images import make_body_images_responsive
from sitecore.contents import ARTICLE_LISTS, PAGE_LISTS, articles_generator, every_content, pages_generator
from sitecore.pelican_compat import body_html, forget_all_rendered_content, replace_body_html
from sitecore.shared_keys import SITEBUILD_WRITE_ONLY
from training_offers.training_offers import OffersGenerator, expand_callouts

from .incremental import Snapshot
from .site_writer import SiteWriter

# Every handler that changes or checks the body of a post after it is read, by signal. A new
# plugin that does so belongs here, or the preview's text edits would show the body unchanged
# (tests/test_incremental.py compares the preview with a cold build after text edits).
BODY_HANDLERS = {
    signals.article_generator_finalized: (report_placeholders,),  # checks: a warning per placeholder
    signals.all_generators_finalized: (make_body_images_responsive, expand_callouts),
}

# Generators whose pages never show a post's body: a text edit does not write them again.
NO_POST_BODIES = (StaticGenerator, PagesGenerator, OffersGenerator)


@dataclass
class KeptSite:
    """One language's finished Pelican run: its settings and generators (with the context)."""

    code: str
    settings: dict
    generators: list

    def rewrite_posts(self, paths: list[str]) -> list[str]:
        """Read the posts at content-relative *paths* again (their bodies changed, nothing
        else), write their pages and the feeds that show them; the output paths selected."""
        articles = articles_generator(self.generators)
        kept = {content.source_path: content for content in every_content(articles)}
        changed = []
        for path in paths:
            fresh = articles.readers.read_file(
                base_path=articles.path,
                path=path,
                content_class=Article,
                context=articles.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=articles,
                context_signal=signals.article_generator_context,
                context_sender=articles,
            )
            post = kept[fresh.source_path]
            replace_body_html(post, body_html(fresh))
            changed.append(post)
        self._run_body_handlers(changed)
        selected = [post.save_as for post in changed]
        self.settings[SITEBUILD_WRITE_ONLY] = selected
        writer = SiteWriter(self.settings["OUTPUT_PATH"], settings=self.settings)
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for generator in self.generators:
            if isinstance(generator, ArticlesGenerator):  # posts and feeds; listings show no body
                generator.generate_feeds(writer)
                generator.generate_articles(write)
                generator.generate_drafts(write)
            elif hasattr(generator, "generate_output") and not isinstance(generator, NO_POST_BODIES):
                generator.generate_output(writer)
        return selected

    def warm_up(self) -> None:
        """Write the page of one post again (the same bytes), so that the first text edit finds
        the templates compiled and the dictionaries (hyphenation, compounds) loaded."""
        articles = articles_generator(self.generators)
        posts = every_content(articles)
        if posts:
            self.rewrite_posts([posts[0].relative_source_path])

    def _run_body_handlers(self, posts: list) -> None:
        """Run ``BODY_HANDLERS`` on *posts* alone, in the order the build connected them."""
        articles = articles_generator(self.generators)
        pages = pages_generator(self.generators)
        only_posts = _with_contents(articles, ARTICLE_LISTS, posts)
        no_pages = _with_contents(pages, PAGE_LISTS, [])
        views = [only_posts if g is articles else no_pages if g is pages else g for g in self.generators]
        for signal, handlers in BODY_HANDLERS.items():
            wanted = {id(handler) for handler in handlers}
            for receiver in signal.receivers_for(ANY):
                if id(receiver) in wanted:
                    receiver(views if signal is signals.all_generators_finalized else only_posts)


def _with_contents(generator, names: tuple[str, ...], contents: list):
    """A shallow copy of *generator* whose lists of posts (or pages) hold just *contents*."""
    view = copy.copy(generator)
    for name in names:
        if isinstance(getattr(generator, name, None), list):
            setattr(view, name, list(contents) if name == names[0] else [])
    return view


@dataclass
class KeptSites:
    """The preview's kept site (one language at most), the language last edited, and what the
    last build that compared every file saw: its settings, snapshot and content index."""

    site: KeptSite | None = None
    last_edited: str | None = None
    base: dict | None = None
    snapshot: Snapshot | None = None
    snapshot_file: str = ""
    index: object = None

    def saw(self, base: dict, snapshot: Snapshot, snapshot_file: str, index) -> None:
        """Remember what a build that compared every file saw (its snapshot is saved)."""
        self.base, self.snapshot, self.snapshot_file, self.index = base, snapshot, snapshot_file, index

    def get(self, code: str) -> KeptSite | None:
        """The kept site of language *code*, if there is one."""
        return self.site if self.site is not None and self.site.code == code else None

    def keep(self, site: KeptSite) -> None:
        """Keep *site* (instead of any other language's)."""
        self.site = site

    def drop(self) -> None:
        """Forget the kept site (the sources changed in a way it does not follow); free its memory
        before a whole build forks its language processes."""
        forget_all_rendered_content()  # Pelican's memos would keep every post of the model alive
        if self.site is not None:
            self.site = None
            gc.collect()
            give_back_freed_memory()


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; nothing elsewhere),
    so that the language processes a whole build forks next do not share a heap of holes."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
