"""What the office does with one session after the registration: mark who attended (per
participant), mail every confirmed participant, a certificate of attendance (one as PDF, or all
by mail), keep an online session's joining link for the reminders. One path for the
admin API (``office_routes``) and the office's desk (``intake.office``); each change is a line of
the audit log by its actor."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.engine import Connection

from .. import mail, store
from ..rules import header_safe
from ..web import Intake, utcnow
from . import audience, documents
from .reminders import clock
from .rules import TrainingSession, session_start
from .service import date_text, facts

LANGS = ("de", "en")
MAX_TEXT = 20_000
MAX_SUBJECT = 200
MAX_JOIN_URL = 500


class SessionRefusal(Exception):  # noqa: N818 - it is an answer, not a failure of ours
    """An action on a session that cannot be done: the HTTP status, a key for the desk's texts and
    the admin API's message."""

    def __init__(self, status: int, key: str, message: str) -> None:
        super().__init__(message)
        self.status, self.key, self.message = status, key, message


def _about(known: TrainingSession) -> str:
    return f"{known.offer} {known.session}"


def confirmed_seats(conn: Connection, known: TrainingSession) -> list[dict]:
    """Every seat of the session's confirmed registrations (``store.seats_of``)."""
    return store.seats_of(conn, store.confirmed_of_session(conn, known.offer, known.session))


def _seat_keys(seats: list[dict], keys: list[str]) -> set[str]:
    """The seats *keys* name (``r-….2``; a bare registration id: all its seats); refused when a
    key names no seat of these."""
    by_registration: dict[str, list[str]] = {}
    for seat in seats:
        by_registration.setdefault(seat["registration_id"], []).append(seat["key"])
    known_keys = {seat["key"] for seat in seats}
    chosen, unknown = set(), []
    for key in keys:
        registration_id, position = store.parse_seat_key(key)
        if position is None and registration_id in by_registration:
            chosen.update(by_registration[registration_id])
        elif key in known_keys:
            chosen.add(key)
        else:
            unknown.append(key)
    if unknown:
        raise SessionRefusal(400, "not_confirmed", f"not confirmed for this session: {', '.join(unknown[:10])}")
    return chosen


def mark_attended(
    conn: Connection, known: TrainingSession, keys: list[str], actor: str, shown: list[str] | None = None
) -> int:
    """Mark participants of the session's confirmed registrations attended: *keys* name them
    (``r-….2``, or a registration id for all its seats); an unknown key refuses them all. With
    *shown* (the desk's checkboxes) the shown participants not in *keys* are unmarked; without
    (the admin API) nobody is. How many were newly marked."""
    seats = confirmed_seats(conn, known)
    attended = _seat_keys(seats, keys)
    considered = attended if shown is None else attended | _seat_keys(seats, shown)
    now = utcnow()
    marked, unmarked = store.set_attended(conn, seats, considered, attended, now)
    if marked or unmarked:
        detail = f"{', '.join(sorted(attended))}; unmarked: {unmarked}"
        store.record(conn, actor, "attendance_marked", _about(known), detail[:2000], now)
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
    """The office's text (checked by :func:`check_session_mail`) to every confirmed registration of
    the session (not the waiting list): its booker and each participant with an address of their
    own, each address once, in the registration's language, through the outbox; how many mails."""
    now = utcnow()
    rows = store.confirmed_of_session(conn, known.offer, known.session)
    seats = store.seats_of(conn, rows)
    seen: set[str] = set()
    mailed = 0
    for row in rows:
        title, offer_url = facts(intake, row, known)
        for recipient in audience.recipients(row, [s for s in seats if s["registration_id"] == row["id"]], seen):
            mail_subject, mail_body = intake.mail_text(
                f"session_mail.{row['lang']}.txt",
                r=row,
                greet=recipient.name,
                booker=recipient.booker,
                text=text,
                given_subject=subject,
                title=title,
                date=date_text(known.session, row["lang"]),
                offer_url=offer_url,
            )
            queued = mail.queued_mail(recipient.address, mail_subject, mail_body)
            store.enqueue(conn, "mail", recipient.address, queued, now, about=(row["id"],))
            mailed += 1
    store.record(conn, actor, "session_mail", _about(known), f"{mailed}: {subject}"[:2000], now)
    return mailed


def _after_end(intake: Intake, known: TrainingSession) -> datetime:
    now = clock(intake)
    if now < session_start(known.end):
        raise SessionRefusal(409, "before_end", f"the session ends {known.end}: certificates after it")
    return now


def seat_for_certificate(intake: Intake, key: str) -> dict:
    """The seat a certificate is asked for (``r-….2``; a bare registration id: its first seat);
    refused (404) when there is none of a registration for a session."""
    registration_id, position = store.parse_seat_key(key)
    with store.reading(intake.engine) as conn:
        row = store.registration(conn, registration_id)
        seats = store.seats_of(conn, [row]) if row is not None and row["session"] else []
    seat = next((s for s in seats if s["position"] == (position or 1)), None)
    if seat is None:
        raise SessionRefusal(404, "not_found", f"no participant {key!r} of a registration for a session")
    return seat


def certificate(intake: Intake, known: TrainingSession, seat: dict, actor: str) -> tuple[bytes, str]:
    """The participant's certificate of attendance (PDF, in the registration's language) and its
    file name; refused (409) before the session's end, when not marked attended or not named yet.
    The download is a line of the audit log (a document with personal data left the intake)."""
    now = _after_end(intake, known)
    row = seat["registration"]
    if seat["attended_at"] is None or row["status"] != "confirmed":
        raise SessionRefusal(409, "not_attended", f"{seat['key']} is not marked as attended")
    if not seat["name"]:
        raise SessionRefusal(409, "unnamed_refused", f"{seat['key']} has no name yet: the booker names the participant")
    title, _ = facts(intake, row, known)
    content = documents.certificate(intake, known, title, seat, now)
    with store.writing(intake.engine) as conn:
        store.record(conn, actor, "certificate_downloaded", seat["key"], _about(known), utcnow())
    kind = "teilnahmebescheinigung" if row["lang"] == "de" else "certificate"
    return content, documents.file_name(kind, known, f"-{seat['key']}")


def certificate_mails(intake: Intake, known: TrainingSession) -> list[tuple[str, str]]:
    """Every attended (and named) participant's mail with their certificate, rendered before the
    transaction that queues them; refused (409) before the session's end or when nobody is marked."""
    now = _after_end(intake, known)
    titles = {lang: facts(intake, {"offer": known.offer, "lang": lang}, known)[0] for lang in LANGS}
    dates = {lang: date_text(known.session, lang) for lang in LANGS}
    with store.reading(intake.engine) as conn:
        seats = [seat for seat in confirmed_seats(conn, known) if seat["attended_at"] is not None]
    mails = documents.certificate_mails(intake, known, titles, dates, [seat for seat in seats if seat["name"]], now)
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


def check_join_url(value: object) -> str:
    """An online session's joining link as the office enters it: an ``https://`` address with a
    host, one line, at most 500 characters ("" removes the link); refused otherwise."""
    url = value.strip() if isinstance(value, str) else ""
    if not url:
        return ""
    parts = urlsplit(url) if len(url) <= MAX_JOIN_URL else None
    if (
        parts is None
        or parts.scheme != "https"
        or not parts.hostname
        or any(c.isspace() or ord(c) < 32 or c in "<>\"'\\" for c in url)
    ):
        raise SessionRefusal(400, "join_url_bad", "the joining link must be one https:// address")
    return url


def keep_join_url(conn: Connection, known: TrainingSession, url: str, actor: str) -> None:
    """Keep the joining link (checked by :func:`check_join_url`) the reminders carry; a line of
    the audit log (with the link's host only: the link itself opens the meeting)."""
    now = utcnow()
    store.set_session_join_url(conn, known.offer, known.session, url)
    detail = urlsplit(url).hostname or "" if url else "removed"
    store.record(conn, actor, "join_url_set", _about(known), detail, now)
