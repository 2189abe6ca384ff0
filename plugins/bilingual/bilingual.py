"""Pelican glue for a site built once per language.

Each language is its own Pelican run (see ``sitebuild``). This plugin gives that run
what templates need to speak its language and to link the other ones: gettext
strings from the theme catalogs, Babel date filters, and ``alternates`` on every
post and page (from the shared content index, so no other language is parsed).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Protocol

import jinja2
from babel import Locale
from babel.dates import format_date
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from content_reader.kept_readings import code_version
from sitecore import kept_files
from sitecore.contents import every_content
from sitecore.shared_keys import CONTENT_INDEX, PREPARED_KEEP
from sitecore.hyphenation import KeptHyphenations, hyphenate
from sitecore.languages import Language, is_first_language_run, language_settings, languages_from_settings
from sitecore.templates import COMPILED_TEMPLATES, rendered_once

from .catalogs import translations_for
from .content_index import ContentIndex, scan

logger = logging.getLogger(__name__)

# The hyphenations kept for the runs under way, by (folder, language): opened by a run's first
# generator, saved when the run ends (``save_kept_hyphenations``).
_open_hyphenations: dict[tuple[str, str], KeptHyphenations] = {}


@dataclass(frozen=True)
class Alternate:
    """The same page in another language (or that language's home when missing)."""

    lang: str
    name: str
    url: str
    title: str
    exists: bool = True
    locale: str = ""


def current_language(settings: dict) -> Language:
    """The language this Pelican run builds."""
    return next(lang for lang in languages_from_settings(settings) if lang.code == settings["DEFAULT_LANG"])


def other_languages(settings: dict) -> list[Language]:
    """Every configured language but the one being built."""
    return [lang for lang in languages_from_settings(settings) if lang.code != settings["DEFAULT_LANG"]]


def content_alternates(index: ContentIndex, kind: str, translation_key: str, settings: dict) -> list[Alternate]:
    """Alternates of one post or page: the translation, or the other home when none exists."""
    versions = index.translations(kind, translation_key)
    result = []
    for language in other_languages(settings):
        entry = versions.get(language.code)
        if entry:
            result.append(
                Alternate(
                    language.code, language.name, language.url(kind, entry.slug), entry.title, locale=language.locale
                )
            )
        else:
            result.append(Alternate(language.code, language.name, language.home_url, "", False, language.locale))
    return result


def listing_alternates(page_name: str, settings: dict) -> list[Alternate]:
    """Alternates of a listing page (home, archive ...) whose URL setting is ``<NAME>_URL``."""
    key = f"{page_name.upper()}_URL"
    result = []
    for language in other_languages(settings):
        url = language_settings(language).get(key)
        exists = url is not None
        result.append(
            Alternate(language.code, language.name, url if exists else language.home_url, "", exists, language.locale)
        )
    return result


class SwitchablePage(Protocol):
    """What :func:`language_links_for` reads of the ``article`` or ``page`` being rendered: a
    post, a page, an offer or registration page, or a :class:`SwitcherPage`."""

    url: str
    alternates: list[Alternate]


@dataclass(frozen=True)
class SwitcherPage:
    """A page of a plugin's own generator that is no content object (the topics overview, a
    topic, the offers overview): only what the language switcher and hreflang links need."""

    url: str
    alternates: list[Alternate]
    title: str = ""


@dataclass(frozen=True)
class LanguageLinks:
    """What the head and the switcher of one rendered page need."""

    self_url: str
    alternates: list
    x_default: str


def direct_template_of(output_file: str | None, settings: dict) -> str | None:
    """The direct template (``index``, ``archives`` ...) written to *output_file*, if any.

    Only the first page of a paginated listing counts: later pages have other files.
    """
    for name in settings.get("DIRECT_TEMPLATES", []):
        if output_file and settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html") == output_file:
            return name
    return None


def language_links_for(context: dict, settings: dict) -> LanguageLinks:
    """Self URL, alternates and x-default of the page being rendered from *context*."""
    content: SwitchablePage | None = context.get("article") or context.get("page")
    listing = context.get("articles_page")
    if content is not None:
        self_url, alternates = content.url, content.alternates
    elif direct_template_of(context.get("output_file"), settings):
        page_name = direct_template_of(context["output_file"], settings)
        self_url = settings.get(f"{page_name.upper()}_URL", "")
        alternates = listing_alternates(page_name, settings)
    else:
        self_url = listing.url if listing else ""
        alternates = [
            Alternate(lang.code, lang.name, lang.home_url, "", False, lang.locale) for lang in other_languages(settings)
        ]
    default_code = languages_from_settings(settings)[0].code
    x_default = next((a.url for a in alternates if a.lang == default_code and a.exists), self_url)
    return LanguageLinks(self_url, alternates, x_default)


def install_language(generator) -> None:
    """Give the generator's Jinja environment gettext, Babel date filters and language facts."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    language = current_language(settings)
    env.auto_reload = False  # templates do not change during a build: no file check per include
    env.bytecode_cache = COMPILED_TEMPLATES  # compiled once per process, not once per generator
    env.globals["teaser"] = rendered_once("partials/teaser.html", "article")  # a post in many listings
    # Our templates write HTML: every value is escaped unless it is Markup (rendered Markdown,
    # sanitised comments, JSON-LD); titles, names and summaries typed by authors stay text.
    env.autoescape = True
    env.add_extension("jinja2.ext.i18n")
    translations = translations_for(catalog_dirs(settings), language.code)
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["_"] = partial(_translate, translations.gettext)  # called dozens of times per page
    env.filters["date_long"] = partial(_format, pattern="long", locale=language.code)
    env.filters["date_medium"] = partial(_format, pattern="medium", locale=language.code)
    env.filters["month_year"] = partial(_format, pattern="MMMM yyyy", locale=language.code)
    env.filters["language_name"] = partial(_language_name, locale=language.code)
    words = kept_hyphenations(settings, language.code)  # long words hyphenated by earlier builds
    env.filters["hyphenate"] = partial(hyphenate, lang=language.code, words=words)  # soft hyphens in headings
    env.globals["LANGUAGE"] = language
    env.globals["SITE_LANGUAGES"] = languages_from_settings(settings)
    env.globals["language_links"] = pass_context(lambda context: language_links_for(context, settings))


def kept_hyphenations(settings: dict, code: str) -> KeptHyphenations | None:
    """The hyphenations kept for language *code* (one per run), None when the build keeps none.
    The run's first call also adds the compiled templates kept by earlier builds."""
    folder = settings.get(PREPARED_KEEP)
    if not folder:
        return None
    if (folder, code) not in _open_hyphenations:
        _open_hyphenations[folder, code] = KeptHyphenations(code, folder)
        COMPILED_TEMPLATES.keep_in(os.path.join(folder, "templates.pickle"), templates_version(settings))
    return _open_hyphenations[folder, code]


def templates_version(settings: dict) -> str:
    """What a compiled template depends on besides its source (which Jinja checks): Jinja,
    Python, the plugins' code (which configures the environment) and ``JINJA_ENVIRONMENT``."""
    code = code_version(list(settings.get("PLUGIN_PATHS", [])))
    return kept_files.files_digest(
        [], jinja2.__version__, code, repr(sorted(settings.get("JINJA_ENVIRONMENT", {}).items()))
    )


def save_kept_prepared(pelican) -> None:
    """The run is done: keep the words it hyphenated and the templates it compiled for the next build."""
    words = _open_hyphenations.pop((pelican.settings.get(PREPARED_KEEP), pelican.settings["DEFAULT_LANG"]), None)
    if words is not None:
        words.save()
        COMPILED_TEMPLATES.save()


def _translate(gettext, message: str, **variables) -> Markup:
    """``_()`` in templates: what Jinja's new-style gettext gives with autoescaping (the
    translation as markup, *variables* escaped into it), minus its context lookups on every call.
    Most calls have nothing to format: Markup's ``%`` (about 5 µs) is skipped for them."""
    text = gettext(message)
    if not variables and "%" not in text:
        return Markup(text)
    return Markup(text) % variables


def catalog_dirs(settings: dict) -> list[str]:
    """The theme's translations folder, then each enabled plugin's ``translations/``."""
    folders = [os.path.join(settings["THEME"], "translations")]
    for plugin in settings.get("PLUGINS", []):
        for base in settings.get("PLUGIN_PATHS", []):
            folders.append(os.path.join(base, str(plugin), "translations"))
    return [folder for folder in folders if os.path.isdir(folder)]


def _language_name(code: str, locale: str) -> str:
    """The name of language *code* in *locale*: ``en`` in German is ``Englisch``."""
    return Locale.parse(locale).languages.get(code, code)


def _format(value, pattern: str, locale: str) -> str:
    return _format_day(value.date() if hasattr(value, "date") else value, pattern, locale)


@lru_cache(maxsize=8192)
def _format_day(day, pattern: str, locale: str) -> str:
    """Babel's date text, once per day, pattern and locale (listings repeat the same dates)."""
    return format_date(day, format=pattern, locale=locale)


def content_index(settings: dict) -> ContentIndex:
    """The index the build passed in, or a fresh one when Pelican runs on its own."""
    index = settings.get(CONTENT_INDEX)
    if index is None:
        index, _problems = scan(settings, languages_from_settings(settings))
        settings[CONTENT_INDEX] = index
    return index


def link_article_translations(generator) -> None:
    """Set ``alternates`` on every post, and ``newer``/``older`` within this language."""
    _link(generator, "post", every_content(generator))
    ordered = generator.articles  # newest first
    for position, article in enumerate(ordered):
        article.newer = ordered[position - 1] if position > 0 else None
        article.older = ordered[position + 1] if position + 1 < len(ordered) else None


def link_page_translations(generator) -> None:
    """Set ``alternates`` on every page of this language."""
    _link(generator, "page", every_content(generator))


def _link(generator, kind: str, contents) -> None:
    index = content_index(generator.settings)
    for content in contents:
        # Pelican formats a content's URL and file name anew on every use (thousands of times
        # in listings); its ``override_*`` hooks let the final values be computed once.
        content.override_url = content.url
        if not hasattr(content, "override_save_as"):  # a withheld draft keeps its empty one
            content.override_save_as = content.save_as
        key = content.metadata.get("translation_key", content.slug)
        content.alternates = content_alternates(index, kind, key, generator.settings)


def skip_shared_static(generator) -> None:
    """Only the default language copies static files; the others still resolve links to them."""
    if not is_first_language_run(generator.settings):
        generator.context["staticfiles"] = []


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(install_language)
    signals.finalized.connect(save_kept_prepared)
    signals.article_generator_finalized.connect(link_article_translations)
    signals.page_generator_finalized.connect(link_page_translations)
    signals.static_generator_finalized.connect(skip_shared_static)
