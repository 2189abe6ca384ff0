"""Pelican glue of the authoring plugin: drafts in preview and publish, translation references,
placeholders left in posts and pages that are not drafts.

Settings: ``AUTHORING_SHOW_DRAFTS`` (see :mod:`authoring.drafts`). Uses the build's content
index (``CONTENT_INDEX``, set by sitebuild) to check ``translation_of`` in the run of each language.
"""

from __future__ import annotations

import html
import logging
import os
import re

from pelican import signals

from content_reader.source_files import front_matter_line
from sitecore.contents import content_lists, every_content
from sitecore.pelican_compat import body_html
from sitecore.shared_keys import CONTENT_INDEX
from sitecore.problems import display_path, log_problem

from .drafts import preview_drafts, withhold_drafts
from .import_report import report_problem
from .placeholders import placeholder_problems, placeholders_are_errors
from .translation_links import reference_problem, resolve_reference

logger = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]*>")


def check_translation_references(generator) -> None:
    """Log an error for each post or page of this run whose ``translation_of`` points nowhere."""
    index = generator.settings.get(CONTENT_INDEX)
    if index is None:
        return
    by_path = {entry.path.replace(os.sep, "/"): entry for entry in index.entries if entry.kind in ("post", "page")}
    content_root = generator.settings["PATH"]
    for content in every_content(generator):
        reference = content.metadata.get("translation_of")
        if not reference:
            continue
        path = display_path(content.source_path)
        target = resolve_reference(str(reference), content_root, os.getcwd())
        original = by_path.get(target) if target else None
        problem = reference_problem(
            path,
            front_matter_line(content, "translation_of"),
            str(reference),
            content.lang,
            content.metadata.get("translation_key", ""),
            (original.lang, original.translation_key) if original else None,
        )
        if problem:
            log_problem(logger, problem)


def drop_clashing_files(generator) -> None:
    """Keep one of two posts (or pages) with the same output file: the clash is already an error.

    Without this Pelican stops with a traceback ("Failed to overwrite …") after the clear line.
    """
    written: set[str] = set()
    for items in content_lists(generator):
        kept = []
        for content in items:
            if content.save_as and content.save_as in written:
                continue
            written.add(content.save_as)
            kept.append(content)
        items[:] = kept
    dates = getattr(generator, "dates", None)
    if isinstance(dates, list):
        kept = {id(content) for content in [*generator.articles, *getattr(generator, "translations", [])]}
        dates[:] = [content for content in dates if id(content) in kept]


def report_placeholders(generator) -> None:
    """Log each post or page of this run that is not a draft and still has a placeholder of
    new-post or translate, or the report of make import: a warning in the preview, an error
    where drafts are withheld."""
    level = logging.ERROR if placeholders_are_errors(generator.settings) else logging.WARNING
    for content in every_content(generator):
        metadata = content.metadata
        if metadata.get("is_draft") or metadata.get("status") == "draft":
            continue  # a future post is no draft here: it is published by the first build on its date
        summary = html.unescape(_TAG.sub("", str(metadata.get("summary", ""))))  # the reader rendered it
        path = display_path(content.source_path)
        problems = placeholder_problems(
            path, str(metadata.get("title", "")), summary, metadata.get("front_matter_lines") or {}
        )
        report = report_problem(path, body_html(content), int(metadata.get("source_line_offset") or 0) + 1)
        for problem in [*problems, *([report] if report else [])]:
            log_problem(logger, problem, level)


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.article_generator_context.connect(preview_drafts)
    signals.article_generator_finalized.connect(withhold_drafts)
    signals.page_generator_finalized.connect(withhold_drafts)
    signals.article_generator_finalized.connect(check_translation_references)
    signals.article_generator_finalized.connect(drop_clashing_files)
    signals.page_generator_finalized.connect(drop_clashing_files)
    signals.page_generator_finalized.connect(check_translation_references)
    signals.article_generator_finalized.connect(report_placeholders)
    signals.page_generator_finalized.connect(report_placeholders)
