"""Group bookings name each participant, against the real intake on both stores: the rows of the
form (problems named by the row, in the reader's language), the review listing them with the
total, the seats counting them, the mails and the export, the booker's page of the signed link
naming a seat or a substitute until the session starts (mails to booker, person and office read
from a real SMTP server), and a participant's address exported, forgotten and purged."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from conftest import ADMIN, OFFER, SESSION

from intake import privacy, store
from intake.registrations.rules import fingerprint as rules_fingerprint
from office_client.registrations import registrations_csv

AUTH = {"Authorization": f"Bearer {ADMIN}"}
OFFICE = "office@example.org"
STARTED = (datetime.now(ZoneInfo("Europe/Berlin")) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")


def session(start: str, lang: str, **facts) -> dict:
    title, url = {
        "de": ("Kommunikationstraining Vertrieb", f"/trainings/{OFFER}/"),
        "en": ("Sales communication", "/en/trainings/sales-communication/"),
    }[lang]
    return {
        "offer": OFFER,
        "session": start,
        "end": start[:11] + "17:00",
        "lang": lang,
        "title": title,
        "url": url,
        "max": 4,
        "status": "scheduled",
        "location": "Hamburg, Tagungshaus am Hafen",
        "offer_price": {"amount": "1000", "currency": "EUR", "vat": "net", "vat_rate": "19", "unit": "person"},
        **facts,
    }


@pytest.fixture
def group_intake(start_intake, tmp_path):
    """The intake with a priced session of four seats (both languages) and one that has started."""
    path = tmp_path / "group-sessions.json"
    sessions = [session(start, lang) for start in (SESSION, STARTED) for lang in ("de", "en")]
    path.write_text(json.dumps({"sessions": sessions}), encoding="utf-8")
    return start_intake(offers=str(path), office=(OFFICE,), rate_limit=0, business="Albrecht Kommunikationsberatung")


def form(*people: tuple[str, str], **fields) -> dict:
    """The site's form filled in by a booker who names *people* (name, e-mail) in the rows."""
    rows = {}
    for position, (name, email) in enumerate(people, start=1):
        rows[f"participant_{position}_name"], rows[f"participant_{position}_email"] = name, email
    return {
        "offer": OFFER,
        "session": SESSION,
        "lang": "de",
        "step": "final",
        "name": "Erika Booker",
        "email": "booker@example.org",
        "buyer": "business",
        "company": "Muster GmbH",
        "billing_address": "Muster GmbH\nHauptstr. 1\n10115 Berlin",
        "consent": "yes",
        **rows,
        **fields,
    }


def post(intake, data: dict, path: str = "/registrations", **headers) -> httpx.Response:
    return httpx.post(intake.url + path, data=data, headers=headers, timeout=30)


def people_of(intake, registration_id: str) -> list[tuple[int, str, str]]:
    with store.reading(intake.engine) as conn:
        found = store.participants_of(conn, [registration_id]).get(registration_id, [])
    return [(p["position"], p["name"], p["email"]) for p in found]


def registrations(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return sorted(store.all_registrations(conn), key=lambda r: r["created_at"])


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def booking_link(message) -> str:
    return re.search(r"http://\S+/registrations/cancel/\S+", text_of(message))[0]


def test_a_group_names_each_person_who_take_the_seats_and_are_listed_in_mails_and_export(group_intake):
    # the review lists the people and prices them all; problems name the row, in the reader's language
    people = [("Anna Berg", "anna@example.org"), ("=HYPERLINK(1)", ""), ("Cem Kaya", "")]
    review = post(group_intake, form(*people, *[("", "")] * 7, step="review"))  # all ten rows, as the page sends
    page = BeautifulSoup(review.text, "html.parser")
    assert review.status_code == 200 and [li.get_text() for li in page.select("dl.review ol.people li")] == [
        "Anna Berg (anna@example.org)",
        "=HYPERLINK(1)",
        "Cem Kaya",
    ]
    assert "3.000,00\u00a0€" in page.select_one(".review-price").get_text()  # 3 x 1.000 net for a business
    final = page.select("form")[1]
    carried = {i["name"]: i["value"] for i in final.find_all("input", type="hidden")}
    assert carried["participant_3_name"] == "Cem Kaya" and "participant_4_name" not in carried
    wrong = post(group_intake, form(("Anna Berg", ""), ("", "bert@example.org"), ("Cem", "cem@"), step="review"))
    assert wrong.status_code == 400
    problems = [li.get_text() for li in BeautifulSoup(wrong.text, "html.parser").select(".problems li")]
    assert problems == ["Teilnehmer/in 2: Name fehlt.", "Teilnehmer/in 3: Die E-Mail-Adresse ist ungültig."]
    refilled = BeautifulSoup(wrong.text, "html.parser")  # "Ändern" keeps every row, the further ones opened
    assert refilled.find("input", attrs={"name": "participant_2_email"})["value"] == "bert@example.org"
    assert refilled.select_one("details[open] #f-p3-email")["value"] == "cem@"
    english = post(group_intake, form(("", ""), lang="en", step="final"))
    assert english.status_code == 400 and "Participant 1: name missing." in english.text
    assert registrations(group_intake) == []

    # stored with the registration; the seats count the people named (4 seats: 3 + 1, then the waiting list)
    assert "status=confirmed" in post(group_intake, form(*people)).headers["location"]
    assert "status=confirmed" in post(group_intake, form(("Dora Ek", ""), email="dora@example.org")).headers["location"]
    assert "status=waitlist" in post(group_intake, form(("Emil Fo", ""), email="emil@example.org")).headers["location"]
    group, dora, emil = registrations(group_intake)
    assert [r["participants"] for r in (group, dora, emil)] == [3, 1, 1]
    assert people_of(group_intake, group["id"]) == [
        (1, "Anna Berg", "anna@example.org"),
        (2, "=HYPERLINK(1)", ""),
        (3, "Cem Kaya", ""),
    ]

    mails = group_intake.mailbox.wait_for(7)
    confirmation = text_of(next(m for m in mails if m["To"] == "booker@example.org"))
    (anna,) = [m for m in mails if m["To"] == "anna@example.org"]  # named with an address: told at once
    assert anna["Subject"].startswith("Ihr Platz: ") and "Guten Tag Anna Berg," in text_of(anna)
    assert "Erika Booker (Muster GmbH) hat Sie für" in text_of(anna) and "Ersatzperson" not in text_of(anna)
    assert any(part.get_filename() == "termin.ics" for part in anna.iter_attachments())
    assert "Teilnehmende:\n  1. Anna Berg <anna@example.org>\n  2. =HYPERLINK(1)\n  3. Cem Kaya\n" in confirmation
    assert "Teilnehmende oder eine Ersatzperson eintragen, stornieren:" in confirmation
    office = text_of(next(m for m in mails if m["To"] == OFFICE and "Erika Booker" in m["Subject"]))
    assert "Teilnehmende:  3\n  1. Anna Berg <anna@example.org>\n" in office

    listed = httpx.get(group_intake.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    assert listed[0]["people"][0] == {"name": "Anna Berg", "email": "anna@example.org"}
    exported = {
        r["id"]: r for r in csv.DictReader(io.StringIO(registrations_csv(listed).lstrip("\ufeff")), delimiter=";")
    }
    assert exported[group["id"]]["participant_names"] == "Anna Berg <anna@example.org>; =HYPERLINK(1); Cem Kaya"
    formula = [{**listed[0], "people": [{"name": "=HYPERLINK(1)", "email": ""}]}]  # a cell starting with it
    assert (
        next(csv.DictReader(io.StringIO(registrations_csv(formula).lstrip("\ufeff")), delimiter=";"))[
            "participant_names"
        ]
        == "'=HYPERLINK(1)"
    )


def test_the_booker_names_a_substitute_and_an_unnamed_seat_through_the_link(group_intake):
    # an English booking of two; and a booking from a page without rows: the booker and a seat to name
    post(group_intake, form(("Anna Berg", "anna@example.org"), ("Bert Cole", ""), lang="en"))
    post(group_intake, {**form(email="old@example.org", name="Olga Alt"), "participants": "2"})
    english, old = registrations(group_intake)
    assert people_of(group_intake, old["id"]) == [(1, "Olga Alt", "old@example.org"), (2, "", "")]
    mails = group_intake.mailbox.wait_for(5)
    link = booking_link(next(m for m in mails if m["To"] == "booker@example.org"))
    path = link.split(group_intake.url, 1)[1]

    page = BeautifulSoup(httpx.get(link).text, "html.parser")
    assert page.h1.get_text() == "Your registration"
    assert [legend.get_text() for legend in page.select("fieldset legend")] == [
        "Participant 1: Anna Berg",
        "Participant 2: Bert Cole",
    ]
    assert [b.get_text() for b in page.select("button")] == ["Name a substitute", "Name a substitute", "Yes, cancel"]
    people_action = page.select_one("form")["action"]

    # CSRF-safe without cookies: another site's form is refused; a wrong row is named in English
    change = {"position": "2", "name": "Dana Diaz", "email": "dana@example.org"}
    assert post(group_intake, change, people_action, Origin="https://evil.example").status_code == 403
    missing = post(group_intake, {**change, "name": " "}, people_action, Origin=group_intake.url)
    assert missing.status_code == 400 and "Participant 2: name missing." in missing.text
    assert post(group_intake, {**change, "position": "3"}, people_action).status_code == 400
    named = httpx.post(group_intake.url + people_action, data=change, headers={"Origin": group_intake.url})
    assert named.status_code == 303 and named.headers["location"] == f"{path}?named=2"
    saved = httpx.get(group_intake.url + named.headers["location"]).text
    assert "Saved: Dana Diaz takes seat 2." in saved
    assert people_of(group_intake, english["id"])[1] == (2, "Dana Diaz", "dana@example.org")

    mails = group_intake.mailbox.wait_for(8)  # 5 of the bookings (Anna's at once), 3 of the change
    to_booker = next(m for m in mails if "Participants changed" in m["Subject"])
    assert "seat 2 is now taken by Dana Diaz (instead of Bert Cole)" in text_of(to_booker)
    to_person = next(m for m in mails if m["To"] == "dana@example.org")
    assert to_person["Subject"] == "Your seat: Sales communication"
    assert "Erika Booker (Muster GmbH) has registered you for" in text_of(to_person)
    assert "as a substitute for Bert Cole" in text_of(to_person) and "Place: Hamburg" in text_of(to_person)
    [calendar] = list(to_person.iter_attachments())
    assert icalendar.Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")[0]["location"]
    to_office = next(m for m in mails if m["To"] == OFFICE and "Ersatzperson" in m["Subject"])
    assert "Platz 2: Dana Diaz <dana@example.org> (statt Bert Cole)" in text_of(to_office)
    with store.reading(group_intake.engine) as conn:
        audit = [(r["actor"], r["action"], r["subject"], r["detail"]) for r in store.audit_page(conn, 0, 10)[0]]
    assert ("registrant (link)", "participant_named", english["id"], "seat 2") in audit

    # the older booking's unnamed seat is named (German page, no earlier person)
    old_link = booking_link(next(m for m in mails if m["To"] == "old@example.org"))
    old_page = BeautifulSoup(httpx.get(old_link).text, "html.parser")
    assert old_page.h1.get_text() == "Ihre Anmeldung" and "(noch nicht benannt)" in old_page.get_text()
    assert [b.get_text() for b in old_page.select("button")][:2] == ["Ersatzperson eintragen", "Platz benennen"]
    action = old_page.select("form")[1]["action"]
    answer = post(group_intake, {"position": "2", "name": "Paul Neu", "email": ""}, action)
    assert answer.status_code == 303
    assert people_of(group_intake, old["id"]) == [(1, "Olga Alt", "old@example.org"), (2, "Paul Neu", "")]
    office = [m for m in group_intake.mailbox.wait_for(10) if m["To"] == OFFICE and "Platz benannt" in m["Subject"]]
    assert len(office) == 1 and "Platz 2: Paul Neu\n" in text_of(office[0])


def test_after_the_start_nobody_is_named_by_link(group_intake):
    post(group_intake, form(("Anna Berg", ""), session=STARTED))
    [row] = registrations(group_intake)
    link = booking_link(next(m for m in group_intake.mailbox.wait_for(2) if m["To"] == "booker@example.org"))
    shown = httpx.get(link)
    assert shown.status_code == 409 and "hat bereits begonnen" in shown.text and "<form" not in shown.text
    action = link.split(group_intake.url, 1)[1].replace("/cancel/", "/participants/")
    refused = post(group_intake, {"position": "1", "name": "Zoe Spät", "email": ""}, action)
    assert refused.status_code == 409 and "hat bereits begonnen" in refused.text
    assert people_of(group_intake, row["id"]) == [(1, "Anna Berg", "")]


def test_a_participants_address_is_exported_forgotten_and_purged_with_its_booking(group_intake):
    post(group_intake, form(("Anna Berg", "Anna@Example.org"), ("Bert Cole", "bert@example.org")))
    [row] = registrations(group_intake)
    summary = privacy.summary(group_intake.engine, "anna@example.org")
    assert summary["participants"] == 1 and summary["registrations"] == 0
    exported = json.loads(privacy.export(group_intake.engine, "anna@example.org"))
    assert [(p["name"], p["registration_id"]) for p in exported["participants"]] == [("Anna Berg", row["id"])]
    lines = privacy.forget(group_intake.engine, "ANNA@example.org")
    assert "1 participant name(s) blanked" in lines[0]
    assert people_of(group_intake, row["id"]) == [(1, "", ""), (2, "Bert Cole", "bert@example.org")]
    assert registrations(group_intake)[0]["participants"] == 2  # the seat stays booked

    with store.writing(group_intake.engine) as conn:
        if group_intake.engine.dialect.name == "sqlite":  # the cascade needs SQLite's foreign keys on
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        conn.execute(store.registrations.update().values(keep_until=datetime(2000, 1, 1)))
    privacy.purge(group_intake.engine, group_intake.settings)
    with store.reading(group_intake.engine) as conn:
        left = conn.execute(sa.select(sa.func.count()).select_from(store.participants)).scalar_one()
    assert registrations(group_intake) == [] and left == 0


def test_the_waiting_list_binds_nobody_and_the_accept_page_is_the_binding_step(group_intake):
    four = [("Anna Berg", ""), ("Bert Cole", ""), ("Cem Kaya", ""), ("Dora Ek", "")]
    assert "status=confirmed" in post(group_intake, form(*four)).headers["location"]  # every seat
    consumer = {"buyer": "consumer", "company": "", "email": "zoe@example.org", "name": "Zoe Wartend"}
    review = BeautifulSoup(post(group_intake, form(("Zoe Wartend", ""), step="review", **consumer)).text, "html.parser")
    assert [b.get_text() for b in review.select("button")] == ["Ändern", "Auf die Warteliste setzen"]
    assert "Zahlungspflichtig anmelden" not in review.select_one("form.review-final").get_text()
    assert "noch keine verbindliche Anmeldung" in review.get_text()
    final = {i["name"]: i["value"] for i in review.select("form.review-final input[type=hidden]")}
    assert final["intent"] == "waitlist" and "status=waitlist" in post(group_intake, final).headers["location"]

    group, zoe = registrations(group_intake)
    cancelled = httpx.post(
        group_intake.url + "/admin/registrations/decisions",
        headers=AUTH,
        json={"decisions": [{"id": group["id"], "decision": "cancel", "fingerprint": rules_fingerprint(group)}]},
    )
    assert cancelled.status_code == 200
    offer = next(m for m in group_intake.mailbox.wait_for(7) if "Ein Platz ist frei" in m["Subject"])
    assert "dort melden Sie sich zahlungspflichtig an" in text_of(offer)
    accept_url = re.search(r"http://\S+/registrations/accept/\S+", text_of(offer))[0]
    page = BeautifulSoup(httpx.get(accept_url).text, "html.parser")
    assert "Verbindlich wird Ihre Anmeldung erst" in page.get_text()
    assert "1.190,00\u00a0€" in page.select_one(".review-price").get_text()  # gross for a consumer
    assert page.find("h2", id="withdrawal-title") and [b.get_text() for b in page.select("button")] == [
        "Zahlungspflichtig anmelden"
    ]
    assert registrations(group_intake)[1]["status"] == "waitlist"  # opening the page binds nobody
    assert "Ihr Platz ist bestätigt" in httpx.post(accept_url).text
    assert registrations(group_intake)[1]["status"] == "confirmed"

    # a seat freed between the review and the button: still the waiting list, and the seat offered at once
    post(group_intake, {**final, "email": "yan@example.org", "name": "Yan Spät"})
    assert registrations(group_intake)[2]["status"] == "waitlist"
    assert any(
        m["To"] == "yan@example.org" and "Ein Platz ist frei" in m["Subject"] for m in group_intake.mailbox.wait_for(12)
    )
