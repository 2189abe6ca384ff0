"""``make check``: every validator of the build on all content, without rendering or writing output/.

Reuses the plugins' own parsers and checks; adds what only a whole-site view can see:
translation references and internal links between Markdown files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from bilingual.content_index import clashes, offer_entry_of, post_or_page_entry
from comments.comment_files import comment_folder, comment_problems, read_site_comments
from comments.comments import comments_settings
from contact_page.contact_details import contact_settings
from content_reader.metadata import old_urls_with_lines
from people.people import PeopleSettings, load_people
from redirects.redirect_map import taken_address
from sitecore.dates import site_timezone
from sitecore.files import unread_files
from sitecore.languages import Language, language_settings, languages_from_settings
from sitecore.problems import Problem
from sitecore.slugs import slugify
from taxonomy.taxonomy import TaxonomySettings, read_vocabulary
from taxonomy.vocabulary import Vocabulary, tag_topics
from training_offers.markdown_callouts import inline_references
from training_offers.offers_model import OfferSource, SharedSessions, offer_ids, unknown_offer, validate_offers
from training_offers.training_offers import offer_settings, offer_url, overview_url

from .import_report import report_problem
from .links import KnownUrls, check_link, internal_links, normalise_url
from .placeholders import placeholder_problems, placeholders_are_errors
from .site_content import SourceFile, read_all
from .translation_links import reference_problem, resolve_reference

ERROR, WARNING = "error", "warning"
LONG_PARAGRAPH_WORDS = 150  # a body this long without a blank line was most likely pasted
DIRECT_URLS = ("INDEX_URL", "BLOG_URL", "ARCHIVES_URL", "CATEGORIES_URL", "AUTHORS_URL", "SEARCH_URL", "404_URL")


@dataclass(frozen=True)
class Finding:
    """A problem and how bad it is."""

    level: str
    problem: Problem

    def sort_key(self) -> tuple:
        """By file, then line, errors first."""
        return (self.problem.path, self.problem.line or 0, self.level != ERROR, self.problem.message)

    def __str__(self) -> str:
        return f"{self.level.upper()}: {self.problem}"


@dataclass(frozen=True)
class CheckResult:
    """All findings, sorted, and how many files were read."""

    findings: tuple
    files: int

    @property
    def errors(self) -> list[Finding]:
        """The findings that fail the check."""
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings the build survives."""
        return [f for f in self.findings if f.level == WARNING]


def check_site(settings: dict) -> CheckResult:
    """Check every post, page, offer, comment and the topic file of the site in *settings*."""
    languages, files = read_all(settings)
    findings: list[Finding] = []

    def add(level: str, problems) -> None:
        findings.extend(Finding(level, problem) for problem in problems)

    for item in files:
        add(ERROR, [item.error] if item.error else [])
        add(WARNING, item.warnings)
    readable = [item for item in files if item.meta is not None]
    posts_and_pages = [item for item in readable if item.kind in ("post", "page")]

    vocabulary, vocabulary_problems = read_vocabulary(TaxonomySettings.of(settings), languages)
    add(ERROR, vocabulary_problems)
    tag_level = ERROR if settings.get("TAXONOMY_STRICT") else WARNING
    add(tag_level, tag_problems([i for i in readable if i.kind == "post"], vocabulary))
    add(ERROR, slug_clashes(posts_and_pages, [i for i in files if i.kind == "offer" and i.front], settings))
    add(WARNING, unread_files(settings["PATH"], [language.code for language in languages]))
    offer_errors, offer_warnings = offer_problems(files, settings)
    add(ERROR, offer_errors)
    add(WARNING, offer_warnings)
    comment_errors, comment_warnings = comment_file_problems([i for i in readable if i.kind == "post"], settings)
    add(ERROR, comment_errors)
    add(WARNING, comment_warnings)
    add(ERROR, people_problems(files, settings, languages))
    if "contact_page" in settings.get("PLUGINS", ()):
        add(ERROR, contact_settings(settings).problems)
    add(ERROR, translation_reference_problems(posts_and_pages, settings["PATH"]))
    known = known_urls(readable, languages, vocabulary, settings)
    add(ERROR, link_problems(readable, known, settings["PATH"]))
    add(ERROR, taken_old_urls(readable, known, languages))
    add(ERROR if placeholders_are_errors(settings) else WARNING, leftover_placeholders(posts_and_pages))
    for item in posts_and_pages:  # a draft's report is a reminder; in a post to be published, a mistake
        report = report_problem(item.path, item.front.body, item.front.body_line)
        add(ERROR if placeholders_are_errors(settings) and not item.draft else WARNING, [report] if report else [])
    add(
        WARNING,
        filter(None, (single_paragraph(i.front.body, i.path, i.front.body_line) for i in readable if i.kind == "post")),
    )
    if "images" in settings.get("PLUGINS", ()):
        add(ERROR, unreadable_images(posts_and_pages, settings["PATH"]))
    return CheckResult(tuple(sorted(set(findings), key=Finding.sort_key)), len(files))


def unreadable_images(items: list[SourceFile], content_root: str) -> list[Problem]:
    """Raster images named in ``post_image`` / ``header_image`` that cannot be read (the
    build's rule: ``images.responsive.image_problem``)."""
    from images.responsive import image_problem, is_raster  # Pillow only when images are checked

    problems = []
    for item in items:
        for key in ("header_image", "post_image"):
            image = item.meta.get(key) or ""
            if not is_raster(image):
                continue
            with open(os.path.join(content_root, image), "rb") as handle:
                problem = image_problem(item.path, item.front.line(key), image, handle.read())
            if problem:
                problems.append(problem)
    return problems


def tag_problems(posts: list[SourceFile], vocabulary: Vocabulary | None) -> list[Problem]:
    """Tags of posts that name no topic (the taxonomy plugin's rule, ``tag_topics``)."""
    if vocabulary is None:
        return []
    problems = []
    for item in posts:
        problems += tag_topics(item.path, item.meta.get("tags", []), item.front.line("tags"), item.lang, vocabulary)[1]
    return problems


def slug_clashes(items: list[SourceFile], offers: list[SourceFile], settings: dict) -> list[Problem]:
    """Two posts (or pages) of one language with the same slug or translation key, and old
    addresses claimed twice or still in use: the content index's rule and lines
    (``bilingual.content_index.clashes``), which the build reports."""
    entries = [post_or_page_entry(i.relative, i.kind, i.front, i.meta, settings, fingerprints=False) for i in items]
    entries += [offer_entry_of(i.relative, i.folder_lang, i.front) for i in offers]
    return clashes(entries, settings["PATH"], languages_from_settings(settings))


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def offer_problems(files: list[SourceFile], settings: dict) -> tuple[list[Problem], list[Problem]]:
    """Offer settings and files (the offers plugin's own rules) and the offers named by posts."""
    config = offer_settings(settings)
    errors, warnings = list(config.problems), []
    offers: dict[str, dict] = {}  # lang -> offer id -> Offer
    broken: dict[str, frozenset] = {}
    originals = None
    for language in languages_from_settings(settings):
        sources = [
            OfferSource(item.path, item.meta, item.front.lines, item.text, item.front.body)
            if item.meta is not None
            else OfferSource(
                item.path, None, offer_id=str((item.front.fields if item.front else {}).get("offer") or "").strip()
            )
            for item in files
            if item.kind == "offer" and item.folder_lang == language.code
        ]
        checked = validate_offers(sources, lang=language.code, timezone=config.timezone, originals=originals)
        errors += checked.problems
        warnings += checked.warnings
        offers[language.code], broken[language.code] = checked.offers, checked.broken_ids
        if originals is None:  # the default language comes first: its sessions are the translations'
            originals = {
                source.metadata["offer"].strip(): SharedSessions(
                    source.path,
                    tuple(_listed(source.metadata.get("sessions"))),
                    source.metadata.get("max_participants"),
                )
                for source in sources
                if source.metadata is not None and isinstance(source.metadata.get("offer"), str)
            }
    for item in (i for i in files if i.kind == "post" and i.meta is not None):
        known, bad = offers.get(item.lang, {}), broken.get(item.lang, frozenset())
        named = [(offer_id, item.front.line("offer")) for offer_id in offer_ids(item.meta.get("offer"))]
        for offer_id, line in named + inline_references(item.text):
            offer = known.get(offer_id)
            if offer is None and offer_id not in bad:
                errors.append(unknown_offer(item.path, line, offer_id, known))
            # an offer without upcoming session is a notice of the build (it depends on the day), never a warning
    return errors, warnings


def people_problems(files: list[SourceFile], settings: dict, languages: list[Language]) -> list[Problem]:
    """``authors.yml`` and ``testimonials.yml``, read as the people plugin reads them; a
    testimonial's offer must be the id of an offer in some language (offers with errors count)."""
    known = set()
    for item in (i for i in files if i.kind == "offer"):
        fields = item.meta if item.meta is not None else (item.front.fields if item.front else {})
        known.add(str(fields.get("offer") or "").strip())
    _authors, _testimonials, problems = load_people(
        PeopleSettings.of(settings), [lang.code for lang in languages], known
    )
    return problems


def comment_file_problems(posts: list[SourceFile], settings: dict) -> tuple[list[Problem], list[Problem]]:
    """The comments plugin's settings and its rule for comment files (``comment_problems``): every
    post of a language counts, whatever its status, as in the build."""
    codes = tuple(settings["LANGUAGES"])
    loaded = read_site_comments(comment_folder(settings), languages=codes, timezone=site_timezone(settings))
    slugs: dict[str, set] = {code: set() for code in codes}
    for item in posts:
        slugs.setdefault(item.lang, set()).add(item.meta["slug"])
    errors, warnings = comment_problems(loaded, slugs)
    return list(comments_settings(settings).problems) + [p for _lang, p in errors], [p for _lang, p in warnings]


def translation_reference_problems(items: list[SourceFile], content_root: str) -> list[Problem]:
    """A ``translation_of`` pointing nowhere (see :mod:`authoring.translation_links`)."""
    by_relative = {item.relative.replace(os.sep, "/"): item for item in items}
    problems = []
    for item in items:
        reference = item.meta.get("translation_of")
        if not reference:
            continue
        target = resolve_reference(str(reference), content_root, os.getcwd())
        original = by_relative.get(target) if target else None
        known = (original.lang, original.meta["translation_key"]) if original else None
        problem = reference_problem(
            item.path, item.front.line("translation_of"), str(reference), item.lang, item.meta["translation_key"], known
        )
        if problem:
            problems.append(problem)
    return problems


def known_urls(
    items: list[SourceFile], languages: list[Language], vocabulary: Vocabulary | None, settings: dict
) -> KnownUrls:
    """Every URL the built site will have, from front matter, settings, the vocabulary and static files."""
    urls, drafts, prefixes = set(), set(), ["pagefind/", "theme/"]
    by_code = {language.code: language for language in languages}
    offer_config = offer_settings(settings)
    topics = TaxonomySettings.of(settings)
    for language in languages:
        pelican_urls = language_settings(language, settings)
        urls.update(pelican_urls[key] for key in DIRECT_URLS)
        urls.add(overview_url(language, offer_config))
        urls.add(topics.overview_url(language))
        prefixes.append(f"{language.prefix}feeds/")
        for topic in vocabulary.topics.values() if vocabulary else ():
            prefixes.append(topics.topic_url(language, topic))
        authors = {settings.get("AUTHOR") or ""}
        for item in (i for i in items if i.lang == language.code):
            if item.kind == "offer":
                prefixes.append(offer_url(language, offer_config, item.meta["slug"]))
                continue
            url = by_code[item.lang].url(item.kind, item.meta["slug"])
            (drafts if item.draft else urls).add(url)
            if item.kind == "post" and not item.draft:
                urls.update(
                    pelican_urls["CATEGORY_URL"].format(slug=slugify(c)) for c in item.meta.get("categories", [])
                )
                authors.update(item.meta.get("authors", []))
        urls.update(pelican_urls["AUTHOR_URL"].format(slug=slugify(a)) for a in authors if a)
    urls.update(("robots.txt", "sitemap.xml"))
    for folder in settings.get("STATIC_PATHS", []):
        root = os.path.join(settings["PATH"], folder)
        for base, _dirs, names in os.walk(root):
            urls.update(os.path.relpath(os.path.join(base, n), settings["PATH"]).replace(os.sep, "/") for n in names)
    return KnownUrls(frozenset(urls), frozenset(drafts), tuple(prefixes))


def taken_old_urls(items: list[SourceFile], known: KnownUrls, languages: list[Language]) -> list[Problem]:
    """An old address (of a post, page or offer) that is a page the build makes (an offer, a topic, a category), as the
    build finds it after rendering (``redirects.site_redirects``); the addresses of posts and
    pages are the content index's rule (``slug_clashes``)."""
    by_code = {language.code: language for language in languages}
    contents = {by_code[i.lang].url(i.kind, i.meta["slug"]) for i in items if i.kind != "offer" and i.lang in by_code}
    problems = []
    for item in items:
        for path, line in old_urls_with_lines(item.front):
            url = normalise_url(path)
            if url in contents or not (url in known.urls or url.startswith(known.prefixes)):
                continue
            problems.append(Problem(item.path, line, *taken_address(path, url, "/" + url, None, "")))
    return problems


def link_problems(items: list[SourceFile], known: KnownUrls, content_root: str) -> list[Problem]:
    """Links in posts, pages and offers that point to no page or file of the site."""
    problems = []

    def exists(relative: str) -> bool:
        return os.path.isfile(os.path.join(content_root, relative))

    for item in items:
        for target, line in internal_links(item.text):
            problem = check_link(item.path, line, target, known, exists)
            if problem:
                problems.append(problem)
    return problems


def leftover_placeholders(items: list[SourceFile]) -> list[Problem]:
    """A post or page to be published whose title or summary still holds the placeholder of new-post/translate."""
    problems = []
    for item in (i for i in items if not i.draft):
        problems += placeholder_problems(
            item.path, item.meta["title"], str(item.meta.get("summary", "")), item.front.lines
        )
    return problems


def single_paragraph(body: str, path: str, body_line: int) -> Problem | None:
    """A long post body without a blank line: Markdown makes it one paragraph, so text pasted
    with single line breaks loses its paragraphs, headings and lists. Points at the body's start."""
    text = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL).strip()
    words = len(text.split())
    if words < LONG_PARAGRAPH_WORDS or re.search(r"\n[ \t]*\n", text):
        return None
    line = body_line + body[: len(body) - len(body.lstrip())].count("\n")
    return Problem(
        path,
        line,
        f"the text ({words} words) is a single paragraph: a single line break does not start a new one",
        "put a blank line between paragraphs and around headings and lists, "
        "or create the post from the Word or text file with make import FILE=…",
    )
