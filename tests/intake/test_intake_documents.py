"""The office's documents of a session through the real intake's admin API, on both stores: the
attendance list and the certificates of attendance as PDF (WeasyPrint), their text read back
with pypdf; names stay text (a name with ``<b>`` is printed as typed); attendance marked by the office."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN, LATER, OFFER, SESSION, SESSIONS
from pypdf import PdfReader
from test_intake_registrations import office_cli, registration_form

from intake import privacy, store

AUTH = {"Authorization": f"Bearer {ADMIN}"}
REPO = Path(__file__).resolve().parents[2]


def pdf_text(answer: httpx.Response) -> str:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())  # lines wrapped in cells joined


@pytest.fixture
def office(start_intake, tmp_path):
    """The intake after the session (its clock moved), with trainer and duration in the site's list."""
    data = json.loads(json.dumps(SESSIONS))
    for entry in data["sessions"]:
        entry["trainer"] = "Maren Albrecht"
        entry["duration"] = "2 Tage" if entry["lang"] == "de" else "2 days"
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return start_intake(offers=str(path), rate_limit=0, now="2027-03-11T10:00")


def test_attendance_list_attendance_and_certificates(office, tmp_path):
    forms = [
        registration_form(name="Erika <b>Muster</b>", email="erika@example.org", company="Muster & Söhne"),
        registration_form(lang="en", name="Jane Doe", email="jane@example.org", company="", participants="2"),
    ]
    for form in forms:
        assert httpx.post(office.url + "/registrations", data=form, timeout=30).status_code == 303
    listed = httpx.get(office.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    ids = {r["email"]: r["id"] for r in listed}

    query = {"offer": OFFER, "session": SESSION}
    assert httpx.get(office.url + "/admin/registrations/attendance-list", params=query).status_code == 401
    text = pdf_text(httpx.get(office.url + "/admin/registrations/attendance-list", params=query, headers=AUTH))
    assert "Teilnahmeliste: Kommunikationstraining Vertrieb" in text
    assert "09.03.2027, 09:00 – 10.03.2027, 17:00" in text and "Maren Albrecht" in text
    assert "Erika<b>Muster</b>" in "".join(text.split()) and "Muster & Söhne" in text and "Unterschrift" in text
    assert "Jane Doe" in text and "weitere Person der Anmeldung von Jane Doe" in text  # a group of two: two lines
    assert text.count(ids["jane@example.org"]) == 2 and text.count(ids["erika@example.org"]) == 1
    english = pdf_text(
        httpx.get(office.url + "/admin/registrations/attendance-list", params={**query, "lang": "en"}, headers=AUTH)
    )
    assert "Attendance list: Sales communication" in english and "09 March 2027, 09:00" in english
    assert "Signature" in english
    missing = httpx.get(
        office.url + "/admin/registrations/attendance-list",
        params={**query, "session": "2027-03-10T09:00"},
        headers=AUTH,
    )
    assert missing.status_code == 404

    def certificate(registration_id: str) -> httpx.Response:
        return httpx.get(office.url + "/admin/registrations/certificate", params={"id": registration_id}, headers=AUTH)

    assert certificate(ids["erika@example.org"]).status_code == 409  # not marked yet
    mark = {**query, "attended": [ids["erika@example.org"], "r-unknown"]}
    refused = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert refused.status_code == 400 and "r-unknown" in refused.json()["error"]
    assert certificate(ids["erika@example.org"]).status_code == 409  # the refused request marked nothing
    mark = {**query, "attended": [ids["erika@example.org"], ids["jane@example.org"]]}
    marked = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert marked.json() == {"marked": 2, "attended": 2}
    again = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert again.json() == {"marked": 0, "attended": 2}

    german = pdf_text(certificate(ids["erika@example.org"]))
    assert "Teilnahmebescheinigung" in german and "Erika <b>Muster</b>" in german
    assert "hat an folgender Weiterbildung teilgenommen" in german and "Kommunikationstraining Vertrieb" in german
    assert "Termin: 09.03.2027, 09:00 – 10.03.2027, 17:00" in german
    assert "Dauer: 2 Tage" in german and "Trainerin/Trainer: Maren Albrecht" in german
    assert "Ausgestellt am 11.03.2027" in german
    english = pdf_text(certificate(ids["jane@example.org"]))
    assert "Certificate of attendance" in english and "Jane Doe" in english and "Sales communication" in english
    assert "Duration: 2 days" in english and "Trainer: Maren Albrecht" in english

    # the office's commands (make attendance-list / attendance / certificates): PDFs below moderation/
    listed = office_cli(office, "attendance-list", OFFER, SESSION, "--lang", "en", cwd=str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    written = tmp_path / "moderation" / "attendance-list-kommunikationstraining-vertrieb-2027-03-09T0900.pdf"
    assert "Jane Doe" in pdf_text(
        httpx.Response(200, content=written.read_bytes(), headers={"content-type": "application/pdf"})
    )
    wrong = office_cli(office, "attendance", OFFER, SESSION, "r-nobody", cwd=str(tmp_path))
    assert wrong.returncode == 1 and wrong.stderr.strip().endswith("not confirmed for this session: r-nobody")
    again = office_cli(office, "attendance", OFFER, SESSION, ids["jane@example.org"], cwd=str(tmp_path))
    assert again.stdout.strip() == "attended: 1, newly marked: 0"
    made = office_cli(office, "certificates", OFFER, SESSION, cwd=str(tmp_path))
    assert made.returncode == 0, made.stderr
    files = sorted(path.name for path in (tmp_path / "moderation").glob("*-2027-03-09T0900-r-*.pdf"))
    assert files == sorted(
        [
            f"teilnahmebescheinigung-{OFFER}-2027-03-09T0900-{ids['erika@example.org']}.pdf",
            f"certificate-{OFFER}-2027-03-09T0900-{ids['jane@example.org']}.pdf",
        ]
    )

    # mailed on the office's request (make certificates … MAIL=1): through the outbox, read from the SMTP server
    before = len(office.mailbox.messages)
    mailed = office_cli(office, "certificates", OFFER, SESSION, "--mail", cwd=str(tmp_path))
    assert mailed.stdout.strip() == "mailed 2 certificate(s) through the intake", mailed.stderr
    received = {m["To"]: m for m in office.mailbox.wait_for(before + 2)[before:]}
    german, english = received["erika@example.org"], received["jane@example.org"]
    assert german["Subject"] == "Ihre Teilnahmebescheinigung: Kommunikationstraining Vertrieb"
    assert "danke für Ihre Teilnahme an „Kommunikationstraining Vertrieb“" in german.get_body(("plain",)).get_content()
    assert english["Subject"] == "Your certificate of attendance: Sales communication"
    for message, name, words in (
        (german, "teilnahmebescheinigung.pdf", "Erika<b>Muster</b>"),
        (english, "certificate-of-attendance.pdf", "JaneDoe"),
    ):
        attached = next(message.iter_attachments())
        assert attached.get_filename() == name and attached.get_content_type() == "application/pdf"
        pages = PdfReader(io.BytesIO(attached.get_content())).pages
        assert words in "".join(pages[0].extract_text().split())
    privacy.forget(office.engine, "erika@example.org")  # the marks go with the registration
    with store.reading(office.engine) as conn:
        assert store.attended_ids(conn, list(ids.values())) == {ids["jane@example.org"]}


def test_no_certificate_before_the_session_ends(start_intake, sessions_file):
    intake = start_intake(offers=sessions_file, rate_limit=0, now="2027-03-10T16:00")
    early_mail = {"offer": OFFER, "session": SESSION}
    refused = httpx.post(intake.url + "/admin/registrations/certificates", json=early_mail, headers=AUTH)
    assert refused.status_code == 409
    assert httpx.post(intake.url + "/registrations", data=registration_form(), timeout=30).status_code == 303
    registration_id = httpx.get(intake.url + "/admin/registrations", headers=AUTH).json()["registrations"][0]["id"]
    mark = {"offer": OFFER, "session": SESSION, "attended": [registration_id]}
    assert httpx.post(intake.url + "/admin/registrations/attendance", json=mark, headers=AUTH).status_code == 200
    early = httpx.get(intake.url + "/admin/registrations/certificate", params={"id": registration_id}, headers=AUTH)
    assert early.status_code == 409 and "ends 2027-03-10T17:00" in early.json()["error"]


def test_the_office_mails_every_confirmed_participant_of_a_session(office, tmp_path):
    forms = [
        registration_form(name="Erika <b>Muster</b>", email="erika@example.org"),
        registration_form(lang="en", name="Jane Doe", email="jane@example.org", participants="2"),
        registration_form(name="Wartende", email="wait@example.org"),  # full: the waiting list
        registration_form(session=LATER, name="Später", email="later@example.org"),  # another session
    ]
    for form in forms:
        assert httpx.post(office.url + "/registrations", data=form, timeout=30).status_code == 303
    office.mailbox.wait_for(4)
    before = len(office.mailbox.messages)
    text = tmp_path / "nachricht.txt"
    text.write_text("   \n", encoding="utf-8")
    empty = office_cli(office, "session-mail", OFFER, SESSION, str(text), cwd=str(tmp_path))
    assert empty.returncode == 1 and empty.stderr.strip() == f"intake: {text}: the text is empty: nothing was mailed"
    bad = {"offer": OFFER, "session": SESSION, "text": "x", "subject": "=?utf-8?q?a=0D=0ABcc:_x@example.org?="}
    assert httpx.post(office.url + "/admin/registrations/session-mail", json=bad, headers=AUTH).status_code == 400
    text.write_text("Der Raum ist jetzt 2.14 im zweiten Stock.\nBitte bringen Sie <Laptop> mit.\n", encoding="utf-8")
    sent = office_cli(office, "session-mail", OFFER, SESSION, str(text), "--subject", "Raumänderung", cwd=str(tmp_path))
    assert sent.stdout.strip() == "mailed 2 confirmed participant(s) through the intake", sent.stderr
    received = office.mailbox.wait_for(before + 2)[before:]
    time.sleep(0.5)
    assert len(office.mailbox.messages) == before + 2  # not the waiting list, not another session
    by_address = {m["To"]: m for m in received}
    assert set(by_address) == {"erika@example.org", "jane@example.org"}
    german = by_address["erika@example.org"].get_content().replace("\r\n", "\n")
    assert by_address["erika@example.org"]["Subject"] == "Raumänderung"
    assert german.startswith(
        "Guten Tag Erika <b>Muster</b>,\n\nDer Raum ist jetzt 2.14 im zweiten Stock.\nBitte bringen Sie <Laptop> mit."
    )
    assert "„Kommunikationstraining Vertrieb“, 09.03.2027, 09:00 Uhr" in german
    english = by_address["jane@example.org"].get_content().replace("\r\n", "\n")
    assert english.startswith("Hello Jane Doe,") and '"Sales communication", 09 March 2027, 09:00' in english
    default = {"offer": OFFER, "session": SESSION, "text": "Bis bald."}
    assert httpx.post(office.url + "/admin/registrations/session-mail", json=default, headers=AUTH).json() == {
        "mailed": 2
    }
    # a subject too long for one header line is folded right after "Subject:": the reader sees it unfolded
    subjects = {m["To"]: m["Subject"].strip() for m in office.mailbox.wait_for(before + 4)[before + 2 :]}
    assert subjects == {
        "erika@example.org": "Zu Ihrem Termin: Kommunikationstraining Vertrieb am 09.03.2027, 09:00 Uhr",
        "jane@example.org": "About your training: Sales communication on 09 March 2027, 09:00",
    }


def test_the_documents_use_the_sites_typography():
    site = (REPO / "theme/static/css/site.css").read_text(encoding="utf-8")
    document = (REPO / "intake/templates/documents/document.html").read_text(encoding="utf-8")
    for name in ("--sans", "--serif", "--blue", "--text", "--muted"):
        site_value = re.search(rf"{name}: ([^;]+);", site).group(1)
        assert f"{name}: {site_value};" in document, name
