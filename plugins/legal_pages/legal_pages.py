"""Pelican glue for the legal pages (front matter ``legal: terms|withdrawal|imprint|privacy``): each build
lists what keeps them from being final (``legal_texts``) as build notices, which the office gets,
and the withdrawal page's form link points at the intake's withdrawal function."""

from __future__ import annotations

import logging

from bs4 import BeautifulSoup
from pelican import signals

from sitecore.contents import every_content
from sitecore.pelican_compat import body_html, replace_body_html
from sitecore.problems import display_path, log_notice, log_problem

from .legal_texts import legal_page_notices, terms_version_problem, withdrawal_form_link

logger = logging.getLogger(__name__)


def report_legal_pages(generator) -> None:
    """Log a notice for each legal page of this run that is still a sample or has placeholders
    (an error for a terms page without ``terms_version``)."""
    for page in every_content(generator):
        kind = page.metadata.get("legal")
        if not kind:
            continue
        path, lines = display_path(page.source_path), page.metadata.get("front_matter_lines") or {}
        if problem := terms_version_problem(path, str(kind), page.metadata.get("terms_version"), lines):
            log_problem(logger, problem)
        text = BeautifulSoup(page.content, "html.parser").get_text(" ")
        for notice in legal_page_notices(path, str(kind), page.metadata.get("sample"), text, lines):
            log_notice(logger, notice)


def link_withdrawal_form(generator) -> None:
    """Point the withdrawal page's form link at the intake (``WITHDRAWALS_ENDPOINT``) in the page's language."""
    settings = generator.settings
    endpoint = str(settings.get("WITHDRAWALS_ENDPOINT") or "").strip()
    for page in every_content(generator):
        if page.metadata.get("legal") == "withdrawal":
            html = body_html(page)
            linked = withdrawal_form_link(html, endpoint, page.lang, str(settings.get("CONTACT_EMAIL") or ""))
            if linked != html:
                replace_body_html(page, linked)


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.page_generator_finalized.connect(link_withdrawal_form)
    signals.page_generator_finalized.connect(report_legal_pages)
