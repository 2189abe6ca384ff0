"""The terms of participation as the site publishes them in each language's ``sessions.json``
(``terms``: that language's version, address and text): the review page links the version of the
registration's language, the intake stores it and the confirmation mail carries its text (§ 312i
BGB, Art. 246c EGBGB)."""

from __future__ import annotations

from common.training_sessions import Terms

from ..articles import ArticleList
from ..web import Intake
from . import rules


def terms_list(intake: Intake) -> ArticleList:
    """The cached terms of every language's ``sessions.json``, made at its first use (read beside
    the sessions, from the same files)."""
    if intake.terms is None:
        intake.terms = ArticleList(intake.settings.offers_sources, rules.parse_terms)
    return intake.terms


def terms_for(intake: Intake, lang: str) -> Terms | None:
    """The terms of *lang* (else of any language) as the site published them, or None (blocking)."""
    terms = terms_list(intake).current() or {}
    return terms.get(lang) or next(iter(terms.values()), None)


def cached_terms(intake: Intake, lang: str) -> Terms | None:
    """The terms of *lang* as last read, without reading (safe inside a write transaction); the
    routes read them first (``terms_for``)."""
    terms = terms_list(intake).cached() or {}
    return terms.get(lang) or next(iter(terms.values()), None)
