"""What each page of a kept site model was rendered from, so that after a front-matter edit of
one post only the pages whose inputs changed are rendered again.

A page's inputs are the values of the template variables its template (with every template
it extends, includes or imports) names, plus what the template functions read of the page's
context by themselves (``IMPLICIT``). Their *facts* are plain, comparable values: a post or
page (a Pelican content object) by all its attributes, but a post that another post links
(``newer``, ``related_posts`` …) by its source path; a paginator page by its number and its
posts; dataclasses by their fields; anything else by identity. The preview records the facts of
every page when it keeps a model (a pass that renders nothing, after the whole build) and
again in every pass that renders from it; after an edit it renders a page again only when
its facts differ from the record, when it has none (a page not there before), or when it shows
one of the edited posts (``PageInputs.must_render``). A page that showed an edited post
before and does not now has other facts (that post's are gone from them).

The record also keeps the source paths of the posts and pages each page *reaches* (in its
facts, or linked; ``OPAQUE`` when its facts hold an object known by identity alone). When an
edit leaves a post where it is listed (the same date and tags: the same lists, neighbours,
topics and related posts), the pages that reach it neither before nor after are the same
pages with the same facts, so a pass may look at the pages that reach it only
(``PageInputs.visit``, decided by ``kept_site.KeptSite.update_posts``). An edit that moves a
post in lists (its date, its tags) gives the pass the pages that can show something else
besides those: the pages of its old and new neighbours and of the posts whose related posts
changed, its topics' pages; and every paginated page whose posts by position changed (or the
number of its list's pages) is looked at too (``listing``: recorded for every page, compared
whether the page is in ``visit`` or not), as is a page not in the record (a new one).

What this does not see, by design: a template that reads a post through two links
(``article.newer.related_posts``) sees that post's front matter (unchanged unless it is the
edited one, which makes the page render) but not what a handler computed on it; the
themes here show only titles, addresses and dates of linked posts. Nor does it see an object
that is neither content nor dataclass change in place: the handlers that run again after an
edit (``kept_site.AGAIN``) give posts and pages new values, and the context new objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

# What template functions read of a page's context without the template naming it:
# ``language_links`` (bilingual), ``structured_data`` (page_metadata), ``responsive_image``.
IMPLICIT = ("article", "page", "articles_page", "output_file", "url")
# Attributes of a post that are the run's shared objects, not the post's own facts.
SHARED_ATTRIBUTES = frozenset({"settings", "_context"})
LINKS = frozenset({"newer", "older", "related_posts", "translations"})
# Attributes of a post whose items pages show only some fields of: a post's topics by their
# name and address (``taxonomy/post_topics.html``, ``page_metadata``'s keywords), not by the
# number of posts each has, which a tag edit of another post changes (a topic's own page and
# the overview, which show it, read the topics from the taxonomy, not through a post).
SHOWN_FIELDS = {"topics": ("id", "name", "url")}


PLAIN = (str, bytes, int, float, Decimal, bool, dt.date, dt.datetime, dt.tzinfo)  # immutable values
# The lists of posts a page's template may name, and Pelican's paginated values of them
# (``Writer.write_file``; the topic pages give the same): what ``PageInputs.listing`` compares,
# whichever pages a pass visits.
LISTS = ("articles", "dates")
PAGINATION = tuple(f"{key}_{part}" for key in LISTS for part in ("paginator", "page", "previous_page", "next_page"))
LISTED = frozenset(LISTS + PAGINATION)
# What a page whose facts hold an object known only by its identity reaches besides posts: a
# pass that visits only the pages reaching the edited posts visits it too.
OPAQUE = "\0object"


class Unchanged(str):
    """What a skipped page's template renders: the writer leaves its file alone."""


UNCHANGED = Unchanged()


@dataclasses.dataclass
class Facts:
    """Facts of values, each content object's computed once, and the source paths of the posts
    and pages each value reaches (``reached``: in its facts, or linked); *edited*: the source
    paths of the edited posts, whose appearance marks the value as ``shows_edited``. With
    *changed* (the source paths of the posts whose facts an edit may have changed), every other
    post or page the record holds is taken from it (``previous``, ``previous_reached``) as it is."""

    edited: frozenset
    previous: dict = dataclasses.field(default_factory=dict)  # source path -> facts of a pass before
    reached: set = dataclasses.field(default_factory=set)
    contents: dict = dataclasses.field(default_factory=dict)  # source path -> facts of this pass
    previous_reached: dict = dataclasses.field(default_factory=dict)  # source path -> what it reached before
    contents_reached: dict = dataclasses.field(default_factory=dict)  # source path -> what it reaches now
    changed: frozenset | None = None
    _known: dict = dataclasses.field(default_factory=dict)  # id -> (value, facts, source paths reached)

    @property
    def shows_edited(self) -> bool:
        """True when the values looked at since ``reached`` was emptied reach an edited post."""
        return not self.edited.isdisjoint(self.reached)

    def of(self, value):
        """The facts of *value* (those of one object are computed once: a page is rendered after
        the values it shows are complete)."""
        if value is None or isinstance(value, PLAIN):
            return value
        known = self._known.get(id(value))
        if known is None:
            known = self._recorded(value)
        if known is None:
            self._known[id(value)] = (value, _placeholder(value), _paths(value))  # a cycle ends here
            outer, self.reached = self.reached, set()
            known = (value, self._facts(value), frozenset(self.reached))
            self._known[id(value)] = known
            self.reached = outer
            if isinstance(value, Content):
                self.contents_reached[value.source_path] = known[2]
        if known[2]:
            self.reached |= known[2]
        return known[1]

    def _recorded(self, value):
        """(*value*, its facts, what it reaches) from the record, for a post or page the edit did not change."""
        if self.changed is None or not isinstance(value, Content) or value.source_path in self.changed:
            return None
        path = value.source_path
        facts, reached = self.previous.get(path), self.previous_reached.get(path)
        if facts is None or reached is None:
            return None
        self.contents[path], self.contents_reached[path] = facts, reached
        self._known[id(value)] = known = (value, facts, reached)
        return known

    def _facts(self, value):
        if isinstance(value, Content):
            self.reached.add(value.source_path)
            facts = tuple(
                (name, self._attribute(name, item))
                for name, item in vars(value).items()
                if name not in SHARED_ATTRIBUTES
            )
            before = self.previous.get(value.source_path)
            if before == facts:
                facts = before  # the same object: the pages that show it compare it at once
            self.contents[value.source_path] = facts
            return facts
        if isinstance(value, (list, tuple)):
            return tuple(self.of(item) for item in value)
        if isinstance(value, dict):
            return tuple((key, self.of(item)) for key, item in value.items())
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted(repr(self.of(item)) for item in value)))
        if isinstance(value, URLWrapper):
            return (type(value).__name__, value.name, value.slug)
        if isinstance(value, Page):
            return ("page", value.number, value.paginator.num_pages, value.base_url, self.of(value.object_list))
        if isinstance(value, Paginator):  # its pages are given apart; the templates read its size
            return ("paginator", value.name, value.num_pages, value.count, value.per_page)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (type(value).__qualname__, *(self.of(getattr(value, f.name)) for f in dataclasses.fields(value)))
        if type(value).__name__ == "Lazy" and hasattr(value, "__iter__"):
            return tuple(self.of(item) for item in value)  # taxonomy.related.Lazy, computed now
        self.reached.add(OPAQUE)  # by identity: a page that shows it is never left out unseen
        return ("object", id(value))

    def _attribute(self, name: str, item):
        """The facts of a post's attribute *name*: linked posts by their source paths, the
        fields of ``SHOWN_FIELDS`` of their items, other values whole."""
        if name in LINKS:
            return self._link(item)
        if name in SHOWN_FIELDS and isinstance(item, (list, tuple)):
            fields = SHOWN_FIELDS[name]
            return tuple((type(one).__qualname__, *(self.of(getattr(one, f, None)) for f in fields)) for one in item)
        return self.of(item)

    def _link(self, value):
        if isinstance(value, Content):
            self.reached.add(value.source_path)
            return ("link", value.source_path)
        if value is None:
            return None
        return tuple(self._link(item) for item in value)


def names_used(env, template_name: str) -> frozenset | None:
    """Every variable the template *template_name* names that it does not set, with those of
    the templates it extends, includes or imports; None when one of them is chosen at render
    time (then every page of it is rendered)."""
    return _names_used(env, template_name, frozenset())


def _names_used(env, name: str, seen: frozenset) -> frozenset | None:
    cache = env.__dict__.setdefault("_sitebuild_names_used", {})
    if name in cache:
        return cache[name]
    source, _filename, _uptodate = env.loader.get_source(env, name)
    tree = env.parse(source)
    names = set(meta.find_undeclared_variables(tree))
    for other in meta.find_referenced_templates(tree):
        if other is None:
            cache[name] = None
            return None
        if other in seen or other == name:
            continue
        found = _names_used(env, other, seen | {name})
        if found is None:
            cache[name] = None
            return None
        names |= found
    cache[name] = frozenset(names)
    return cache[name]


@dataclasses.dataclass
class PageInputs:
    """The facts of every page of one pass (``record``), or the decision of the next pass
    (``must_render``) against those of the one before."""

    facts: Facts
    before: dict | None = None  # output file -> facts (None: showed an edited post)
    seen: dict = dataclasses.field(default_factory=dict)
    rendered: list = dataclasses.field(default_factory=list)
    # output file -> the source paths its facts reach (``Facts.reached``; ``OPAQUE`` among them
    # when an object known by identity), of this pass
    reaches: dict = dataclasses.field(default_factory=dict)
    visit: frozenset | None = None  # only these output files are looked at (None: all)
    # output file -> what it reaches, for the pages the record says reach an edited post when
    # the edit leaves every list as it was: they are rendered whatever their facts, and they
    # reach what they reached (their facts, recorded as None, need not be made)
    showing: dict = dataclasses.field(default_factory=dict)
    _reached: frozenset = frozenset({OPAQUE})  # of the page whose facts were made last
    listed: dict = dataclasses.field(default_factory=dict)  # output file -> its ``listing`` in the record
    listings: dict = dataclasses.field(default_factory=dict)  # output file -> its ``listing`` in this pass
    made: set = dataclasses.field(default_factory=set)  # every page and feed this pass made, looked at or not
    _lists: dict = dataclasses.field(default_factory=dict)  # id -> (list, its ``_listed``) of this pass

    def visits(self, name: str, listing: tuple = ()) -> bool:
        """True when the page or feed *name*, which lists *listing* by position, is looked at in
        this pass: every page without ``visit``; else those in it, a page the record does not
        hold, and one whose listing is not the record's."""
        self.made.add(name)
        self.listings[name] = listing
        if self.visit is None or name in self.visit or listing is None:
            return True
        return self.before is None or name not in self.before or self.listed.get(name) != listing

    def listing(self, env, template_name: str, values) -> tuple | None:
        """What a page of *template_name* with *values* lists by position, of the lists its
        templates name (``LISTED``): of a list the source paths of its posts, of a paginated
        page its number, the number of pages and its posts' paths, of a paginator its size.
        None when the template is chosen at render time."""
        listed = _listed_names(env, template_name)
        return None if listed is None else tuple((name, self._listed(values.get(name))) for name in listed)

    def _listed(self, value):
        if isinstance(value, Page):
            return (value.number, value.paginator.num_pages, self._listed(value.object_list))
        if isinstance(value, Paginator):
            return (value.num_pages, value.count, value.per_page)
        if isinstance(value, (list, tuple)):  # one list is shown by many pages (a topic's)
            known = self._lists.get(id(value))
            if known is None or known[0] is not value:
                known = self._lists[id(value)] = (value, tuple(_source(item) for item in value))
            return known[1]
        return ("value", value) if value is None or isinstance(value, PLAIN) else ("object", id(value))

    def page_facts(self, env, template_name: str, localcontext: dict):
        """The facts of one page (None when it shows an edited post or its template is not known)."""
        shown = self.showing.get(localcontext.get("output_file"))
        if shown is not None:
            self._reached = shown
            return None
        names = names_used(env, template_name)
        self.facts.reached = set()
        if names is None:
            self._reached = frozenset({OPAQUE})
            return None
        values = tuple((name, self.facts.of(localcontext.get(name))) for name in sorted(names.union(IMPLICIT)))
        self._reached = frozenset(self.facts.reached)
        return None if self.facts.shows_edited else values

    def feed_facts(self, path: str, elements: list, newest) -> tuple | None:
        """The facts of one feed: its shown entries and the date it would carry without any."""
        if path in self.showing:
            self._reached = self.showing[path]
            return None
        self.facts.reached = set()
        values = (path, self.facts.of(list(elements)), newest)
        self._reached = frozenset(self.facts.reached)
        return None if self.facts.shows_edited else values

    def must_render(self, name: str, facts) -> bool:
        """Record *facts* of page *name* (made last); True when it must be rendered (never in
        the first pass)."""
        self.seen[name], self.reaches[name] = facts, self._reached
        if self.before is None:
            return False
        render = facts is None or self.before.get(name) is None or self.before[name] != facts
        if render:
            self.rendered.append(name)
        return render


def _listed_names(env, template_name: str) -> tuple | None:
    """The names of ``LISTED`` the template *template_name* names, sorted (None: not known)."""
    cache = env.__dict__.setdefault("_sitebuild_listed_names", {})
    if template_name not in cache:
        names = names_used(env, template_name)
        cache[template_name] = None if names is None else tuple(sorted(names & LISTED))
    return cache[template_name]


def feed_listing(elements: list, newest) -> tuple:
    """What a feed lists by position: the source paths of its entries, and the date it would carry without any."""
    return (tuple(_source(item) for item in elements), newest)


def _source(item):
    return getattr(item, "source_path", None) or ("object", id(item))


def _paths(value) -> frozenset:
    """The source path a value stands for inside itself (a post's own), as a set."""
    return frozenset({value.source_path}) if isinstance(value, Content) else frozenset()


def _placeholder(value):
    """What a value stands for inside itself (a post's own link, say)."""
    return ("link", value.source_path) if isinstance(value, Content) else ("cycle", type(value).__qualname__)
