"""Pelican glue: attach the approved comments of this run's language to its posts.

Each language is its own Pelican run, so every comment is checked and shown in the run of
its own language only (a file too broken to tell its language is reported by the run of the
default language). Settings are read once, in :func:`comments_settings`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache

from pelican import signals

from bilingual.bilingual import content_index
from sitecore.contents import every_content
from sitecore.languages import is_first_language_run, languages_from_settings
from sitecore.problems import Problem, log_problem, setting_problem
from sitecore.templates import add_plugin_templates
from common.commentable_posts import ARTICLES_FILE, articles_json
from common.setting_checks import FormEndpoint, UrlPerLanguage, WholeNumber
from common.spam_signals import DEFAULT_BLOCKED_WORDS, blocked_word_list

from .comment_files import Comment, comment_folder, comment_problems
from .commentable import commentable_posts
from .intake_pull import FILE_PREFIX as INTAKE_FILE_PREFIX
from .sanitise import comment_markdown, render_comment, safe_website, without_addresses
from .comment_threads import build_threads, cap_depth, count

logger = logging.getLogger(__name__)
COMMENTS_ENDPOINT = FormEndpoint("COMMENTS_ENDPOINT", "comment", "/comments", "kommentare.example.com")


@dataclass(frozen=True)
class CommentsSettings:
    """The plugin's settings, read and checked once."""

    folder: str  # absolute path of the comment files
    endpoint: str
    privacy_urls: dict
    contact_email: str
    blocked_words: tuple = DEFAULT_BLOCKED_WORDS
    moderation_dir: str = "moderation"
    min_seconds: int = 5
    problems: tuple = field(default=(), compare=False)


def comments_settings(settings: dict) -> CommentsSettings:
    """Read every ``COMMENTS_*`` setting with its default; odd values become problems."""
    privacy, privacy_problem = UrlPerLanguage("COMMENTS_PRIVACY_URL").read(settings)
    endpoint, endpoint_problem = COMMENTS_ENDPOINT.read(settings)
    min_seconds, seconds_problem = WholeNumber("COMMENTS_MIN_SECONDS", 5).read(settings)
    problems = [setting_problem(p) for p in (privacy_problem, endpoint_problem, seconds_problem) if p]
    return CommentsSettings(
        folder=comment_folder(settings),
        endpoint=endpoint,
        privacy_urls=privacy,
        contact_email=str(settings.get("CONTACT_EMAIL") or ""),
        blocked_words=blocked_word_list(settings.get("COMMENTS_BLOCKED_WORDS")),
        moderation_dir=str(settings.get("COMMENTS_MODERATION_DIR", "moderation")),
        min_seconds=min_seconds,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class CommentForm:
    """What the form partial needs: where to post, the privacy page, the mailto fallback."""

    endpoint: str
    privacy_url: str
    contact_email: str

    @property
    def token_url(self) -> str:
        """Where the form's script fetches its time token: ``<endpoint>/token``."""
        return self.endpoint.rstrip("/") + "/token" if self.endpoint else ""


@dataclass(frozen=True)
class PublicComment:
    """The part of a comment a page may show: no e-mail address, HTML already sanitised."""

    id: str
    author: str
    website: str
    date: object
    html: str
    reply_to: str
    by_post_author: bool

    @property
    def reply_id(self) -> str:
        """The id a reply names in ``reply_to``: the intake's own id for a comment pulled from it."""
        return self.id.removeprefix(INTAKE_FILE_PREFIX)


def install_templates(generator) -> None:
    """Make the plugin's partials and the form settings visible to the templates."""
    add_plugin_templates(generator, __file__)
    env = getattr(generator, "env", None)
    if env is None:
        return
    config = comments_settings(generator.settings)
    lang = generator.settings["DEFAULT_LANG"]
    env.globals["comments_form"] = CommentForm(
        config.endpoint, str(config.privacy_urls.get(lang, "")), config.contact_email
    )


def attach_comments(generator) -> None:
    """Check the comments of this run's language and give each post its threads.

    Sets ``article.comments`` (a list of thread nodes of :class:`PublicComment`) and
    ``article.comment_count`` on every post of the run. The comment files were read once for
    the whole build, into the content index.
    """
    settings = generator.settings
    lang = settings["DEFAULT_LANG"]
    is_default = is_first_language_run(settings)
    articles = every_content(generator)
    for article in articles:
        article.comments, article.comment_count = [], 0
    if is_default:
        for problem in comments_settings(settings).problems:
            log_problem(logger, problem)
    loaded = content_index(settings).comments
    errors, warnings = comment_problems(loaded, {lang: {article.slug for article in articles}})
    for problem_lang, problem in errors:
        if problem_lang == lang or (problem_lang is None and is_default):
            log_problem(logger, problem)
    for problem_lang, problem in warnings:
        if problem_lang == lang:
            log_problem(logger, problem, logging.WARNING)
    show_comments(articles, [c for c in loaded.comments if c.lang == lang])


_CONVERTER = comment_markdown()


@lru_cache(maxsize=16384)
def comment_html(body: str, lang: str) -> str:
    """The safe HTML of a comment's Markdown, remembered (a preview rebuild shows the same ones)."""
    return render_comment(body, _CONVERTER, lang)


def show_comments(articles: list, comments: list[Comment]) -> None:
    """Attach the approved *comments* to their *articles*, threaded and sanitised."""
    by_id = {c.id: c for c in comments}
    approved_by_post: dict[str, list[Comment]] = {}
    for comment in comments:
        if comment.status == "approved":
            approved_by_post.setdefault(comment.article, []).append(comment)
    for article in articles:
        approved = approved_by_post.get(article.slug)
        if not approved:
            continue
        authors = {str(a).strip().casefold() for a in getattr(article, "authors", [])}
        public = [
            PublicComment(
                id=c.id,
                author=without_addresses(c.author, c.lang),
                website=safe_website(c.website),
                date=c.date,
                html=comment_html(c.body, c.lang),
                reply_to=c.reply_to,
                by_post_author=c.author_reply or c.author.casefold() in authors,
            )
            for c in approved
        ]
        threads, orphans = build_threads(public)
        for orphan in orphans:
            parent = by_id.get(orphan.reply_to)
            if parent is not None and parent.status != "approved":
                source = by_id[orphan.id]
                log_problem(
                    logger,
                    Problem(
                        source.path,
                        source.line("reply_to"),
                        f"this approved reply answers {parent.id!r}, which is {parent.status}; it is shown as a comment of its own",
                        "approve the comment it answers, or remove reply_to",
                    ),
                    logging.WARNING,
                )
        article.comments = cap_depth(threads)
        article.comment_count = count(threads)


def write_commentable_posts(pelican) -> None:
    """Write ``comments/articles.json``: every public post of every language and the site's
    blocked words (the intake reads it).

    Written once per build, by the run of the default language, from the build's content index.
    """
    settings = pelican.settings
    if not is_first_language_run(settings):
        return
    languages = languages_from_settings(settings)
    index = content_index(settings)
    target = os.path.join(pelican.output_path, *ARTICLES_FILE.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        posts = commentable_posts(index.entries, languages)
        handle.write(articles_json(posts, comments_settings(settings).blocked_words))


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(install_templates)
    signals.article_generator_finalized.connect(attach_comments)
    signals.finalized.connect(write_commentable_posts)
