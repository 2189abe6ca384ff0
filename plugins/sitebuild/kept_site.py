"""The preview's kept site: one language's Pelican run, held in memory between saves.

A preview rebuild after a text edit (only post bodies changed, not what listings show) used to
run Pelican for the language again: the whole site model from the content cache, every side
file (calendars, stylesheet bundle, cards), then the one page. With a :class:`KeptSite` the
preview instead reads the changed file again, gives the kept post its new body, runs on that
post alone the handlers that change or check a body after reading (``BODY_HANDLERS``, in the
order a build runs them), and writes its page and the feeds that show it (``site_writer``).

A front-matter edit of a post (what listings show: title, date, tags, summary) is applied too
(``KeptSite.update_posts``): the post is read again, Pelican's lists are made again from the
kept posts, the finalized handlers run again (``AGAIN`` over the model, ``PER_POST`` on the
post), and only the pages whose inputs changed are rendered (``page_inputs``); after an edit
of a post's title or summary only the pages the record says reach it are looked at. Any other
change drops the kept site (``KeptSites.drop``), and the next text edit of its language runs
Pelican again and keeps that run. After a whole
build the preview prepares the model of the language last edited, in the background
(``build._prepare_kept_site``), so that the next save finds it. One language at a time: the
model of 2,000 posts, with its templates and dictionaries, is about 140 MiB.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import gc
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter

from blinker import ANY
from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.utils import order_content, process_translations

from authoring.authoring import check_translation_references, drop_clashing_files, report_placeholders
from authoring.drafts import withhold_drafts
from bilingual.bilingual import link_article_translations
from bilingual.content_index import ContentIndex
from comments.commentable import commentable_posts
from comments.comments import attach_comments, comments_settings
from common.commentable_posts import ARTICLES_FILE, articles_json
from content_reader.content_reader import save_kept_readings
from images import images
from page_metadata import page_metadata
from people.people import attach_people
from sitecore.contents import ARTICLE_LISTS, PAGE_LISTS, articles_generator, every_content, pages_generator
from sitecore.languages import languages_from_settings, newest_first
from sitecore.pelican_compat import (
    body_html,
    forget_all_rendered_content,
    forget_rendered_content,
    replace_body_html,
)
from sitecore.shared_keys import (
    CONTENT_INDEX,
    SITEBUILD_PAGES_ONLY,
    SITEBUILD_WRITE_ONLY,
    TAXONOMY,
    TRAINING_OFFER_PAGES,
)
from taxonomy.related import PostTopics, forget_last_ranking, may_enter, topic_weights
from taxonomy.taxonomy import TopicsGenerator, attach_topics
from training_offers.training_offers import OffersGenerator, expand_callouts

from .incremental import Snapshot
from .page_inputs import OPAQUE, Facts, PageInputs
from .site_writer import SiteWriter
from .staging import write_if_changed

# Every handler that changes or checks the body of a post after it is read, by signal. A new
# plugin that does so belongs here, or the preview's text edits would show the body unchanged
# (tests/test_incremental.py compares the preview with a cold build after text edits).
BODY_HANDLERS = {
    signals.article_generator_finalized: (report_placeholders,),  # checks: a warning per placeholder
    signals.all_generators_finalized: (images.make_body_images_responsive, expand_callouts),
}

# After a front-matter edit, the handlers that give posts what depends on other posts (their
# neighbours, topics, related posts, comments, cards …) run again over the whole model
# (``AGAIN``: each sets its attributes anew on every post), those that change or check one
# post's body or card on the edited posts alone (``PER_POST``); ``NOT_AGAIN`` are done for the
# run already. A handler in none of these (a new plugin's) makes the preview build the whole
# site instead (tests/test_incremental.py compares a front-matter edit with a cold build).
AGAIN = (
    link_article_translations,
    attach_topics,
    attach_comments,
    withhold_drafts,
    check_translation_references,
    drop_clashing_files,
    attach_people,
)
PER_POST = (
    report_placeholders,
    page_metadata.set_share_images,
    images.make_body_images_responsive,
    expand_callouts,
    images.set_share_images,
)
NOT_AGAIN = (save_kept_readings,)
# Orders of Pelican's lists of posts that a title does not change (``ARTICLE_ORDER_BY``).
DATE_ORDERS = frozenset({"reversed-date", "date", newest_first})
FINALIZED = (signals.article_generator_finalized, signals.all_generators_finalized)
# What a front-matter edit applied to the model may change (besides the body): any other
# field (slug, status, category, authors, images …) makes the preview build the whole site.
LISTED_FIELDS = frozenset({"title", "summary", "date", "modified", "tags", "keywords", "front_matter_lines"})

# Generators whose pages list posts as teasers: the kept model renders their teasers ahead.
TEASER_LISTS = (ArticlesGenerator, TopicsGenerator)
# Generators whose pages never show a post's body: a text edit does not write them again.
NO_POST_BODIES = (StaticGenerator, PagesGenerator, OffersGenerator)


@dataclass
class Record:
    """What the passes over a kept site saw (``page_inputs``): of each page its facts, the
    source paths they reach and what it lists by position; of each post its facts and what
    they reach. A front-matter edit's pass looks only at the pages it may change; the record
    keeps the others as the pass before saw them."""

    pages: dict = field(default_factory=dict)  # output file -> the facts of its inputs
    reaches: dict = field(default_factory=dict)  # output file -> the source paths its facts reach
    listings: dict = field(default_factory=dict)  # output file -> what it lists by position
    posts: dict = field(default_factory=dict)  # source path -> the facts of that post (or page)
    posts_reached: dict = field(default_factory=dict)  # source path -> what that post's facts reach

    @classmethod
    def of(cls, inputs: PageInputs, over: Record | None = None) -> Record:
        """The record of the pass *inputs*, and of *over* for what that pass did not look at."""
        over = over or cls()
        return cls(
            pages={**over.pages, **inputs.seen},
            reaches={**over.reaches, **inputs.reaches},
            listings={**over.listings, **inputs.listings},
            posts={**over.posts, **inputs.facts.contents},
            posts_reached={**over.posts_reached, **inputs.facts.contents_reached},
        )

    def without(self, gone: set, unmade: set) -> Record:
        """This record without the pages *gone* and the posts *unmade* (source paths)."""
        return Record(
            pages={name: value for name, value in self.pages.items() if name not in gone},
            reaches={name: value for name, value in self.reaches.items() if name not in gone},
            listings={name: value for name, value in self.listings.items() if name not in gone},
            posts={path: value for path, value in self.posts.items() if path not in unmade},
            posts_reached={path: value for path, value in self.posts_reached.items() if path not in unmade},
        )

    def forget_posts(self, paths) -> None:
        """Forget the facts of the posts *paths*: made again where a pass next shows them."""
        for path in paths:
            self.posts.pop(path, None)
            self.posts_reached.pop(path, None)

    def reaching(self, paths: frozenset) -> frozenset:
        """The pages that reach one of the posts *paths* or an object known by identity."""
        wanted = paths | {OPAQUE}
        return frozenset(name for name, reached in self.reaches.items() if not reached.isdisjoint(wanted))


@dataclass
class KeptSite:
    """One language's finished Pelican run: its settings and generators (with the context)."""

    code: str
    settings: dict
    generators: list
    record: Record | None = None  # what the last pass saw of the pages, when recorded
    last_visit: frozenset | None = None  # the pages the last front-matter edit looked at (None: all)

    def rewrite_posts(self, paths: list[str]) -> list[str]:
        """Read the posts at content-relative *paths* again (their bodies changed, nothing
        else), write their pages and the feeds that show them; the output paths selected."""
        articles = articles_generator(self.generators)
        kept = {content.source_path: content for content in every_content(articles)}
        changed = []
        for path in paths:
            fresh = self._read(articles, path)
            post = kept[fresh.source_path]
            replace_body_html(post, body_html(fresh))
            changed.append(post)
        self._run_body_handlers(changed)
        self._forget_teasers(changed, [])  # a summary made from the body changed with it
        if self.record is not None:
            self.record.forget_posts(post.source_path for post in changed)
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

    def update_posts(self, paths: list[str], index: ContentIndex) -> list[str] | None:
        """Apply a front-matter edit of the posts at content-relative *paths* (what listings
        show of them changed: title, date, tags, summary) to the model, with the build's
        content index *index* as it is now, and write every page whose inputs changed; the
        output files written again. None when the edit is more than the model can follow
        (then the model is as the edit left it: drop it)."""
        articles = articles_generator(self.generators)
        if (
            self.settings.get("SITEURL")
            or not self._handlers_known()
            or articles.translations
            or articles.drafts_translations
        ):
            return None  # with an address the sitemap (``build.finish_site``) shows the posts' dates
        kept = {content.source_path: content for content in every_content(articles)}
        fresh = [self._read(articles, path) for path in paths]
        old = [kept.get(post.source_path) for post in fresh]
        if any(before is None or not _listed_change(before, after) for before, after in zip(old, fresh, strict=True)):
            return None
        if self.record is None:
            self.record_pages()
        retitled = any(_title(self.settings.get(CONTENT_INDEX), path) != _title(index, path) for path in paths)
        self.settings[CONTENT_INDEX] = index
        cards = {post.source_path: post.share_image for post in old}
        topics_before = self._context().get(TAXONOMY)
        self._relist(articles, {**kept, **{post.source_path: post for post in fresh}})
        for post in old:  # replaced: Pelican's memo would keep each alive, and its ranking with it
            forget_rendered_content(post)
        self._run_finalized_handlers(fresh)
        if not self._drop_unused_cards(cards, fresh):
            return None
        edited = frozenset(post.source_path for post in fresh)
        record = self.record
        facts = Facts(edited, record.posts, previous_reached=record.posts_reached)
        inputs = PageInputs(facts, before=record.pages, listed=record.listings)
        changed = None  # the kept posts whose teasers may show something else (None: every post)
        if self.settings.get("ARTICLE_ORDER_BY") in DATE_ORDERS:
            if all(map(_words_only, old, fresh)):
                inputs.visit = record.reaching(edited)
                inputs.showing = {name: paths for name, paths in record.reaches.items() if not paths.isdisjoint(edited)}
                changed = []  # a title or summary shows in the edited posts' own teasers only
            else:
                moved = self._moved(old, fresh, topics_before)
                if moved is not None:
                    facts.changed, inputs.visit = moved
                    changed = [kept[path] for path in facts.changed if path in kept]
        self._forget_teasers(old, changed)
        self.record = None  # should the pass fail half-way
        self._pass(inputs)
        gone = set(record.pages) - inputs.made  # a post left a list: its last page may be gone (a topic's page 2)
        self._remove_pages_gone(gone)
        unmade = edited - inputs.facts.contents.keys()  # edited posts shown without facts: made when next shown
        self.record = Record.of(inputs, over=record.without(gone, unmade) if inputs.visit is not None else None)
        self.last_visit = inputs.visit
        if retitled:
            self._write_commentable_posts(index)
        return inputs.rendered

    def record_pages(self) -> None:
        """Record the inputs of every page (rendering none), for the next front-matter edit.

        A record stays right across text edits: a post's body is one of the facts of every
        page that shows it, so a page whose post's text changed since only renders again."""
        self.record = None
        self.record = Record.of(self._pass(PageInputs(Facts(frozenset()))))

    def _moved(self, old: list, fresh: list, topics_before) -> tuple[frozenset, frozenset] | None:
        """The posts whose facts a date or tag edit of the posts *fresh* (*old*: the kept posts
        before it) may change, and the pages it can change besides the paginated pages whose
        posts by position changed (the pass finds those by their ``listing``); None (every page,
        every post's facts made again) when the topics are not known.

        Which posts: the edited ones, their old and new neighbours (``newer``/``older``), and
        the posts whose related posts may have changed (only a post sharing a topic with an
        edited one, before or after, can rank it: the scores of other pairs do not change);
        every other post keeps the facts of the record (its topics by name and address, its
        comments, authors and translations do not depend on another post's date or tags).
        Which pages: those the record says reach one of these posts; the pages and feeds of the
        topics whose number of posts changed and of their parents (a topic's page shows its
        subtopics' numbers on every page), of the topics whose related topics changed, and the
        topics overview. A topic whose posts only moved (a date edit) is found by ``listing``,
        as is a page not in the record."""
        topics_after = self._context().get(TAXONOMY)
        if topics_before is None or topics_after is None or not self.record.posts or not self.record.posts_reached:
            return None
        moved = {post.source_path for post in fresh}
        topic_ids = set()
        for before, after in zip(old, fresh, strict=True):
            topic_ids |= _expanded_topics(topics_before, before) | _expanded_topics(topics_after, after)
            moved |= {post.source_path for post in _neighbours(before) + _neighbours(after)}
        moved |= self._related_changed(topics_after, topic_ids, fresh)
        counted = {key for key in topic_ids if topics_before.links[key].count != topics_after.links[key].count}
        shown = counted | {topics_after.vocabulary.topics[key].parent for key in counted} - {None}
        shown |= {key for key, related in topics_after.related.items() if topics_before.related.get(key) != related}
        urls = tuple(topics_after.links[key].url for key in shown if key in topics_after.links)
        overview = topics_after.options.overview_url(topics_after.language) + "index.html"
        topic_pages = {name for name in self.record.pages if name.startswith(urls) or name == overview}
        return frozenset(moved), self.record.reaching(frozenset(moved)) | topic_pages

    def _related_changed(self, topics, topic_ids: set, fresh: list) -> set:
        """The source paths of the posts of *topic_ids* whose related posts may not be those of
        the record after the edit of the posts *fresh*: those the record ranks an edited post
        for, and those an edited post may now enter (``taxonomy.related.may_enter``)."""
        edited = {post.source_path for post in fresh}
        by_path = {post.source_path: post for post in articles_generator(self.generators).articles}
        weights = topic_weights({key: topics.vocabulary.depth(key) for key in topics.vocabulary.topics})
        lang, limit = topics.language.code, topics.options.related_count

        records = {}

        def record(post) -> PostTopics:
            if id(post) not in records:
                records[id(post)] = PostTopics(
                    post, lang, post.date.timestamp(), frozenset(_expanded_topics(topics, post))
                )
            return records[id(post)]

        newcomers = [record(post) for post in fresh if post.status == "published"]
        changed = set()
        for post in {id(post): post for key in topic_ids for post in topics.posts.get(key, ())}.values():
            if post.source_path in edited:
                continue
            facts = dict(self.record.posts.get(post.source_path, ())).get("related_posts")
            paths = [path for _link, path in facts] if facts is not None else [None]
            if not edited.isdisjoint(paths) or any(path not in by_path for path in paths):
                changed.add(post.source_path)  # it ranked an edited post (or the record cannot tell)
                continue
            own, ranked = record(post), [record(by_path[path]) for path in paths]
            if any(may_enter(own, ranked, newcomer, weights, limit) for newcomer in newcomers):
                changed.add(post.source_path)
        return changed

    def _remove_pages_gone(self, names: set) -> None:
        """Remove the pages and feeds *names* (output-relative) that the last pass no longer
        made, and the folders they leave empty, as a whole build's prune would."""
        output = self.settings["OUTPUT_PATH"]
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(output, name))
            folder = os.path.dirname(os.path.join(output, name))
            while folder.startswith(os.path.join(output, "")) and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)

    def _read(self, articles, path: str):
        """A new reading of the post at content-relative *path*, as the articles generator reads it."""
        return articles.readers.read_file(
            base_path=articles.path,
            path=path,
            content_class=Article,
            context=articles.context,
            preread_signal=signals.article_generator_preread,
            preread_sender=articles,
            context_signal=signals.article_generator_context,
            context_sender=articles,
        )

    def _handlers_known(self) -> bool:
        known = {id(handler) for handler in (*AGAIN, *PER_POST, *NOT_AGAIN)}
        return all(id(receiver) in known for signal in FINALIZED for receiver in signal.receivers_for(ANY))

    def _pass(self, inputs: PageInputs) -> PageInputs:
        """Go through every page of the run (not the static files): record each page's inputs,
        and render those that *inputs* says changed."""
        self.settings[SITEBUILD_WRITE_ONLY] = None
        self.settings[SITEBUILD_PAGES_ONLY] = True  # the offers' calendars: offers did not change
        writer = SiteWriter(self.settings["OUTPUT_PATH"], settings=self.settings)
        writer.inputs = inputs
        # the posts' pages last: the other generators complete what posts link as they write
        # (the topics overview gives each topic its subtopics), so both passes see it complete
        ordered = sorted(self.generators, key=lambda generator: isinstance(generator, ArticlesGenerator))
        try:
            for generator in ordered:
                if hasattr(generator, "generate_output") and not isinstance(generator, StaticGenerator):
                    generator.generate_output(writer)
        finally:
            self.settings[SITEBUILD_PAGES_ONLY] = False
        return inputs

    def _relist(self, articles, by_path: dict) -> None:
        """Pelican's lists of *articles* (``ArticlesGenerator.generate_context`` after reading)
        made again from the posts *by_path*, in the order of the files as Pelican reads them."""
        settings = self.settings
        ordered = []
        for path in articles.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
            post = by_path.get(os.path.join(articles.path, path))
            if post is not None:
                ordered.append(post)
                articles.add_source_path(post)
                articles.add_static_links(post)
        by_status = defaultdict(list)
        for post in ordered:
            by_status[post.status].append(post)

        def process(posts):
            originals, translations = process_translations(posts, translation_id=settings["ARTICLE_TRANSLATION_ID"])
            return order_content(originals, settings["ARTICLE_ORDER_BY"]), translations

        articles.articles, articles.translations = process(by_status["published"])
        articles.hidden_articles, articles.hidden_translations = process(by_status["hidden"])
        articles.drafts, articles.drafts_translations = process(by_status["draft"])
        categories, tags, authors = defaultdict(PostList), defaultdict(PostList), defaultdict(PostList)
        for post in articles.articles:
            if hasattr(post, "category"):
                categories[post.category].append(post)
            for tag in getattr(post, "tags", ()):
                tags[tag].append(post)
            for author in getattr(post, "authors", []):
                authors[author].append(post)
        articles.tags = tags
        articles.dates = sorted(
            articles.articles, key=attrgetter("date"), reverse=articles.context["NEWEST_FIRST_ARCHIVES"]
        )
        articles.period_archives = articles._build_period_archives(articles.dates, articles.articles, settings)
        articles.categories = sorted(categories.items(), reverse=settings["REVERSE_CATEGORY_ORDER"])
        articles.authors = sorted(authors.items())
        articles._update_context(
            ("articles", "drafts", "hidden_articles", "dates", "tags", "categories", "authors", "related_posts")
        )
        articles.context["period_archives"] = articles.period_archives

    def _run_finalized_handlers(self, posts: list) -> None:
        """The finalized handlers again, in the order the build connected them: ``AGAIN`` on
        the whole model, ``PER_POST`` on *posts* alone."""
        articles = articles_generator(self.generators)
        pages = pages_generator(self.generators)
        only_posts = _with_contents(articles, ARTICLE_LISTS, posts)
        no_pages = _with_contents(pages, PAGE_LISTS, [])
        views = [only_posts if g is articles else no_pages if g is pages else g for g in self.generators]
        again = {id(handler) for handler in AGAIN}
        per_post = {id(handler) for handler in PER_POST}
        for signal in FINALIZED:
            whole = self.generators if signal is signals.all_generators_finalized else articles
            alone = views if signal is signals.all_generators_finalized else only_posts
            for receiver in signal.receivers_for(ANY):
                if id(receiver) in again:
                    receiver(whole)
                elif id(receiver) in per_post:
                    receiver(alone)

    def _drop_unused_cards(self, before: dict, posts: list) -> bool:
        """Remove the share cards the edited *posts* had *before* (path -> card) from the output
        when nothing of the model shows them any more; False when a card may be another
        language's too (a card shows the language's tagline: the same tagline, the same card)."""
        taglines = self.settings.get("SITE_TAGLINE")
        languages = [language.code for language in languages_from_settings(self.settings)]
        own = isinstance(taglines, dict) and len({taglines.get(code) for code in languages}) == len(languages)
        shown = {getattr(item, "share_image", None) for item in every_content(articles_generator(self.generators))}
        shown |= {getattr(item, "share_image", None) for item in self._context().get(TRAINING_OFFER_PAGES, {}).values()}
        for post in posts:
            card = before.get(post.source_path)
            if card and card != post.share_image and card not in shown:
                if not own:
                    return False
                with contextlib.suppress(FileNotFoundError):
                    os.remove(os.path.join(self.settings["OUTPUT_PATH"], card))
        return True

    def _context(self) -> dict:
        return articles_generator(self.generators).context

    def _forget_teasers(self, replaced: list, changed: list | None) -> None:
        """The teasers of the posts *changed* (whose facts an edit may have changed; None: of
        every post) are rendered again where a page shows them, and those of the posts
        *replaced* (read again: the memo would keep them alive) are dropped. A teaser shows its
        post's own attributes only, the same wherever it is shown (``rendered_once``): a post
        whose facts the pass takes from the record as they are keeps its teaser."""
        for generator in self.generators:
            env = getattr(generator, "env", None)
            forget = getattr(env.globals.get("teaser"), "forget", None) if env is not None else None
            if forget is not None:
                forget(None if changed is None else [*replaced, *changed])

    def _write_commentable_posts(self, index: ContentIndex) -> None:
        """``comments/articles.json`` (every public post's title, for the intake) as a build writes it."""
        target = os.path.join(self.settings["OUTPUT_PATH"], *ARTICLES_FILE.split("/"))
        if os.path.exists(target):
            posts = commentable_posts(index.entries, languages_from_settings(self.settings))
            text = articles_json(posts, comments_settings(self.settings).blocked_words)
            write_if_changed(target, text.encode("utf-8"))

    def warm_up(self) -> None:
        """Write the page of one post again (the same bytes), so that the first text edit finds
        the templates compiled and the dictionaries (hyphenation, compounds) loaded; record
        every page's inputs for the first front-matter edit."""
        articles = articles_generator(self.generators)
        posts = every_content(articles)
        if posts:
            self.rewrite_posts([posts[0].relative_source_path])
        for generator in self.generators:  # the listings' templates too, for the first front-matter edit
            env = getattr(generator, "env", None)
            for name in env.list_templates(filter_func=_is_template) if env is not None else ():
                env.get_template(name)
        self._warm_teasers(articles.articles)
        self.record_pages()

    def _warm_teasers(self, posts: list) -> None:
        """Render the teasers of *posts* in the environments of the generators whose pages
        list posts (``TEASER_LISTS``; not with URLs relative to each page: their ``SITEURL``
        differs), so that the first edit that renders a topic's pages finds them: the kept
        model renders no listing before."""
        if self.settings.get("RELATIVE_URLS"):
            return
        for generator in self.generators:
            env = getattr(generator, "env", None) if isinstance(generator, TEASER_LISTS) else None
            warm = getattr(env.globals.get("teaser"), "warm", None) if env is not None else None
            if warm is not None:
                warm(env, posts, generator.context)

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


def _title(index: ContentIndex | None, path: str) -> str | None:
    entry = index.entry(path) if index is not None else None
    return entry.title if entry is not None else None


def _is_template(name: str) -> bool:
    return name.endswith((".html", ".xml", ".txt"))


class PostList(list):
    """A list of posts whose ``in`` looks a post up in a set of identities, as ``in`` on a list
    of posts compares identities (Pelican's contents have no ``__eq__``): Pelican asks each
    category's, tag's and author's list for every post of the run (quadratic: 0.2 s a list of
    2,000 posts)."""

    def __contains__(self, item) -> bool:
        if getattr(self, "_counted", -1) != len(self):
            self._ids, self._counted = {id(post) for post in self}, len(self)
        return id(item) in self._ids


def _expanded_topics(topics, post) -> set:
    """The ids of the topics *post* is listed under in the taxonomy run *topics*: its own and their ancestors."""
    own = {link.id for link in getattr(post, "topics", ())}
    return own.union(*(topics.vocabulary.ancestors(key) for key in own))


def _neighbours(post) -> list:
    return [other for other in (getattr(post, "newer", None), getattr(post, "older", None)) if other is not None]


def _words_only(before, after) -> bool:
    """True when *after* (a post read again) is listed where *before* was: the same date and
    tags, so the same lists, topics, neighbours and related posts (only its title, summary or
    keywords changed). Then the pages whose facts reach neither version show the same."""
    return all(
        repr(before.metadata.get(name)) == repr(after.metadata.get(name)) for name in ("date", "modified", "tags")
    )


def _listed_change(before, after) -> bool:
    """True when *after* differs from *before* (one post read twice) only in what ``update_posts``
    follows: its status, output file and every field but ``LISTED_FIELDS`` are the same."""
    if (before.status, before.save_as, before.url) != (after.status, after.save_as, after.url):
        return False
    names = before.metadata.keys() | after.metadata.keys()
    return all(before.metadata.get(name) == after.metadata.get(name) for name in names - LISTED_FIELDS)


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
            forget_last_ranking()
            collect_frozen_too()
            give_back_freed_memory()


def collect_frozen_too() -> None:
    """Collect every unreachable cycle, also those ``gc.freeze()`` hid from the collector.

    A build freezes what existed before it (``build.rare_cycle_collection``), the kept model
    among them: a plain ``gc.collect()`` then cannot free the model's cycles (its posts,
    generators and context reference each other), and the whole dropped model stayed in the
    preview process while the language processes forked. What is left is frozen again."""
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    gc.collect()
    if frozen:
        gc.freeze()


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; nothing elsewhere),
    so that the language processes a whole build forks next do not share a heap of holes."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
