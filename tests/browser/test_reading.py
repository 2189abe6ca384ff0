"""What a reader does on the site, in the real browser, on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest

from browsing import arrived, open_menu, visit


def test_language_switcher_round_trip(page, screenshots):
    visit(page, "/")
    page.locator("article.teaser h2 a").first.click()
    arrived(page)
    german_url = page.url
    assert "/blog/" in german_url and "/en/" not in german_url
    page.screenshot(path=screenshots / f"post-de-{page.viewport_name}.png", full_page=False)
    open_menu(page)
    page.locator(".lang-switch a[hreflang='en']").click()
    arrived(page)
    assert "/en/blog/" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    open_menu(page)
    page.locator(".lang-switch a[hreflang='de']").click()
    arrived(page)
    assert page.url == german_url


def test_page_without_translation_goes_to_the_other_home(page):
    visit(page, "/impressum/")
    open_menu(page)
    notice = page.locator(".lang-switch__missing")
    assert notice.is_visible()
    assert "nicht auf Englisch" in notice.inner_text()
    notice.locator("a").click()
    arrived(page)
    assert page.url == page.site_url + "/en/"
    assert page.locator(".home-hero__intro").is_visible()


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
                   return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'; }"""
    )


def test_keyboard_navigation(page):
    visit(page, "/en/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, "skip link must appear on focus"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # from the top, Tab reaches every menu entry, each with a visible focus (on a phone
    # the menu button comes first: Enter opens the menu)
    visit(page, "/en/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "site-menu__button":
            assert focus_is_visible(page)
            page.keyboard.press("Enter")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href:
            reached.append(href)
            assert focus_is_visible(page), href
    for target in ("/en/blog/", "/en/about/", "/en/contact/", "/en/archive/"):
        assert target in reached
    # a menu link opened with the keyboard alone
    open_menu(page)
    page.locator("nav.site-nav a[href='/en/about/']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)
    assert page.url.endswith("/en/about/")


RESULT_LINKS = ".search-result__title a"


def run_search(page, path: str, query: str) -> list[str]:
    """Type *query* into the search page at *path*; the result links once they are shown."""
    visit(page, path)
    page.locator("#search-query").fill(query)
    page.wait_for_function(
        "query => document.getElementById('search').dataset.shown === query", arg=query, timeout=10000
    )
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_in_german_finds_german_pages_only(page):
    results = run_search(page, "/suche/", "Kommunikation")
    assert results and all(not href.startswith("/en/") for href in results)
    page.locator(RESULT_LINKS).first.click()
    arrived(page)
    assert page.locator("html").get_attribute("lang") == "de"


def test_search_in_english_finds_english_pages_only(page):
    results = run_search(page, "/en/search/", "communication")
    assert results and all(href.startswith("/en/") for href in results)


@pytest.mark.parametrize("search_page", ["/suche/", "/en/search/"])
def test_search_finds_every_post_across_the_index_shards(page, sample_site, search_page):
    """The sample index is split in shards; each post is found by its title in the UI."""
    visit(page, search_page)
    assert int(page.locator("#search").get_attribute("data-shards")) > 1
    prefix = "/en/blog/" if search_page.startswith("/en/") else "/blog/"
    posts = sorted(path.parent for path in (sample_site.root / prefix.strip("/")).glob("*/index.html"))
    missing = []
    for post in posts:
        url = prefix + post.name + "/"
        title = sample_site.soup(url).select_one("h1")["data-title"]  # as read: without the soft hyphens
        if url not in run_search(page, search_page, title):
            missing.append((title, url))
    assert len(posts) > 4 and missing == []


def test_header_search_field_runs_the_query(page):
    visit(page, "/")
    open_menu(page)
    page.locator("#site-search-query").fill("Videokonferenz")
    with page.expect_navigation():
        page.locator("#site-search-query").press("Enter")
    arrived(page)
    assert re.search(r"/suche/\?q=Videokonferenz$", page.url)
    page.locator("#search[data-shown='Videokonferenz']").wait_for(timeout=10000)
    assert page.locator(RESULT_LINKS).count() > 0
    assert page.locator("#search-query").input_value() == "Videokonferenz"


WORD = re.compile(r"[\wÄÖÜäöüß€]+(?:[.,:/-][\wÄÖÜäöüß]+)*")
KINDS = {"/suche/": {"Beitrag", "Training", "Thema", "Seite"}, "/en/search/": {"Article", "Training", "Topic", "Page"}}


@pytest.mark.parametrize(
    ("search_page", "query"),
    [("/suche/", "Interaktion"), ("/suche/", "Teilnehmende"), ("/suche/", "Vermögen"), ("/en/search/", "training")],
)
def test_search_results_show_kind_date_and_only_words_of_the_page(page, search_page, query):
    """Each result names its kind (and a post its date); every word of its excerpt is a word of
    the page it links to: no compound parts added for the index ("interaktion"), no labels run
    into their values ("Teilnehmende5")."""
    links = run_search(page, search_page, query)
    assert links
    results = page.locator(".search-result").evaluate_all(
        """items => items.map(item => ({
             url: item.querySelector('h2 a').getAttribute('href'),
             kind: (item.querySelector('.search-result__kind') || {}).textContent,
             date: (item.querySelector('.search-result__date') || {}).textContent,
             excerpt: item.querySelector('.search-result__excerpt').textContent,
             marked: [...item.querySelectorAll('mark')].map(mark => mark.textContent) }))"""
    )
    assert any(result["marked"] for result in results)
    for result in results:
        assert result["kind"] in KINDS[search_page], result
        is_post = "/blog/" in result["url"]
        assert bool(result["date"]) == is_post, result
        visit(page, result["url"])
        page.add_style_tag(content="* { text-transform: none !important; }")  # the words as written
        visible = set(WORD.findall(page.locator("main").inner_text().replace("\u00ad", "")))
        assert set(WORD.findall(result["excerpt"])) - visible == set(), result["url"]


def test_the_search_page_has_one_search_box_in_the_theme_look(page):
    visit(page, "/suche/")
    assert page.locator("input[type=search]:visible").count() == 1
    assert page.locator("link[href*='pagefind-ui']").count() == 0
    run_search(page, "/suche/", "Training")
    title_font = page.locator(RESULT_LINKS).first.evaluate("a => getComputedStyle(a).fontFamily")
    assert title_font == page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert page.locator("#search-form button").inner_text() == "Suchen"


def test_the_kind_filter_narrows_the_results(page):
    every = run_search(page, "/suche/", "Training")
    page.locator(".search-filter select[name='Typ']").select_option("Training")
    page.wait_for_function(
        "() => document.querySelectorAll('.search-result__kind').length"
        " && [...document.querySelectorAll('.search-result__kind')].every(k => k.textContent === 'Training')"
    )
    trainings = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert trainings and set(trainings) < set(every)
    assert all(url.startswith("/trainings/") for url in trainings)


@pytest.mark.parametrize("query", ["tieren"])
def test_wrong_splits_find_nothing(page, query):
    """ "profitieren" is no compound of "Profi" and "tieren"."""
    assert run_search(page, "/suche/", query) == []


@pytest.mark.parametrize("viewport", ["desktop"])  # what the search finds: the same on a phone
@pytest.mark.parametrize(
    ("search_page", "query", "fallback"),
    [
        ("/suche/", "Preisverhandlung", "Preis"),
        ("/suche/", "Kundenbindungsprogramm", "Kunden"),
        ("/en/search/", "Salesmanship", "sales"),
    ],
)
def test_a_word_on_no_page_finds_nothing(page, search_page, query, fallback):
    """Pagefind answers a word it does not know with the longest indexed word the query begins
    ("Preisverhandlung" -> "Preis"); the search page shows none of those results."""
    assert run_search(page, search_page, query) == []
    assert page.locator(".search-status").inner_text() in (
        f"Keine Treffer für „{query}“.",
        f"No results for “{query}”.",
    )
    assert set(pagefind_search(page, query)) == set(pagefind_search(page, fallback)) != set()


@pytest.mark.parametrize("viewport", ["desktop"])  # what the search finds: the same on a phone
@pytest.mark.parametrize(
    ("search_page", "query"),
    [
        ("/suche/", "Interaktion"),
        ("/suche/", "Preis"),
        ("/suche/", "Vertrieb Kunden"),
        ("/en/search/", "communication"),
    ],
)
def test_every_result_marks_what_was_searched(page, search_page, query):
    links = run_search(page, search_page, query)
    marks = page.locator(".search-result").evaluate_all(
        "items => items.map(item => item.querySelectorAll('mark').length)"
    )
    assert links and len(marks) == len(links) and all(marks), dict(zip(links, marks, strict=True))


def pagefind_search(page, query: str) -> list[str]:
    """URLs Pagefind's own JavaScript API returns for *query*, best first (all of them),
    from every shard the open search page declares."""
    return page.evaluate(
        """async (query) => { const pagefind = await import('/pagefind/pagefind.js');
                             const search_box = document.getElementById('search');
                             for (let k = 2; k <= Number(search_box.dataset.shards); k++) {
                               await pagefind.mergeIndex(search_box.dataset.bundle + 'shard-' + k + '/');
                             }
                             const search = await pagefind.search(query);
                             const pages = await Promise.all(search.results.map(r => r.data()));
                             return pages.map(p => p.url); }""",
        query,
    )


# Query -> a page it must find: German compounds found by their parts, and a control each.
COMPOUND_QUERIES = [
    ("Interaktion", "/blog/kundeninteraktion-online-dsgvo/"),
    ("Training", "/blog/warum-kommunikationstraining/"),
    ("Konferenz", "/trainings/workshop-digitale-kundeninteraktion/"),  # "Videokonferenz" in its summary
    ("Nachbereitung", "/blog/ki-im-vertrieb/"),
    ("Zufriedenheit", "/blog/mensch-und-maschine-im-vertrieb/"),
    ("Kundeninteraktion", "/blog/kundeninteraktion-online-dsgvo/"),
    ("Kommunikationstraining", "/blog/warum-kommunikationstraining/"),
    ("Vermögen", "/blog/ki-im-vertrieb/"),  # "Einfühlungsvermögen": the site never says "Vermögen" alone
]


def test_german_compounds_are_found_by_their_parts(page):
    visit(page, "/suche/")
    missed = [(query, expected) for query, expected in COMPOUND_QUERIES if expected not in pagefind_search(page, query)]
    assert missed == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [q for q in COMPOUND_QUERIES if q[0] in ("Interaktion", "Nachbereitung", "Zufriedenheit", "Vermögen")],
)
def test_compound_hits_come_only_from_splitting(page, query, expected):
    """No word on the expected page starts with the query: Pagefind's prefix search alone
    would not find it, only the indexed compound parts do."""
    visit(page, expected)
    text = page.locator("[data-pagefind-body]").inner_text().replace("\u00ad", "")  # a word, as read
    assert not re.search(rf"(?<![\wÄÖÜäöüß]){query}", text, re.IGNORECASE)
    assert re.search(rf"\w{query.lower()}", text.lower())
