"""Typography: soft hyphens in visible headings only (the rules of docs/reference.md,
"Typography": long words only, compound joints first, 3 letters at least on either side; the
rendered lines: tests/browser/test_typography_browser.py), bylines that never start a line
with "·", plain words for feeds and buttons (quotation marks: tests/browser/test_front_browser.py)."""

from __future__ import annotations

import json
import os
import re

import pytest
from markupsafe import Markup

from sitebuild.compounds import HUNSPELL_DE
from sitecore.hyphenation import EDGE_LETTERS, MIN_LETTERS, SOFT_HYPHEN, hyphenate, hyphenate_word

POST = "/blog/warum-kommunikationstraining/"
WORD = "Kommunikationstraining"
OFFER = "/trainings/kommunikationstraining-vertrieb/"  # "Kommunikationstraining für Vertriebsteams"
OFFER_EN = "/en/trainings/communication-training-sales/"  # "Communication Training for Sales Teams"


needs_dictionary = pytest.mark.skipif(
    not os.path.isfile(f"{HUNSPELL_DE}.dic") and os.environ.get("CI") != "true",
    reason="Debian's hunspell-de-de is not installed (apt-get install hunspell-de-de)",
)

# (word, language) -> where it may break ("-"): compounds at their joints, and inside a part
# only when the part alone is very long; other long words where the dictionary allows, never
# closer than 3 letters to an end; words that fit a phone's heading line not at all.
HYPHENATED = {
    ("Kommunikationstraining", "de"): "Kommunikations-training",
    ("Kundeninteraktion", "de"): "Kunden-interaktion",  # not "Kundeninterakti-on"
    ("Kommunikationsberatung", "de"): "Kommunikations-beratung",
    ("Einfühlungsvermögen", "de"): "Einfühlungs-vermögen",
    ("Datenschutzerklärung", "de"): "Daten-schutz-erklärung",  # not pyphen's "Datenschut-zerklärung"
    ("Neukundengewinnung", "de"): "Neu-kunden-gewinnung",
    ("Führungskräfteentwicklung", "de"): "Führungs-kräfte-entwicklung",
    ("Interaktionsmöglichkeiten", "de"): "Interaktions-möglichkeiten",
    ("Digitalisierung", "de"): "Digi-ta-li-sie-rung",  # no compound: the dictionary's places
    ("Kundenkontakt", "de"): "Kundenkontakt",  # fits: whole ("Kundenkon-takt" was wrong)
    ("Vertriebsteams", "de"): "Vertriebsteams",  # not "Ver-triebsteams"
    ("Persönlich", "de"): "Persönlich",
    ("Responsibilities", "en"): "Respon-si-bil-i-ties",
    ("Communication", "en"): "Communication",
    ("Indispensable", "en"): "Indispensable",
}


@needs_dictionary
@pytest.mark.parametrize(("word", "lang"), sorted(HYPHENATED))
def test_words_break_at_compound_joints_first_and_never_near_an_end(word, lang):
    hyphenated = hyphenate_word(word, lang)
    assert hyphenated.replace(SOFT_HYPHEN, "-") == HYPHENATED[word, lang]
    pieces = hyphenated.split(SOFT_HYPHEN)
    assert len(pieces) == 1 or (len(pieces[0]) >= EDGE_LETTERS and len(pieces[-1]) >= EDGE_LETTERS)
    assert (len(pieces) > 1) <= (len(word) >= MIN_LETTERS)


def test_text_and_languages_without_a_dictionary():
    assert hyphenate("Warum Training?", "de") == "Warum Training?"  # short words stay whole
    assert hyphenate(WORD, "xx") == WORD  # no dictionary: unchanged
    assert hyphenate(f"Das {WORD}!", "de").replace(SOFT_HYPHEN, "") == f"Das {WORD}!"


def test_every_soft_hyphen_of_the_sample_site_follows_the_rules(sample_site):
    """Long words only, 3 letters at least before the first and after the last soft hyphen;
    never in the brand, the navigation, buttons or names."""
    found = set()
    for path in sample_site.root.rglob("*.html"):
        soup = sample_site.soup("/" + str(path.relative_to(sample_site.root)))
        for word in re.findall(rf"\w*{SOFT_HYPHEN}[\w{SOFT_HYPHEN}]*", soup.get_text()):
            pieces = word.split(SOFT_HYPHEN)
            assert len(word) - len(pieces) + 1 >= MIN_LETTERS, (path, word)
            assert len(pieces[0]) >= EDGE_LETTERS and len(pieces[-1]) >= EDGE_LETTERS, (path, word)
            found.add(word.replace(SOFT_HYPHEN, "-"))
        for element in soup.select(".brand__name, .site-nav, .button, button, .byline, .author-card__name, address"):
            assert SOFT_HYPHEN not in element.get_text(), (path, element)
    assert {"Kommunikations-training", "Kunden-interaktion"} <= found


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
    ("offer", "overview", "title", "hyphens"),
    [
        (OFFER, "/trainings/", "Kommunikationstraining für Vertriebsteams", 1),  # "Kommunikations|training"
        (OFFER_EN, "/en/trainings/", "Communication Training for Sales Teams", 0),  # every word fits
    ],
)
def test_offer_titles_carry_soft_hyphens_on_the_offer_page_and_its_card(sample_site, offer, overview, title, hyphens):
    heading = sample_site.soup(offer).select_one("h1.page-title")
    card = sample_site.soup(overview).select_one(f".offer-card__title a[href='{offer}']")
    for text in (heading.get_text(), card.get_text()):
        assert text.count(SOFT_HYPHEN) == hyphens and text.replace(SOFT_HYPHEN, "") == title
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
