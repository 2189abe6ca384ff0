"""What the office does with one session after the registration: mark who attended, mail every
confirmed participant, a certificate of attendance (one as PDF, or all by mail). One path for the
admin API (``office_routes``) and the office's desk (``intake.office``); each change is a line of
the audit log by its actor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from .. import mail, store
from ..rules import header_safe
from ..web import Intake, utcnow
from . import documents
from .reminders import clock
from .rules import TrainingSession, session_start
from .service import date_text, facts

LANGS = ("de", "en")
MAX_TEXT = 20_000
MAX_SUBJECT = 200


class SessionRefusal(Exception):  # noqa: N818 - it is an answer, not a failure of ours
    """An action on a session that cannot be done: the HTTP status, a key for the desk's texts and
    the admin API's message."""

    def __init__(self, status: int, key: str, message: str) -> None:
        super().__init__(message)
        self.status, self.key, self.message = status, key, message


def _about(known: TrainingSession) -> str:
    return f"{known.offer} {known.session}"


def mark_attended(conn: Connection, known: TrainingSession, ids: list[str], actor: str) -> int:
    """Mark confirmed registrations of the session attended (all or none: an id that is not one
    of them is refused); how many were newly marked."""
    confirmed = {row["id"] for row in store.confirmed_of_session(conn, known.offer, known.session)}
    if unknown := [i for i in ids if i not in confirmed]:
        raise SessionRefusal(400, "not_confirmed", f"not confirmed for this session: {', '.join(unknown[:10])}")
    now = utcnow()
    marked = store.mark_attended(conn, ids, now)
    store.record(conn, actor, "attendance_marked", _about(known), ", ".join(ids)[:2000], now)
    return marked


def check_session_mail(subject: object, text: object) -> tuple[str, str]:
    """The subject and text of a mail to the session's participants, stripped; refused when the
    text is empty or overlong or the subject is not one short line of plain text."""
    subject = subject or ""
    if not isinstance(text, str) or not text.strip():
        raise SessionRefusal(400, "mail_empty", "the text is empty: nothing was mailed")
    if len(text) > MAX_TEXT or not isinstance(subject, str) or len(subject) > MAX_SUBJECT:
        raise SessionRefusal(
            400, "mail_too_long", f"the text may have at most {MAX_TEXT} characters, the subject {MAX_SUBJECT}"
        )
    if "\r" in subject or "\n" in subject or not header_safe(subject):
        raise SessionRefusal(400, "mail_subject_bad", "the subject must be one line of plain text")
    return subject.strip(), text.strip()


def queue_session_mail(
    intake: Intake, conn: Connection, known: TrainingSession, subject: str, text: str, actor: str
) -> int:
    """The office's text (checked by :func:`check_session_mail`) to every confirmed participant
    of the session (not the waiting list), each in their registration's language, through the
    outbox; how many were mailed."""
    now = utcnow()
    rows = store.confirmed_of_session(conn, known.offer, known.session)
    for row in rows:
        title, offer_url = facts(intake, row, known)
        mail_subject, mail_body = intake.mail_text(
            f"session_mail.{row['lang']}.txt",
            r=row,
            text=text,
            given_subject=subject,
            title=title,
            date=date_text(known.session, row["lang"]),
            offer_url=offer_url,
        )
        store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], mail_subject, mail_body), now)
    store.record(conn, actor, "session_mail", _about(known), f"{len(rows)}: {subject}"[:2000], now)
    return len(rows)


def _after_end(intake: Intake, known: TrainingSession) -> datetime:
    now = clock(intake)
    if now < session_start(known.end):
        raise SessionRefusal(409, "before_end", f"the session ends {known.end}: certificates after it")
    return now


def registration_for_certificate(intake: Intake, registration_id: str) -> dict:
    """The registration a certificate is asked for; refused (404) when there is none for a session."""
    with store.reading(intake.engine) as conn:
        row = store.registration(conn, registration_id)
    if row is None or not row["session"]:
        raise SessionRefusal(404, "not_found", f"no registration {registration_id!r} for a session")
    return row


def certificate(intake: Intake, known: TrainingSession, row: dict, actor: str) -> tuple[bytes, str]:
    """The participant's certificate of attendance (PDF, in the registration's language) and its
    file name; refused (409) before the session's end or when not marked attended. The download
    is a line of the audit log (a document with personal data left the intake)."""
    now = _after_end(intake, known)
    with store.reading(intake.engine) as conn:
        attended = row["id"] in store.attended_ids(conn, [row["id"]])
    if not attended or row["status"] != "confirmed":
        raise SessionRefusal(409, "not_attended", f"{row['id']} is not marked as attended")
    title, _ = facts(intake, row, known)
    content = documents.certificate(intake, known, title, row, now)
    with store.writing(intake.engine) as conn:
        store.record(conn, actor, "certificate_downloaded", row["id"], _about(known), utcnow())
    kind = "teilnahmebescheinigung" if row["lang"] == "de" else "certificate"
    return content, documents.file_name(kind, known, f"-{row['id']}")


def certificate_mails(intake: Intake, known: TrainingSession) -> list[tuple[str, str]]:
    """Every attended participant's mail with their certificate, rendered before the transaction
    that queues them; refused (409) before the session's end or when nobody is marked."""
    now = _after_end(intake, known)
    titles = {lang: facts(intake, {"offer": known.offer, "lang": lang}, known)[0] for lang in LANGS}
    dates = {lang: date_text(known.session, lang) for lang in LANGS}
    with store.reading(intake.engine) as conn:
        rows = documents.attended_rows(conn, known)
    mails = documents.certificate_mails(intake, known, titles, dates, rows, now)
    if not mails:
        raise SessionRefusal(409, "nobody_attended", "nobody of this session is marked as attended")
    return mails


def queue_certificate_mails(conn: Connection, known: TrainingSession, mails: list[tuple[str, str]], actor: str) -> int:
    """Queue the mails of :func:`certificate_mails`; how many."""
    now = utcnow()
    for address, message in mails:
        store.enqueue(conn, "mail", address, message, now)
    store.record(conn, actor, "certificates_mailed", _about(known), str(len(mails)), now)
    return len(mails)
