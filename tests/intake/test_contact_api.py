"""The contact form against the real intake on both stores: stored once, mailed to the office
through a real SMTP server with Reply-To the sender, spam kept quiet, 4xx pages in the reader's
language for bad or hostile input (never a 5xx), and the message covered by purge, export and forget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from conftest import SITE

from intake import privacy, store
from intake.web import utcnow

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OFFICE = "office@example.org"
FORM = "application/x-www-form-urlencoded"


def contact_form(**fields) -> dict:
    """A valid form as the site's contact page sends it."""
    form = {
        "lang": "de",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "phone": "+49 40 123456",
        "subject": "Training für unser Vertriebsteam",
        "message": "Guten Tag,\nwir sind zwölf Leute im Innendienst.\nRufen Sie mich an?",
        "consent": "yes",
        "homepage": "",
    }
    form.update(fields)
    return form


def send(intake, form: dict | None = None, client: str = "10.9.0.1", **kwargs) -> httpx.Response:
    """POST /contact from one (simulated) client address."""
    headers = {"X-Forwarded-For": client, **kwargs.pop("headers", {})}
    data = contact_form() if form is None else form
    return httpx.post(intake.url + "/contact", data=data, headers=headers, timeout=60, **kwargs)


def raw(intake, body: bytes, content_type: str = FORM, client: str = "10.9.1.1") -> httpx.Response:
    headers = {"X-Forwarded-For": client, "Content-Type": content_type}
    return httpx.post(intake.url + "/contact", content=body, headers=headers, timeout=60)


def stored(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return store.all_contact_messages(conn)


@pytest.fixture
def office(start_intake):
    """The intake with an office address and no client limit; the office reads German, the
    moderators English (the contact mail is the office's: INTAKE_OFFICE_LANG)."""
    return start_intake(office=(OFFICE,), rate_limit=0, office_lang="de", moderator_lang="en")


def test_a_message_is_stored_once_and_mailed_to_the_office_with_reply_to_the_sender(office):
    answer = send(office, contact_form(name="x\r\nBcc: a@b", lang="en"))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/contact/thanks?lang=en"
    page = httpx.get(office.url + answer.headers["location"])
    assert page.status_code == 200 and "Thank you for your message" in page.text
    assert '<html lang="en">' in page.text and f'href="{SITE}/en/"' in page.text
    [row] = stored(office)
    assert (row["name"], row["status"], row["lang"]) == ("x Bcc: a@b", "new", "en")
    assert row["message"] == "Guten Tag,\nwir sind zwölf Leute im Innendienst.\nRufen Sie mich an?"
    assert row["privacy_version"] == "1" and row["consent_at"] is not None
    assert row["signals"] == {"honeypot": False, "too_fast": False, "no_token": True}
    [message] = office.mailbox.wait_for(1)
    assert message["To"] == OFFICE
    assert message["Reply-To"].addresses[0].addr_spec == "erika@example.org"
    assert message["Reply-To"].addresses[0].display_name == "x Bcc a b"  # words only: no quotes to lose
    assert message["Bcc"] is None and len(message["Reply-To"].addresses) == 1
    assert office.mailbox.envelopes == [(office.settings.mail_from, [OFFICE])]  # nobody else got it
    assert message["Subject"] == "[Kontakt] Training für unser Vertriebsteam – x Bcc: a@b"
    body = message.get_body(("plain",)).get_content()
    assert "wir sind zwölf Leute im Innendienst." in body and "+49 40 123456" in body
    assert "Datenschutzerklärung Version 1" in body and "Das Formular kam ohne Zeitstempel" in body


def test_the_office_mail_is_in_the_offices_language_not_the_moderators(start_intake):
    english = start_intake(office=(OFFICE,), rate_limit=0, office_lang="en", moderator_lang="de")
    assert send(english, contact_form()).status_code == 303
    [message] = english.mailbox.wait_for(1)
    assert message["Subject"] == "[Contact] Training für unser Vertriebsteam – Erika Muster"
    body = message.get_body(("plain",)).get_content()
    assert "Just reply to this e-mail: the answer goes to the sender." in body and "Antwort" not in body


def test_a_name_that_looks_like_a_second_address_stays_a_display_name(office):
    assert send(office, contact_form(name='Eve <eve@evil.example>, "x"')).status_code == 303
    [message] = office.mailbox.wait_for(1)
    [reply] = message["Reply-To"].addresses
    assert reply.addr_spec == "erika@example.org"
    assert "evil.example" not in str(message["To"]) + str(message.get("Cc"))


def test_a_long_name_holding_an_address_stays_a_display_name_when_the_header_is_folded(office):
    name = "Erika Muster " + "a" * 30 + " " + "b" * 30 + " <evil@attacker.example>"  # 98 of 100 characters
    assert send(office, contact_form(name=name)).status_code == 303
    [message] = office.mailbox.wait_for(1)
    [reply] = message["Reply-To"].addresses
    assert reply.addr_spec == "erika@example.org" and reply.display_name.startswith("Erika Muster")


def test_the_form_token_marks_a_message_sent_too_fast(office):
    token = httpx.get(office.url + "/contact/token").json()["token"]
    assert send(office, contact_form(token=token)).status_code == 303
    assert stored(office)[0]["signals"] == {"honeypot": False, "too_fast": True, "no_token": False}
    forged = send(office, contact_form(token=token[:-4] + "AAAA"), client="10.9.0.2")
    assert forged.status_code == 400 and "Formular ist ungültig" in forged.text
    assert len(stored(office)) == 1


def test_a_form_sent_twice_is_kept_and_mailed_once_and_its_token_takes_no_other_message(office):
    token = httpx.get(office.url + "/contact/token").json()["token"]
    form = contact_form(token=token)
    with ThreadPoolExecutor(max_workers=6) as pool:  # a double click, and a few more, at the same moment
        answers = list(pool.map(lambda n: send(office, form, client=f"10.9.4.{n}"), range(6)))
    assert [a.status_code for a in answers] == [303] * 6
    assert send(office, form, client="10.9.4.9").status_code == 303  # and once more, later
    assert len(stored(office)) == 1
    other = send(office, contact_form(token=token, message="Noch etwas"), client="10.9.4.10")
    assert other.status_code == 400 and "schon abgeschickt" in other.text
    assert len(stored(office)) == 1
    office.mailbox.wait_for(1)
    time.sleep(1.5)
    assert len(office.mailbox.messages) == 1


def test_the_honeypot_stores_it_as_spam_without_the_address_and_mails_nobody(office):
    token = httpx.get(office.url + "/contact/token").json()["token"]
    answer = send(office, contact_form(homepage="http://spam.example", token=token))
    assert answer.status_code == 303  # the bot learns nothing
    [row] = stored(office)
    assert row["status"] == "spam" and row["signals"]["honeypot"] is True
    assert row["email"] == row["phone"] == ""  # no way back to the sender is kept for a bot
    assert send(office, contact_form(homepage="http://spam.example", token=token)).status_code == 303  # sent twice
    assert len(stored(office)) == 1
    time.sleep(1.5)  # the worker would have delivered by now
    assert office.mailbox.messages == []
    with store.reading(office.engine) as conn:
        assert store.outbox_size(conn) == 0


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Bitte stimmen Sie zu, dass wir Ihre Angaben speichern"),
        ("en", "Please agree to us storing your details to answer your enquiry"),
    ],
)
def test_missing_consent_is_a_400_page_in_the_readers_language(office, lang, expected):
    answer = send(office, contact_form(lang=lang, consent="", message="<script>alert(1)</script>"))
    assert answer.status_code == 400
    assert expected in answer.text and f'<html lang="{lang}">' in answer.text
    assert "<script>alert(1)</script>" not in answer.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    assert stored(office) == []


def test_every_problem_is_named_and_the_input_shown_again_escaped(office):
    answer = send(office, contact_form(name="", email="nope", subject="", message="", phone="call <me>"))
    assert answer.status_code == 400
    for text in (
        "Bitte geben Sie Ihren Namen an.",
        "Die E-Mail-Adresse sieht nicht gültig aus.",
        "Bitte geben Sie einen Betreff an.",
        "Bitte schreiben Sie uns eine Nachricht.",
        "Die Telefonnummer darf nur",
    ):
        assert text in answer.text
    assert "call &lt;me&gt;" in answer.text and "call <me>" not in answer.text
    assert stored(office) == []


HOSTILE = {
    "sql in the e-mail": lambda i: send(i, contact_form(email="a@b.de'; DELETE FROM contact_messages; --")),
    "sql in the language": lambda i: send(i, contact_form(lang="de' OR 1=1 --", consent="")),
    "NUL in the subject": lambda i: send(i, contact_form(subject="Hallo\x00Welt")),
    "line separator in the name": lambda i: send(i, contact_form(name="Eve\u2028Bcc: x@y.z")),
    "CRLF in the e-mail": lambda i: send(i, contact_form(email="a@b.de\r\nBcc: x@y.z")),
    "two addresses": lambda i: send(i, contact_form(email="a@b.de, x@y.z")),
    "invalid UTF-8 raw": lambda i: raw(i, b"lang=de&name=\xff\xfe&email=a%40b.de&subject=x&message=y&consent=yes"),
    "invalid UTF-8 escaped": lambda i: raw(i, b"lang=de&name=%ff%fe&email=a%40b.de&subject=x&message=y&consent=yes"),
    "oversized body": lambda i: raw(i, b"message=" + b"x" * 70_000),
    "oversized message": lambda i: send(i, contact_form(message="x" * 5001)),
    "JSON": lambda i: raw(i, json.dumps(contact_form()).encode(), content_type="application/json"),
    "text/plain": lambda i: raw(i, b"name=x", content_type="text/plain"),
    "no content type": lambda i: httpx.post(i.url + "/contact", content=b"name=x", headers={"Content-Type": ""}),
    "a file": lambda i: httpx.post(
        i.url + "/contact", data=contact_form(), files={"attachment": ("a.txt", b"x")}, timeout=30
    ),
    "foreign origin": lambda i: send(i, headers={"Origin": "http://evil.example"}),
    "GET": lambda i: httpx.get(i.url + "/contact"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gets_a_4xx_never_a_5xx_and_stores_nothing(office, name):
    answer = HOSTILE[name](office)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert stored(office) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "Nachrichten werden nur über das Kontaktformular"), ("en", "Messages are only accepted through")],
)
def test_a_foreign_origin_gets_a_403_about_messages_in_the_readers_language(office, lang, expected):
    answer = send(office, contact_form(lang=lang), headers={"Origin": "http://evil.example", "Accept-Language": lang})
    assert answer.status_code == 403 and expected in answer.text
    assert "Kommentar" not in answer.text and "comment" not in answer.text.lower()


def test_sql_in_the_message_is_just_text_stored_once(office):
    text = "'); DROP TABLE contact_messages; -- \" OR 1=1"
    assert send(office, contact_form(message=text, subject="'; DELETE FROM outbox; --")).status_code == 303
    assert [r["message"] for r in stored(office)] == [text]
    [mail] = office.mailbox.wait_for(1)
    assert text in mail.get_body(("plain",)).get_content()


def test_a_flood_from_one_client_gets_429(start_intake):
    intake = start_intake(office=(OFFICE,), rate_limit=2)
    answers = [send(intake, contact_form(subject=f"Nr. {n}"), client="10.9.3.3") for n in range(4)]
    assert [answer.status_code for answer in answers] == [303, 303, 429, 429]
    assert "Zu viele Nachrichten" in answers[-1].text and "Kommentar" not in answers[-1].text
    in_english = send(intake, client="10.9.3.3", headers={"Accept-Language": "en"})
    assert in_english.status_code == 429 and "Too many messages" in in_english.text
    assert send(intake, client="10.9.3.4").status_code == 303  # another client is not held up
    assert len(stored(intake)) == 3


def cli(store_url: str, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        cwd=REPO,
        env={**os.environ, "INTAKE_DATABASE_URL": store_url, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_contact_messages_are_purged_after_the_retention_and_covered_by_export_and_forget(office, store_url):
    send(office, contact_form(email="Alt@Example.org", subject="alt"))
    send(office, contact_form(email="neu@example.org", subject="neu"))
    send(office, contact_form(email="alt@example.org", subject="auch alt, aber frisch"))
    with store.writing(office.engine) as conn:
        conn.execute(
            store.contact_messages.update()
            .where(store.contact_messages.c.subject != "auch alt, aber frisch")
            .values(created_at=utcnow() - timedelta(days=100))
        )
    assert privacy.purge(office.engine, office.settings)["contact_messages_deleted"] == 0  # 180 days by default
    purged = cli(store_url, "purge", INTAKE_CONTACT_RETENTION_DAYS="90")
    assert purged.returncode == 0, purged.stderr
    assert "'contact_messages_deleted': 2" in purged.stdout
    assert [r["subject"] for r in stored(office)] == ["auch alt, aber frisch"]
    exported = cli(store_url, "export", "ALT@example.org")
    assert exported.returncode == 0, exported.stderr
    [message] = json.loads(exported.stdout)["contact_messages"]
    assert message["subject"] == "auch alt, aber frisch" and message["consent_at"].endswith("+00:00")
    assert message["message"].startswith("Guten Tag")
    forgotten = cli(store_url, "forget", "alt@example.org")
    assert forgotten.returncode == 0, forgotten.stderr
    assert "1 contact message(s)" in forgotten.stdout
    assert stored(office) == []
    assert json.loads(cli(store_url, "export", "alt@example.org").stdout)["contact_messages"] == []
