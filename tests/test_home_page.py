"""The home pages are a consultancy's front page; the blog list lives at /blog/ (paginated)."""

from __future__ import annotations

import datetime as dt

import pytest

SHY = "\u00ad"
HOMES = [("/", "de"), ("/en/", "en")]


def visible(tag) -> str:
    return tag.get_text(" ", strip=True).replace(SHY, "")


@pytest.mark.parametrize(("url", "lang"), HOMES)
def test_home_says_who_we_are_and_calls_to_action(sample_site, url, lang):
    soup = sample_site.soup(url)
    hero = soup.select_one(".home-hero")
    assert visible(hero.h1) == "Albrecht Kommunikationsberatung"
    intro = hero.select_one(".home-hero__intro").get_text()
    assert (
        "Beratung für Kommunikation im Vertrieb" if lang == "de" else "consultancy for communication in sales"
    ) in intro
    actions = {a.get_text(): a["href"] for a in hero.select(".home-hero__actions a")}
    if lang == "de":  # a training is asked for on the contact form, its subject named
        assert actions == {
            "Termin vereinbaren": "/kontakt/",
            "Training anfragen": "/kontakt/?subject=Trainingsanfrage#contact-form-title",
        }
    else:
        assert actions == {
            "Make an appointment": "/en/contact/",
            "Request a training": "/en/contact/?subject=Training%20enquiry#contact-form-title",
        }
    assert all(sample_site.exists(href.split("?")[0]) for href in actions.values())
    assert all(sample_site.soup(href.split("?")[0]).find(id="contact-form-title") for href in actions.values())
    assert soup.select_one(".pagination") is None  # the home page is not a list of pages


@pytest.mark.parametrize(("url", "lang"), HOMES)
def test_home_lists_the_next_trainings_with_date_and_offer_link(sample_site, url, lang):
    trainings = sample_site.soup(url).select(".home-trainings .home-training")
    assert 1 <= len(trainings) <= 3
    starts = [dt.datetime.fromisoformat(item.time["datetime"]) for item in trainings]
    assert starts == sorted(starts) and all(start.date() >= dt.date(2026, 11, 22) for start in starts)  # SAMPLE_TODAY
    for item, start in zip(trainings, starts, strict=True):
        link = item.select_one(".home-training__title a")["href"]
        assert link.startswith("/trainings/" if lang == "de" else "/en/trainings/") and sample_site.exists(link)
        offer = sample_site.soup(link)  # the date shown is a date of that offer
        assert start.isoformat() in [t["datetime"] for t in offer.select(".offer-sessions time")]
        assert item.time.get_text(strip=True)


@pytest.mark.parametrize(("url", "lang"), HOMES)
def test_home_shows_the_latest_posts_and_links_the_blog(sample_site, url, lang):
    soup = sample_site.soup(url)
    blog = "/blog/" if lang == "de" else "/en/blog/"
    teasers = [a["href"] for a in soup.select(".home-posts .teaser__title a")]
    newest = [a["href"] for a in sample_site.soup(blog).select(".teaser__title a")][:3]
    assert teasers == newest and len(teasers) == 3
    assert soup.select_one(".home-posts .home-section__more a")["href"] == blog


@pytest.mark.parametrize(("url", "lang"), HOMES)
def test_home_links_the_topics(sample_site, url, lang):
    topics = sample_site.soup(url).select(".home-topics a")
    assert len(topics) >= 3
    names = [a.get_text() for a in topics]
    assert ("Vertrieb" if lang == "de" else "Sales") in names
    assert all(sample_site.exists(a["href"]) for a in topics)


def test_homes_and_blogs_are_alternates_of_each_other(sample_site):
    for here, there, lang in (
        ("/", "/en/", "en"),
        ("/en/", "/", "de"),
        ("/blog/", "/en/blog/", "en"),
        ("/en/blog/", "/blog/", "de"),
    ):
        soup = sample_site.soup(here)
        assert soup.find("link", rel="alternate", hreflang=lang)["href"] == there
        assert soup.find("link", rel="canonical")["href"] == here


def test_the_blog_is_paginated_and_the_home_page_is_not(build_site):
    posts = {f"de/posts/p{n}.md": f"Title: Beitrag {n}\nDate: 2024-01-{10 + n} 10:00\n\nText {n}.\n" for n in range(5)}
    site = build_site(posts, DEFAULT_PAGINATION=2)
    assert site.report.ok, site.report.errors
    assert len(site.soup("/blog/").select(".teaser")) == 2
    assert site.soup("/blog/").select_one(".pagination a[rel=next]")["href"] == "/blog/seite/2/"
    assert [a.get_text() for a in site.soup("/blog/seite/3/").select(".teaser__title a")] == ["Beitrag 0"]
    assert site.soup("/blog/seite/2/").title.get_text().startswith("Blog – Seite 2")
    assert not site.exists("/seite/2/")  # the home page is one page
    assert len(site.soup("/").select(".home-posts .teaser")) == 3
    assert site.soup("/").select(".home-hero__actions a") == []  # no contact page, no offers: no dead button
