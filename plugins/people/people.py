"""Pelican glue for ``content/authors.yml`` and ``content/testimonials.yml``.

Puts an author box's data on every post (``author_profiles``) and the team on the about
page (``team``); puts this language's testimonials into the context (``TESTIMONIALS``), which
the home page and the offer pages show. The default language's run reports the files' problems.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from pelican import signals

from bilingual.bilingual import content_index
from sitecore.contents import articles_generator, every_content, pages_generator
from sitecore.shared_keys import TESTIMONIALS
from sitecore.languages import is_first_language_run, languages_from_settings
from sitecore.problems import Problem, display_path, log_problem
from sitecore.templates import add_plugin_templates

from .people_data import (
    AuthorProfile,
    Testimonial,
    author_key,
    parse_authors,
    parse_testimonials,
    unknown_offer_problems,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeopleSettings:
    """The plugin's settings, read once per run with their defaults."""

    authors_file: str
    testimonials_file: str
    team_pages: tuple  # translation keys (or slugs) of the pages that show the whole team

    @classmethod
    def of(cls, settings: dict) -> PeopleSettings:
        """Read every ``PEOPLE_*`` setting."""
        return cls(
            authors_file=os.path.join(settings["PATH"], settings.get("PEOPLE_AUTHORS_FILE", "authors.yml")),
            testimonials_file=os.path.join(
                settings["PATH"], settings.get("PEOPLE_TESTIMONIALS_FILE", "testimonials.yml")
            ),
            team_pages=tuple(settings.get("PEOPLE_TEAM_PAGES", ("about",))),
        )


def read_text(path: str) -> tuple[str, list[Problem]]:
    """The file's text ('' when it does not exist), or a problem when it cannot be read."""
    if not os.path.isfile(path):
        return "", []
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(), []
    except (OSError, UnicodeDecodeError) as error:
        return "", [Problem(display_path(path), None, f"the file cannot be read ({error})", "save it as UTF-8")]


def load_people(
    options: PeopleSettings, languages: list[str], known_offers
) -> tuple[list[AuthorProfile], list[Testimonial], list[Problem]]:
    """Both files, parsed; *known_offers* (offer ids of every language) or ``None`` to skip that check.

    ``make check`` calls this too, so the build and the check report the same problems.
    """
    authors_text, problems = read_text(options.authors_file)
    authors, found = parse_authors(authors_text, display_path(options.authors_file), languages)
    problems += found
    testimonials_text, found = read_text(options.testimonials_file)
    problems += found
    testimonials, found = parse_testimonials(testimonials_text, display_path(options.testimonials_file), languages)
    problems += found
    if known_offers is not None:
        problems += unknown_offer_problems(display_path(options.testimonials_file), testimonials, known_offers)
    return authors, testimonials, problems


def add_templates(generator) -> None:
    """Make ``templates/people/*`` visible to every generator."""
    add_plugin_templates(generator, __file__)


def known_offer_ids(generators) -> set | None:
    """Offer ids of every language, when the training_offers plugin runs; else ``None``."""
    offers = next((g for g in generators if hasattr(g, "offer_pages") and hasattr(g, "broken_ids")), None)
    if offers is None:
        return None
    return content_index(offers.settings).offer_ids()


def attach_people(generators) -> None:
    """Author boxes on posts, the team on the team pages, testimonials in the context."""
    articles = articles_generator(generators)
    if articles is None:
        return
    settings = articles.settings
    options = PeopleSettings.of(settings)
    languages = languages_from_settings(settings)
    lang = settings["DEFAULT_LANG"]
    authors, testimonials, problems = load_people(
        options, [language.code for language in languages], known_offer_ids(generators)
    )
    if is_first_language_run(settings):  # every run reads the files; one reports them
        for problem in problems:
            log_problem(logger, problem)
    by_name = {author_key(author.name): author.in_language(lang) for author in authors}
    for article in every_content(articles):
        if getattr(article, "guest_author", ""):
            article.author_profiles = []  # a guest keeps the byline and the guest note
        else:
            found = (by_name.get(author_key(str(author))) for author in getattr(article, "authors", []))
            article.author_profiles = [view for view in found if view is not None]
    team = [author.in_language(lang) for author in authors]
    pages = pages_generator(generators)
    for page in every_content(pages) if pages is not None else ():
        key = page.metadata.get("translation_key", page.slug)
        page.team = team if key in options.team_pages or page.slug in options.team_pages else []
    shown = (testimonial.in_language(lang) for testimonial in testimonials)
    articles.context[TESTIMONIALS] = [view for view in shown if view is not None]


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(add_templates)
    signals.all_generators_finalized.connect(attach_people)
