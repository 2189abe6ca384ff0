"""The office's documents of a session through the real intake's admin API, on both stores: the
attendance list and the certificates of attendance as PDF (WeasyPrint), their text read back
with pypdf; names stay text (a name with ``<b>`` is printed as typed); attendance marked by the office."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from conftest import ADMIN, LATER, OFFER, SESSION, SESSIONS
from pypdf import PdfReader
from test_intake_registrations import office_cli, registration_form

from intake import privacy, store

AUTH = {"Authorization": f"Bearer {ADMIN}"}
REPO = Path(__file__).resolve().parents[2]


# WeasyPrint's first PDF in a process loads its fonts: seconds on a busy machine, past httpx's 5 s
PDF_WAIT = 60


def pdf_text(answer: httpx.Response) -> str:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())  # lines wrapped in cells joined


@pytest.fixture
def office(start_intake, tmp_path):
    """The intake after the session (its clock moved), with trainer and duration in the site's
    list, six seats per session."""
    data = json.loads(json.dumps(SESSIONS))
    for entry in data["sessions"]:
        entry["trainer"] = "Maren Albrecht"
        entry["duration"] = "2 Tage" if entry["lang"] == "de" else "2 days"
        entry["max"] = 6
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return start_intake(offers=str(path), rate_limit=0, now="2027-03-11T10:00")


def name_participants(intake, registration_id: str, people: list[tuple[str, str]]) -> None:
    """The participants the booker named in their seats (the form stored one seat per participant)."""
    with store.writing(intake.engine) as conn:
        for position, (name, email) in enumerate(people, start=1):
            assert store.name_participant(conn, registration_id, position, name, email, datetime(2027, 3, 1, 9, 0))


def test_attendance_list_attendance_and_certificates_per_participant(office, tmp_path):
    forms = [
        registration_form(name="Erika <b>Muster</b>", email="erika@example.org", company="Muster & Söhne"),
        registration_form(lang="en", name="Jane Doe", email="jane@example.org", company="Doe Ltd", participants="3"),
        registration_form(name="Bernd Gruppe", email="bernd@example.org", company="", participants="2"),
    ]
    for form in forms:
        assert httpx.post(office.url + "/registrations", data=form, timeout=30).status_code == 303
    listed = httpx.get(office.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    ids = {r["email"]: r["id"] for r in listed}
    erika, jane, bernd = ids["erika@example.org"], ids["jane@example.org"], ids["bernd@example.org"]
    # Jane names her group (one with an address of their own); Erika and Bernd named nobody: the
    # booker is in seat 1, Bernd's second seat is not named yet
    name_participants(office, jane, [("Jane Doe", ""), ("Zoe Zed", "zoe@example.org"), ("Yuri Young", "")])

    query = {"offer": OFFER, "session": SESSION}
    assert httpx.get(office.url + "/admin/registrations/attendance-list", params=query).status_code == 401
    text = pdf_text(
        httpx.get(office.url + "/admin/registrations/attendance-list", params=query, headers=AUTH, timeout=PDF_WAIT)
    )
    assert "Teilnahmeliste: Kommunikationstraining Vertrieb" in text
    assert "09.03.2027, 09:00 – 10.03.2027, 17:00" in text and "Maren Albrecht" in text
    assert "Erika<b>Muster</b>" in "".join(text.split()) and "Muster & Söhne" in text and "Unterschrift" in text
    names = [
        "Bernd Gruppe",
        "Erika",
        "Jane Doe",
        "Yuri Young",
        "Zoe Zed",
        "(noch nicht benannt) – Buchung von Bernd Gruppe",
    ]
    places = [text.index(name) for name in names]
    assert places == sorted(places)  # one line per participant, by name; the unnamed seat last
    assert text.count(jane) == 3 and text.count(bernd) == 2 and text.count(erika) == 1
    assert text.count("Doe Ltd") == 3  # each line names its booking's company
    english = pdf_text(
        httpx.get(
            office.url + "/admin/registrations/attendance-list",
            params={**query, "lang": "en"},
            headers=AUTH,
            timeout=PDF_WAIT,
        )
    )
    assert "Attendance list: Sales communication" in english and "9 March 2027, 09:00" in english
    assert "Signature" in english and "(not named yet) – booked by Bernd Gruppe" in english
    missing = httpx.get(
        office.url + "/admin/registrations/attendance-list",
        params={**query, "session": "2027-03-10T09:00"},
        headers=AUTH,
    )
    assert missing.status_code == 404

    def certificate(key: str) -> httpx.Response:
        return httpx.get(
            office.url + "/admin/registrations/certificate", params={"id": key}, headers=AUTH, timeout=PDF_WAIT
        )

    assert certificate(erika).status_code == 409  # not marked yet
    mark = {**query, "attended": [erika, "r-unknown"]}
    refused = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert refused.status_code == 400 and "r-unknown" in refused.json()["error"]
    assert certificate(erika).status_code == 409  # the refused request marked nothing
    mark = {**query, "attended": [erika, f"{jane}.2", f"{jane}.3", f"{bernd}.2"]}  # a bare id: all its seats
    marked = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert marked.json() == {"marked": 4, "attended": 4}
    again = httpx.post(office.url + "/admin/registrations/attendance", json=mark, headers=AUTH)
    assert again.json() == {"marked": 0, "attended": 4}
    seats = httpx.get(office.url + "/admin/registrations/attendance", params=query, headers=AUTH).json()
    attended = {p["id"]: (p["name"], p["booker"], p["attended"]) for p in seats["participants"]}
    assert attended == {
        f"{erika}.1": ("Erika <b>Muster</b>", "Erika <b>Muster</b>", True),
        f"{jane}.1": ("Jane Doe", "Jane Doe", False),
        f"{jane}.2": ("Zoe Zed", "Jane Doe", True),
        f"{jane}.3": ("Yuri Young", "Jane Doe", True),
        f"{bernd}.1": ("Bernd Gruppe", "Bernd Gruppe", False),
        f"{bernd}.2": ("", "Bernd Gruppe", True),
    }
    with store.reading(office.engine) as conn:  # marking Bernd's unnamed seat wrote his seats' rows
        people = store.participants_of(conn, [bernd])[bernd]
    assert [(p["name"], p["email"], p["attended_at"] is not None) for p in people] == [
        ("Bernd Gruppe", "bernd@example.org", False),
        ("", "", True),
    ]

    german = pdf_text(certificate(erika))  # a registration's id: its first participant
    assert "Teilnahmebescheinigung" in german and "Erika <b>Muster</b>" in german
    assert "hat an folgender Weiterbildung teilgenommen" in german and "Kommunikationstraining Vertrieb" in german
    assert "Termin: 09.03.2027, 09:00 – 10.03.2027, 17:00" in german
    assert "Dauer: 2 Tage" in german and "Trainerin/Trainer: Maren Albrecht" in german
    assert "Ausgestellt am 11.03.2027" in german
    english = pdf_text(certificate(f"{jane}.2"))
    assert "Certificate of attendance" in english and "Zoe Zed" in english and "Sales communication" in english
    assert "Jane Doe" not in english and "Doe Ltd" in english  # the participant's name, the booking's company
    assert "Duration: 2 days" in english and "Trainer: Maren Albrecht" in english
    assert certificate(f"{jane}.1").status_code == 409  # Jane herself did not attend
    unnamed = certificate(f"{bernd}.2")
    assert unnamed.status_code == 409 and "no name yet" in unnamed.json()["error"]
    assert certificate(f"{jane}.9").status_code == 404

    # the office's commands (make attendance-list / attendance / certificates): PDFs below moderation/
    listed = office_cli(office, "attendance-list", OFFER, SESSION, "--lang", "en", cwd=str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    written = tmp_path / "moderation" / "attendance-list-kommunikationstraining-vertrieb-2027-03-09T0900.pdf"
    assert "Zoe Zed" in pdf_text(
        httpx.Response(200, content=written.read_bytes(), headers={"content-type": "application/pdf"})
    )
    wrong = office_cli(office, "attendance", OFFER, SESSION, "r-nobody", cwd=str(tmp_path))
    assert wrong.returncode == 1 and wrong.stderr.strip().endswith("not confirmed for this session: r-nobody")
    again = office_cli(office, "attendance", OFFER, SESSION, f"{jane}.2", cwd=str(tmp_path))
    assert again.stdout.strip() == "attended: 1, newly marked: 0"
    made = office_cli(office, "certificates", OFFER, SESSION, cwd=str(tmp_path))
    assert made.returncode == 0, made.stderr
    files = sorted(path.name for path in (tmp_path / "moderation").glob("*-2027-03-09T0900-r-*.pdf"))
    assert files == sorted(  # not for the seat nobody named yet
        [
            f"teilnahmebescheinigung-{OFFER}-2027-03-09T0900-{erika}.1.pdf",
            f"certificate-{OFFER}-2027-03-09T0900-{jane}.2.pdf",
            f"certificate-{OFFER}-2027-03-09T0900-{jane}.3.pdf",
        ]
    )

    # mailed on the office's request (make certificates … MAIL=1): to the participant's own address,
    # else to the booker saying for whom; read from the SMTP server
    before = len(office.mailbox.messages)
    mailed = office_cli(office, "certificates", OFFER, SESSION, "--mail", cwd=str(tmp_path))
    assert mailed.stdout.strip() == "mailed 3 certificate(s) through the intake", mailed.stderr
    received = office.mailbox.wait_for(before + 3)[before:]
    time.sleep(0.3)
    assert len(office.mailbox.messages) == before + 3
    by_address = {m["To"]: m for m in received}
    assert set(by_address) == {"erika@example.org", "zoe@example.org", "jane@example.org"}
    german, zoe, yuri = by_address["erika@example.org"], by_address["zoe@example.org"], by_address["jane@example.org"]
    assert german["Subject"] == "Ihre Teilnahmebescheinigung: Kommunikationstraining Vertrieb"
    assert "danke für Ihre Teilnahme an „Kommunikationstraining Vertrieb“" in german.get_body(("plain",)).get_content()
    assert zoe["Subject"] == "Your certificate of attendance: Sales communication"
    assert zoe.get_body(("plain",)).get_content().startswith("Hello Zoe Zed,")
    assert yuri["Subject"] == "Certificate of attendance for Yuri Young: Sales communication"
    for_yuri = yuri.get_body(("plain",)).get_content()
    assert (
        for_yuri.startswith("Hello Jane Doe,") and "Yuri Young attended" in for_yuri and "please pass it on" in for_yuri
    )
    for message, name, words in (
        (german, "teilnahmebescheinigung.pdf", "Erika<b>Muster</b>"),
        (zoe, "certificate-of-attendance.pdf", "ZoeZed"),
        (yuri, "certificate-of-attendance.pdf", "YuriYoung"),
    ):
        attached = next(message.iter_attachments())
        assert attached.get_filename() == name and attached.get_content_type() == "application/pdf"
        pages = PdfReader(io.BytesIO(attached.get_content())).pages
        assert words in "".join(pages[0].extract_text().split())
    privacy.forget(office.engine, "erika@example.org")  # the marks go with the registration
    with store.reading(office.engine) as conn:
        rows = [store.registration(conn, i) for i in (erika, jane, bernd)]
        assert rows[0] is None
        assert store.attended_keys(conn, rows[1:]) == {f"{jane}.2", f"{jane}.3", f"{bernd}.2"}


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
        registration_form(lang="en", name="Jane Doe", email="jane@example.org", participants="3", company="Doe Ltd"),
        registration_form(name="Wartende", email="wait@example.org", participants="3"),  # 7 > 6: the waiting list
        registration_form(session=LATER, name="Später", email="later@example.org"),  # another session
    ]
    for form in forms:
        assert httpx.post(office.url + "/registrations", data=form, timeout=30).status_code == 303
    office.mailbox.wait_for(4)
    listed = httpx.get(office.url + "/admin/registrations", headers=AUTH).json()["registrations"]
    ids = {r["email"]: r["id"] for r in listed}
    assert {r["email"]: r["status"] for r in listed}["wait@example.org"] == "waitlist"
    # Jane's group: one with an address of their own, one whose address is Erika's (mailed once)
    name_participants(office, ids["jane@example.org"], [("Jane Doe", ""), ("Zoe Zed", "zoe@example.org"),
                                                          ("Erika Muster", "Erika@Example.org")])  # fmt: skip
    name_participants(office, ids["wait@example.org"], [("Wartende", ""), ("Walter Warte", "walter@example.org")])
    before = len(office.mailbox.messages)
    text = tmp_path / "nachricht.txt"
    text.write_text("   \n", encoding="utf-8")
    empty = office_cli(office, "session-mail", OFFER, SESSION, str(text), cwd=str(tmp_path))
    assert empty.returncode == 1 and empty.stderr.strip() == f"intake: {text}: the text is empty: nothing was mailed"
    bad = {"offer": OFFER, "session": SESSION, "text": "x", "subject": "=?utf-8?q?a=0D=0ABcc:_x@example.org?="}
    assert httpx.post(office.url + "/admin/registrations/session-mail", json=bad, headers=AUTH).status_code == 400
    text.write_text("Der Raum ist jetzt 2.14 im zweiten Stock.\nBitte bringen Sie <Laptop> mit.\n", encoding="utf-8")
    sent = office_cli(office, "session-mail", OFFER, SESSION, str(text), "--subject", "Raumänderung", cwd=str(tmp_path))
    assert sent.stdout.strip() == "mailed 3 confirmed participant(s) through the intake", sent.stderr
    received = office.mailbox.wait_for(before + 3)[before:]
    time.sleep(0.5)
    assert len(office.mailbox.messages) == before + 3  # not the waiting list, not another session, no address twice
    by_address = {m["To"]: m for m in received}
    assert set(by_address) == {"erika@example.org", "jane@example.org", "zoe@example.org"}
    german = by_address["erika@example.org"].get_content().replace("\r\n", "\n")
    assert by_address["erika@example.org"]["Subject"] == "Raumänderung"
    assert german.startswith(
        "Guten Tag Erika <b>Muster</b>,\n\nDer Raum ist jetzt 2.14 im zweiten Stock.\nBitte bringen Sie <Laptop> mit."
    )
    assert "„Kommunikationstraining Vertrieb“, 09.03.2027, 09:00 Uhr" in german and "Angemeldet von" not in german
    english = by_address["jane@example.org"].get_content().replace("\r\n", "\n")
    assert english.startswith("Hello Jane Doe,") and '"Sales communication", 9 March 2027, 09:00' in english
    zoe = by_address["zoe@example.org"].get_content().replace("\r\n", "\n")  # the registration's language
    assert zoe.startswith("Hello Zoe Zed,") and "Registered by Jane Doe (Doe Ltd)" in zoe
    assert f"Registration number: {ids['jane@example.org']}" in zoe
    default = {"offer": OFFER, "session": SESSION, "text": "Bis bald."}
    assert httpx.post(office.url + "/admin/registrations/session-mail", json=default, headers=AUTH).json() == {
        "mailed": 3
    }
    # a subject too long for one header line is folded right after "Subject:": the reader sees it unfolded
    subjects = {m["To"]: m["Subject"].strip() for m in office.mailbox.wait_for(before + 6)[before + 3 :]}
    assert subjects == {
        "erika@example.org": "Zu Ihrem Termin: Kommunikationstraining Vertrieb am 09.03.2027, 09:00 Uhr",
        "jane@example.org": "About your training: Sales communication on 9 March 2027, 09:00",
        "zoe@example.org": "About your training: Sales communication on 9 March 2027, 09:00",
    }


def test_the_documents_use_the_sites_typography():
    site = (REPO / "theme/static/css/site.css").read_text(encoding="utf-8")
    document = (REPO / "intake/templates/documents/document.html").read_text(encoding="utf-8")
    for name in ("--sans", "--serif", "--blue", "--text", "--muted"):
        site_value = re.search(rf"{name}: ([^;]+);", site).group(1)
        assert f"{name}: {site_value};" in document, name
