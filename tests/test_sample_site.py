"""The real sample site, built once: languages, translations, dates, links, privacy."""

from __future__ import annotations

import re

import pytest

from sitebuild.site_files import broken_references, html_files, third_party_resources

YAML_POST_DE = "/blog/persoenlicher-kontakt-unterscheidungsmerkmal/"
YAML_POST_EN = "/en/blog/personal-contact-as-differentiator/"
ARTICLE_PAIRS = [
    ("/blog/ki-im-vertrieb/", "/en/blog/ai-in-sales/"),
    ("/blog/golden-mitte-videocall/", "/en/blog/golden-mean-video-calls/"),
    (YAML_POST_DE, YAML_POST_EN),
    ("/ueber-uns/", "/en/about/"),
]


def switcher_links(soup):
    return soup.select(".lang-switch a[hreflang]")


def test_home_pages_are_german_and_english(sample_site):
    german, english = sample_site.soup("/"), sample_site.soup("/en/")
    assert german.html["lang"] == "de"
    assert english.html["lang"] == "en"
    assert german.select_one("main h1").get_text(strip=True).replace("\u00ad", "") == "Albrecht Kommunikationsberatung"


def test_blog_lists_every_post_of_its_language(sample_site):
    german, english = sample_site.soup("/blog/"), sample_site.soup("/en/blog/")
    assert german.h1.get_text(strip=True) == "Neueste Beiträge"
    assert english.h1.get_text(strip=True) == "Latest articles"
    german_posts = {a["href"] for a in german.select("article.teaser h2 a")}
    english_posts = {a["href"] for a in english.select("article.teaser h2 a")}
    assert len(german_posts) == 6 and len(english_posts) == 6
    assert all(href.startswith("/blog/") for href in german_posts)
    assert all(href.startswith("/en/blog/") for href in english_posts)
    assert [a["href"] for a in german.select(".site-nav a") if a.get_text() == "Blog"] == ["/blog/"]
    assert [a["href"] for a in english.select(".site-nav a") if a.get_text() == "Blog"] == ["/en/blog/"]


@pytest.mark.parametrize(("german", "english"), ARTICLE_PAIRS)
def test_translations_are_linked_both_ways(sample_site, german, english):
    for here, there, lang in ((german, english, "en"), (english, german, "de")):
        links = switcher_links(sample_site.soup(here))
        assert [(a["href"], a["hreflang"], a["lang"]) for a in links] == [(there, lang, lang)]
        assert sample_site.soup(here).find("link", rel="alternate", hreflang=lang)["href"] == there


def test_every_page_declares_its_language_and_existing_alternates(sample_site):
    pages = html_files(str(sample_site.root))
    assert len(pages) > 40
    for page in pages:
        soup = sample_site.soup("/" + page)
        lang = soup.html["lang"]
        assert lang == ("en" if page.startswith("en/") else "de"), page
        alternates = soup.find_all("link", rel="alternate", hreflang=True)
        assert {link["hreflang"] for link in alternates} >= {lang, "x-default"}, page
        for link in alternates:
            assert sample_site.exists(link["href"]), f"{page}: hreflang {link['hreflang']} -> {link['href']}"


def test_a_page_without_translation_links_the_other_home_and_says_so(sample_site):
    switcher = sample_site.soup("/impressum/").select_one(".lang-switch")
    link = switcher.find("a")
    assert (link["href"], link["hreflang"], link["lang"]) == ("/en/", "en", "en")
    assert "Diese Seite gibt es nicht auf Englisch" in switcher.get_text()
    hreflangs = {l["hreflang"] for l in sample_site.soup("/impressum/").find_all("link", hreflang=True)}
    assert hreflangs == {"de", "x-default"}


def test_dates_are_formatted_per_language(sample_site):
    german = sample_site.soup(YAML_POST_DE).select_one(".post__header time")
    english = sample_site.soup(YAML_POST_EN).select_one(".post__header time")
    assert german.get_text() == "5. Januar 2021"
    assert english.get_text() == "January 5, 2021"
    assert german["datetime"] == "2021-01-05T15:37:13+01:00"


def test_yaml_front_matter_post_is_right_in_every_field(sample_site):
    soup = sample_site.soup(YAML_POST_DE)
    assert soup.h1.get_text(strip=True).replace("\u00ad", "") == "Der persönliche Kontakt als Unterscheidungsmerkmal"
    assert soup.title.get_text().startswith("Der persönliche Kontakt als Unterscheidungsmerkmal – ")
    assert soup.select_one(".byline a").get_text() == "Maren Albrecht"
    assert [t.get_text() for t in soup.select(".tags a")] == [
        "Vertrieb",
        "Kundeninteraktion",
    ]  # topics: Sales = Vertrieb
    assert soup.select_one(".post__categories").get_text(" ", strip=True) == "Vertrieb · Kundeninteraktion"
    assert soup.select_one(".post__categories a")["href"] == "/kategorie/vertrieb/"
    hero = soup.select_one("img.post__hero")
    assert hero["src"] == "/assets/images/persoenlicher-kontakt.svg"
    assert sample_site.exists(hero["src"])
    assert soup.find("meta", attrs={"name": "description"})["content"]
    assert "---" not in soup.select_one(".post__body").get_text()


def test_guest_post_names_guest_author_and_first_publication(sample_site):
    soup = sample_site.soup("/blog/mensch-und-maschine-im-vertrieb/")
    assert "Gastbeitrag von Prof. Dr. Heike Sommer" in soup.select_one(".byline").get_text()
    note = soup.select_one("aside.guest-note")
    assert "Zuerst erschienen in" in note.get_text()
    assert note.find("a")["href"].startswith("https://")
    assert soup.select_one(".post__body blockquote") is not None


def test_articles_have_reading_time_and_neighbours_in_the_same_language(sample_site):
    soup = sample_site.soup("/en/blog/ai-in-sales/")
    assert re.search(r"\d+ min read", soup.select_one(".meta").get_text())
    neighbours = [a["href"] for a in soup.select(".post-nav a")]
    assert neighbours and all(href.startswith("/en/blog/") for href in neighbours)


def test_listing_pages_exist_in_both_languages(sample_site):
    for url in (
        "/archiv/",
        "/en/archive/",
        "/kategorie/",
        "/en/category/",
        "/autor/maren-albrecht/",
        "/en/author/maren-albrecht/",
        "/404.html",
        "/en/404.html",
        "/robots.txt",
    ):
        assert sample_site.exists(url), url
    assert sample_site.soup("/en/404.html").h1.get_text() == "Page not found"
    assert sample_site.soup("/404.html").h1.get_text() == "Seite nicht gefunden"


def test_every_internal_link_and_asset_resolves(sample_site):
    assert broken_references(str(sample_site.root)) == []


def test_no_third_party_resource_anywhere(sample_site):
    assert third_party_resources(str(sample_site.root)) == []
    for css in sample_site.root.glob("theme/**/*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css


def test_accessible_structure(sample_site):
    for url in ("/", "/en/", YAML_POST_DE, "/en/about/", "/archiv/"):
        soup = sample_site.soup(url)
        assert len(soup.find_all("h1")) == 1, url
        assert soup.find("main", id="main") and soup.find("a", class_="skip-link")["href"] == "#main"
        assert all(img.has_attr("alt") for img in soup.find_all("img")), url


def test_published_site_has_absolute_urls_and_feeds_per_language(published_site):
    base = "https://www.albrecht-kommunikation.example"
    for feed, lang_prefix in (("/feeds/all.atom.xml", "/blog/"), ("/en/feeds/all.atom.xml", "/en/blog/")):
        xml = published_site.text(feed)
        entries = re.findall(r'<link href="([^"]+)" rel="alternate"', xml)
        assert len(entries) >= 6
        assert all(link.startswith(base + lang_prefix) for link in entries[1:]), entries
    soup = published_site.soup("/en/blog/ai-in-sales/")
    assert soup.find("link", hreflang="de")["href"] == f"{base}/blog/ki-im-vertrieb/"
    assert soup.find("link", type="application/atom+xml")["href"] == f"{base}/en/feeds/all.atom.xml"
    assert broken_references(str(published_site.root), base) == []


@pytest.mark.parametrize(
    ("german", "english"),
    [("/", "/en/"), ("/blog/", "/en/blog/"), ("/archiv/", "/en/archive/"), ("/kategorie/", "/en/category/")],
)
def test_listing_pages_link_their_counterpart(sample_site, german, english):
    assert [a["href"] for a in switcher_links(sample_site.soup(german))] == [english]
    assert [a["href"] for a in switcher_links(sample_site.soup(english))] == [german]
    assert not sample_site.soup(german).select(".lang-switch__missing")


def test_current_menu_entry_is_marked(sample_site):
    current = sample_site.soup("/en/about/").select('nav.site-nav a[aria-current="page"]')
    assert [a["href"] for a in current] == ["/en/about/"]


def test_each_language_publishes_the_shell_the_intake_wears_and_nothing_indexes_it(sample_site):
    from common.site_look import parse_shell, shell_path

    for lang, other_home in (("de", "/en/"), ("en", "/")):
        text = sample_site.text("/" + shell_path(lang))
        shell = parse_shell(text, "https://www.example.com")  # the marks survived the theme
        assert f'<html lang="{lang}">' in shell.top and 'class="site-header"' in shell.top
        assert '<meta name="robots" content="noindex">' in shell.top
        assert 'class="site-footer"' in shell.bottom
        switch = sample_site.soup("/" + shell_path(lang)).select(".lang-switch a")
        assert [a["href"] for a in switch] == [other_home]  # to the other language's home page
    assert "data-pagefind-body" not in sample_site.text("/intake/shell.html")


def test_without_an_intake_the_contact_pages_speak_of_no_form(sample_site):
    for url in ("/kontakt/", "/en/contact/"):
        main = sample_site.soup(url).select_one("main")
        assert main.select_one("form.contact-form, .contact-form form") is None
        assert main.select_one(".contact-form__mailto a[href^='mailto:']") is not None
        assert not re.search(r"formular|\bform\b", main.get_text(" ").lower()), url


def test_a_publish_without_an_intake_keeps_mail_links_and_says_so_in_a_notice(published_site):
    notices = [n for n in published_site.report.notices if n.startswith("INTAKE_PUBLIC_URL:")]
    assert len(notices) == 1 and "COMMENTS_ENDPOINT, REGISTRATIONS_ENDPOINT, CONTACT_ENDPOINT" in notices[0]
    assert published_site.soup("/kontakt/").select_one(".contact-form__mailto a[href^='mailto:']") is not None
