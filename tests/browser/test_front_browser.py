"""The front of the site in Chromium: the compact phone header and its menu (with and without
JavaScript, by keyboard), the home page at both viewports, quotation marks, hyphenated words in search."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import VIEWPORTS, arrived, visit

PHONE_HEADER_MAX = 72  # px of a 667 px high phone screen
HEADER_PAGES = ["/", "/en/", "/blog/ki-im-vertrieb/", "/en/trainings/", "/themen/", "/suche/", "/impressum/"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def menu_links_visible(page) -> bool:
    """Every menu link and a search box: the header's, or on the search page its own (the
    header's is hidden there, so the page has one search box)."""
    search_box = "#search-query" if page.locator("body.tpl-search").count() else "#site-search-query"
    return (
        all(link.is_visible() for link in page.locator(".site-nav a").all()) and page.locator(search_box).is_visible()
    )


@pytest.mark.parametrize("path", HEADER_PAGES)
def test_the_phone_header_is_compact_and_the_desktop_header_shows_the_menu(page, path):
    visit(page, path)
    if page.viewport_name == "phone":
        assert header_height(page) <= PHONE_HEADER_MAX, f"{path}: {header_height(page)}px"
        assert page.locator(".site-menu__button").is_visible()
        assert not page.locator(".site-nav a").first.is_visible()  # closed until asked
    else:
        assert not page.locator(".site-menu__button").is_visible()
        assert menu_links_visible(page) and page.locator(".lang-switch a").first.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_button_opens_the_menu(browser, site_url, javascript):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "/en/blog/ai-in-sales/")
    button = page.locator(".site-menu__button")
    assert button.inner_text().strip() == "Menu"
    button.click()
    assert menu_links_visible(page) and page.locator(".lang-switch a[hreflang='de']").is_visible()
    # the open menu lies over the page, the header itself keeps its height
    assert header_height(page) <= PHONE_HEADER_MAX
    with page.expect_navigation():
        page.locator(".site-nav a[href='/en/trainings/']").click()
    assert page.url.endswith("/en/trainings/")
    assert not page.locator(".site-nav a").first.is_visible()  # a new page starts with the menu closed
    button = page.locator(".site-menu__button")
    button.click()
    button.click()  # and it closes again
    assert not page.locator(".site-nav a").first.is_visible()
    context.close()


def test_the_menu_works_with_the_keyboard_alone(browser, site_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site_url + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-menu__button"
    expanded = "document.querySelector('details.site-menu').open"
    page.keyboard.press("Enter")
    assert page.evaluate(expanded)
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('href') || document.activeElement.id"))
    assert {"/blog/", "/themen/", "/trainings/", "/kontakt/", "site-search-query", "/en/"} <= set(reached)
    page.locator(".site-menu__button").focus()
    page.keyboard.press("Space")
    assert not page.evaluate(expanded)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_open_phone_menu_has_no_accessibility_violations(browser, site_url, javascript):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "/")
    page.locator(".site-menu__button").click()
    if javascript:  # axe is injected as a script
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.response["violations"] == [], [v["id"] for v in results.response["violations"]]
    context.close()


def test_the_home_page_reads_well(page, screenshots):
    visit(page, "/")
    for section in (".home-hero", ".home-trainings", ".testimonials", ".home-posts", ".home-topics"):
        assert page.locator(section).is_visible(), section
    assert page.locator(".home-hero .button").first.is_visible()
    # the call to action is on the first screen
    assert page.locator(".home-hero__actions").bounding_box()["y"] < VIEWPORTS[page.viewport_name]["height"]
    page.screenshot(path=screenshots / f"home-front-{page.viewport_name}.png", full_page=True)
    page.locator(".home-trainings a").first.click()
    arrived(page)
    assert "/trainings/" in page.url


@pytest.mark.parametrize(("path", "open_quote", "close_quote"), [("/", "„", "“"), ("/en/", "“", "”")])
def test_quotation_marks_follow_the_language(page, path, open_quote, close_quote):
    visit(page, path)
    quotes = page.locator(".testimonial q").first.evaluate("q => getComputedStyle(q).quotes")
    assert quotes.startswith(f'"{open_quote}" "{close_quote}"'), quotes


def test_a_hyphenated_heading_word_is_still_found(page):
    """The topic header is all the search indexes of a topic page; its heading carries soft
    hyphens ("Lead­er­ship"), yet the whole word finds it and the result title is clean."""
    visit(page, "/en/search/")
    results = page.evaluate(
        """async (query) => { const pagefind = await import('/pagefind/pagefind.js');
                             const box = document.getElementById('search');
                             for (let k = 2; k <= Number(box.dataset.shards); k++) {
                               await pagefind.mergeIndex(box.dataset.bundle + 'shard-' + k + '/'); }
                             const search = await pagefind.search(query);
                             const pages = await Promise.all(search.results.map(r => r.data()));
                             return pages.map(p => [p.url, p.meta.title]); }""",
        "Leadership",
    )
    assert ["/en/topics/leadership/", "Leadership"] in results, results
    assert all("\u00ad" not in title for _url, title in results)


def test_the_topics_overview_uses_the_page_width(page):
    visit(page, "/themen/")
    tree = page.locator(".topic-tree").bounding_box()
    title = page.locator("main h1").bounding_box()
    main_width = page.evaluate(
        "(() => { const m = document.querySelector('main'); const s = getComputedStyle(m);"
        " return m.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })()"
    )
    assert tree["x"] == title["x"] and tree["width"] >= main_width - 1, (tree, main_width)
    if page.viewport_name == "desktop":  # top-level topics side by side
        tops = page.locator(".topic-tree > .topic-tree__item").evaluate_all(
            "items => items.map(i => i.getBoundingClientRect().top)"
        )
        assert len(set(tops)) < len(tops)


def test_the_menu_button_is_not_printed(page):
    visit(page, "/blog/ki-im-vertrieb/")
    page.emulate_media(media="print")
    assert not page.locator(".site-menu__button").is_visible()
    assert page.locator(".brand__name").is_visible()


def test_the_brand_is_german_and_never_hyphenated_on_english_pages(page):
    """Its lines: tests/browser/test_typography_browser.py."""
    visit(page, "/en/")
    brand = page.locator(".brand__name")
    assert brand.get_attribute("lang") == "de"
    assert brand.inner_text().split() == ["Albrecht", "Kommunikationsberatung"]
