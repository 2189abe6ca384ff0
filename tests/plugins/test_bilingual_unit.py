"""The language links of a rendered page, from the one interface every page object offers."""

from __future__ import annotations

import pelicanconf

from bilingual.bilingual import Alternate, SwitcherPage, language_links_for


def settings(lang: str) -> dict:
    return {"LANGUAGES": pelicanconf.LANGUAGES, "DEFAULT_LANG": lang, "DIRECT_TEMPLATES": []}


def test_a_plugin_page_is_a_switcher_page_with_url_and_alternates():
    german = Alternate("de", "Deutsch", "themen/fuehrung/", "Führung")
    links = language_links_for({"page": SwitcherPage("en/topics/leadership/", [german], "Leadership")}, settings("en"))
    assert (links.self_url, links.alternates, links.x_default) == ("en/topics/leadership/", [german], german.url)
    missing = Alternate("de", "Deutsch", "", "", exists=False)
    links = language_links_for({"page": SwitcherPage("en/trainings/", [missing])}, settings("en"))
    assert links.x_default == "en/trainings/"  # no German version: the page itself
