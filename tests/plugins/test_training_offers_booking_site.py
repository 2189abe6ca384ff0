"""Booking on built sites: the "Nächste Termine" box, registration and enquiry pages, seats from the
intake, Event markup against Google's property table, calendar files, and a publish a year ahead."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from icalendar import Calendar

from sitetest import REPO, SAMPLE_TODAY

OFFER_DE = "/trainings/kommunikationstraining-vertrieb/"
OFFER_EN = "/en/trainings/communication-training-sales/"
VIDEO_DE = "/trainings/verkaufen-im-videocall/"
WORKSHOP_DE = "/trainings/workshop-digitale-kundeninteraktion/"
WORKSHOP_EN = "/en/trainings/workshop-digital-customer-interaction/"
OFFER_PAGES = (
    "/trainings/kommunikationstraining-vertrieb/",
    "/trainings/verkaufen-im-videocall/",
    WORKSHOP_DE,
    OFFER_EN,
    "/en/trainings/selling-in-video-calls/",
    WORKSHOP_EN,
)
OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
FORM_FIELDS = [
    "offer",
    "session",
    "lang",
    "name",
    "company",
    "email",
    "phone",
    *(f"participant_{n}_{what}" for n in range(1, 9) for what in ("name", "email")),  # max_participants: 8 rows
    "billing_address",
    "message",
    "homepage",
    "consent",
    "token",  # the intake's time token, fetched by js/comments.js (empty without JavaScript)
    "step",  # review: the intake answers with the review page, nothing is stored yet
    "buyer",  # business (§ 14 BGB) …
    "buyer",  # … or consumer (§ 13 BGB): two radio buttons
    "purchase_order",
    "vat_id",
]


def json_ld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


# ---------- the sample site ----------


def test_next_dates_box_is_right_under_the_title_with_availability_and_a_register_action_each(sample_site):
    soup = sample_site.soup(OFFER_DE)
    title = soup.find("h1")
    box = title.find_next_sibling()
    assert box.get("id") == "termine" and box.h2.get_text() == "Nächste Termine"
    rows = box.select(".offer-session")
    assert [r.select_one("time")["datetime"][:10] for r in rows] == ["2027-03-09", "2027-09-14", "2028-03-07"]
    assert [r.select_one(".offer-badge").get_text() for r in rows] == ["Noch 4 Plätze frei", "Abgesagt", "Plätze frei"]
    registers = [r.select_one(".offer-session__register") for r in rows]
    assert registers[1] is None  # a cancelled session cannot be booked
    assert [a["href"] for a in registers if a] == [
        f"{OFFER_DE}anmeldung/2027-03-09T0900/",
        f"{OFFER_DE}anmeldung/2028-03-07T0900/",
    ]
    assert all(a.contents[0].strip() == "Anmelden" for a in registers if a)
    assert box.select_one(".offer-sessions__price").get_text(" ", strip=True) == (
        "1.416,10\u00a0€ inkl. 19\u00a0% MwSt. pro Person (Unternehmen: 1.190\u00a0€ netto)"
    )
    video = sample_site.soup(VIDEO_DE).select(".offer-session")
    assert video[0].select_one(".offer-badge").get_text() == "Ausgebucht – Warteliste"
    assert video[0].select_one(".offer-session__register").contents[0].strip() == "Auf die Warteliste"


def test_a_session_in_parts_shows_all_its_dates_as_one_session(sample_site):
    for url, dates in (
        (VIDEO_DE, ["8. Juni 2027", "15. Juni 2027"]),
        ("/en/trainings/selling-in-video-calls/", ["Jun 8, 2027", "Jun 15, 2027"]),
    ):
        modules = sample_site.soup(url).select(".offer-session")[1]
        assert [t.get_text() for t in modules.select(".offer-part time")] == dates
        assert len(modules.select(".offer-session__register")) == 1
        assert modules.select_one(".offer-session__register")["href"].endswith("/2027-06-08T0900/")


def test_price_units_on_pages_cards_and_callouts(sample_site):
    assert (
        sample_site.soup(WORKSHOP_DE).select_one(".offer-facts__price").get_text(" ", strip=True)
        == "3.451\u00a0€ inkl. 19\u00a0% MwSt. pauschal pro Gruppe (Unternehmen: 2.900\u00a0€ netto)"
    )
    assert (
        sample_site.soup(WORKSHOP_EN).select_one(".offer-facts__price").get_text(" ", strip=True)
        == "€3,451 incl. 19% VAT flat rate per group (businesses: €2,900 net)"
    )
    cards = {
        c.h2.a["href"]: c.select_one(".offer-card__price").get_text(" ", strip=True)
        for c in sample_site.soup("/trainings/").select(".offer-card")
    }
    assert "pauschal pro Gruppe" in cards[WORKSHOP_DE] and "pro Person" in cards[OFFER_DE]
    callout = sample_site.soup("/blog/warum-kommunikationstraining/").select_one(".offer-callout__price")
    assert callout.get_text(" ", strip=True).endswith("(Unternehmen: 1.190\u00a0€ netto)")


def test_included_and_cancellation_terms(sample_site):
    for url, heading, item in (
        (OFFER_DE, "Leistungen / Stornobedingungen", "Teilnahmebescheinigung"),
        (OFFER_EN, "What is included / Cancellation terms", "Certificate of attendance"),
    ):
        terms = sample_site.soup(url).select_one("#leistungen")
        assert terms.h2.get_text() == heading
        assert item in [li.get_text() for li in terms.select("li")]
        assert "28" in terms.select_one(".offer-terms__cancellation").get_text()


def test_offers_without_dates_get_an_enquiry(sample_site):
    soup = sample_site.soup(WORKSHOP_DE)
    assert not soup.select(".offer-session__register")
    assert soup.select_one(".offer-sessions__enquire")["href"] == f"{WORKSHOP_DE}anfrage/"
    enquiry = sample_site.soup(f"{WORKSHOP_DE}anfrage/")
    assert enquiry.h1.get_text() == "Anfrage: Workshop: Kundeninteraktion mit digitalen Werkzeugen"
    assert enquiry.select_one(".offer-registration__when").get_text() == "Termine auf Anfrage"
    mail = enquiry.select_one(".offer-registration__mail")["href"]
    assert (
        mail
        == "mailto:kontakt@albrecht-kommunikation.example?subject=Workshop%3A%20Kundeninteraktion%20mit%20digitalen%20Werkzeugen"
    )
    assert sample_site.exists(f"{WORKSHOP_EN}enquiry/")


def test_registration_page_without_endpoint_shows_offer_and_date_and_falls_back_to_the_offer_address(sample_site):
    soup = sample_site.soup(f"{OFFER_DE}anmeldung/2027-03-09T0900/")
    assert soup.h1.get_text() == "Anmeldung: Kommunikationstraining für Vertriebsteams"
    assert soup.select_one(".offer-registration__when time")["datetime"] == "2027-03-09T09:00:00+01:00"
    assert soup.select_one(".offer-registration__when").get_text(" ", strip=True).startswith("9.–10. März 2027")
    assert not soup.find("form", class_="offer-form")  # no REGISTRATIONS_ENDPOINT in the sample site
    mail = soup.select_one(".offer-registration__mail")["href"]
    assert mail.startswith(
        "mailto:kontakt@albrecht-kommunikation.example?subject=Kommunikationstraining%20f%C3%BCr%20Vertriebsteams%2C%209."
    )
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    video = sample_site.soup("/trainings/verkaufen-im-videocall/anmeldung/2027-06-08T0900/")
    assert (
        video.select_one(".offer-registration__mail")["href"]
        == "https://buchung.albrecht-kommunikation.example/videocall"
    )
    assert not sample_site.exists(f"{OFFER_DE}anmeldung/2027-09-14T0900/")  # cancelled: nothing to register for
    assert sample_site.exists(f"{OFFER_EN}register/2027-03-09T0900/")


# Google's Event structured data: required and recommended properties (developers.google.com/search/docs/
# appearance/structured-data/event), as paths into each CourseInstance.
GOOGLE_EVENT_REQUIRED = ("name", "startDate", "location")
GOOGLE_EVENT_RECOMMENDED = (
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers.availability",
    "offers.price",
    "offers.priceCurrency",
    "offers.url",
    "offers.validFrom",
    "organizer.name",
    "organizer.url",
    "performer.name",
)


def lookup(item: dict, path: str):
    for key in path.split("."):
        item = item.get(key) if isinstance(item, dict) else None
    return item


def test_every_upcoming_session_is_an_event_with_googles_required_and_recommended_properties(published_site):
    seen = 0
    for url in OFFER_PAGES:
        course = json_ld(published_site.soup(url))
        assert course["@type"] == "Course"
        for instance in course["hasCourseInstance"]:
            if "startDate" not in instance:
                continue
            seen += 1
            assert instance["@type"] == ["CourseInstance", "Event"], url
            for path in GOOGLE_EVENT_REQUIRED + GOOGLE_EVENT_RECOMMENDED:
                assert lookup(instance, path) not in (None, ""), (url, instance["startDate"], path)
            assert OFFSET.match(instance["startDate"]) and OFFSET.match(instance["endDate"])
            location = instance["location"]
            if location["@type"] == "Place":
                assert location["address"]["@type"] == "PostalAddress" and location["address"]["addressLocality"]
                assert instance["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
            else:
                assert location["@type"] == "VirtualLocation" and location["url"].startswith("https://")
                assert instance["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
            assert published_site.exists(
                instance["image"][0].removeprefix("https://www.albrecht-kommunikation.example")
            )
            offer_url = instance["offers"]["url"]
            if instance["eventStatus"] != "https://schema.org/EventCancelled":
                assert "/anmeldung/" in offer_url or "/register/" in offer_url
                assert published_site.exists(offer_url.removeprefix("https://www.albrecht-kommunikation.example"))
    assert seen == 12  # 3 + 3 upcoming sessions per language of two offers
    statuses = {
        i["startDate"][:10]: (i["eventStatus"], i["offers"]["availability"])
        for i in json_ld(published_site.soup(OFFER_DE))["hasCourseInstance"]
    }
    assert statuses == {
        "2027-03-09": ("https://schema.org/EventScheduled", "https://schema.org/InStock"),
        "2027-09-14": ("https://schema.org/EventCancelled", "https://schema.org/SoldOut"),
        "2028-03-07": ("https://schema.org/EventScheduled", "https://schema.org/InStock"),
    }
    booked = json_ld(published_site.soup(VIDEO_DE))["hasCourseInstance"][0]
    assert booked["offers"]["availability"] == "https://schema.org/SoldOut"


def test_an_offer_without_dates_has_a_valid_course_instance(sample_site):
    instances = json_ld(sample_site.soup(WORKSHOP_DE))["hasCourseInstance"]
    assert instances == [{"@type": "CourseInstance", "courseMode": "onsite", "courseWorkload": "PT8H"}]


def test_multi_day_sessions_are_one_event_per_day_and_the_cancelled_one_says_so(published_site):
    sample_site = published_site
    events = Calendar.from_ical(sample_site.path(f"{OFFER_DE}20270309T0900.ics").read_bytes()).walk("VEVENT")
    assert [(e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat()) for e in events] == [
        ("2027-03-09T09:00:00+01:00", "2027-03-09T17:00:00+01:00"),
        ("2027-03-10T09:00:00+01:00", "2027-03-10T17:00:00+01:00"),
    ]
    assert all(str(e["URL"]) == f"https://www.albrecht-kommunikation.example{OFFER_DE}" for e in events)
    cancelled = Calendar.from_ical(sample_site.path(f"{OFFER_DE}20270914T0900.ics").read_bytes()).walk("VEVENT")
    assert [str(e["STATUS"]) for e in cancelled] == ["CANCELLED", "CANCELLED"]
    assert [e.decoded("SEQUENCE") for e in cancelled] == [1, 1]
    assert str(cancelled[0]["UID"]) == "kommunikationstraining-vertrieb-20270914T0900@albrecht-kommunikation.example"


def test_one_subscribable_calendar_per_language_linked_from_the_overview(published_site):
    for overview, feed, offers in (
        ("/trainings/", "/trainings/termine.ics", 2),
        ("/en/trainings/", "/en/trainings/dates.ics", 2),
    ):
        link = published_site.soup(overview).select_one(".offers__calendar a")["href"]
        assert link.endswith(feed)
        calendar = Calendar.from_ical(published_site.path(feed).read_bytes())
        events = calendar.walk("VEVENT")
        urls = {str(e["URL"]) for e in events}
        assert len(urls) == offers and all(u.startswith("https://www.albrecht-kommunikation.example/") for u in urls)
        assert len(events) == 6 + 4  # 3 two-day sessions; 3 video sessions, one of them in 2 parts
        assert len({str(e["UID"]) for e in events}) == len(events)
        assert all(e.decoded("DTSTART").date().isoformat() >= SAMPLE_TODAY for e in events)


# ---------- tiny sites ----------

OFFER = """\
---
offer: seminar
title: "Ein <Seminar> & mehr"
slug: seminar
summary: Kurz gesagt.
format: praesenz
duration: 1 Tag
audience: Alle
goals: [Lernen]
trainer: Maren Albrecht
price: {amount: 990, currency: EUR, vat: net, unit: group}
min_participants: 2
max_participants: 8
registration: https://anmeldung.example/seminar
sessions:
  - start: 2026-06-01 09:00
    end: 2026-06-01 17:00
    location: Bremen
    seats_left: 6
  - start: 2026-07-01 09:00
    end: 2026-07-01 17:00
    location: online
---

Worum es geht.
"""


def test_the_registration_form_posts_exactly_the_intakes_fields_without_javascript(build_site):
    site = build_site(
        {"de/offers/seminar.md": OFFER},
        TRAINING_OFFERS_TODAY="2026-01-01",
        REGISTRATIONS_ENDPOINT="https://intake.example/registrations",
    )
    assert site.report.ok, site.report.errors
    page = site.soup("/trainings/seminar/anmeldung/2026-06-01T0900/")
    form = page.find("form", class_="offer-form")
    assert (form["method"], form["action"]) == ("post", "https://intake.example/registrations")
    assert form["data-token-url"] == "https://intake.example/registrations/token"
    names = [field["name"] for field in form.find_all(["input", "textarea"])]
    assert sorted(names) == sorted(FORM_FIELDS)
    values = {field["name"]: field.get("value") for field in form.find_all("input")}
    assert (values["offer"], values["session"], values["lang"], values["consent"]) == (
        "seminar",
        "2026-06-01T09:00",
        "de",
        "yes",
    )
    assert all(
        form.find(attrs={"name": name}).has_attr("required")
        for name in ("name", "email", "consent", "participant_1_name", "buyer", "billing_address")
    )
    assert not form.find(attrs={"name": "participant_2_name"}).has_attr("required")  # further rows: optional
    people = form.find("fieldset", class_="offer-form__people")
    assert people.legend.get_text(" ", strip=True) == "Teilnehmende (mindestens eine Person)"
    more = people.find("details")
    assert more.summary.get_text(" ", strip=True) == "Weitere Teilnehmende (bis zu 8 insgesamt)"
    assert [legend.get_text() for legend in more.select("legend")] == [f"Teilnehmer/in {n}" for n in range(2, 9)]
    assert form.find("label", attrs={"for": "reg-p3-email"}).get_text(" ", strip=True) == "E-Mail (optional)"
    assert not form.find(attrs={"name": "company"}).has_attr("required")  # only for businesses (the intake checks)
    assert "Pflichtfeld bei Buchung als Unternehmen" in form.find("label", attrs={"for": "reg-company"}).get_text()
    assert form.find("button").get_text() == "Weiter zur Übersicht"  # not the binding button: that is the review's
    consent = form.find("label", attrs={"for": "reg-consent"})
    assert [a["href"] for a in consent.find_all("a")] == ["/trainings/seminar/#leistungen", "/datenschutz/"]
    assert page.h1.get_text() == "Anmeldung: Ein <Seminar> & mehr"  # escaped text, not markup
    assert "<Seminar>" not in site.text("/trainings/seminar/anmeldung/2026-06-01T0900/")
    assert not page.select("script[src]") or all("registration" not in s["src"] for s in page.select("script[src]"))
    enquiry = site.soup("/trainings/seminar/anfrage/").find("form", class_="offer-form")
    assert enquiry.find(attrs={"name": "session"})["value"] == ""
    assert enquiry.find(attrs={"name": "participants"})["value"] == "1"  # an enquiry counts, it names nobody yet
    assert enquiry.find(attrs={"name": "offer"})["value"] == "seminar"
    english = build_site(
        {"en/offers/seminar.md": OFFER}, TRAINING_OFFERS_TODAY="2026-01-01", REGISTRATIONS_ENDPOINT="/registrations"
    )
    form = english.soup("/en/trainings/seminar/register/2026-07-01T0900/").find("form", class_="offer-form")
    assert form["action"] == "/registrations" and form.find(attrs={"name": "lang"})["value"] == "en"
    assert form.find("label", attrs={"for": "reg-p1-name"}).get_text(" ", strip=True) == "Name (required)"
    assert form.select_one("details.offer-form__more-people summary").get_text(" ", strip=True) == (
        "Further participants (up to 8 in all)"
    )


def test_bad_booking_settings_fail_the_build_with_a_clear_message(build_site, capsys):
    site = build_site(
        {"de/offers/seminar.md": OFFER},
        TRAINING_OFFERS_TODAY="2026-01-01",
        REGISTRATIONS_ENDPOINT="javascript:alert(1)",
        TRAINING_OFFERS_SOON_DAYS="zwei Wochen",
    )
    assert not site.report.ok
    assert any(
        e.startswith("pelicanconf.py: REGISTRATIONS_ENDPOINT 'javascript:alert(1)' is not an address")
        for e in site.report.errors
    )
    assert (
        "pelicanconf.py: TRAINING_OFFERS_SOON_DAYS 'zwei Wochen' is not a number of days (e.g. TRAINING_OFFERS_SOON_DAYS = 14)"
        in site.report.errors
    )
    assert "Traceback" not in capsys.readouterr().err


class Intake(BaseHTTPRequestHandler):
    answer = b""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = self.answer if self.path == "/availability" else b"{}"
        self.send_response(200 if self.path == "/availability" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def intake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Intake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_seats_as_of_the_build_come_from_the_intake(build_site, intake):
    Intake.answer = json.dumps(
        {
            "sessions": [
                {"offer": "seminar", "session": "2026-06-01T09:00", "max": 8, "confirmed": 8, "waitlist": 3},
                {"offer": "seminar", "session": "2026-07-01T09:00", "max": 8, "confirmed": 6, "waitlist": 0},
            ]
        }
    ).encode()
    site = build_site({"de/offers/seminar.md": OFFER}, TRAINING_OFFERS_TODAY="2026-01-01", INTAKE_URL=intake)
    assert site.report.ok and site.report.notices == []
    badges = [b.get_text() for b in site.soup("/trainings/seminar/").select(".offer-session .offer-badge")]
    assert badges == ["Ausgebucht – Warteliste", "Wenige Plätze (2)"]
    availability = [i["offers"]["availability"] for i in json_ld(site.soup("/trainings/seminar/"))["hasCourseInstance"]]
    assert availability == ["https://schema.org/SoldOut", "https://schema.org/LimitedAvailability"]


def test_an_unreachable_intake_is_one_notice_and_the_offer_files_seats_are_shown(build_site, intake):
    Intake.answer = b"not json"
    site = build_site(
        {"de/offers/seminar.md": OFFER, "en/offers/seminar.md": OFFER},
        TRAINING_OFFERS_TODAY="2026-01-01",
        INTAKE_URL=intake,
    )
    assert site.report.ok, site.report.errors
    assert site.report.warnings == [] or not [w for w in site.report.warnings if "availability" in w]
    notices = [n for n in site.report.notices if "availability" in n]
    assert len(notices) == 1 and notices[0].startswith(f"INTAKE_URL: the intake's availability {intake}/availability")
    badges = [b.get_text() for b in site.soup("/trainings/seminar/").select(".offer-session .offer-badge")]
    assert badges == ["Noch 6 Plätze frei", "Plätze frei"]


def test_a_session_starting_soon_with_seats_free_is_a_notice(build_site):
    site = build_site({"de/offers/seminar.md": OFFER}, TRAINING_OFFERS_TODAY="2026-05-25")
    assert site.report.ok
    assert [n for n in site.report.notices if "starts in 7 days and is not full, 6 seats left" in n]


@pytest.mark.parametrize("today", ["2027-11-22", "2028-11-22"])  # a year ahead; and every sample date passed
def test_a_publish_a_year_after_the_sample_date_succeeds_and_reports_its_notices(tmp_path, today):
    notices = tmp_path / "build-notices.md"
    environment = {
        **os.environ,
        "SITE_TODAY": today,
        "SITEURL": "https://www.albrecht-kommunikation.example",
        "BUILD_NOTICES_FILE": str(notices),
    }
    environment.pop("INTAKE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitebuild",
            "--settings",
            "publishconf.py",
            "--strict",
            "--jobs",
            "1",
            "--output",
            str(tmp_path / "output"),
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "notice(s)" in done.stderr and "notice: " in done.stderr
    report = notices.read_text(encoding="utf-8")
    assert report.startswith("## Hinweise aus dem Build")  # in the office's language (OFFICE_LANG)
    assert "content/de/offers/workshop-digitale-kundeninteraktion.md" in report
    videocall = "„Verkaufen im Videocall“ hat keinen kommenden Termin"
    assert (videocall in report) == (today > "2028-02-15")
    if today > "2028-03-08":  # the callouts of posts name offers whose dates all passed: notices, never warnings
        assert (
            "verweist auf „Kommunikationstraining für Vertriebsteams“, das keinen kommenden Termin hat; "
            "der Hinweis nennt „Termine auf Anfrage“. Beitrag: content/de/posts/warum-kommunikationstraining.md"
        ) in report
    page = (tmp_path / "output" / "trainings" / "kommunikationstraining-vertrieb" / "index.html").read_text(
        encoding="utf-8"
    )
    box = page.split('id="termine"', 1)[1].split("</section>", 1)[0]
    assert "2027-03-09" not in box and ("Termine auf Anfrage" in box) == (today > "2028-03-08")


def test_each_language_lists_its_upcoming_sessions_for_the_intake(sample_site):
    german = json.loads(sample_site.text("/trainings/sessions.json"))["sessions"]
    english = json.loads(sample_site.text("/en/trainings/sessions.json"))["sessions"]
    first = next(s for s in german if s["offer"] == "kommunikationstraining-vertrieb")
    assert first == {
        "offer": "kommunikationstraining-vertrieb",
        "session": "2027-03-09T09:00",
        "end": "2027-03-10T17:00",
        "lang": "de",
        "title": "Kommunikationstraining für Vertriebsteams",
        "url": "/trainings/kommunikationstraining-vertrieb/",
        "max": 12,
        "status": "scheduled",
        "cancel_days": 28,  # the offer's cancellation_days: the intake's deadline for the cancel link
        "seats_left": 4,  # the offer file's seats_left: the other 8 seats are taken elsewhere
        "booked_out": False,
        "location": "Hamburg, Tagungshaus am Hafen",  # the review step names the place
        "online": False,
        "join_info_with": "reminder",
        "reminders": [7, 1],  # the offer's reminder mails, days before the start
        "trainer": "Maren Albrecht",  # for the certificates of attendance
        "price": "1.416,10\u00a0€ inkl. 19\u00a0% MwSt. pro Person",  # the page's price: gross where consumers book
        "included": [
            "Seminarunterlagen und Fotoprotokoll",
            "Mittagessen, Getränke und Pausenverpflegung an beiden Tagen",
            "Teilnahmebescheinigung",
        ],
        "duration": "2 Tage, jeweils 9:00–17:00 Uhr",
        # the price as the file writes it, the terms the registration page links: the intake's review step
        "offer_price": {"amount": "1190", "currency": "EUR", "vat": "net", "vat_rate": "19", "unit": "person"},
        "terms_version": "2026-12-07",
    }
    # each language's file carries that language's terms of participation
    terms = json.loads(sample_site.text("/trainings/sessions.json"))["terms"]
    assert list(terms) == ["de"] and (terms["de"]["version"], terms["de"]["url"]) == (
        "2026-12-07",
        "/teilnahmebedingungen/",
    )
    assert "Zahlungspflichtig anmelden" in terms["de"]["text"] and "<" not in terms["de"]["text"]
    english_terms = json.loads(sample_site.text("/en/trainings/sessions.json"))["terms"]
    assert list(english_terms) == ["en"] and english_terms["en"]["url"] == "/en/terms/"
    assert "<" not in english_terms["en"]["text"] and english_terms["en"]["text"] != terms["de"]["text"]
    assert all("reminders" not in s for s in german if s["offer"] == "verkaufen-im-videocall")  # the intake's default
    english_first = next(s for s in english if (s["offer"], s["session"]) == (first["offer"], first["session"]))
    assert english_first["title"] == "Communication Training for Sales Teams"
    assert english_first["price"] == "€1,416.10 incl. 19% VAT per person"
    assert english_first["included"][-1] == "Certificate of attendance"
    assert english_first["duration"] == "2 days, 9 am to 5 pm"  # each language's own duration
    language_words = ("lang", "title", "url", "price", "included", "duration", "terms_version")  # terms: per language
    facts = [{k: v for k, v in s.items() if k not in language_words} for s in german]
    assert facts == [{k: v for k, v in s.items() if k not in language_words} for s in english]  # one set of facts
    assert all(s["session"] >= "2026-11-22" for s in german + english)  # upcoming only (SAMPLE_TODAY)
    assert {s["lang"] for s in english} == {"en"}
    assert {(s["offer"], s["session"]) for s in english} == {(s["offer"], s["session"]) for s in german}
    assert all(sample_site.exists(s["url"]) for s in german + english)
    assert "@" not in sample_site.text("/trainings/sessions.json")  # no registration address, nothing private
    in_parts = [s for s in german if "parts" in s]  # the sample has one session held in modules
    assert in_parts and all(len(s["parts"]) > 1 and s["parts"][0]["start"] == s["session"] for s in in_parts)


def test_the_intake_reads_the_sessions_the_build_lists(sample_site):
    from intake.registrations.rules import parse_sessions

    text = sample_site.text("/trainings/sessions.json")
    listed = json.loads(text)["sessions"]
    known = parse_sessions(text, sample_site.text("/en/trainings/sessions.json"))  # every language it knows
    assert set(known) == {(s["offer"], s["session"]) for s in listed}
    first = known[("kommunikationstraining-vertrieb", "2027-03-09T09:00")]
    assert first.max == 12 and first.titles["de"] == "Kommunikationstraining für Vertriebsteams"
    assert first.titles["en"] == "Communication Training for Sales Teams"
    assert first.urls["en"] == "/en/trainings/communication-training-sales/"
    assert first.seats_left == 4 and first.seats == 4 and first.cancel_days == 28 and first.reminders == (7, 1)
    assert first.trainer == "Maren Albrecht" and first.durations["de"] == "2 Tage, jeweils 9:00–17:00 Uhr"
    in_parts = next(s for s in listed if "parts" in s)
    assert len(known[(in_parts["offer"], in_parts["session"])].parts) == len(in_parts["parts"])


def alternates_of(soup) -> tuple[dict, dict]:
    """hreflang -> href of the head's alternates, and the language switch's links."""
    head = {link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate][hreflang]")}
    switch = {a["hreflang"]: a["href"] for a in soup.select(".lang-switch a")}
    return head, switch


def test_a_registration_page_links_the_same_sessions_registration_in_the_other_language(sample_site):
    head, switch = alternates_of(sample_site.soup(f"{OFFER_DE}anmeldung/2027-03-09T0900/"))
    assert head["en"].endswith(f"{OFFER_EN}register/2027-03-09T0900/") and switch["en"] == head["en"]
    head, switch = alternates_of(sample_site.soup(f"{OFFER_EN}register/2028-03-07T0900/"))
    assert head["de"].endswith(f"{OFFER_DE}anmeldung/2028-03-07T0900/") and switch["de"] == head["de"]
    head, switch = alternates_of(sample_site.soup(f"{WORKSHOP_DE}anfrage/"))
    assert head["en"].endswith(f"{WORKSHOP_EN}enquiry/") and switch["en"] == head["en"]
    head, _ = alternates_of(sample_site.soup(OFFER_DE))  # the offer page itself still links the offer page
    assert head["en"].endswith(OFFER_EN)


def test_a_translation_shares_the_sessions_and_each_registration_links_its_translation(build_site):
    english = OFFER.replace('title: "Ein <Seminar> & mehr"', "title: A seminar").split("sessions:\n", 1)[0] + "---\n"
    site = build_site(
        {"de/offers/seminar.md": OFFER, "en/offers/seminar.md": english}, TRAINING_OFFERS_TODAY="2026-01-01"
    )
    assert site.report.ok, site.report.errors
    for session in ("2026-06-01T0900", "2026-07-01T0900"):
        head, switch = alternates_of(site.soup(f"/trainings/seminar/anmeldung/{session}/"))
        assert head["en"].endswith(f"/en/trainings/seminar/register/{session}/") and switch["en"] == head["en"]
        head, _ = alternates_of(site.soup(f"/en/trainings/seminar/register/{session}/"))
        assert head["de"].endswith(f"/trainings/seminar/anmeldung/{session}/")


def test_an_offer_for_businesses_only_states_its_net_price_and_asks_for_the_company(build_site):
    business = OFFER.replace("min_participants: 2", "min_participants: 2\nbuyers: business\nvat_rate: 7")
    site = build_site(
        {"de/offers/seminar.md": business},
        TRAINING_OFFERS_TODAY="2026-01-01",
        REGISTRATIONS_ENDPOINT="https://intake.example/registrations",
    )
    assert site.report.ok, site.report.errors
    price = site.soup("/trainings/seminar/").select_one(".offer-facts__price").get_text(" ", strip=True)
    assert price == "990\u00a0€ zzgl. 7\u00a0% MwSt. pauschal pro Gruppe (nur für Unternehmen)"
    form = site.soup("/trainings/seminar/anmeldung/2026-06-01T0900/").find("form", class_="offer-form")
    assert [(i["type"], i["value"]) for i in form.find_all("input", attrs={"name": "buyer"})] == [
        ("hidden", "business")
    ]
    assert form.find(attrs={"name": "company"}).has_attr("required")
    assert "(Pflichtfeld)" in form.find("label", attrs={"for": "reg-company"}).get_text()
    assert "nur an Unternehmen" in form.select_one(".offer-form__buyers").get_text()
    entry = json.loads(site.text("/trainings/sessions.json"))["sessions"][0]
    assert (entry["buyers"], entry["offer_price"]["vat_rate"]) == ("business", "7")
    wrong = build_site(
        {
            "de/offers/seminar.md": OFFER.replace(
                "min_participants: 2", "min_participants: 2\nbuyers: firms\nvat_rate: 19 Prozent"
            )
        }
    )
    assert not wrong.report.ok
    assert any("`buyers` must be all or business, not 'firms'" in e for e in wrong.report.errors)
    assert any("`vat_rate` must be a percentage from 0 to 100" in e and "seminar.md:" in e for e in wrong.report.errors)
