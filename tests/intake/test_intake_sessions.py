"""One set of facts per session, from the built site to the intake's answer: the seat table
(capacity, seats_left, booked_out, intake registrations) on both stores, where the page, the
built sessions.json, the registration form and the intake agree; a 30-way race against
seats_left; an English registration answered, mailed and calendared in English while the
office's mail stays German."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import icalendar
import pytest
from conftest import SITE
from sitetest import build_into, write_content

from intake import store

OFFICE = "office@example.org"
TODAY = "2027-01-01"
JOIN_URL = "https://meet.example.org/room-42"
ENDPOINT = "http://127.0.0.1:8081/registrations"  # the forms' action (the tests post to the intake they started)

SEMINAR_DE = """\
---
offer: seminar
title: Ein Seminar für Vertriebsteams
slug: ein-seminar
summary: Kurz gesagt.
format: praesenz
duration: 2 Tage
audience: Alle
goals: [Lernen]
trainer: Maren Albrecht
price: {amount: 990, currency: EUR, vat: net, unit: person}
included: [Seminarunterlagen, Mittagessen an beiden Tagen]
cancellation_days: 28
min_participants: 2
max_participants: 4
registration: https://anmeldung.example/seminar
sessions:
  - {start: 2027-03-01 09:00, end: 2027-03-01 17:00, location: Hamburg}
  - {start: 2027-03-02 09:00, end: 2027-03-02 17:00, location: Hamburg}
  - {start: 2027-03-03 09:00, end: 2027-03-03 17:00, location: Hamburg, seats_left: 2}
  - {start: 2027-03-04 09:00, end: 2027-03-04 17:00, location: Hamburg, seats_left: 2}
  - {start: 2027-03-05 09:00, end: 2027-03-05 17:00, location: Hamburg, seats_left: 0}
  - {start: 2027-03-08 09:00, end: 2027-03-08 17:00, location: Hamburg, seats_left: 3, booked_out: true}
  - {start: 2027-03-09 09:00, end: 2027-03-10 17:00, location: "Hamburg, Tagungshaus am Hafen"}
---

Worum es geht.
"""

SEMINAR_EN = """\
---
offer: seminar
title: A Seminar for Sales Teams
slug: a-seminar
summary: In short.
format: praesenz
duration: 2 days
audience: Everyone
goals: [Learning]
trainer: Maren Albrecht
price: {amount: 990, currency: EUR, vat: net, unit: person}
included: [Course materials, Lunch on both days]
cancellation_days: 28
min_participants: 2
max_participants: 4
registration: https://anmeldung.example/seminar
---

What it is about.
"""

ONLINE_DE = f"""\
---
offer: videocall
title: Verkaufen im Videocall
slug: videocall
summary: Zwei Module.
format: online
duration: 2 Module
audience: Alle
goals: [Lernen]
trainer: Jonas Weber
price: {{amount: 590, currency: EUR, vat: gross}}
min_participants: 2
max_participants: 12
registration: https://anmeldung.example/videocall
sessions:
  - parts:
      - {{start: 2027-06-08 09:00, end: 2027-06-08 12:30}}
      - {{start: 2027-06-15 09:00, end: 2027-06-15 12:30}}
    location: online
    seats_left: 4
    join_url: {JOIN_URL}
    join_info_with: confirmation
  - parts:
      - {{start: 2027-07-06 09:00, end: 2027-07-06 12:30}}
      - {{start: 2027-07-13 09:00, end: 2027-07-13 12:30}}
    location: online
---

Worum es geht.
"""

# capacity, seats_left, booked_out, intake registrations -> seats still free (what the page shows,
# what the form says and what the intake confirms)
SEAT_TABLE = [
    ("2027-03-01T09:00", 4, None, False, 0, 4),
    ("2027-03-02T09:00", 4, None, False, 3, 1),
    ("2027-03-03T09:00", 4, 2, False, 0, 2),
    ("2027-03-04T09:00", 4, 2, False, 2, 0),
    ("2027-03-05T09:00", 4, 0, False, 0, 0),
    ("2027-03-08T09:00", 4, 3, True, 0, 0),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site as the build writes it, once for the module: its sessions.json of each language."""
    root = tmp_path_factory.mktemp("site")
    files = {
        "de/offers/ein-seminar.md": SEMINAR_DE,
        "en/offers/a-seminar.md": SEMINAR_EN,
        "de/offers/videocall.md": ONLINE_DE,
    }
    content = write_content(root, files)
    built = build_into(root / "output", PATH=str(content), TRAINING_OFFERS_TODAY=TODAY, REGISTRATIONS_ENDPOINT=ENDPOINT)
    assert built.report.ok, built.report.errors
    return built, content


def offers_setting(built) -> str:
    return f"{built.path('/trainings/sessions.json')},{built.path('/en/trainings/sessions.json')}"


def form_of(built, url: str, **fields) -> dict:
    """The fields the registration page's form sends, filled in as a reader would."""
    form = built.soup(url).select_one("form.offer-form")
    sent = {i["name"]: i.get("value", "") for i in form.select("input[name]") if i.get("type") != "checkbox"}
    sent.update({"name": "Erika Muster", "email": "erika@example.org", "consent": "yes"})
    sent.update({"participant_1_name": "Erika Muster"})  # the booker attends: one seat
    sent.update({"buyer": "business", "billing_address": "Hauptstr. 1, 10115 Berlin", "step": "final"})  # as a business
    sent.update(fields)
    return sent


def register(intake, form: dict, client: str) -> httpx.Response:
    return httpx.post(intake.url + "/registrations", data=form, headers={"X-Forwarded-For": client}, timeout=60)


def seat_form(session: str, lang: str = "de", **fields) -> dict:
    return {
        "offer": "seminar",
        "session": session,
        "lang": lang,
        "name": "Erika Muster",
        "email": "erika@example.org",
        "participants": "1",
        "consent": "yes",
        **fields,
    }


def seats_shown(badge: str) -> int | None:
    numbers = re.findall(r"\d+", badge)
    return int(numbers[-1]) if numbers else None


def test_page_sessions_json_form_and_intake_agree_on_the_seats(site, start_intake, tmp_path):
    built, content = site
    intake = start_intake(offers=offers_setting(built), office=(OFFICE,), rate_limit=0)
    for number, (session, *_, registrations, _free) in enumerate(SEAT_TABLE):
        for person in range(registrations):
            form = seat_form(session, email=f"p{number}-{person}@example.org")
            assert "status=confirmed" in register(intake, form, f"10.9.{number}.{person}").headers["location"]
    live = build_into(
        tmp_path / "live",
        PATH=str(content),
        TRAINING_OFFERS_TODAY=TODAY,
        REGISTRATIONS_ENDPOINT=ENDPOINT,
        INTAKE_URL=intake.url,
    )
    assert live.report.ok, live.report.errors
    listed = {s["session"]: s for s in json.loads(live.text("/trainings/sessions.json"))["sessions"]}
    offer_page = live.soup("/trainings/ein-seminar/")
    for session, capacity, seats_left, booked_out, _registrations, free in SEAT_TABLE:
        row = f"{session}: {free} free"
        assert (listed[session]["max"], listed[session].get("seats_left"), listed[session]["booked_out"]) == (
            capacity,
            seats_left,
            booked_out or seats_left == 0,
        ), row  # the file's facts, not the live count (the intake subtracts its own registrations)
        [item] = [li for li in offer_page.select(".offer-session") if li.time["datetime"].startswith(session)]
        badge = item.select_one(".offer-badge").get_text(" ", strip=True)
        assert ("Ausgebucht" in badge) == (free == 0), (row, badge)
        shown = seats_shown(badge)  # no number: booked out, or every seat free ("Plätze frei")
        assert shown == free if shown is not None else free in (0, capacity), (row, badge)
        form_page = live.soup(f"/trainings/ein-seminar/anmeldung/{session.replace(':', '')}/")
        button = form_page.select_one(".offer-form__submit").get_text(strip=True)
        assert button == "Weiter zur Übersicht", (row, button)  # the review step says confirmed or waiting list
        answer = register(intake, seat_form(session, email="noch-eine@example.org"), "10.9.99.1")
        assert f"status={'confirmed' if free else 'waitlist'}" in answer.headers["location"], row
    availability = {s["session"]: s for s in httpx.get(intake.url + "/availability").json()["sessions"]}
    assert availability["2027-03-04T09:00"] == {
        "offer": "seminar",
        "session": "2027-03-04T09:00",
        "max": 2,  # the seats of the intake: capacity 4, two taken elsewhere
        "confirmed": 2,
        "waitlist": 1,
    }


def test_thirty_at_once_never_get_more_than_seats_left(site, start_intake):
    built, _ = site
    intake = start_intake(offers=offers_setting(built), rate_limit=0)
    forms = [{**seat_form("2027-06-08T09:00", email=f"p{i}@example.org"), "offer": "videocall"} for i in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(lambda i: register(intake, forms[i], f"10.8.0.{i}"), range(30)))
    assert [a.status_code for a in answers] == [303] * 30
    with store.reading(intake.engine) as conn:
        statuses = [r["status"] for r in store.all_registrations(conn)]
    assert (statuses.count("confirmed"), statuses.count("waitlist")) == (4, 26)  # capacity 12, seats_left 4
    mails = intake.mailbox.wait_for(30)
    confirmation = next(m for m in mails if "bestätigt" in m["Subject"])
    text = confirmation.get_body(("plain",)).get_content()
    assert f"Ihr Zugangslink: {JOIN_URL}" in text  # join_info_with: confirmation
    assert "Di., 8. Juni 2027, 09:00–12:30 Uhr" in text and "Di., 15. Juni 2027, 09:00–12:30 Uhr" in text
    assert "Preis: 590\u00a0€ inkl. 19\u00a0% MwSt. pro Person" in text
    [attachment] = list(confirmation.iter_attachments())
    events = icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
    assert [str(e.decoded("dtstart"))[:10] for e in events] == ["2027-06-08", "2027-06-15"]  # one per module
    assert all(str(e["LOCATION"]) == f"Online: {JOIN_URL}" for e in events)


def test_an_english_registration_is_answered_mailed_and_calendared_in_english(site, start_intake):
    built, _ = site
    intake = start_intake(offers=offers_setting(built), office=(OFFICE,), rate_limit=0)
    page = "/en/trainings/a-seminar/register/2027-03-09T0900/"
    assert built.soup(page).html["lang"] == "en"
    form = form_of(built, page, name="Jane Doe", email="jane@example.org", company="Doe Ltd")
    assert (form["offer"], form["session"], form["lang"]) == ("seminar", "2027-03-09T09:00", "en")
    answer = register(intake, form, "10.7.0.1")
    assert answer.status_code == 303 and "status=confirmed" in answer.headers["location"]
    done = httpx.get(intake.url + answer.headers["location"])
    assert "Your registration is confirmed" in done.text and "A Seminar for Sales Teams" in done.text
    assert f'href="{SITE}/en/trainings/a-seminar/"' in done.text
    with store.reading(intake.engine) as conn:
        [row] = store.all_registrations(conn)
    assert row["lang"] == "en"

    mails = intake.mailbox.wait_for(2)
    [mail] = [m for m in mails if m["To"] == "jane@example.org"]
    assert mail["Subject"] == "Registration confirmed: A Seminar for Sales Teams"
    text = mail.get_body(("plain",)).get_content()
    for line in (
        "Hello Jane Doe,",
        "Dates:",
        "  – Tue 9 March 2027, 09:00–17:00",
        "  – Wed 10 March 2027, 09:00–17:00",
        "Place: Hamburg, Tagungshaus am Hafen",
        "Price: €1,178.10 incl. 19% VAT per person",  # the page's price: gross where consumers may book
        "Total price: €990.00 net plus 19% VAT (€188.10) = €1,178.10",  # the contract's part (a business)
        "  – Course materials",
        "  – Lunch on both days",
        f"Offer: {SITE}/en/trainings/a-seminar/",
    ):
        assert line in text, (line, text)
    assert "/registrations/cancel/" in text and "Seminarunterlagen" not in text and "Uhr" not in text
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar" and attachment.get_content_charset() == "utf-8"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    events = calendar.walk("VEVENT")
    assert [(str(e.decoded("dtstart")), str(e.decoded("dtend"))) for e in events] == [
        ("2027-03-09 09:00:00+01:00", "2027-03-09 17:00:00+01:00"),
        ("2027-03-10 09:00:00+01:00", "2027-03-10 17:00:00+01:00"),
    ]
    for event in events:
        assert str(event["LOCATION"]) == "Hamburg, Tagungshaus am Hafen"
        assert str(event["URL"]) == f"{SITE}/en/trainings/a-seminar/"
        assert "Tue 9 March 2027, 09:00–17:00" in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]).startswith("A Seminar for Sales Teams")

    [office] = [m for m in mails if m["To"] == OFFICE]
    office_text = office.get_body(("plain",)).get_content()
    assert "Ein Seminar für Vertriebsteams" in office["Subject"] and "(bestätigt)" in office["Subject"]
    assert "Status:        bestätigt" in office_text and "Sprache:       Englisch" in office_text
    assert "Belegt über die Anmeldung: 1 von 4 Plätzen" in office_text
    assert re.search(
        r"Bearbeiten im Büro: http://127\.0\.0\.1:\d+/office/trainings/session\?offer=seminar&session=2027-03-09T09%3A00\r?\n",
        office_text,
    )  # the session's page at the desk, no make
    assert not re.search(r"\b(confirmed|waitlist|unbegrenzt)\b", office_text + office["Subject"])


def test_a_german_online_registration_says_the_link_follows_and_a_cancellation_no_unlimited_seats(site, start_intake):
    built, _ = site
    intake = start_intake(offers=offers_setting(built), office=(OFFICE,), rate_limit=0)
    form = {**seat_form("2027-07-06T09:00"), "offer": "videocall"}
    assert "status=confirmed" in register(intake, form, "10.6.0.1").headers["location"]
    mails = intake.mailbox.wait_for(2)
    [mail] = [m for m in mails if m["To"] == "erika@example.org"]
    text = mail.get_body(("plain",)).get_content()
    assert "Den Zugangslink schicken wir Ihnen mit der Erinnerung vor dem Termin." in text
    assert "Di., 6. Juli 2027, 09:00–12:30 Uhr" in text and "Di., 13. Juli 2027, 09:00–12:30 Uhr" in text
    assert JOIN_URL not in text
    cancel_url = re.search(r"http://\S+/registrations/cancel/\S+", text)[0]
    assert httpx.post(cancel_url).status_code == 200
    office = [m for m in intake.mailbox.wait_for(4) if m["To"] == OFFICE][-1]
    office_text = office.get_body(("plain",)).get_content()
    assert "Storniert" in office_text and "unbegrenzt" not in office_text
    assert "Belegt über die Anmeldung: 0 von 12 Plätzen" in office_text
