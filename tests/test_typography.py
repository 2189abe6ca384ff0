"""Typography: soft hyphens in visible headings only, bylines that never start a line with "·",
plain words for feeds and buttons (quotation marks: tests/browser/test_front_browser.py)."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import Markup

from sitecore.hyphenation import SOFT_HYPHEN, hyphenate, hyphenate_word

POST = "/blog/warum-kommunikationstraining/"
WORD = "Kommunikationstraining"
OFFER = "/trainings/kommunikationstraining-vertrieb/"  # "Kommunikationstraining für Vertriebsteams"
OFFER_EN = "/en/trainings/communication-training-sales/"  # "Communication Training for Sales Teams"


def test_long_words_get_soft_hyphens_where_the_dictionary_allows():
    assert hyphenate_word(WORD, "de") == SOFT_HYPHEN.join(["Kom", "mu", "ni", "ka", "ti", "ons", "trai", "ning"])
    assert hyphenate("Warum Training?", "de") == "Warum Training?"  # short words stay whole
    assert hyphenate("Kundeninteraktion online", "de").replace(SOFT_HYPHEN, "-") == "Kun-den-in-ter-ak-ti-on online"
    assert SOFT_HYPHEN in hyphenate("communication", "en")
    assert hyphenate(WORD, "xx") == WORD  # no dictionary: unchanged


def test_markup_is_hyphenated_between_tags_only():
    html = Markup(f'<a href="/{WORD}/" title="{WORD}">{WORD} &amp; mehr</a>')
    result = hyphenate(html, "de")
    assert isinstance(result, Markup)
    assert f'href="/{WORD}/" title="{WORD}"' in result and "&amp; mehr" in result
    assert SOFT_HYPHEN in result.split(">", 1)[1]
    assert not isinstance(hyphenate("<b>" + WORD, "de"), Markup)  # text stays text: escaped later


def test_headings_and_card_titles_carry_soft_hyphens(sample_site):
    post = sample_site.soup(POST)
    assert SOFT_HYPHEN in post.select_one("h1.post__title").get_text()
    assert SOFT_HYPHEN in sample_site.soup("/blog/").select_one(f".teaser__title a[href='{POST}']").get_text()
    assert SOFT_HYPHEN in sample_site.soup("/themen/kundeninteraktion/").h1.get_text()
    assert SOFT_HYPHEN in sample_site.soup("/").select_one(".home-training__title a").get_text()


@pytest.mark.parametrize(
    ("offer", "overview", "title"),
    [
        (OFFER, "/trainings/", "Kommunikationstraining für Vertriebsteams"),
        (OFFER_EN, "/en/trainings/", "Communication Training for Sales Teams"),
    ],
)
def test_offer_titles_carry_soft_hyphens_on_the_offer_page_and_its_card(sample_site, offer, overview, title):
    heading = sample_site.soup(offer).select_one("h1.page-title")
    card = sample_site.soup(overview).select_one(f".offer-card__title a[href='{offer}']")
    for text in (heading.get_text(), card.get_text()):
        assert SOFT_HYPHEN in text and text.replace(SOFT_HYPHEN, "") == title
    assert heading["data-pagefind-meta"] == "title[data-title]"  # search results show the title whole
    assert heading["data-title"] == title


def test_no_soft_hyphen_in_attributes_titles_structured_data_or_the_search_title(sample_site):
    for url in (
        POST,
        "/",
        "/blog/",
        "/themen/kundeninteraktion/",
        "/ueber-uns/",
        "/en/blog/why-communication-training/",
        OFFER,
        OFFER_EN,
        "/trainings/",
        "/en/trainings/",
    ):
        soup = sample_site.soup(url)
        assert SOFT_HYPHEN not in soup.title.get_text(), url
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert SOFT_HYPHEN not in " ".join(value if isinstance(value, list) else [value]), (url, name)
        for script in soup.find_all("script", type="application/ld+json"):
            assert SOFT_HYPHEN not in json.dumps(json.loads(script.string), ensure_ascii=False), url
    heading = sample_site.soup(POST).select_one("h1.post__title")
    assert heading["data-pagefind-meta"] == "title[data-title]"
    assert heading["data-title"] == heading.get_text().replace(SOFT_HYPHEN, "")


def test_feeds_and_sitemap_have_no_soft_hyphens(published_site):
    files = [*published_site.root.rglob("*.xml")]
    assert any(path.name.endswith(".atom.xml") for path in files)
    for path in files:
        assert SOFT_HYPHEN not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("url", ["/", "/blog/", "/themen/vertrieb/", "/en/blog/", POST])
def test_a_byline_never_starts_a_line_with_its_separator(sample_site, url):
    metas = sample_site.soup(url).select("p.meta")
    assert metas
    for meta in metas:
        for separator in meta.select(".meta__sep"):
            before = separator.previous_sibling
            assert isinstance(before, str) and before.endswith("\u00a0"), (url, repr(before))
            assert not re.search(r"[ \t\n]\u00a0$", before), (url, repr(before))  # no break opportunity before it


def test_the_search_button_speaks_the_page_language(sample_site):
    assert sample_site.soup("/en/").select_one(".site-search button").get_text() == "Search"
    assert sample_site.soup("/").select_one(".site-search button").get_text() == "Suchen"


def test_the_topic_feed_link_says_what_it_does(sample_site):
    assert (
        sample_site.soup("/themen/vertrieb/").select_one(".topic-header__feed a").get_text()
        == "Neue Beiträge zu diesem Thema abonnieren (Feed)"
    )
    assert (
        sample_site.soup("/en/topics/sales/").select_one(".topic-header__feed a").get_text()
        == "Subscribe to new posts on this topic (feed)"
    )
