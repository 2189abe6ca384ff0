"""The office's printed documents of a training session, as PDF through WeasyPrint: the
attendance list (one line per participant, a signature column) and the certificate of
attendance. HTML from ``templates/documents/`` (autoescaped: a name is text, never markup) in
the site's typography (the font stacks and colours of ``theme/static/css/site.css``)."""

from __future__ import annotations

import base64
from datetime import datetime

from common.training_sessions import TrainingSession, session_start

from .. import mail, store
from ..texts import written_date
from ..web import Intake
from .service import facts

WORDS = {
    "de": {
        "list": "Teilnahmeliste",
        "name": "Name",
        "company": "Firma",
        "signature": "Unterschrift",
        "number": "Anmeldung",
        "unnamed": "(noch nicht benannt) – Buchung von",
        "trainer": "Trainerin/Trainer",
        "duration": "Dauer",
        "certificate": "Teilnahmebescheinigung",
        "attended": "hat an folgender Weiterbildung teilgenommen:",
        "dates": "Termin",
        "issued": "Ausgestellt am",
        "printed": "Gedruckt am",
    },
    "en": {
        "list": "Attendance list",
        "name": "Name",
        "company": "Company",
        "signature": "Signature",
        "number": "Registration",
        "unnamed": "(not named yet) – booked by",
        "trainer": "Trainer",
        "duration": "Duration",
        "certificate": "Certificate of attendance",
        "attended": "has attended the following training:",
        "dates": "Dates",
        "issued": "Issued on",
        "printed": "Printed on",
    },
}


def day(value: datetime, lang: str) -> str:
    """A calendar day as the documents write it."""
    return written_date(value, lang)


def dates(known: TrainingSession, lang: str) -> list[str]:
    """Each day or module of the session with its times: ``09.03.2027, 09:00–17:00``."""
    spans = known.parts or ((known.session, known.end),)
    shown = []
    for start_text, end_text in spans:
        start, end = session_start(start_text), session_start(end_text)
        if start is None or end is None:
            continue
        if start.date() == end.date():
            shown.append(f"{day(start, lang)}, {start:%H:%M}–{end:%H:%M}")
        else:
            shown.append(f"{day(start, lang)}, {start:%H:%M} – {day(end, lang)}, {end:%H:%M}")
    return shown


def attendance_lines(seats: list[dict], lang: str) -> list[dict]:
    """One line per participant (``store.seats_of``), sorted by name; an unnamed seat reads
    "(noch nicht benannt) – Buchung von <booker>" and comes after the named ones."""
    lines = [
        {
            "name": seat["name"] or f"{WORDS[lang]['unnamed']} {seat['registration']['name']}",
            "company": seat["registration"]["company"],
            "number": seat["registration_id"],
            "sort": (not seat["name"], (seat["name"] or seat["registration"]["name"]).casefold(), seat["key"]),
        }
        for seat in seats
    ]
    return sorted(lines, key=lambda line: line["sort"])


def render_pdf(html: str) -> bytes:
    """HTML to PDF (WeasyPrint needs Pango at run time; imported when a document is asked for)."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def attendance_list(
    intake: Intake, known: TrainingSession, title: str, seats: list[dict], lang: str, now: datetime
) -> bytes:
    """The session's attendance list as PDF."""
    html = intake.pages.get_template("documents/attendance_list.html").render(
        lang=lang,
        words=WORDS[lang],
        title=title,
        dates=dates(known, lang),
        trainer=known.trainer,
        lines=attendance_lines(seats, lang),
        printed=day(now, lang),
    )
    return render_pdf(html)


def session_attendance_list(intake: Intake, known: TrainingSession, lang: str, now: datetime) -> bytes:
    """The attendance list of *known* in *lang* with the participants of its confirmed
    registrations as the store holds them: the admin API's and the office desk's PDF."""
    with store.reading(intake.engine) as conn:
        seats = store.seats_of(conn, store.confirmed_of_session(conn, known.offer, known.session))
    title, _ = facts(intake, {"offer": known.offer, "lang": lang}, known)
    return attendance_list(intake, known, title, seats, lang, now)


def file_name(kind: str, known: TrainingSession, suffix: str = "") -> str:
    """A document's file name: ``teilnahmeliste-<offer>-2027-03-09T0900.pdf``."""
    return f"{kind}-{known.offer}-{known.session.replace(':', '')}{suffix}.pdf"


def attendance_list_name(known: TrainingSession, lang: str) -> str:
    return file_name("teilnahmeliste" if lang == "de" else "attendance", known)


def certificate(intake: Intake, known: TrainingSession, title: str, seat: dict, now: datetime) -> bytes:
    """One participant's certificate of attendance as PDF (``store.seats_of``'s seat: the
    participant's name, the booking's company), in the registration's language."""
    row = seat["registration"]
    lang = row["lang"]
    html = intake.pages.get_template("documents/certificate.html").render(
        lang=lang,
        words=WORDS[lang],
        title=title,
        name=seat["name"],
        company=row["company"],
        dates=dates(known, lang),
        duration=known.durations.get(lang, ""),
        trainer=known.trainer,
        issued=day(now, lang),
    )
    return render_pdf(html)


def certificate_name(row: dict) -> str:
    """The attachment's file name in the registration's language."""
    return ("teilnahmebescheinigung" if row["lang"] == "de" else "certificate-of-attendance") + ".pdf"


def certificate_mails(
    intake: Intake,
    known: TrainingSession,
    titles: dict[str, str],
    date: dict[str, str],
    seats: list[dict],
    now: datetime,
) -> list[tuple[str, str]]:
    """Each participant's mail with their certificate attached (a PDF): (address, queued mail).
    To the participant's own address when the booker gave one, else to the booker, saying for
    whom; in the registration's language. Rendered before the transaction that queues them,
    which then holds the store's lock briefly. *titles* and *date* per language."""
    office = intake.settings.office[0] if intake.settings.office else ""
    mails = []
    for seat in seats:
        row = seat["registration"]
        lang = row["lang"]
        own = bool(seat["email"])
        address = seat["email"] or row["email"]
        filename = certificate_name(row)
        content = certificate(intake, known, titles[lang], seat, now)
        subject, body = intake.mail_text(
            f"certificate.{lang}.txt",
            r=row,
            person=seat["name"],
            greet=seat["name"] if own else row["name"],
            for_other=not own and seat["name"] != row["name"],
            title=titles[lang],
            date=date[lang],
            filename=filename,
            office=office,
        )
        attachment = (filename, "application/pdf", base64.b64encode(content).decode("ascii"), "base64")
        mails.append((address, mail.queued_mail(address, subject, body, attachment=attachment)))
    return mails
