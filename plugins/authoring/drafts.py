"""Pelican glue: drafts appear in the preview with a badge, and never in ``make publish``.

``AUTHORING_SHOW_DRAFTS = True`` (pelicanconf.py) turns ``status: draft`` posts into ordinary
posts marked ``is_draft``: listed, rendered at their real URL, badge "Entwurf" / "Draft".
Posts dated in the future are marked ``is_scheduled`` (badge "Geplant" / "Scheduled").
``AUTHORING_SHOW_DRAFTS = False`` (the default; publishconf.py) writes no draft at all: with
``WITH_FUTURE_DATES = False`` that includes posts dated in the future.
"""

from __future__ import annotations

import datetime as dt

from sitecore.contents import DRAFT_LISTS


def show_drafts(settings: dict) -> bool:
    """The one setting of this plugin."""
    return bool(settings.get("AUTHORING_SHOW_DRAFTS", False))


def mark_preview(metadata: dict, now: dt.datetime) -> None:
    """Preview: a draft becomes a published post flagged ``is_draft``; a future one ``is_scheduled``."""
    if str(metadata.get("status", "")).strip().lower() == "draft":
        metadata["status"] = "published"
        metadata["is_draft"] = True
    date = metadata.get("date")
    if isinstance(date, dt.datetime) and date.tzinfo is not None and date > now:
        metadata["is_scheduled"] = True


def preview_drafts(generator, metadata: dict) -> None:
    """``article_generator_context``: flag drafts and scheduled posts before Pelican sorts them."""
    if show_drafts(generator.settings):
        mark_preview(metadata, dt.datetime.now(dt.timezone.utc))


def withhold_drafts(generator) -> None:
    """``*_generator_finalized``: without preview, no draft post or page is written anywhere."""
    if show_drafts(generator.settings):
        return
    for name in DRAFT_LISTS:
        for content in getattr(generator, name, []) or []:
            content.override_save_as = ""  # Pelican's writer skips an empty file name
            if not hasattr(content, "category"):
                content.category = None  # Pelican reads a draft's category even for a file it does not write
