"""Registrations against the real intake on both stores: seats under concurrency, the answer
pages, the mails through a real SMTP server (links followed, .ics read with icalendar), the
waiting list, availability and the office's admin API."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import httpx
import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import ADMIN, LATER, OFFER, SESSION, SITE

from intake import privacy, store
from intake.web import utcnow

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

AUTH = {"Authorization": f"Bearer {ADMIN}"}
OFFICE = "office@example.org"


def registration_form(**fields) -> dict:
    """A valid form as the site's registration page sends it."""
    form = {
        "offer": OFFER,
        "session": SESSION,
        "lang": "de",
        "name": "Erika Muster",
        "company": "Muster GmbH",
        "email": "erika@example.org",
        "phone": "+49 30 123456",
        "participants": "1",
        "billing_address": "Muster GmbH\nHauptstr. 1\n10115 Berlin",
        "message": "",
        "consent": "yes",
        "homepage": "",
    }
    form.update(fields)
    return form


def register(intake, form: dict | None = None, client: str = "10.0.0.1", **kwargs) -> httpx.Response:
    """POST /registrations from one (simulated) client address."""
    headers = {"X-Forwarded-For": client, **kwargs.pop("headers", {})}
    return httpx.post(
        intake.url + "/registrations",
        data=registration_form() if form is None else form,
        headers=headers,
        timeout=60,
        **kwargs,
    )


def stored(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return store.all_registrations(conn)


def links_in(message) -> list[str]:
    return re.findall(r"http://\S+", message.get_body(("plain",)).get_content())


@pytest.fixture
def booking(start_intake, sessions_file):
    """The intake with the list of sessions and an office address."""
    return start_intake(offers=sessions_file, office=(OFFICE,), rate_limit=0)


def test_thirty_registrations_at_once_for_three_seats_confirm_exactly_three(booking):
    forms = [registration_form(email=f"p{i}@example.org", name=f"Person {i}") for i in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(lambda f: register(booking, f, client=f"10.1.0.{forms.index(f)}"), forms))
    assert [a.status_code for a in answers] == [303] * 30
    statuses = [r["status"] for r in stored(booking)]
    assert (statuses.count("confirmed"), statuses.count("waitlist")) == (3, 27)
    locations = [a.headers["location"] for a in answers]
    assert sum("status=confirmed" in x for x in locations) == 3
    assert sum("status=waitlist" in x for x in locations) == 27


def test_confirmed_then_waiting_list_with_pages_in_the_readers_language(booking):
    first = register(booking, registration_form(participants="2", lang="en"))
    assert first.status_code == 303
    page = httpx.get(booking.url + first.headers["location"])
    assert page.status_code == 200 and "Your registration is confirmed" in page.text
    assert "<title>Your registration is confirmed · Registration</title>" in page.text
    assert f'href="{SITE}/en/trainings/sales-communication/"' in page.text
    days = BeautifulSoup(page.text, "html.parser").select_one("dl.review").get_text(" ", strip=True)
    assert days == "Dates Tue 9 March 2027, 09:00–17:00 Wed 10 March 2027, 09:00–17:00"  # both days, "Dates"
    second = register(booking, registration_form(participants="2", email="zwei@example.org"))
    page = httpx.get(booking.url + second.headers["location"])
    assert "Warteliste" in page.text and "ausgebucht" in page.text
    assert "Di., 9. März 2027, 09:00–17:00 Uhr" in BeautifulSoup(page.text, "html.parser").select_one("dl.review").text
    third = register(booking, registration_form(participants="1", email="drei@example.org"))
    assert "status=confirmed" in third.headers["location"]  # 3 seats - 2 confirmed >= 1
    assert [(r["participants"], r["status"]) for r in sorted(stored(booking), key=lambda r: r["created_at"])] == [
        (2, "confirmed"),
        (2, "waitlist"),
        (1, "confirmed"),
    ]


def test_an_enquiry_without_a_date_is_answered_we_will_get_back(booking):
    answer = register(booking, registration_form(offer="inhouse-workshop", session=""))
    assert answer.status_code == 303
    page = httpx.get(booking.url + answer.headers["location"])
    assert "Wir melden uns bei Ihnen" in page.text
    [row] = stored(booking)
    assert row["status"] == "enquiry" and row["session"] == ""


def test_invalid_input_gets_a_400_page_in_the_readers_language_with_input_escaped(booking):
    answer = register(
        booking,
        registration_form(lang="en", consent="", email="nope", participants="0", message="<script>alert(1)</script>"),
    )
    assert answer.status_code == 400
    assert "Please agree to the terms" in answer.text and "does not look valid" in answer.text
    assert "whole number from 1" in answer.text
    assert "<script>alert(1)</script>" not in answer.text and "&lt;script&gt;" in answer.text
    german = register(booking, registration_form(name=""))
    assert german.status_code == 400 and "Bitte geben Sie Ihren Namen an." in german.text
    unknown = register(booking, registration_form(session="2027-12-24T09:00"))
    assert unknown.status_code == 400 and "Diesen Termin gibt es" in unknown.text
    cancelled = register(booking, registration_form(session="2027-06-01T09:00"))
    assert cancelled.status_code == 400 and "abgesagt" in cancelled.text
    assert stored(booking) == []


def test_honeypot_origin_content_type_size_and_flood(start_intake, sessions_file):
    intake = start_intake(offers=sessions_file, office=(OFFICE,), rate_limit=3)
    assert register(intake, registration_form(homepage="http://spam.example")).status_code == 303
    [row] = stored(intake)
    assert row["status"] == "spam" and row["signals"]["honeypot"] is True
    foreign = register(intake, headers={"Origin": "http://evil.example"}, client="10.2.0.1")
    assert foreign.status_code == 403 and "Anmeldungen werden nur über das Formular" in foreign.text
    assert "Kommentar" not in foreign.text  # the page speaks of what the reader did
    assert (
        httpx.post(
            intake.url + "/registrations",
            content=b"{}",
            timeout=30,
            headers={"Content-Type": "application/json", "X-Forwarded-For": "10.2.0.2"},
        ).status_code
        == 415
    )
    big = register(intake, registration_form(message="x" * 70_000), client="10.2.0.3")
    assert big.status_code == 413
    flood = [register(intake, client="10.2.0.9") for _ in range(4)]
    assert [answer.status_code for answer in flood] == [303, 303, 303, 429]
    assert "Zu viele Anmeldungen" in flood[-1].text and "Kommentar" not in flood[-1].text
    in_english = register(intake, client="10.2.0.9", headers={"Accept-Language": "en"})
    assert in_english.status_code == 429 and "Too many registrations" in in_english.text
    assert len(stored(intake)) == 4
    intake.mailbox.wait_for(6)  # registrant + office for each of the three real ones; none for the honeypot
    assert all(m["To"] != "erika@example.org" or "Anmeldung" in m["Subject"] for m in intake.mailbox.messages)


def test_an_unreadable_list_of_sessions_keeps_the_registration_on_the_waiting_list(start_intake, tmp_path):
    intake = start_intake(offers=str(tmp_path / "missing.json"), office=(OFFICE,))
    answer = register(intake)
    assert answer.status_code == 303 and "status=waitlist" in answer.headers["location"]
    [row] = stored(intake)
    assert row["status"] == "waitlist" and row["signals"]["unknown_session"] is True
    office = next(m for m in intake.mailbox.wait_for(2) if m["To"] == OFFICE)
    assert "nicht lesbar" in office.get_content()


def test_availability_counts_participants_without_personal_data(booking):
    register(booking, registration_form(participants="2"))
    register(booking, registration_form(participants="2", email="b@example.org"))
    answer = httpx.get(booking.url + "/availability")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert answer.json() == {
        "sessions": [{"offer": OFFER, "session": SESSION, "max": 3, "confirmed": 2, "waitlist": 2}]
    }
    assert "example.org" not in answer.text


def test_mails_ics_cancel_link_and_the_waiting_list_takes_the_freed_seat(booking):
    register(booking, registration_form(participants="3", email="erste@example.org"))
    register(booking, registration_form(participants="2", email="wartet@example.org", lang="en"))
    mails = booking.mailbox.wait_for(4)
    confirmation = next(m for m in mails if m["To"] == "erste@example.org")
    assert "Anmeldung bestätigt" in confirmation["Subject"]
    [attachment] = list(confirmation.iter_attachments())
    assert attachment.get_filename() == "termin.ics" and attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    events = calendar.walk("VEVENT")
    assert [(str(e.decoded("dtstart")), str(e.decoded("dtend"))) for e in events] == [
        ("2027-03-09 09:00:00+01:00", "2027-03-09 17:00:00+01:00"),
        ("2027-03-10 09:00:00+01:00", "2027-03-10 17:00:00+01:00"),
    ]
    assert all(str(e["url"]) == f"{SITE}/trainings/kommunikationstraining-vertrieb/" for e in events)
    assert all(e["dtstart"].params["TZID"] == "Europe/Berlin" for e in events)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    waiting = next(m for m in mails if m["To"] == "wartet@example.org")
    assert "Waiting list" in waiting["Subject"] and not list(waiting.iter_attachments())
    office = [m for m in mails if m["To"] == OFFICE]
    assert len(office) == 2 and "erste@example.org" in office[0].get_content()

    cancel_url = next(link for link in links_in(confirmation) if "/registrations/cancel/" in link)
    page = httpx.get(cancel_url)
    assert page.status_code == 200 and '<form method="post"' in page.text
    assert {r["email"]: r["status"] for r in stored(booking)}["erste@example.org"] == "confirmed"
    done = httpx.post(cancel_url)
    assert done.status_code == 200 and "storniert" in done.text
    assert "schon storniert" in httpx.post(cancel_url).text
    mails = booking.mailbox.wait_for(7)  # + cancellation to the registrant, the office, the seat offer
    offer = next(m for m in mails if m["To"] == "wartet@example.org" and "seat is free" in m["Subject"])
    accept_url = next(link for link in links_in(offer) if "/registrations/accept/" in link)
    assert httpx.get(accept_url).status_code == 200
    assert {r["email"]: r["status"] for r in stored(booking)}["wartet@example.org"] == "waitlist"
    taken = httpx.post(accept_url)
    assert taken.status_code == 200 and "Your seat is confirmed" in taken.text
    assert {r["email"]: r["status"] for r in stored(booking)} == {
        "erste@example.org": "cancelled",
        "wartet@example.org": "confirmed",
    }
    mails = booking.mailbox.wait_for(9)
    confirmed = [m for m in mails if m["To"] == "wartet@example.org" and "confirmed" in m["Subject"]]
    assert len(confirmed) == 1 and list(confirmed[0].iter_attachments())
    assert "not (any more) on the waiting list" in httpx.post(accept_url).text


def test_a_forged_link_is_refused(booking):
    assert httpx.get(booking.url + "/registrations/cancel/" + "x" * 40).status_code == 400
    assert httpx.post(booking.url + "/registrations/accept/" + "x" * 40).status_code == 400


def test_admin_lists_and_decides_as_a_whole(booking):
    register(booking, registration_form(participants="3"))
    register(booking, registration_form(participants="1", email="b@example.org"))
    assert httpx.get(booking.url + "/admin/registrations").status_code == 401
    listed = httpx.get(booking.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    first, second = sorted(listed, key=lambda r: r["date"] + r["email"])
    assert {first["status"], second["status"]} == {"confirmed", "waitlist"}
    assert first["billing_address"] == "Muster GmbH\nHauptstr. 1\n10115 Berlin" and len(first["fingerprint"]) == 64
    waiting = next(r for r in listed if r["status"] == "waitlist")
    confirmed = next(r for r in listed if r["status"] == "confirmed")
    bad = {
        "decisions": [
            {"id": confirmed["id"], "decision": "cancel", "fingerprint": confirmed["fingerprint"]},
            {
                "id": waiting["id"],
                "decision": "move",
                "session": "2030-01-01T09:00",
                "fingerprint": waiting["fingerprint"],
            },
        ]
    }
    refused = httpx.post(booking.url + "/admin/registrations/decisions", json=bad, headers=AUTH)
    assert refused.status_code == 400 and "no session" in refused.json()["errors"][0]["message"]
    assert {r["status"] for r in stored(booking)} == {"confirmed", "waitlist"}  # nothing changed
    good = {
        "decisions": [
            {"id": confirmed["id"], "decision": "cancel", "fingerprint": confirmed["fingerprint"]},
            {"id": waiting["id"], "decision": "move", "session": LATER, "fingerprint": waiting["fingerprint"]},
        ]
    }
    answer = httpx.post(booking.url + "/admin/registrations/decisions", json=good, headers=AUTH)
    assert answer.status_code == 200 and answer.json() == {"confirm": 0, "cancel": 1, "move": 1, "unchanged": 0}
    rows = {r["id"]: r for r in stored(booking)}
    assert rows[confirmed["id"]]["status"] == "cancelled"
    assert (rows[waiting["id"]]["session"], rows[waiting["id"]]["status"]) == (LATER, "confirmed")
    stale = httpx.post(
        booking.url + "/admin/registrations/decisions",
        headers=AUTH,
        json={"decisions": [{"id": waiting["id"], "decision": "cancel", "fingerprint": waiting["fingerprint"]}]},
    )
    assert stale.status_code == 400 and "export again" in stale.json()["errors"][0]["message"]


def office_cli(intake, *args: str, cwd: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "INTAKE_URL": intake.url,
        "INTAKE_ADMIN_TOKEN": ADMIN,
    }
    return subprocess.run(
        [sys.executable, "-m", "office_client", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_office_exports_a_safe_csv_and_applies_its_decisions_as_a_whole(booking, tmp_path):
    register(booking, registration_form(participants="3", name='=HYPERLINK("http://evil")'))
    register(booking, registration_form(participants="1", email="b@example.org", name="Zweite"))
    exported = office_cli(booking, "registrations-export", cwd=str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    path = tmp_path / "moderation" / "registrations.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {"id", "offer", "session", "participants", "status", "name", "company", "email", "decision"} <= set(rows[0])
    first = next(r for r in rows if r["status"] == "confirmed")
    assert first["name"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text
    waiting = next(r for r in rows if r["status"] == "waitlist")
    first["decision"], waiting["decision"] = "stornieren", "move"
    waiting["move_to"] = "2031-01-01T09:00"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    refused = office_cli(booking, "registrations-apply", str(path), cwd=str(tmp_path))
    assert refused.returncode == 1 and "no session 2031-01-01T09:00" in refused.stderr
    assert {r["status"] for r in stored(booking)} == {"confirmed", "waitlist"}
    waiting["move_to"] = LATER
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    applied = office_cli(booking, "registrations-apply", str(path), cwd=str(tmp_path))
    assert applied.returncode == 0, applied.stderr
    assert "cancel: 1, move: 1" in applied.stdout
    assert sorted((r["session"], r["status"]) for r in stored(booking)) == [
        (SESSION, "cancelled"),
        (LATER, "confirmed"),
    ]


def test_registrations_are_purged_after_the_session_and_covered_by_export_and_forget(booking, store_url):
    register(booking, registration_form(email="alt@example.org"))
    register(booking, registration_form(email="neu@example.org"))
    keep = {r["email"]: r["keep_until"] for r in stored(booking)}
    # kept for INTAKE_REGISTRATION_RETENTION_DAYS (365) after the session's last day
    assert keep["alt@example.org"].date() == (datetime(2027, 3, 10, 17, 0) + timedelta(days=365)).date()
    with store.writing(booking.engine) as conn:
        conn.execute(
            store.registrations.update()
            .where(store.registrations.c.email == "alt@example.org")
            .values(keep_until=utcnow() - timedelta(days=1))
        )
    assert privacy.purge(booking.engine, booking.settings)["registrations_deleted"] == 1
    assert [r["email"] for r in stored(booking)] == ["neu@example.org"]
    exported = json.loads(privacy.export(booking.engine, "NEU@example.org"))
    [row] = exported["registrations"]
    assert row["billing_address"].startswith("Muster GmbH") and row["session"] == SESSION
    lines = privacy.forget(booking.engine, "neu@example.org")
    assert "1 registration(s)" in lines[0]
    assert stored(booking) == []


def test_the_offer_of_a_freed_seat_expires(start_intake, sessions_file):
    intake = start_intake(offers=sessions_file, office=(), rate_limit=0, waitlist_offer_days=0)
    register(intake, registration_form(participants="3"))
    register(intake, registration_form(email="wartet@example.org"))
    confirmed = next(
        r
        for r in httpx.get(intake.url + "/admin/registrations", headers=AUTH).json()["registrations"]
        if r["status"] == "confirmed"
    )
    httpx.post(
        intake.url + "/admin/registrations/decisions",
        headers=AUTH,
        json={"decisions": [{"id": confirmed["id"], "decision": "cancel", "fingerprint": confirmed["fingerprint"]}]},
    ).raise_for_status()
    mails = intake.mailbox.wait_for(4)
    offer = next(m for m in mails if m["To"] == "wartet@example.org" and "Platz ist frei" in m["Subject"])
    accept_url = next(link for link in links_in(offer) if "/registrations/accept/" in link)
    time.sleep(1.5)  # valid for 0 days: expired a second later
    expired = httpx.post(accept_url)
    assert expired.status_code == 400 and "abgelaufen" in expired.text
    assert {r["email"]: r["status"] for r in stored(intake)}["wartet@example.org"] == "waitlist"


def write_rows(path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def test_the_office_cannot_overbook_a_full_session_by_accident(booking, tmp_path):
    register(booking, registration_form(participants="3"))
    register(booking, registration_form(participants="2", email="wartet@example.org", name="Wartet"))
    register(booking, registration_form(participants="1", email="auch@example.org", name="Auch"))
    assert office_cli(booking, "registrations-export", cwd=str(tmp_path)).returncode == 0
    path = tmp_path / "moderation" / "registrations.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    waiting = next(r for r in rows if r["email"] == "wartet@example.org")
    waiting["decision"] = "confirm"
    write_rows(path, rows)
    refused = office_cli(booking, "registrations-apply", str(path), cwd=str(tmp_path))
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=";")
    line = next(reader.line_num for r in reader if r["email"] == "wartet@example.org")  # the record's line
    assert refused.returncode == 1
    assert (
        f"{path}:{line}: " in refused.stderr and "overbook" in refused.stderr and "confirm-overbook" in refused.stderr
    )
    assert sorted(r["status"] for r in stored(booking)) == ["confirmed", "waitlist", "waitlist"]  # nothing changed

    # a cancellation in the same file frees the seats first, whatever the order of the rows
    also = next(r for r in rows if r["email"] == "auch@example.org")
    first = next(r for r in rows if r["status"] == "confirmed")
    also["decision"], first["decision"] = "confirm", "cancel"
    write_rows(path, rows)
    applied = office_cli(booking, "registrations-apply", str(path), cwd=str(tmp_path))
    assert applied.returncode == 0, applied.stderr
    assert {r["email"]: r["status"] for r in stored(booking) if r["participants"] != 3} == {
        "wartet@example.org": "confirmed",
        "auch@example.org": "confirmed",
    }
    # the freed seats went to the file's confirmations: nobody is offered a seat that is taken
    booking.mailbox.wait_for(10)  # 3 registrations x 2, the cancellation x 2, two confirmations
    time.sleep(1.5)
    assert len(booking.mailbox.messages) == 10
    assert not [m for m in booking.mailbox.messages if "Platz ist frei" in m["Subject"]]


def test_confirm_overbook_confirms_a_full_session_on_purpose(booking, tmp_path):
    register(booking, registration_form(participants="3"))
    register(booking, registration_form(participants="2", email="wartet@example.org"))
    listed = httpx.get(booking.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    waiting = next(r for r in listed if r["status"] == "waitlist")
    plain = {"decisions": [{"id": waiting["id"], "decision": "confirm", "fingerprint": waiting["fingerprint"]}]}
    refused = httpx.post(booking.url + "/admin/registrations/decisions", json=plain, headers=AUTH)
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["id"] == waiting["id"] and "0 of 3 seats free" in error["message"]
    export = office_cli(booking, "registrations-export", cwd=str(tmp_path))
    assert export.returncode == 0
    path = tmp_path / "moderation" / "registrations.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    next(r for r in rows if r["status"] == "waitlist")["decision"] = "confirm-overbook"
    write_rows(path, rows)
    applied = office_cli(booking, "registrations-apply", str(path), cwd=str(tmp_path))
    assert applied.returncode == 0, applied.stderr
    assert sorted((r["participants"], r["status"]) for r in stored(booking)) == [(2, "confirmed"), (3, "confirmed")]


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def berlin_slot(delta: timedelta) -> str:
    """A session start *delta* from now, as the site names it (Europe/Berlin)."""
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Europe/Berlin")) + delta).strftime("%Y-%m-%dT%H:%M")


def test_the_cancel_link_refuses_after_the_free_cancellation_deadline(start_intake, tmp_path):
    soon, later, started = (
        berlin_slot(timedelta(days=5)),
        berlin_slot(timedelta(days=40)),
        berlin_slot(-timedelta(hours=2)),
    )
    lenient = berlin_slot(timedelta(days=5, hours=1))  # its offer allows free cancellation until 3 days before
    path = tmp_path / "deadline-sessions.json"
    path.write_text(
        json.dumps(
            {
                "sessions": [
                    {"offer": OFFER, "session": slot, "lang": lang, "title": "Vertrieb", "url": url, "max": 5}
                    for slot in (soon, later, started)
                    for lang, url in (("de", "/trainings/vertrieb/"), ("en", "/en/trainings/sales/"))
                ]
                + [{"offer": "kurs", "session": lenient, "lang": "de", "url": "/trainings/kurs/", "cancel_days": 3}]
            }
        ),
        encoding="utf-8",
    )
    intake = start_intake(offers=str(path), office=(OFFICE,), rate_limit=0, cancel_deadline_days=14)
    register(intake, registration_form(session=soon, lang="en", email="soon@example.org"))
    register(intake, registration_form(session=later, email="later@example.org"))
    register(intake, registration_form(session=started, email="started@example.org"))
    register(intake, registration_form(offer="kurs", session=lenient, email="lenient@example.org"))
    mails = intake.mailbox.wait_for(8)
    by_address = {m["To"]: m for m in mails if m["To"] != OFFICE}

    # the confirmation states the last day of free cancellation
    last_day = (datetime.strptime(later, "%Y-%m-%dT%H:%M") - timedelta(days=14)).strftime("%d.%m.%Y")
    assert f"Kostenfrei stornieren können Sie bis einschließlich {last_day}" in body_of(by_address["later@example.org"])
    assert "Ort:" not in body_of(by_address["later@example.org"])  # no place named: no empty line for it
    assert "Place:" not in body_of(by_address["soon@example.org"])
    assert "You can cancel free of charge" not in body_of(by_address["soon@example.org"])
    assert "free cancellation (14 days before the start) has ended" in body_of(by_address["soon@example.org"])

    def cancel_url(address: str) -> str:
        return next(link for link in links_in(by_address[address]) if "/registrations/cancel/" in link)

    # within the deadline: a clear page in the reader's language with the office's address, nothing changes;
    # the link's page is the booking, where participants can still be named, but nothing cancels
    booking_page = httpx.get(cancel_url("soon@example.org"))
    assert booking_page.status_code == 200 and "Your registration" in booking_page.text
    refused = httpx.post(cancel_url("soon@example.org"))
    assert refused.status_code == 409 and '<form method="post"' not in refused.text
    for answer in (booking_page, refused):
        assert "free cancellation ended on" in answer.text and f"mailto:{OFFICE}" in answer.text
        assert 'action="/registrations/cancel/' not in answer.text
    for started_answer in (httpx.get(cancel_url("started@example.org")), httpx.post(cancel_url("started@example.org"))):
        assert started_answer.status_code == 409 and "hat bereits begonnen" in started_answer.text
        assert '<form method="post"' not in started_answer.text
    assert {r["email"]: r["status"] for r in stored(intake)} == {
        "soon@example.org": "confirmed",
        "later@example.org": "confirmed",
        "started@example.org": "confirmed",
        "lenient@example.org": "confirmed",
    }
    # before the deadline the link cancels as before; an offer's own deadline counts over the setting
    assert httpx.post(cancel_url("later@example.org")).status_code == 200
    assert "(3 Tage vor Beginn)" in body_of(by_address["lenient@example.org"])
    assert httpx.post(cancel_url("lenient@example.org")).status_code == 200
    # the office still cancels through registrations-apply
    row = next(
        r
        for r in httpx.get(intake.url + "/admin/registrations", headers=AUTH).json()["registrations"]
        if r["email"] == "soon@example.org"
    )
    decided = httpx.post(
        intake.url + "/admin/registrations/decisions",
        headers=AUTH,
        json={"decisions": [{"id": row["id"], "decision": "cancel", "fingerprint": row["fingerprint"]}]},
    )
    assert decided.status_code == 200 and decided.json()["cancel"] == 1
    assert {r["email"]: r["status"] for r in stored(intake)} == {
        "soon@example.org": "cancelled",
        "later@example.org": "cancelled",
        "started@example.org": "confirmed",
        "lenient@example.org": "cancelled",
    }
