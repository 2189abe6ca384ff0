"""The contact page's glue: read the settings once per run, report their mistakes in the first
language's run, and give the templates ``contact_page`` (pages with ``Template: contact``)."""

from __future__ import annotations

import logging

from pelican import signals

from sitecore.languages import languages_from_settings
from sitecore.problems import log_problem
from sitecore.templates import add_plugin_templates

from .contact_details import contact_settings

logger = logging.getLogger(__name__)


def report_settings(pelican) -> None:
    """A wrong ``CONTACT_ENDPOINT`` or phone fails the build (once, not once per language)."""
    settings = pelican.settings
    if settings["DEFAULT_LANG"] != languages_from_settings(settings)[0].code:
        return
    for problem in contact_settings(settings).problems:
        log_problem(logger, problem)


def install_templates(generator) -> None:
    """Make ``contact.html`` and the form visible to the templates, with this run's contact details."""
    add_plugin_templates(generator, __file__)
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["contact_page"] = contact_settings(generator.settings)


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.initialized.connect(report_settings)
    signals.generator_init.connect(install_templates)
