"""Reminder mails before a session to each confirmed registration's booker and every participant
with an address of their own, each address once per session (by default 7 days and 1 day before
the start; an offer's ``reminders`` in ``sessions.json`` counts over that), each in the
registration's language, queued by the worker through the outbox. A reminder lists each day or
module with its times and the place, or for an online session the joining link: the one
``sessions.json`` carries (``join_info_with: confirmation``), else the one the office entered on
the session's desk page (``join_info_with: reminder`` keeps it out of the public file); without
either the worker logs a warning and the Today page says so.

Each reminder is marked done per recipient (the SHA-256 of the address) in the transaction that
queues its mail (``store.mark_reminders``): a restart or a second instance never sends it twice.
Cancelled and waiting registrations get none; a reminder whose moment came before the
registration was confirmed (for a participant: before they were named) is passed over, and of
several due at once (the worker was down) only the latest is mailed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from common.training_sessions import TrainingSession, moment, session_start

from .. import mail, store
from ..web import Intake, utcnow
from ..rules import BERLIN
from . import audience, service

logger = logging.getLogger("intake")
DEFAULT_DAYS = (7, 1)
HELD = ("scheduled", "moved_online")  # session states that take place: the others are told otherwise


@dataclass(frozen=True)
class Due:
    """The reminders of one registration that are due: all marked done, one of them (or none) mailed."""

    days: tuple[int, ...]
    mailed: int | None


def due(start: datetime, days: tuple[int, ...], done: set[int], confirmed_at: datetime, now: datetime) -> Due:
    """Which reminders (*days* before *start*) fall due at *now* (all naive local times), leaving
    out those *done*; the latest of them is mailed unless its moment came before *confirmed_at*."""
    open_days = tuple(d for d in sorted(days) if d not in done and start - timedelta(days=d) <= now < start)
    if not open_days:
        return Due((), None)
    latest = open_days[0]
    return Due(open_days, latest if start - timedelta(days=latest) >= confirmed_at else None)


def local(moment_utc: datetime) -> datetime:
    """A stored (naive UTC) time as naive German local time, how sessions are named."""
    return moment_utc.replace(tzinfo=UTC).astimezone(BERLIN).replace(tzinfo=None)


def clock(intake: Intake) -> datetime:
    """Now in German local time: ``INTAKE_NOW`` when set (rehearsals, tests), else the real time."""
    return session_start(intake.settings.now) or service.local_now()


def queue_due(intake: Intake, now: datetime | None = None) -> int:
    """Queue the reminders due at *now* (local; default :func:`clock`); how many mails were queued."""
    now = now or clock(intake)
    sessions = service.known_sessions(intake)
    if sessions is None:
        return 0  # the site's list is unreadable: try again next round
    with store.reading(intake.engine) as conn:
        rows = store.confirmed_for_coming_sessions(conn, moment(now))
        seats = store.seats_of(conn, rows)
        done = store.reminders_done(conn, [row["id"] for row in rows])
        join_urls = store.join_urls(conn)
    seen: dict[tuple[str, str], set[str]] = {}  # per session the addresses reminded: each once
    queued = 0
    for row in rows:
        known = sessions.get((row["offer"], row["session"]))
        start = session_start(row["session"])
        if known is None or known.status not in HELD or start is None:
            continue
        days = DEFAULT_DAYS if known.reminders is None else known.reminders
        confirmed_at = local(row["decided_at"] or row["created_at"])
        own_seats = [seat for seat in seats if seat["registration_id"] == row["id"]]
        for recipient in audience.recipients(row, own_seats, seen.setdefault((row["offer"], row["session"]), set())):
            since = max(confirmed_at, local(recipient.since)) if recipient.since else confirmed_at
            found = due(start, days, done.get((row["id"], recipient.digest), set()), since, now)
            join_url = join_url_of(known, join_urls)
            if found.days and _mark_and_queue(intake, row, recipient, known, join_url, found, now):
                queued += 1
    if queued:
        intake.wake.set()
    return queued


def join_url_of(known: TrainingSession, entered: dict[tuple[str, str], str]) -> str:
    """The joining link a reminder carries: the one the site publishes, else the one the office
    entered on the session's desk page ("" none)."""
    return known.join_url or entered.get((known.offer, known.session), "")


def _mark_and_queue(
    intake: Intake, row: dict, recipient: audience.Recipient, known: TrainingSession, join_url: str, found: Due, now
) -> bool:
    """In one transaction: still confirmed for that session and still a recipient of it, the
    reminders marked for this recipient, the mail queued."""
    with store.writing(intake.engine) as conn:
        current = store.registration(conn, row["id"])
        if current is None or current["status"] != "confirmed" or current["session"] != row["session"]:
            return False
        if recipient.key not in {r.key for r in audience.recipients(current, store.seats_of(conn, [current]))}:
            return False  # the seat went to a substitute meanwhile
        if not store.mark_reminders(conn, row["id"], recipient.digest, list(found.days), found.mailed, utcnow()):
            return False
        if found.mailed is None:
            return False
        _queue_mail(intake, conn, current, recipient, known, join_url, now)
    logger.info("registration %s reminded %d day(s) before", row["id"], found.mailed)
    return True


def _queue_mail(
    intake: Intake, conn, row: dict, recipient: audience.Recipient, known: TrainingSession, join_url: str, now
) -> None:
    """The reminder in the registration's language: each day or module with its times, and the
    place, or for an online session the joining link (the site's or the office's)."""
    lang = row["lang"]
    title, offer_url = service.facts(intake, row, known)
    start = session_start(row["session"])
    facts = service.session_facts(known, lang)
    if known.online and not join_url:
        logger.warning(
            "registration %s: online session %s %s reminded without a joining link (enter it on the session's desk page)",
            row["id"],
            row["offer"],
            row["session"],
        )
    subject, body = intake.mail_text(
        f"reminder.{lang}.txt",
        r=row,
        greet=recipient.name,
        booker=recipient.booker,
        title=title,
        date=service.date_text(row["session"], lang),
        days=facts["days"],
        place=facts["place"],
        online=facts["online"],
        join_url=join_url,
        days_left=(start.date() - now.date()).days,
        offer_url=offer_url,
        office=intake.settings.office[0] if intake.settings.office else "",
    )
    queued = mail.queued_mail(recipient.address, subject, body)
    store.enqueue(conn, "mail", recipient.address, queued, utcnow(), about=(row["id"],))
