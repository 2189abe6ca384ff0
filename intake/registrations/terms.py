"""The terms of participation as the site publishes them in ``sessions.json`` (``terms``): the
review page links their version, the confirmation mail carries their text (§ 312i BGB, Art. 246c EGBGB)."""

from __future__ import annotations

from common.training_sessions import Terms

from ..articles import ArticleList
from ..web import Intake
from . import rules


def terms_list(intake: Intake) -> ArticleList:
    """The cached terms of ``sessions.json``, made at its first use (read beside the sessions)."""
    if intake.terms is None:
        intake.terms = ArticleList(intake.settings.offers_source, rules.parse_terms)
    return intake.terms


def terms_for(intake: Intake, lang: str) -> Terms | None:
    """The terms of *lang* (else of any language) as the site published them, or None (blocking)."""
    terms = terms_list(intake).current() or {}
    return terms.get(lang) or next(iter(terms.values()), None)


def cached_terms(intake: Intake, lang: str) -> Terms | None:
    """The terms of *lang* as last read, without reading (safe inside a write transaction); the
    routes read them first (``terms_for``)."""
    terms = terms_list(intake).cached()
    return terms.get(lang) or next(iter(terms.values()), None)
