"""A booking's participants after the registration: the booker names a seat, or a substitute
(Ersatzperson) for it, through the registration's signed link until the session starts. Each
change is stored with a line of the audit log and told by mail to the booker, to the person
named (when they gave an address: the session's facts and ``.ics``) and to the office."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Connection

from .. import mail, store
from ..web import Intake, utcnow
from . import rules
from .rules import TrainingSession
from .service import date_text, desk_url, facts, local_now, people_of, queue_participant_mail

logger = logging.getLogger("intake")

CHANGEABLE = ("confirmed", "waitlist")  # a cancelled booking or an enquiry names nobody


def too_late(row: dict, now: datetime) -> bool:
    """Whether the session of *row* has started (*now* local, naive): then nobody is named by link."""
    start = rules.session_start(row["session"])
    return start is None or now >= start


def name_seat(
    intake: Intake,
    conn: Connection,
    registration_id: str,
    position: int,
    person: tuple[str, str],
    sessions: dict | None,
) -> tuple[dict | None, str]:
    """Name *person* (name, e-mail or "") for seat *position* of the registration:
    ``(row, refusal text key or "")``; a refusal changes nothing (``booking_cancelled``,
    ``booking_too_late``, ``booking_no_seat``)."""
    row = store.registration(conn, registration_id)
    if row is None:
        return None, ""
    if row["status"] not in CHANGEABLE:
        return row, "booking_cancelled"
    if too_late(row, local_now()):
        return row, "booking_too_late"
    before = {p["position"]: p for p in people_of(conn, row["id"])}.get(position)
    now = utcnow()
    if before is None or not store.name_participant(conn, row["id"], position, *person, now):
        return row, "booking_no_seat"
    store.record(conn, "registrant (link)", "participant_named", row["id"], f"seat {position}", now)
    known = (sessions or {}).get((row["offer"], row["session"]))
    _queue_mails(intake, conn, row, known, position, before, person, now)
    logger.info("registration %s: seat %d named by the booker", row["id"], position)
    return row, ""


def _queue_mails(
    intake: Intake,
    conn: Connection,
    row: dict,
    known: TrainingSession | None,
    position: int,
    before: dict,
    person: tuple[str, str],
    now: datetime,
) -> None:
    """The change told to the booker and the person named (the registration's language) and to
    the office (its language)."""
    lang = row["lang"]
    title, offer_url = facts(intake, row, known)
    name, email = person
    change = {
        "office": intake.settings.office[0] if intake.settings.office else "",
        "r": row,
        "position": position,
        "name": name,
        "email": email,
        "before": before["name"],
        "people": people_of(conn, row["id"]),
        "date": date_text(row["session"], lang),
    }
    subject, body = intake.mail_text(f"participant_booker.{lang}.txt", title=title, offer_url=offer_url, **change)
    store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], subject, body), now, about=(email,))
    queue_participant_mail(intake, conn, row, known, person, now, before=before["name"])
    office_lang = intake.settings.office_lang
    office_title, _ = facts(intake, {**row, "lang": office_lang}, known)
    subject, body = intake.mail_text(
        f"participant_office.{office_lang}.txt",
        title=office_title,
        desk=desk_url(intake.settings, row),
        **{**change, "date": date_text(row["session"], office_lang)},
    )
    intake.mail_office(conn, subject, body, now, about=(row["id"], row["email"], *([email] if email else [])))
