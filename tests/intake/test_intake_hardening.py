"""What the hostile-input and fault probe of the intake found (issue 29), each against the real
service on SQLite and PostgreSQL with a real SMTP server: no address stops the office's mail, no
header can be planted, "forget" reaches the queued mails, a spam registration keeps nobody's
data, the answer page confirms only what was registered, and a failed mail is reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from conftest import MODERATOR
from intake_servers import free_port
from test_contact_api import contact_form, send
from test_intake_api import comment_form, post
from test_intake_registrations import OFFICE, REPO, register, registration_form, stored

from intake import mail, store, worker
from intake.web import utcnow

BCC = "=?utf-8?q?Erika=0D=0ABcc:_evil@example.org?="  # decodes to a line break and a Bcc header


@pytest.fixture
def office(start_intake, sessions_file):
    """The intake with sessions, an office address and no per-client limit."""
    return start_intake(offers=sessions_file, office=(OFFICE,), rate_limit=0)


def cli(store_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTAKE_DATABASE_URL": store_url}
    return subprocess.run(
        [sys.executable, "-m", "intake", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def queue(intake, recipient: str, subject: str, body: str = "Text.", about: tuple[str, ...] = ()) -> None:
    """Put a mail into the outbox as a route does (or as an older version did, unchecked)."""
    payload = json.dumps({"to": recipient, "subject": subject, "body": body, "unsubscribe": ""}, ensure_ascii=False)
    with store.writing(intake.engine) as conn:
        store.enqueue(conn, "mail", recipient, payload, utcnow(), about=about)


def outbox(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return [dict(r) for r in conn.execute(store.outbox.select().order_by(store.outbox.c.id)).mappings()]


def wait_until(condition, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


# -- 1. addresses valid for SMTP, for every form -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form", "lang", "words"),
    [
        ("/comments", comment_form(email="jürgen@example.org"), "de", "Vor dem @"),
        ("/registrations", registration_form(email="jürgen@example.org", lang="en"), "en", "Before the @"),
        ("/contact", contact_form(email="jürgen@example.org"), "de", "Vor dem @"),
    ],
)
def test_an_address_that_needs_smtputf8_is_refused_in_the_readers_language(office, path, form, lang, words):
    answer = httpx.post(office.url + path, data=form, headers={"X-Forwarded-For": "10.29.1.1"}, timeout=30)
    assert answer.status_code == 400
    assert words in answer.text and f'lang="{lang}"' in answer.text
    assert outbox(office) == []


def test_a_unicode_domain_is_stored_and_sent_in_ascii(office):
    assert register(office, registration_form(email="Erika@Müller.example")).status_code == 303
    assert post(office, comment_form(email="erika@müller.example", notify="yes")).status_code == 303
    assert send(office, contact_form(email="erika@müller.example")).status_code == 303
    [row] = stored(office)
    assert row["email"] == "Erika@xn--mller-kva.example"
    office.mailbox.wait_for(5)  # registrant, office; moderators; confirmation; office (contact)
    recipients = [to for _sender, tos in office.mailbox.envelopes for to in tos]
    assert recipients.count("Erika@xn--mller-kva.example") == 1
    assert recipients.count("erika@xn--mller-kva.example") == 1  # the reply notification's opt-in
    [contact] = [m for m in office.mailbox.to(OFFICE) if m["Reply-To"]]
    assert contact["Reply-To"].addresses[0].addr_spec == "erika@xn--mller-kva.example"


def test_one_undeliverable_mail_does_not_stop_the_next_and_the_office_is_told(office):
    """A mail queued to an address SMTP cannot carry (as the forms accepted before) fails inside
    the SMTP transaction; the next mail of the batch still goes, and the office gets a report."""
    queue(office, "jürgen@example.org", "Anmeldung bestätigt: Kommunikationstraining")
    queue(office, OFFICE, "[Neue Anmeldung] Kommunikationstraining")
    office.mailbox.wait_for(2)
    subjects = [m["Subject"] for m in office.mailbox.to(OFFICE)]
    assert "[Neue Anmeldung] Kommunikationstraining" in subjects
    [report] = [m for m in office.mailbox.to(OFFICE) if m["Subject"].startswith("Zustellung gescheitert")]
    text = report.get_content()
    assert "jürgen@example.org" in text and "Anmeldung bestätigt: Kommunikationstraining" in text
    assert "Aufgegeben" in text and "auf anderem Weg" in text
    wait_until(lambda: outbox(office) == [])  # given up for good: not retried forever


def test_a_mail_that_keeps_failing_is_reported_once_and_tried_on(start_intake, sessions_file):
    down = start_intake(  # the report goes to the office: in the office's language, not the moderators'
        smtp_url=f"smtp://127.0.0.1:{free_port()}", office=(OFFICE,), office_lang="en", moderator_lang="de"
    )
    queue(down, "erika@example.org", "Registration confirmed: Sales communication")
    with store.writing(down.engine) as conn:  # five failed tries already, due again now
        conn.execute(store.outbox.update().values(attempts=worker.REPORT_AFTER_ATTEMPTS - 1))
    waiting = wait_until(lambda: [e for e in outbox(down) if e["recipient"] == OFFICE])
    [report] = waiting
    fields = json.loads(report["payload"])
    assert fields["subject"] == "Delivery failed: 1 message(s)" and fields["delivery_report"] is True
    assert "erika@example.org" in fields["body"] and "tried again" in fields["body"]
    [original] = [e for e in outbox(down) if e["recipient"] == "erika@example.org"]
    assert original["attempts"] == worker.REPORT_AFTER_ATTEMPTS and original["last_error"]
    with store.writing(down.engine) as conn:  # its next failure is not reported again
        conn.execute(store.outbox.update().where(store.outbox.c.id == original["id"]).values(next_attempt_at=utcnow()))
    wait_until(
        lambda: [e for e in outbox(down) if e["id"] == original["id"] and e["attempts"] > worker.REPORT_AFTER_ATTEMPTS]
    )
    assert len([e for e in outbox(down) if e["recipient"] == OFFICE]) == 1


# -- 2. no header can be planted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/comments", comment_form(author=BCC)),
        ("/registrations", registration_form(name=BCC)),
        ("/contact", contact_form(name=BCC)),
        ("/contact", contact_form(subject=f"Frage {BCC}")),
    ],
)
def test_an_encoded_line_break_in_a_header_field_is_refused(office, path, form):
    answer = httpx.post(office.url + path, data=form, headers={"X-Forwarded-For": "10.29.2.1"}, timeout=30)
    assert answer.status_code == 400 and "Steuerzeichen" in answer.text
    assert outbox(office) == []


@pytest.mark.parametrize(
    "subject",
    [
        f"[Kontakt] Frage – {BCC}",
        "=?utf-8?b?RXJpa2EKQmNjOiBldmlsQGV4YW1wbGUub3Jn?=",  # the same in base64
        "=?utf-8?q?x=0AReply-To:_evil@example.org?=",
    ],
)
def test_the_written_mail_is_checked_whatever_the_python(subject):
    """The check that holds on every interpreter: the message is read back after it is written."""
    with pytest.raises(ValueError, match="header"):
        mail.build_message("intake@example.org", OFFICE, subject, "Text")
    with pytest.raises(ValueError, match="header"):
        mail.build_message("intake@example.org", OFFICE, "Frage", "Text", reply_to=[subject, "erika@example.org"])


def test_a_queued_mail_with_a_planted_header_is_given_up_not_sent(office):
    queue(office, OFFICE, f"[Kontakt] Frage – {BCC}")
    queue(office, OFFICE, "[Kontakt] Eine echte Frage")
    office.mailbox.wait_for(2)
    assert all(to == [OFFICE] for _sender, to in office.mailbox.envelopes)
    subjects = sorted(m["Subject"] for m in office.mailbox.messages)
    assert subjects == ["Zustellung gescheitert: 1 Nachricht(en)", "[Kontakt] Eine echte Frage"]
    assert all(m["Bcc"] is None for m in office.mailbox.messages)


def test_a_repeated_mail_keeps_its_message_id():
    queued = mail.queued_mail(OFFICE, "Betreff", "Text")
    fields = json.loads(queued)
    first, second = (
        mail.build_message("intake@example.org", OFFICE, "Betreff", "Text", message_id=fields["message_id"])
        for _ in range(2)
    )
    ids = [line for text in (first, second) for line in text.splitlines() if line.startswith("Message-ID:")]
    assert ids[0] == ids[1] == f"Message-ID: <{fields['message_id']}@example.org>"


# -- 3., 4. forget and export reach every queued mail and every spelling -----------------------------


def test_forget_removes_the_queued_mails_to_others_that_carry_the_person(start_intake, sessions_file, store_url):
    down = start_intake(
        smtp_url=f"smtp://127.0.0.1:{free_port()}", offers=sessions_file, office=(OFFICE,), rate_limit=0
    )
    assert register(down, registration_form(email="erika@müller.example", name="Erika Vergessen")).status_code == 303
    assert send(down, contact_form(email="erika@müller.example", name="Erika Vergessen")).status_code == 303
    assert post(down, comment_form(email="Erika@Müller.example", author="Erika Vergessen")).status_code == 303
    assert register(down, registration_form(email="otto@example.org", name="Otto Bleibt")).status_code == 303
    wait_until(lambda: len(outbox(down)) >= 6)  # Erika: registrant, office, office (contact), moderators; Otto: 2
    exported = json.loads(cli(store_url, "export", "erika@müller.example").stdout)
    assert (len(exported["registrations"]), len(exported["contact_messages"]), len(exported["comments"])) == (1, 1, 1)
    assert exported["queued_mails"] == 4  # the registrant's, the office's two, the moderators'
    forgotten = cli(store_url, "forget", "ERIKA@xn--mller-kva.example")
    assert forgotten.returncode == 0, forgotten.stderr
    left = outbox(down)
    assert left and all("Erika" not in e["payload"] and "mller" not in e["payload"] for e in left)
    assert any("Otto Bleibt" in e["payload"] for e in left)  # the other person's mails stay
    assert [r["name"] for r in stored(down)] == ["Otto Bleibt"]


def test_forget_takes_a_digest_and_the_others_in_it_are_announced_again(start_intake, store_url):
    down = start_intake(smtp_url=f"smtp://127.0.0.1:{free_port()}", moderation_digest="hourly", rate_limit=0)
    post(down, comment_form(email="erika@example.org", author="Erika Vergessen", comment="Erster"), client="10.29.3.1")
    post(down, comment_form(email="otto@example.org", author="Otto Bleibt", comment="Zweiter"), client="10.29.3.2")
    with store.writing(down.engine) as conn:  # both came in during the last hour: the digest is due
        conn.execute(store.comments.update().values(created_at=utcnow() - timedelta(hours=1)))
    [digest] = wait_until(lambda: [e for e in outbox(down) if e["recipient"] == MODERATOR])
    assert "Erika Vergessen" in digest["payload"] and "Otto Bleibt" in digest["payload"]
    assert cli(store_url, "forget", "erika@example.org").returncode == 0
    [otto] = down.rows()
    assert otto["author"] == "Otto Bleibt"
    [again] = wait_until(
        lambda: [e for e in outbox(down) if e["recipient"] == MODERATOR and e["about"] != digest["about"]]
    )
    assert again["about"] == f" {otto['id']} " and "Otto Bleibt" in again["payload"] and "Erika" not in again["payload"]
    assert len([e for e in outbox(down) if e["recipient"] == MODERATOR]) == 1  # the next digest tells of Otto only


# -- 7., 8. spam registrations and the answer page ----------------------------------------------------


def test_a_registration_caught_by_the_honeypot_keeps_no_personal_data(office):
    assert register(office, registration_form(homepage="http://spam.example")).status_code == 303
    [row] = stored(office)
    assert row["status"] == "spam" and row["signals"]["honeypot"] is True
    assert {k: row[k] for k in ("name", "company", "email", "phone", "billing_address", "message")} == dict.fromkeys(
        ("name", "company", "email", "phone", "billing_address", "message"), ""
    )


def test_the_answer_page_confirms_only_what_was_registered(office):
    answer = register(office, registration_form())
    location = answer.headers["location"]
    page = httpx.get(office.url + location)
    assert page.status_code == 200 and "Kommunikationstraining Vertrieb" in page.text and "09.03.2027" in page.text
    query = dict(parse_qsl(urlsplit(location).query))
    for changed in ({"session": "2027-05-04T09:00"}, {"status": "enquiry"}, {"offer": "gefaelscht"}, {"seal": ""}):
        forged = httpx.get(f"{office.url}/registrations/done?{urlencode({**query, **changed})}")
        assert forged.status_code == 400 and "bestätigt" not in forged.text and "ungültig" in forged.text


# -- also seen: a time token for registrations, a budget per form --------------------------------------


def test_registrations_have_a_time_token(office):
    token = httpx.get(office.url + "/registrations/token").json()["token"]
    assert register(office, registration_form(token=token)).status_code == 303
    assert register(office, registration_form(email="b@example.org", token="forged")).status_code == 400
    assert register(office, registration_form(email="c@example.org")).status_code == 303
    signals = [r["signals"] for r in stored(office)]
    assert [(s["too_fast"], s["no_token"]) for s in signals] == [(True, False), (False, True)]
    wait_until(lambda: len(office.mailbox.to(OFFICE)) >= 2)
    assert any("sehr schnell" in m.get_content() for m in office.mailbox.to(OFFICE))


def test_each_form_has_its_own_budget_per_client(start_intake, sessions_file):
    limited = start_intake(offers=sessions_file, office=(OFFICE,), rate_limit=2)
    client = "10.29.9.9"
    assert [post(limited, comment_form(comment=f"Kommentar {i}"), client=client).status_code for i in range(3)] == [
        303,
        303,
        429,
    ]
    assert register(limited, registration_form(), client=client).status_code == 303
    assert send(limited, contact_form(), client=client).status_code == 303


DESK = "https://intake.example/office/trainings"


@pytest.mark.parametrize("event", ["new", "cancelled", "accepted"])
def test_the_office_mail_of_a_registration_stored_before_the_time_token(tmp_path, event):
    """Rows from before the time token have no timing signals: their mails are still written, without a note."""
    from intake.settings import Settings
    from intake.web import Intake

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'intake.sqlite3'}", secret="s" * 40)
    intake = Intake.build(settings, store.make_engine(settings.database_url))
    row = {**registration_form(), "status": "confirmed", "participants": 1, "id": "r-old"}
    row["signals"] = {"honeypot": False, "unknown_session": False}
    for lang in ("de", "en"):
        subject, body = intake.mail_text(
            f"office.{lang}.txt", r=row, people=[], title="T", date="D", event=event, seats=3, confirmed=1, desk=DESK
        )
        assert "Erika Muster" in subject and "Erika Muster" in body and DESK in body
        assert "Zeitstempel" not in body and "timestamp" not in body
