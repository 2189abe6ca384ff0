"""People on built sites: author boxes under posts, the team on the about page, testimonials."""

from __future__ import annotations

import pytest

SHY = "\u00ad"
GUEST_POST = "/blog/mensch-und-maschine-im-vertrieb/"


def post_urls(sample_site, prefix: str) -> list[str]:
    return sorted(
        f"/{prefix}{path.parent.name}/"
        for path in (sample_site.root / prefix).glob("*/index.html")
        if path.parent.name != "seite"
    )


@pytest.mark.parametrize("prefix", ["blog/", "en/blog/"])
def test_every_post_ends_with_a_box_about_its_author(sample_site, prefix):
    checked = 0
    for url in post_urls(sample_site, prefix):
        soup = sample_site.soup(url)
        box = soup.select_one("article.post .author-box")
        if soup.select_one(".guest-note"):
            assert box is None, url  # a guest keeps the guest note and the byline
            continue
        byline = [a.get_text() for a in soup.select(".post__header .byline a")]
        assert [p.get_text() for p in box.select(".author-card__name")] == byline, url
        assert box.select_one(".author-card__role").get_text(strip=True)
        assert box.select_one(".author-card__bio").get_text(strip=True)
        assert sample_site.exists(box.select_one("img.author-card__photo")["src"])
        checked += 1
    assert checked >= 5


def test_the_author_box_speaks_the_page_language(sample_site):
    german = sample_site.soup("/blog/ki-im-vertrieb/").select_one(".author-box")
    english = sample_site.soup("/en/blog/ai-in-sales/").select_one(".author-box")
    assert german.h2.get_text() == "Zur Person" and english.h2.get_text() == "About the author"
    assert german.select_one(".author-card__role").get_text() == "Berater für digitale Kundeninteraktion"
    assert english.select_one(".author-card__role").get_text() == "Consultant for digital customer interaction"


def test_a_guest_post_keeps_its_byline_and_guest_note(sample_site):
    soup = sample_site.soup(GUEST_POST)
    assert "Gastbeitrag von Prof. Dr. Heike Sommer" in soup.select_one(".post__header .byline").get_text()
    assert "Heike Sommer" in soup.select_one(".guest-note").get_text()
    assert soup.select_one(".author-box") is None


@pytest.mark.parametrize(("url", "heading"), [("/ueber-uns/", "Unser Team"), ("/en/about/", "Our team")])
def test_the_about_page_shows_the_team(sample_site, url, heading):
    box = sample_site.soup(url).select_one("article.page .author-box")
    assert box.h2.get_text() == heading
    assert [p.get_text() for p in box.select(".author-card__name")] == ["Maren Albrecht", "Jonas Weber"]
    assert not sample_site.soup("/kontakt/").select_one(".author-box")


@pytest.mark.parametrize(
    ("home", "offer", "quote_start", "others"),
    [
        ("/", "/trainings/verkaufen-im-videocall/", "Endlich Videocalls", ["Nach zwei Tagen", "Praxisnah"]),
        ("/en/", "/en/trainings/selling-in-video-calls/", "Finally video calls", ["After two days", "Practical"]),
    ],
)
def test_testimonials_on_the_home_page_and_on_the_offer_they_are_about(sample_site, home, offer, quote_start, others):
    quotes = [q.get_text() for q in sample_site.soup(home).select(".testimonials q")]
    assert any(q.startswith(quote_start) for q in quotes) and all(any(q.startswith(o) for q in quotes) for o in others)
    on_offer = sample_site.soup(offer).select(".offer .testimonials .testimonial")
    assert len(on_offer) == 1
    assert on_offer[0].q.get_text().startswith(quote_start)
    assert on_offer[0].select_one(".testimonial__name").get_text() == "Tobias Brandt"
    assert "Hafenlicht Software AG" in on_offer[0].select_one(".testimonial__role").get_text()


def test_an_offer_without_testimonials_shows_none(sample_site):
    assert sample_site.soup("/trainings/workshop-digitale-kundeninteraktion/").select_one(".testimonials") is None


def test_people_texts_are_escaped(build_site):
    evil = '<script>alert(1)</script> "Zitat" & mehr'
    site = build_site(
        {
            "de/posts/a.md": "Title: A\nDate: 2024-01-10 10:00\nAuthor: Eva Muster\n\nText.\n",
            "authors.yml": f"authors:\n  eva:\n    name: Eva Muster\n    role: '{evil}'\n    bio: '{evil}'\n",
            "testimonials.yml": f"testimonials:\n  - quote: '{evil}'\n    name: '{evil}'\n    company: '{evil}'\n",
        },
        TAXONOMY_STRICT=False,
    )
    assert site.report.ok, site.report.errors
    for url, selector in (("/blog/a/", ".author-box"), ("/", ".testimonials")):
        html = site.text(url)
        assert "<script>alert(1)</script>" not in html
        assert evil in site.soup(url).select_one(selector).get_text()
