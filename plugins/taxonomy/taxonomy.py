"""Pelican glue: tags become topics of ``content/taxonomy.yml``; topic pages, feeds, related posts.

Each Pelican run builds one language (see ``sitebuild``): it matches the tags of that
language's posts, writes that language's topic pages, overview and feeds, and links each
topic page to the other languages' pages of the same topic (known from the vocabulary).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator

from bilingual.bilingual import Alternate, SwitcherPage
from content_reader.source_files import front_matter_line
from sitecore.contents import every_content
from sitecore.languages import Language, is_first_language_run, languages_from_settings
from sitecore.problems import ContentError, Problem, display_path, log_problem
from sitecore.shared_keys import TAXONOMY, TRAINING_OFFER_PAGES
from sitecore.slugs import slugify
from sitecore.templates import add_plugin_templates

from .related import Lazy, PostTopics, ranking_by_position, related_topics, topic_weights
from .vocabulary import Topic, Vocabulary, match_key, parse_vocabulary, tag_topics

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaxonomySettings:
    """The plugin's settings, read once per run with their defaults."""

    file: str
    strict: bool
    paths: dict  # language code -> URL word of the topic pages
    per_page: int | None
    related_count: int

    @classmethod
    def of(cls, settings: dict) -> TaxonomySettings:
        """Read every ``TAXONOMY_*`` setting."""
        return cls(
            file=os.path.join(settings["PATH"], settings.get("TAXONOMY_FILE", "taxonomy.yml")),
            strict=bool(settings.get("TAXONOMY_STRICT", False)),
            paths={"de": "themen", **dict(settings.get("TAXONOMY_PATHS", {}))},
            per_page=settings.get("TAXONOMY_PAGINATION", settings.get("DEFAULT_PAGINATION")) or None,
            related_count=int(settings.get("TAXONOMY_RELATED_POSTS", 3)),
        )

    def overview_url(self, language: Language) -> str:
        """``themen/`` or ``en/topics/``."""
        return f"{language.prefix}{self.paths.get(language.code, 'topics')}/"

    def topic_url(self, language: Language, topic: Topic) -> str:
        """``themen/fuehrung/`` or ``en/topics/leadership/``."""
        return f"{self.overview_url(language)}{topic.slugs[language.code]}/"


@dataclass
class TopicLink:
    """A topic as one language shows it; ``children`` only in the overview tree."""

    id: str
    name: str
    url: str
    description: str = ""
    count: int = 0
    children: list = field(default_factory=list)


@dataclass
class TopicView:
    """Everything a topic page shows besides its posts."""

    link: TopicLink
    feed_url: str
    overview_url: str
    parent: TopicLink | None
    ancestors: list
    children: list
    related: list
    offers: list

    @property
    def name(self) -> str:
        """The topic's name in this language."""
        return self.link.name

    @property
    def description(self) -> str:
        """The topic's description in this language (may be empty)."""
        return self.link.description


@dataclass
class TaxonomyRun:
    """The topics of one language run, computed once in ``article_generator_finalized``."""

    options: TaxonomySettings
    vocabulary: Vocabulary
    language: Language
    languages: list
    adhoc: bool  # no vocabulary file: every tag is a topic of its own
    links: dict  # topic id -> TopicLink in this language
    posts: dict  # topic id -> posts of the topic and its subtopics, newest first
    related: dict  # topic id -> related topic ids

    def alternates(self, topic: Topic | None) -> list[Alternate]:
        """The same topic page (or the overview) in every other language."""
        result = []
        for language in self.languages:
            if language.code == self.language.code:
                continue
            overview = self.options.overview_url(language)
            if topic is None:
                result.append(Alternate(language.code, language.name, overview, ""))
            elif self.adhoc:
                result.append(Alternate(language.code, language.name, overview, "", exists=False))
            else:
                url = self.options.topic_url(language, topic)
                result.append(Alternate(language.code, language.name, url, topic.names[language.code]))
        return result


def add_templates(generator) -> None:
    """Make ``templates/taxonomy/*`` visible to every generator."""
    add_plugin_templates(generator, __file__)


def read_vocabulary(options: TaxonomySettings, languages: list[Language]) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary (``None`` when there is no file) and its problems; for the build and ``make check``."""
    if not os.path.isfile(options.file):
        return None, []
    with open(options.file, encoding="utf-8") as handle:
        return parse_vocabulary(handle.read(), display_path(options.file), [lang.code for lang in languages])


def load_and_log_vocabulary(
    options: TaxonomySettings, languages: list[Language], *, report: bool = True
) -> Vocabulary | None:
    """The vocabulary, ``None`` when there is no file; problems are logged as errors when *report*."""
    vocabulary, problems = read_vocabulary(options, languages)
    for problem in problems if report else ():
        log_problem(logger, problem, logging.ERROR)
    return vocabulary


def adhoc_vocabulary(articles, languages: list[Language]) -> Vocabulary:
    """Without a vocabulary file every distinct tag is a topic of its own."""
    topics: dict[str, Topic] = {}
    for article in articles:
        for tag in article.metadata.get("tags", []):
            key = match_key(str(tag))
            if key and key not in topics:
                name = str(tag)
                codes = [lang.code for lang in languages]
                topics[key] = Topic(key, dict.fromkeys(codes, name), dict.fromkeys(codes, slugify(name)))
    return Vocabulary.of(list(topics.values()))


def attach_topics(generator) -> None:
    """Match every post's tags, report unknown ones, compute topics and related posts once."""
    try:
        run = _attach_topics(generator)
    except ContentError as error:
        log_problem(logger, error.problem)
        return
    generator.context[TAXONOMY] = run


def _attach_topics(generator) -> TaxonomyRun:
    settings = generator.settings
    options = TaxonomySettings.of(settings)
    languages = languages_from_settings(settings)
    language = next(lang for lang in languages if lang.code == settings["DEFAULT_LANG"])
    everything = every_content(generator)
    # every run reads the file; the default language's run reports its problems (once per build)
    vocabulary = load_and_log_vocabulary(options, languages, report=is_first_language_run(settings))
    adhoc = vocabulary is None
    if adhoc:
        vocabulary = adhoc_vocabulary(everything, languages)

    links = {
        topic.id: TopicLink(
            topic.id,
            topic.names[language.code],
            options.topic_url(language, topic),
            topic.descriptions.get(language.code, ""),
        )
        for topic in vocabulary.topics.values()
    }
    direct: dict[int, list[str]] = {}
    for article in everything:
        topic_ids = match_tags(article, vocabulary, language, strict=options.strict)
        direct[id(article)] = topic_ids
        article.topics = [links[topic_id] for topic_id in topic_ids]

    published = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    posts: dict[str, list] = {topic_id: [] for topic_id in vocabulary.topics}
    records = []
    for article in published:
        expanded = set(direct[id(article)])
        for topic_id in direct[id(article)]:
            expanded.update(vocabulary.ancestors(topic_id))
        for topic_id in expanded:
            posts[topic_id].append(article)
        records.append(PostTopics(id(article), language.code, article.date.timestamp(), frozenset(expanded)))
    for topic_id, link in links.items():
        link.count = len(posts[topic_id])

    weights = topic_weights({topic_id: vocabulary.depth(topic_id) for topic_id in vocabulary.topics})
    ranking = ranking_by_position(records, weights, options.related_count)
    position = {record.key: number for number, record in enumerate(records)}
    for article in everything:  # ranked when a page shows them, so a preview rebuild ranks one post
        number = position.get(id(article))
        article.related_posts = Lazy(
            (lambda n=number: [published[other] for other in ranking.related(n)]) if number is not None else list
        )

    co_occurring = related_topics([frozenset(direct[id(a)]) for a in published], limit=10)
    related = {}
    for topic_id in vocabulary.topics:
        family = {topic_id, *vocabulary.ancestors(topic_id), *vocabulary.descendants(topic_id)}
        related[topic_id] = [other for other in co_occurring.get(topic_id, []) if other not in family][:5]
    return TaxonomyRun(options, vocabulary, language, languages, adhoc, links, posts, related)


def match_tags(article, vocabulary: Vocabulary, language: Language, *, strict: bool) -> list[str]:
    """Topic ids of *article*'s tags in tag order, duplicates collapsed; unknown tags logged
    (an error when *strict*), with the line the reader recorded."""
    topic_ids, problems = tag_topics(
        display_path(article.source_path),
        article.metadata.get("tags", []),
        front_matter_line(article, "tags"),
        language.code,
        vocabulary,
    )
    for problem in problems:
        log_problem(logger, problem, logging.ERROR if strict else logging.WARNING)
    return topic_ids


class TopicsGenerator(Generator):
    """Writes the topic pages, the topics overview and one Atom feed per topic."""

    def generate_output(self, writer) -> None:
        """Render everything of this language's topics."""
        run: TaxonomyRun | None = self.context.get(TAXONOMY)
        if run is None:
            return
        self.write_overview(writer, run)
        for topic in run.vocabulary.topics.values():
            if run.adhoc and not run.posts[topic.id]:
                continue  # an ad-hoc topic exists only where it is used
            self.write_topic(writer, run, topic)
            self.write_feed(writer, run, topic)

    def _render(self, writer, save_as: str, url: str, template: str, **values) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            self.settings.get("RELATIVE_URLS", False),
            url=url,
            **values,
        )

    def write_overview(self, writer, run: TaxonomyRun) -> None:
        """The hierarchy of all topics with post counts."""
        url = run.options.overview_url(run.language)
        shown = [t for t in run.vocabulary.topics if not run.adhoc or run.posts[t]]
        tree = []
        for topic_id in shown:
            link = run.links[topic_id]
            link.children = [run.links[child] for child in run.vocabulary.children[topic_id] if child in shown]
            if run.vocabulary.topics[topic_id].parent is None:
                tree.append(link)
        switcher = SwitcherPage(url, run.alternates(None))
        self._render(writer, f"{url}index.html", url, "taxonomy/topics", topics_tree=tree, page=switcher)

    def write_topic(self, writer, run: TaxonomyRun, topic: Topic) -> None:
        """One topic's page(s): name, description, family, posts (paginated), related topics, offers."""
        link = run.links[topic.id]
        view = TopicView(
            link=link,
            feed_url=f"{link.url}feed.atom.xml",
            overview_url=run.options.overview_url(run.language),
            parent=run.links[topic.parent] if topic.parent else None,
            ancestors=[run.links[a] for a in reversed(run.vocabulary.ancestors(topic.id))],
            children=[run.links[c] for c in run.vocabulary.children[topic.id]],
            related=[run.links[r] for r in run.related[topic.id]],
            offers=offers_for(self.context, run, topic.id),
        )
        switcher = SwitcherPage(link.url, run.alternates(topic), link.name)
        save_as = f"{link.url}index.html"
        paginator = Paginator(save_as, link.url, run.posts[topic.id], self.settings, run.options.per_page)
        for number in range(1, paginator.num_pages + 1):
            page = paginator.page(number)
            self._render(
                writer,
                page.save_as,
                page.url,
                "taxonomy/topic",
                topic=view,
                page=switcher,
                articles=run.posts[topic.id],
                articles_paginator=paginator,
                articles_page=page,
                articles_previous_page=paginator.page(number - 1) if number > 1 else None,
                articles_next_page=paginator.page(number + 1) if number < paginator.num_pages else None,
            )

    def write_feed(self, writer, run: TaxonomyRun, topic: Topic) -> None:
        """``…/<slug>/feed.atom.xml`` with the topic's newest posts."""
        link = run.links[topic.id]
        context = dict(self.context)
        context["FEED_DOMAIN"] = self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", "")
        path = f"{link.url}feed.atom.xml"
        writer.write_feed(run.posts[topic.id], context, path, url=path, feed_title=link.name)


def offers_for(context: dict, run: TaxonomyRun, topic_id: str) -> list:
    """Offer pages tagged with the topic or a subtopic, when the training_offers plugin is enabled.

    Reads only ``training_offer_pages`` from the context (offer id -> offer page, in the order of
    the offer files), each with ``url``, ``title``, ``summary``, ``next`` (the next session's view,
    or ``None``), ``price_text`` and ``price_unit`` (through the offers' ``price`` macro) and ``offer`` (its ``tags``, topic names or aliases, select the
    topics; ``format`` and ``duration`` are shown); the topic page shows them as the overview's cards.
    """
    wanted = {topic_id, *run.vocabulary.descendants(topic_id)}
    result = []
    for page in (context.get(TRAINING_OFFER_PAGES) or {}).values():
        topics = [run.vocabulary.match(tag) for tag in page.offer.tags]
        if any(topic is not None and topic.id in wanted for topic in topics):
            result.append(page)
    return result


def add_generator(pelican):
    """Add :class:`TopicsGenerator` after Pelican's own generators."""
    return TopicsGenerator


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(add_templates)
    signals.article_generator_finalized.connect(attach_topics)
    signals.get_generators.connect(add_generator)
