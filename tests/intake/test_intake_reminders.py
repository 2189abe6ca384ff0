"""Reminders before a training session: the rule (which reminder is due when) as a table, and the
real intake process with a moved clock (``INTAKE_NOW``), restarted in between on the same store:
each reminder reaches the confirmed participants once, in their language, read from a real SMTP
server; cancelled and waiting registrations get none; an offer's own ``reminders`` count."""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import datetime
from http.cookies import SimpleCookie

import httpx
import pytest
from conftest import LATER, OFFER, SITE, SESSIONS
from intake_servers import IntakeProcess, smtp_server
from test_intake_registrations import links_in, registration_form

from intake import store
from intake.office import accounts
from intake.registrations.audience import recipients
from intake.registrations.reminders import Due, due

START = datetime(2027, 3, 9, 9, 0)
EARLY = datetime(2027, 1, 1, 12, 0)  # confirmed long before


@pytest.mark.parametrize(
    ("now", "done", "confirmed_at", "expected"),
    [
        (datetime(2027, 3, 2, 8, 59), set(), EARLY, Due((), None)),  # a minute before the 7-day moment
        (datetime(2027, 3, 2, 9, 0), set(), EARLY, Due((7,), 7)),
        (datetime(2027, 3, 5, 9, 0), {7}, EARLY, Due((), None)),  # done: never again
        (datetime(2027, 3, 8, 10, 0), set(), EARLY, Due((1, 7), 1)),  # the worker was down: the latest only
        (datetime(2027, 3, 8, 10, 0), {7}, EARLY, Due((1,), 1)),
        (datetime(2027, 3, 5, 9, 0), set(), datetime(2027, 3, 4, 9, 0), Due((7,), None)),  # booked after it
        (datetime(2027, 3, 9, 9, 0), set(), EARLY, Due((), None)),  # started: too late
    ],
)
def test_which_reminder_is_due(now, done, confirmed_at, expected):
    assert due(START, (7, 1), done, confirmed_at, now) == expected


def test_who_a_sessions_mails_reach_booker_first_each_address_once():
    row = {"email": "Ada@Example.org", "name": "Ada Booker"}
    seats = [
        {"email": "", "name": "Ada Booker", "named_at": EARLY},  # the booker's seat: her own mails
        {"email": "ada@example.org", "name": "Ada again", "named_at": EARLY},  # the same address
        {"email": "bo@example.org", "name": "", "named_at": START},  # named later; no name: greeted as the booking
        {"email": "cy@example.org", "name": "Cy", "named_at": EARLY},
    ]
    seen = {"cy@example.org"}  # reminded through another booking of the session already
    found = recipients(row, seats, seen)
    assert [(r.address, r.name, r.booker, r.since) for r in found] == [
        ("Ada@Example.org", "Ada Booker", True, None),
        ("bo@example.org", "Ada Booker", False, START),
    ]
    assert seen == {"ada@example.org", "bo@example.org", "cy@example.org"}
    assert found[0].digest == hashlib.sha256(b"ada@example.org").hexdigest()


def sessions_with_own_reminders(path) -> str:
    """The test sessions, the first in Hamburg; the later one online, in both languages, its link
    sent with the reminder (so not in the public file); its offer wants one reminder, two days before."""
    data = json.loads(json.dumps(SESSIONS))
    for entry in data["sessions"]:
        entry["location"] = "Hamburg, Tagungshaus am Hafen"
        if entry["session"] == LATER:
            entry.update(reminders=[2], location="online", online=True, join_info_with="reminder")
    later = next(entry for entry in data["sessions"] if entry["session"] == LATER)
    data["sessions"].append(
        {**later, "lang": "en", "title": "Sales communication", "url": "/en/trainings/sales-communication/"}
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def digest(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


class Office:
    """The office's desk over plain HTTP, its cookie kept by hand (httpx keeps no Secure cookie over http)."""

    def __init__(self, url: str, engine, email: str = "buero@example.org") -> None:
        accounts.create_account(engine, email, "office", "correct horse battery")
        self.url, self.cookie = url, ""
        login = httpx.get(url + "/office/login").text
        token = re.search(r'name="token" value="([^"]+)"', login).group(1)
        form = {"token": token, "email": email, "password": "correct horse battery"}
        answer = httpx.post(url + "/office/login", data=form)
        self.cookie = SimpleCookie(answer.headers["set-cookie"])["office"].value

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, headers={"Cookie": f"office={self.cookie}"}, timeout=30)

    def post(self, path: str, form: dict) -> httpx.Response:
        csrf = re.search(r'name="csrf" value="([^"]+)"', self.get("/office/account").text).group(1)
        return httpx.post(
            self.url + path, data={**form, "csrf": csrf}, headers={"Cookie": f"office={self.cookie}"}, timeout=30
        )


def test_reminders_with_a_moved_clock_and_restarts_are_sent_once(tmp_path):
    database = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    with smtp_server() as (mailbox, smtp_url):
        env = {
            "INTAKE_DATABASE_URL": database,
            "INTAKE_SMTP_URL": smtp_url,
            "INTAKE_SITE_URL": SITE,
            "INTAKE_OFFERS": sessions_with_own_reminders(tmp_path / "sessions.json"),
            "INTAKE_OFFICE": "office@example.org",
            "INTAKE_RATE_LIMIT": "0",
            "INTAKE_MIN_SECONDS": "0",
            "INTAKE_VAR_DIR": str(tmp_path / "var"),
        }

        def run(now: str = "", expected: int = 0, wait: bool = True) -> list:
            """The intake with its clock at *now* until *expected* more mails arrived (or a
            worker round passed); stopped; the new mails."""
            before = len(mailbox.messages)
            intake = IntakeProcess({**env, "INTAKE_NOW": now} if now else env, tmp_path / "intake.log")
            intake.start()
            try:
                if expected:
                    mailbox.wait_for(before + expected)
                elif wait:
                    time.sleep(2)  # the worker's first round runs at the start
                return intake, mailbox.messages[before:]
            finally:
                if now:
                    intake.stop()

        intake, _ = run(wait=False)
        forms = [
            registration_form(name="Erika <b>Muster</b>", email="erika@example.org"),
            registration_form(lang="en", name="Jane Doe", email="jane@example.org", participants="2"),
            registration_form(name="Wartende", email="wait@example.org"),  # the session is full: waiting list
            registration_form(session=LATER, name="Storniert", email="gone@example.org"),
            registration_form(session=LATER, name="Bleibt", email="stays@example.org"),
            registration_form(session=LATER, lang="en", name="Lee English", email="lee@example.org"),
        ]
        for form in forms:
            assert httpx.post(intake.url + "/registrations", data=form, timeout=30).status_code == 303
        confirmations = mailbox.wait_for(12)  # registrant and office each
        gone = next(m for m in confirmations if m["To"] == "gone@example.org")
        assert httpx.post(next(u for u in links_in(gone) if "/cancel/" in u), timeout=30).status_code == 200
        mailbox.wait_for(14)
        intake.stop()
        engine = store.make_engine(database)
        with store.reading(engine) as conn:
            stored = store.all_registrations(conn)
        ids = {r["email"]: r["id"] for r in stored}
        with store.writing(engine) as conn:  # Jane names her group: Zoe with an address of her own
            people = [("Jane Doe", ""), ("Zoe Zed", "zoe@example.org")]
            for position, (name, email) in enumerate(people, start=1):
                store.name_participant(conn, ids["jane@example.org"], position, name, email, datetime(2027, 2, 1, 9, 0))
        statuses = {r["email"]: r["status"] for r in stored}
        assert statuses == {
            "erika@example.org": "confirmed",
            "jane@example.org": "confirmed",
            "wait@example.org": "waitlist",
            "gone@example.org": "cancelled",
            "stays@example.org": "confirmed",
            "lee@example.org": "confirmed",
        }

        _, week_before = run("2027-03-02T10:00", expected=3)
        by_address = {m["To"]: m for m in week_before}
        assert set(by_address) == {"erika@example.org", "jane@example.org", "zoe@example.org"}
        german = by_address["erika@example.org"]
        assert german["Subject"] == "Erinnerung: Kommunikationstraining Vertrieb am 09.03.2027, 09:00 Uhr"
        text = german.get_content().replace("\r\n", "\n")
        assert "Guten Tag Erika <b>Muster</b>," in text  # a plain-text mail: the name as typed
        assert "in 7 Tagen beginnt „Kommunikationstraining Vertrieb“" in text
        assert (
            "Termine:\n  – Di., 9. März 2027, 09:00–17:00 Uhr\n  – Mi., 10. März 2027, 09:00–17:00 Uhr\n"
            "Ort: Hamburg, Tagungshaus am Hafen\n"
        ) in text  # every day with its times, and the place
        assert f"{SITE}/trainings/kommunikationstraining-vertrieb/" in text and "office@example.org" in text
        english = by_address["jane@example.org"]
        assert english["Subject"] == "Reminder: Sales communication on 9 March 2027, 09:00"
        assert (
            'Sales communication", which you registered for (2 people), starts in 7 days.'
            in english.get_content().replace("\r\n", "\n")
        )
        english_text = english.get_content().replace("\r\n", "\n")
        assert f"{SITE}/en/trainings/sales-communication/" in english_text
        assert "Dates:\n  – " in english_text and "Place: Hamburg, Tagungshaus am Hafen\n" in english_text
        zoe = by_address["zoe@example.org"]  # a participant: her own mail, in the registration's language
        assert zoe["Subject"] == "Reminder: Sales communication on 9 March 2027, 09:00"
        zoe_text = zoe.get_content().replace("\r\n", "\n")
        assert zoe_text.startswith("Hello Zoe Zed,\n")
        assert '"Sales communication", which Jane Doe (Muster GmbH) registered you for, starts in 7 days.' in zoe_text
        assert f"{SITE}/en/trainings/sales-communication/" in zoe_text and "a substitute can take your seat" in zoe_text

        assert run("2027-03-02T10:30")[1] == []  # restarted: nothing twice
        _, day_before = run("2027-03-08T10:00", expected=3)
        assert sorted(m["To"] for m in day_before) == ["erika@example.org", "jane@example.org", "zoe@example.org"]
        assert "morgen beginnt" in next(m for m in day_before if m["To"] == "erika@example.org").get_content().replace(
            "\r\n", "\n"
        )
        assert "starts tomorrow." in next(m for m in day_before if m["To"] == "jane@example.org").get_content().replace(
            "\r\n", "\n"
        )

        # the later session is online, its link not public: four days before, Today asks the office
        # for it; the office enters it on the session's page
        desk = IntakeProcess({**env, "INTAKE_NOW": "2027-04-30T10:00"}, tmp_path / "intake.log")
        desk.start()
        try:
            office = Office(desk.url, engine)
            today = office.get("/office/").text
            assert (
                "Online-Termine ohne Zugangslink" in today
                and "Kommunikationstraining Vertrieb, Di., 4. Mai 2027, 09:00 Uhr" in today
            )
            page = f"/office/trainings/session?offer={OFFER}&session={LATER}"
            assert "Zugangslink für die Erinnerungen" in office.get(page).text
            entered = {"offer": OFFER, "session": LATER, "action": "join_url"}
            for wrong in ("http://meet.example/raum", "https://", "https://meet.example/a b", "javascript:alert(1)"):
                refused = office.post("/office/trainings/session", {**entered, "join_url": wrong})
                assert refused.status_code == 400 and "https://-Adresse" in refused.text, wrong
            saved = office.post("/office/trainings/session", {**entered, "join_url": " https://meet.example/raum "})
            assert saved.status_code == 303 and "said=join_url_saved" in saved.headers["location"]
            assert 'value="https://meet.example/raum"' in office.get(page).text
            assert "Online-Termine ohne Zugangslink" not in office.get("/office/").text
        finally:
            desk.stop()
        with store.reading(engine) as conn:
            trail = [
                (r["action"], r["subject"], r["detail"]) for r in conn.execute(store.office_audit.select()).mappings()
            ]
        assert ("join_url_set", f"{OFFER} {LATER}", "meet.example") in trail  # the host: the link opens the meeting

        # the later session's offer reminds two days before only, in each registration's language,
        # with the office's link; the cancelled registrant gets nothing
        _, later = run("2027-05-02T10:00", expected=2)
        by_address = {m["To"]: m.get_content().replace("\r\n", "\n") for m in later}
        assert set(by_address) == {"stays@example.org", "lee@example.org"}
        assert "in 2 Tagen beginnt" in by_address["stays@example.org"]
        assert "Online. Ihr Zugangslink: https://meet.example/raum\n" in by_address["stays@example.org"]
        assert "Ort:" not in by_address["stays@example.org"]
        assert "starts in 2 days." in by_address["lee@example.org"]
        assert "Online. Your joining link: https://meet.example/raum\n" in by_address["lee@example.org"]
        assert f"{SITE}/en/trainings/sales-communication/" in by_address["lee@example.org"]
        time.sleep(0.5)
        assert len(mailbox.messages) == 14 + 3 + 3 + 2  # and nothing to the waiting list, ever
        with store.reading(engine) as conn:
            done = {
                (r["registration_id"], r["recipient"], r["days"], r["mailed"])
                for r in conn.execute(store.registration_reminders.select()).mappings()
            }
        jane = ids["jane@example.org"]
        assert done == {
            (ids["erika@example.org"], digest("erika@example.org"), 7, True),
            (ids["erika@example.org"], digest("erika@example.org"), 1, True),
            (jane, digest("jane@example.org"), 7, True),
            (jane, digest("jane@example.org"), 1, True),
            (jane, digest("zoe@example.org"), 7, True),
            (jane, digest("zoe@example.org"), 1, True),
            (ids["stays@example.org"], digest("stays@example.org"), 2, True),  # not 7: the offer's own list
            (ids["lee@example.org"], digest("lee@example.org"), 2, True),
        }
