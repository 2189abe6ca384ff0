"""Training offers on built sites: offer pages, overview, callouts in posts, expiry, errors, .ics."""

from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar

OFFER_DE = "/trainings/kommunikationstraining-vertrieb/"
OFFER_EN = "/en/trainings/communication-training-sales/"
VIDEO_DE = "/trainings/verkaufen-im-videocall/"
VIDEO_EN = "/en/trainings/selling-in-video-calls/"
PAST_ONLY_DE = "/trainings/workshop-digitale-kundeninteraktion/"
NBSP = "\u00a0"


def test_offer_pages_exist_in_both_languages_with_facts_sessions_and_registration(sample_site):
    for url, lang, price, heading in (
        (
            OFFER_DE,
            "de",
            f"1.416,10{NBSP}€ inkl. 19{NBSP}% MwSt. pro Person (Unternehmen: 1.190{NBSP}€ netto)",
            "Nächste Termine",
        ),
        (OFFER_EN, "en", "€1,416.10 incl. 19% VAT per person (businesses: €1,190 net)", "Upcoming dates"),
    ):
        soup = sample_site.soup(url)
        assert soup.html["lang"] == lang
        assert len(soup.find_all("h1")) == 1
        facts = soup.select_one(".offer-facts")
        assert facts.select_one(".offer-facts__price").get_text() == price
        assert "Maren Albrecht" in facts.get_text()
        assert soup.select_one("#offer-sessions-title").get_text() == heading
        starts = [t["datetime"][:10] for t in soup.select(".offer-session time")]
        assert starts == ["2027-03-09", "2027-09-14", "2028-03-07"]  # the 2025 session is gone
        assert "2025" not in soup.select_one(".offer-sessions").get_text()
        register = "anmeldung" if lang == "de" else "register"
        assert soup.select_one(".offer-register a.button")["href"] == f"{url}{register}/2027-03-09T0900/"


def test_offer_pages_link_their_translation(sample_site):
    for here, there, lang in ((OFFER_DE, OFFER_EN, "en"), (OFFER_EN, OFFER_DE, "de"), (VIDEO_DE, VIDEO_EN, "en")):
        soup = sample_site.soup(here)
        switch = soup.select(".lang-switch a[hreflang]")
        assert [(a["href"], a["hreflang"]) for a in switch] == [(there, lang)]
        assert soup.find("link", rel="alternate", hreflang=lang)["href"] == there
        assert soup.find("link", rel="alternate", hreflang="x-default")["href"] in (OFFER_DE, VIDEO_DE)


def test_overview_is_sorted_by_next_session_and_lists_past_only_offers_on_request(sample_site):
    for url, title, on_request in (
        ("/trainings/", "Trainings & Seminare", "Auf Anfrage"),
        ("/en/trainings/", "Trainings & Workshops", "On request"),
    ):
        soup = sample_site.soup(url)
        assert soup.h1.get_text() == title and len(soup.find_all("h1")) == 1
        cards = soup.select(".offer-card")
        assert len(cards) == 3
        nexts = [c.select_one(".offer-card__next time") for c in cards]
        dates = [t["datetime"] for t in nexts if t]
        assert dates == sorted(dates) and len(dates) == 2
        assert nexts[-1] is None and cards[-1].select_one(".offer-card__on-request").get_text() == on_request
    links = [a["href"] for a in sample_site.soup("/trainings/").select(".offer-card h2 a")]
    assert links == [OFFER_DE, VIDEO_DE, PAST_ONLY_DE]
    assert sample_site.soup("/trainings/").find("link", hreflang="en")["href"] == "/en/trainings/"


def test_menu_links_the_overview(sample_site):
    assert "/trainings/" in [a["href"] for a in sample_site.soup("/").select(".site-nav a")]
    assert "/en/trainings/" in [a["href"] for a in sample_site.soup("/en/").select(".site-nav a")]


def test_booked_out_session_is_listed_as_such_but_not_as_next(sample_site):
    soup = sample_site.soup(VIDEO_DE)
    first = soup.select(".offer-session")[0]
    assert "Ausgebucht" in first.get_text()
    assert (
        sample_site.soup("/blog/golden-mitte-videocall/")
        .select_one(".offer-callout__next time")["datetime"]
        .startswith("2027-06-08")
    )


def test_course_json_ld_on_offer_pages(sample_site):
    script = sample_site.soup(VIDEO_EN).find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "Course" and data["provider"]["name"] == "Albrecht Kommunikationsberatung"
    assert data["offers"]["priceSpecification"]["valueAddedTaxIncluded"] is True
    net = json.loads(sample_site.soup(OFFER_DE).find("script", type="application/ld+json").string)
    assert net["offers"]["price"] == "1416.10"  # the file's 1190 net: consumers are shown the gross price
    assert {i["offers"]["price"] for i in net["hasCourseInstance"]} == {"1416.10"}
    instances = data["hasCourseInstance"]
    assert [i["startDate"][:10] for i in instances] == ["2027-02-16", "2027-06-08", "2028-02-15"]
    assert {i["courseMode"] for i in instances} == {"online"}
    assert instances[0]["location"]["@type"] == "VirtualLocation"


def test_front_matter_and_inline_callouts_speak_the_posts_language(sample_site):
    cases = (
        (
            "/blog/golden-mitte-videocall/",
            f"{VIDEO_DE}anmeldung/2027-06-08T0900/",
            "Zu diesem Termin anmelden",
            f"inkl. 19{NBSP}% MwSt. pro Person",
            None,
        ),
        (
            "/en/blog/golden-mean-video-calls/",
            f"{VIDEO_EN}register/2027-06-08T0900/",
            "Register for this date",
            "incl. 19% VAT per person",
            None,
        ),
        (
            "/blog/warum-kommunikationstraining/",
            f"{OFFER_DE}anmeldung/2027-03-09T0900/",
            "Zu diesem Termin anmelden",
            f"inkl. 19{NBSP}% MwSt. pro Person",
            "Sie wollen ein Kommunikationstraining",
        ),
        (
            "/en/blog/why-communication-training/",
            f"{OFFER_EN}register/2027-03-09T0900/",
            "Register for this date",
            "incl. 19% VAT per person",
            "Would you like a communication training",
        ),
    )
    for post, offer, button_text, vat, note in cases:
        soup = sample_site.soup(post)
        asides = soup.select("aside.offer-callout")
        assert len(asides) == 1, post
        aside = asides[0]
        button = aside.select_one("a.button")  # one click to the registration of the next session
        assert (button["href"], button.get_text()) == (offer, button_text)
        assert sample_site.exists(offer)
        assert vat in aside.select_one(".offer-callout__price").get_text()
        assert aside.select_one(".offer-callout__next time")
        if note:
            assert note in aside.select_one(".offer-callout__note").get_text()
            assert aside.find_parent(class_="post__body") is not None  # where the author put it
        assert "!!! offer" not in soup.get_text() and not soup.select(".offer-callout-slot")


def test_calendar_files_exist_parse_and_are_linked(sample_site):
    soup = sample_site.soup(OFFER_DE)
    links = [a["href"] for a in soup.select(".offer-session__ics")]
    assert links == [f"{OFFER_DE}20270309T0900.ics", f"{OFFER_DE}20270914T0900.ics", f"{OFFER_DE}20280307T0900.ics"]
    assert soup.select_one(".offer-session__ics").get_text().startswith("In den Kalender")
    whole = soup.select_one(".offer-sessions__all a")["href"]
    for href, count in [(link, 2) for link in links] + [(whole, 6)]:  # two days each: one event per day
        calendar = Calendar.from_ical(sample_site.path(href).read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == count
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
        assert all(e["DTSTART"].params["TZID"] == "Europe/Berlin" for e in events)
    single = Calendar.from_ical(sample_site.path(links[0]).read_bytes()).walk("VEVENT")[0]
    assert str(single["UID"]) == "kommunikationstraining-vertrieb-20270309T0900@albrecht-kommunikation.example"
    english = Calendar.from_ical(sample_site.path(f"{OFFER_EN}20270309T0900.ics").read_bytes()).walk("VEVENT")[0]
    assert english["UID"] == single["UID"]  # same event in both languages
    assert not sample_site.exists(f"{OFFER_DE}20250513T0900.ics")  # past sessions get no calendar file
    assert sample_site.soup(OFFER_EN).select_one(".offer-session__ics").get_text().startswith("Add to calendar")


# ---------- tiny sites ----------

POST = """\
Title: Ein Beitrag
Date: 2024-01-10 10:00
Slug: ein-beitrag
{front}

Text des Beitrags.

!!! offer {inline}
    Mein eigener Satz zum Angebot.
"""

OFFER = """\
---
offer: seminar
title: Ein Seminar
slug: seminar
summary: Kurz gesagt.
format: {format}
duration: 1 Tag
audience: Alle
goals: [Lernen]
trainer: Maren Albrecht
price: {{amount: 990, currency: EUR, vat: net}}
min_participants: 2
max_participants: 8
registration: https://anmeldung.example/seminar
sessions:
  - start: 2026-03-01 09:00
    end: 2026-03-01 17:00
    location: Bremen
  - start: 2026-06-01 09:00
    end: {end}
    location: online
---

Worum es geht.
"""


def tiny_files(front="Offer: seminar", inline="seminar", fmt="praesenz", end="2026-06-01 17:00"):
    return {
        "de/posts/ein-beitrag.md": POST.format(front=front, inline=inline),
        "de/offers/seminar.md": OFFER.format(format=fmt, end=end),
    }


def test_expired_sessions_are_never_advertised(build_site):
    site = build_site(tiny_files(), TRAINING_OFFERS_TODAY="2026-04-01")
    assert site.report.ok, site.report.errors
    page = site.soup("/trainings/seminar/")
    assert [t["datetime"][:10] for t in page.select(".offer-session time")] == ["2026-06-01"]
    assert "Bremen" not in page.select_one(".offer-sessions").get_text()
    assert [
        i["startDate"][:10]
        for i in json.loads(page.find("script", type="application/ld+json").string)["hasCourseInstance"]
    ] == ["2026-06-01"]
    assert not site.exists("/trainings/seminar/20260301T0900.ics")
    for aside in site.soup("/blog/ein-beitrag/").select("aside.offer-callout"):
        assert aside.select_one(".offer-callout__next time")["datetime"].startswith("2026-06-01")


def test_offer_without_upcoming_session_says_on_request_and_reports_a_notice(build_site):
    site = build_site(tiny_files(), TRAINING_OFFERS_TODAY=dt.date(2026, 7, 1))
    assert site.report.ok, site.report.errors
    assert not [w for w in site.report.warnings if "upcoming" in w]  # a notice, which --strict does not count
    asides = site.soup("/blog/ein-beitrag/").select("aside.offer-callout")
    assert len(asides) == 2
    assert all(a.select_one(".offer-callout__next").get_text() == "Termine auf Anfrage" for a in asides)
    assert all(a.select_one("a.button")["href"] == "/trainings/seminar/anfrage/" for a in asides)  # the enquiry
    assert not site.soup("/trainings/seminar/").select(".offer-session")
    assert (
        site.soup("/trainings/seminar/").select_one(".offer-sessions__enquire")["href"] == "/trainings/seminar/anfrage/"
    )
    assert site.exists("/trainings/seminar/anfrage/")
    notices = [n for n in site.report.notices if "no upcoming session" in n]
    assert len(notices) == 3  # the offer file, and each callout of the post
    assert any("content/de/offers/seminar.md:" in n for n in notices)
    assert any("content/de/posts/ein-beitrag.md:8:" in n for n in notices)  # the inline block's line
    assert site.soup("/trainings/").select_one(".offer-card__on-request").get_text() == "Auf Anfrage"


def test_site_today_from_the_environment(build_site, monkeypatch):
    monkeypatch.setenv("SITE_TODAY", "2026-07-01")
    site = build_site(tiny_files())
    assert not site.soup("/trainings/seminar/").select(".offer-session")


def test_unknown_offer_id_fails_the_build_with_line_and_suggestion(build_site, capsys):
    site = build_site(tiny_files(front="Offer: seminr", inline="seminar-x"), TRAINING_OFFERS_TODAY="2026-01-01")
    assert not site.report.ok
    errors = [e.split("/content/", 1)[-1] for e in site.report.errors]
    assert "de/posts/ein-beitrag.md:4: unknown offer 'seminr' (did you mean 'seminar'?)" in errors
    assert "de/posts/ein-beitrag.md:8: unknown offer 'seminar-x' (did you mean 'seminar'?)" in errors
    assert "Traceback" not in capsys.readouterr().err
    assert not site.exists("/")


def test_invalid_offer_fails_the_build_with_file_and_line(build_site, capsys):
    site = build_site(tiny_files(fmt="webinar", end="2026-05-31 17:00"), TRAINING_OFFERS_TODAY="2026-01-01")
    assert not site.report.ok
    errors = [e.split("/content/", 1)[-1] for e in site.report.errors]
    assert any(e.startswith("de/offers/seminar.md:6: the format 'webinar' is unknown") for e in errors), errors
    assert any(e.startswith("de/offers/seminar.md:19: session 2: it ends") for e in errors), errors
    assert len(errors) == 2, errors  # the posts naming the broken offer add no noise
    assert "Traceback" not in capsys.readouterr().err


def test_calendar_files_are_byte_identical_across_builds(build_site):
    files = tiny_files()
    first = build_site(files, TRAINING_OFFERS_TODAY="2026-01-01")
    before = first.path("/trainings/seminar/seminar.ics").read_bytes()
    second = build_site(files, TRAINING_OFFERS_TODAY="2026-01-01")
    assert second.path("/trainings/seminar/seminar.ics").read_bytes() == before
    events = Calendar.from_ical(before).walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == ["seminar-20260301T0900", "seminar-20260601T0900"]
    assert events[1]["LOCATION"] == "Online"


def test_offer_without_translation_links_the_other_overview(build_site):
    site = build_site(tiny_files(), TRAINING_OFFERS_TODAY="2026-01-01")
    switch = site.soup("/trainings/seminar/").select_one(".lang-switch")
    assert switch.find("a")["href"] == "/en/trainings/"
    assert site.exists("/en/trainings/")
