"""Reminders before a training session: the rule (which reminder is due when) as a table, and the
real intake process with a moved clock (``INTAKE_NOW``), restarted in between on the same store:
each reminder reaches the confirmed participants once, in their language, read from a real SMTP
server; cancelled and waiting registrations get none; an offer's own ``reminders`` count."""

from __future__ import annotations

import json
import time
from datetime import datetime

import httpx
import pytest
from conftest import LATER, SITE, SESSIONS
from intake_servers import IntakeProcess, smtp_server
from test_intake_registrations import links_in, registration_form

from intake import store
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


def sessions_with_own_reminders(path) -> str:
    """The test sessions, the first in Hamburg; the later one online with its joining link, its
    offer wants one reminder, two days before."""
    data = json.loads(json.dumps(SESSIONS))
    for entry in data["sessions"]:
        entry["location"] = "Hamburg, Tagungshaus am Hafen"
        if entry["session"] == LATER:
            entry.update(reminders=[2], location="online", online=True)
            entry.update(join_info_with="confirmation", join_url="https://meet.example/raum")
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


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
        ]
        for form in forms:
            assert httpx.post(intake.url + "/registrations", data=form, timeout=30).status_code == 303
        confirmations = mailbox.wait_for(10)  # registrant and office each
        gone = next(m for m in confirmations if m["To"] == "gone@example.org")
        assert httpx.post(next(u for u in links_in(gone) if "/cancel/" in u), timeout=30).status_code == 200
        mailbox.wait_for(12)
        intake.stop()
        with store.reading(store.make_engine(database)) as conn:
            stored = store.all_registrations(conn)
        statuses = {r["email"]: r["status"] for r in stored}
        assert statuses == {
            "erika@example.org": "confirmed",
            "jane@example.org": "confirmed",
            "wait@example.org": "waitlist",
            "gone@example.org": "cancelled",
            "stays@example.org": "confirmed",
        }

        _, week_before = run("2027-03-02T10:00", expected=2)
        by_address = {m["To"]: m for m in week_before}
        assert set(by_address) == {"erika@example.org", "jane@example.org"}
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
        assert english["Subject"] == "Reminder: Sales communication on 09 March 2027, 09:00"
        assert (
            'Sales communication", which you registered for (2 people), starts in 7 days.'
            in english.get_content().replace("\r\n", "\n")
        )
        english_text = english.get_content().replace("\r\n", "\n")
        assert f"{SITE}/en/trainings/sales-communication/" in english_text
        assert "Dates:\n  – " in english_text and "Place: Hamburg, Tagungshaus am Hafen\n" in english_text

        assert run("2027-03-02T10:30")[1] == []  # restarted: nothing twice
        _, day_before = run("2027-03-08T10:00", expected=2)
        assert sorted(m["To"] for m in day_before) == ["erika@example.org", "jane@example.org"]
        assert "morgen beginnt" in next(m for m in day_before if m["To"] == "erika@example.org").get_content().replace(
            "\r\n", "\n"
        )
        assert "starts tomorrow." in next(m for m in day_before if m["To"] == "jane@example.org").get_content().replace(
            "\r\n", "\n"
        )

        # the later session's offer reminds two days before only; the cancelled registrant gets nothing
        _, later = run("2027-05-02T10:00", expected=1)
        assert [m["To"] for m in later] == ["stays@example.org"]
        later_text = later[0].get_content().replace("\r\n", "\n")
        assert "in 2 Tagen beginnt" in later_text
        assert "Online. Ihr Zugangslink: https://meet.example/raum\n" in later_text and "Ort:" not in later_text
        time.sleep(0.5)
        assert len(mailbox.messages) == 12 + 2 + 2 + 1  # and nothing to the waiting list, ever
        with store.reading(store.make_engine(database)) as conn:
            done = {
                (r["registration_id"], r["days"], r["mailed"])
                for r in conn.execute(store.registration_reminders.select()).mappings()
            }
        ids = {r["email"]: r["id"] for r in stored}
        assert done == {
            (ids["erika@example.org"], 7, True),
            (ids["erika@example.org"], 1, True),
            (ids["jane@example.org"], 7, True),
            (ids["jane@example.org"], 1, True),
            (ids["stays@example.org"], 2, True),  # not 7: the offer's own list
        }
