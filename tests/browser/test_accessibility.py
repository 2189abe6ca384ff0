"""axe-core (WCAG 2.1 A/AA) on one page of each kind, in both languages; screenshots."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import visit

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# kind -> (German URL, English URL); None: the first link of that overview page.
PAGES = {
    "home": ("/", "/en/"),
    "post": ("/blog/mensch-und-maschine-im-vertrieb/", "/en/blog/human-and-machine-in-sales/"),
    "page": ("/kontakt/", "/en/contact/"),
    "offers": ("/trainings/", "/en/trainings/"),
    "offer": ("/trainings/", "/en/trainings/"),
    "topics": ("/themen/", "/en/topics/"),
    "topic": ("/themen/", "/en/topics/"),
    "search": ("/suche/?q=Interaktion", "/en/search/?q=training"),  # with results
    "archive": ("/archiv/", "/en/archive/"),
    "404": ("/404.html", "/en/404.html"),
}
FIRST_LINK = {
    "offer": "main a[href*='/trainings/']:not([href$='/trainings/'])",
    "topic": "main a[href*='/themen/'], main a[href*='/topics/']",
}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_wcag_violations(page, kind, lang, screenshots):
    url = PAGES[kind][0 if lang == "de" else 1]
    visit(page, url)
    if kind in FIRST_LINK:
        target = page.locator(FIRST_LINK[kind]).first.get_attribute("href")
        visit(page, target.replace(page.site_url, ""))
    if kind == "search":
        page.wait_for_function("() => document.getElementById('search').dataset.shown")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=screenshots / f"{kind}-{lang}-{page.viewport_name}.png", full_page=True)
    assert violations == [], f"{page.url}: {violations}"
