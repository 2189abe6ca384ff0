"""What happens to a registration, without a request: seats counted under the session's lock,
the registrant's and the office's mails (with the session's ``.ics``), cancelling, moving,
offering a freed seat to the waiting list, the office's decisions, the retention purge."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

from sqlalchemy.engine import Connection

from .. import mail, store
from ..articles import ArticleList
from ..settings import Settings
from ..web import (
    Intake,
    utcnow,
)
from . import ics, rules
from .contract import ContractInput, contract_columns, price_lines
from .rules import TrainingSession
from .terms import cached_terms
from ..texts import MONTHS, written_date
from .texts import DAY_FORMATS, WEEKDAYS

logger = logging.getLogger("intake")


def session_list(intake: Intake) -> ArticleList:
    """The cached list of bookable sessions (``trainings/sessions.json``), made at its first use."""
    if intake.sessions is None:
        intake.sessions = ArticleList(intake.settings.offers_sources, rules.parse_sessions)
    return intake.sessions


def known_sessions(intake: Intake) -> dict[tuple[str, str], TrainingSession] | None:
    """The sessions the site publishes; None when the list cannot be read (blocking)."""
    return session_list(intake).current()


def date_text(session: str, lang: str) -> str:
    """When the session starts: ``09.03.2027, 09:00 Uhr`` / ``9 March 2027, 09:00``."""
    start = rules.session_start(session)
    if start is None:
        return session
    return f"{written_date(start, lang)}, {start:%H:%M}" + (" Uhr" if lang == "de" else "")


def day_lines(known: TrainingSession | None, lang: str) -> list[str]:
    """Each day or module of the session with its times: ``Di., 9. März 2027, 09:00–17:00 Uhr``."""
    if known is None:
        return []
    return [
        DAY_FORMATS[lang].format(
            weekday=WEEKDAYS[lang][start.weekday()],
            day=start.day,
            month=MONTHS[lang][start.month - 1],
            year=start.year,
            start=f"{start:%H:%M}",
            end=f"{end:%H:%M}",
        )
        for start, end in ics.days_of(known)
    ]


def day_text(day, lang: str) -> str:
    return written_date(day, lang)


def cancel_days(intake: Intake, known: TrainingSession | None) -> int:
    """Days before the start until which the registrant's link cancels: the offer's, else the setting."""
    if known is not None and known.cancel_days is not None:
        return known.cancel_days
    return intake.settings.cancel_deadline_days


def local_now() -> datetime:
    """Now in Europe/Berlin, naive: how sessions are named."""
    return datetime.now(ics.BERLIN).replace(tzinfo=None)


def facts(intake: Intake, row: dict, known: TrainingSession | None) -> tuple[str, str]:
    """Title and absolute URL of the offer page in the registration's language."""
    if known is None:
        known = next(
            (s for (offer, _), s in (session_list(intake).cached() or {}).items() if offer == row["offer"]), None
        )
    if known is None:
        return row["offer"], intake.home(row["lang"])
    title = known.titles.get(row["lang"]) or next(iter(known.titles.values()), row["offer"])
    path = known.urls.get(row["lang"]) or next(iter(known.urls.values()), "")
    return title, intake.settings.site_url + path if path else intake.home(row["lang"])


def _keep_until(
    registration: rules.RegistrationInput, known: TrainingSession | None, now: datetime, days: int
) -> datetime:
    """Kept for invoicing until *days* after the session (its end when known); enquiries from now."""
    last = rules.session_start(known.end) if known else rules.session_start(registration.session)
    return max(last or now, now) + timedelta(days=days)


async def store_registration(
    intake: Intake,
    registration: rules.RegistrationInput,
    known: TrainingSession | None,
    signals: dict,
    deal: ContractInput | None = None,
    terms_version: str = "",
    waitlist_only: bool = False,
) -> dict:
    """Store the registration and its mails in one transaction; the stored row. *signals* are
    what the office sees beside it (the session list unreadable, the form's timing); *deal* the
    contract's facts (buyer, invoice data, early start) and *terms_version* the terms accepted.
    *waitlist_only*: the reader asked for the waiting list (the review saw no free seat), which
    binds nobody: a seat freed meanwhile is offered by the accept link, the binding step.

    Its status comes from the live count read under the session's lock (``store.lock_session``),
    so two registrations for the last seat never both see it free.
    """
    settings = intake.settings
    now = utcnow()
    signals = {"honeypot": registration.honeypot, **signals}
    row = {
        "id": rules.new_registration_id(),
        "offer": registration.offer,
        "session": registration.session,
        "lang": registration.lang,
        "name": registration.name,
        "company": registration.company,
        "email": registration.email,
        "phone": registration.phone,
        "participants": registration.participants,
        "billing_address": registration.billing_address,
        "message": registration.message,
        "created_at": now,
        "decided_at": None,
        "offered_at": None,
        "keep_until": _keep_until(registration, known, now, settings.registration_retention_days),
        "consent_at": now,
        "privacy_version": settings.privacy_version,
        "signals": signals,
        **contract_columns(deal, terms_version, now),
    }
    if registration.honeypot:  # counted as spam, but nothing of a person's is kept
        row.update(dict.fromkeys(rules.PERSONAL_FIELDS, ""))

    def store_it(conn: Connection) -> dict:
        seats, confirmed = None, 0
        if registration.honeypot:
            status = "spam"
        elif not registration.session:
            status = "enquiry"
        elif known is None:  # the site's list is unreadable: never lose it, the office decides
            store.lock_session(conn, registration.offer, registration.session, None)
            status = "waitlist"
        else:
            seats = store.lock_session(conn, registration.offer, registration.session, known.seats)
            confirmed = store.confirmed_participants(conn, registration.offer, registration.session)
            status = rules.seat_status(seats, confirmed, registration.participants)
        offer_seat = waitlist_only and status == "confirmed"
        status = "waitlist" if offer_seat else status
        stored = {**row, "status": status}
        store.insert_registration(conn, stored)
        people = seats_of(registration, stored)
        store.add_participants(conn, stored["id"], people, now)
        if status != "spam":
            _queue_registrant_mail(intake, conn, stored, known, now)
            for person in people if status in ("confirmed", "waitlist") else ():
                queue_participant_mail(intake, conn, stored, known, person, now)
            confirmed += registration.participants if status == "confirmed" else 0
            queue_office_mail(intake, conn, stored, known, "new", seats, confirmed, now)
        if offer_seat:
            offer_freed_seats(intake, conn, registration.offer, registration.session, now)
        return stored

    stored = await intake.write(store_it)
    logger.debug("registration %s stored as %s", stored["id"], stored["status"])
    return stored


def seats_of(registration: rules.RegistrationInput, row: dict) -> list[tuple[str, str]]:
    """The participants to store, one per seat: the people the form named; from a form without
    rows (an enquiry, an older page) the booker and seats to be named later (as migration 0009
    carried older registrations over); nobody's name for spam."""
    if row["status"] == "spam":
        return [("", "")] * row["participants"]
    if registration.people:
        return list(registration.people)
    return [(row["name"], row["email"])] + [("", "")] * (row["participants"] - 1)


def people_of(conn: Connection, registration_id: str) -> list[dict]:
    """A registration's participants in order (each with ``position``, ``name``, ``email``)."""
    return store.participants_of(conn, [registration_id]).get(registration_id, [])


def session_facts(known: TrainingSession | None, lang: str) -> dict:
    """What a confirmation says of the session in *lang*: each day with its times, the place (or
    the joining link, or that it follows with the reminder), the price and what it includes."""
    if known is None:
        return {"days": [], "place": "", "online": False, "join_url": "", "price": "", "included": ()}
    return {
        "days": day_lines(known, lang),
        "place": known.location,
        "online": known.online,
        "join_url": known.join_url if known.join_info_with == "confirmation" else "",
        "price": known.prices.get(lang) or next(iter(known.prices.values()), ""),
        "included": known.included.get(lang) or (),
    }


def _queue_registrant_mail(
    intake: Intake, conn: Connection, row: dict, known: TrainingSession | None, now: datetime
) -> None:
    """The registrant's mail for the row's status; a confirmation carries the session's ``.ics``."""
    settings = intake.settings
    lang = row["lang"]
    title, offer_url = facts(intake, row, known)
    cancel_url = ""
    if row["status"] in ("confirmed", "waitlist"):
        token = intake.signer.make("registration", {"r": row["id"], "l": lang})
        cancel_url = f"{settings.public_url}/registrations/cancel/{token}"
    days = cancel_days(intake, known)
    last_day = rules.last_free_cancellation_day(row["session"], days)
    subject, body = intake.mail_text(
        f"registration.{lang}.txt",
        r=row,
        people=people_of(conn, row["id"]),
        title=title,
        date=date_text(row["session"], lang),
        offer_url=offer_url,
        cancel_url=cancel_url,
        cancel_days=days,
        cancel_until=day_text(last_day, lang) if last_day else "",
        cancel_passed=bool(last_day) and local_now().date() > last_day,
        office=settings.office[0] if settings.office else "",
        **contract_mail(intake, row, known),
        **session_facts(known, lang),
    )
    attachment = calendar_attachment(intake, row, known, now) if row["status"] == "confirmed" else None
    store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], subject, body, attachment=attachment), now)


def queue_participant_mail(
    intake: Intake,
    conn: Connection,
    row: dict,
    known: TrainingSession | None,
    person: tuple[str, str],
    now: datetime,
    before: str = "",
) -> None:
    """Tell *person* (name, e-mail) that the booker of *row* registered them (as a substitute for
    *before*): the session's facts and, for a confirmed seat, its ``.ics``; in the registration's
    language. Nobody without an address of their own: the booker's mail says it all."""
    name, email = person
    if not email or email.lower() == row["email"].lower():
        return
    lang = row["lang"]
    title, offer_url = facts(intake, row, known)
    subject, body = intake.mail_text(
        f"participant_named.{lang}.txt",
        r=row,
        name=name,
        before=before,
        title=title,
        offer_url=offer_url,
        date=date_text(row["session"], lang),
        office=intake.settings.office[0] if intake.settings.office else "",
        **session_facts(known, lang),
    )
    attachment = calendar_attachment(intake, row, known, now) if row["status"] == "confirmed" else None
    queued = mail.queued_mail(email, subject, body, attachment=attachment)
    store.enqueue(conn, "mail", email, queued, now, about=(row["id"], row["email"]))


def calendar_attachment(intake: Intake, row: dict, known: TrainingSession | None, now: datetime) -> tuple | None:
    """The session's ``termin.ics`` in the registration's language (None when the session is unknown)."""
    if known is None:
        return None
    lang = row["lang"]
    title, offer_url = facts(intake, row, known)
    description = intake.mail_text(
        f"calendar.{lang}.txt", title=title, offer_url=offer_url, **session_facts(known, lang)
    )[1]
    host = urlsplit(intake.settings.public_url).hostname or "intake"
    calendar = ics.session_calendar(known, lang, offer_url, host, now, description.strip())
    return ("termin.ics", "text/calendar", calendar.decode("utf-8"))


def contract_mail(intake: Intake, row: dict, known: TrainingSession | None) -> dict:
    """What the registrant's mail says of the contract: the price to pay, the terms' text, and for
    consumers the withdrawal information (``mail/contract.<lang>.txt``)."""
    lang = row["lang"]
    return {
        "total": price_lines(known, row["participants"], lang),  # beside the per-person "price"
        "terms": cached_terms(intake, lang) if row.get("terms_version") else None,
        "business": intake.settings.business or ", ".join(intake.settings.office),
        "withdrawal_url": f"{intake.settings.public_url}/withdrawals?lang={lang}",
        "site_url": intake.settings.site_url,
    }


def queue_office_mail(
    intake: Intake,
    conn: Connection,
    row: dict,
    known: TrainingSession | None,
    event: str,
    seats: int | None,
    confirmed: int,
    now: datetime,
) -> None:
    settings = intake.settings
    lang = settings.office_lang
    title, _ = facts(intake, {**row, "lang": lang}, known)
    subject, body = intake.mail_text(
        f"office.{lang}.txt",
        r=row,
        people=people_of(conn, row["id"]),
        title=title,
        date=date_text(row["session"], lang),
        event=event,  # new, cancelled, accepted
        seats=seats,
        confirmed=confirmed,
        desk=desk_url(settings, row),  # where the office works on it
    )
    intake.mail_office(conn, subject, body, now, about=(row["id"], row["email"]))


def desk_url(settings: Settings, row: dict) -> str:
    """The office desk's page of the row's session (an enquiry without one: the trainings list)."""
    desk = settings.public_url.rstrip("/") + "/office/trainings"
    if not row.get("session"):
        return desk
    return desk + "/session?" + urlencode({"offer": row["offer"], "session": row["session"]})


def offer_freed_seats(intake: Intake, conn: Connection, offer: str, session: str, now: datetime) -> str | None:
    """Seats became free: mail the first on the waiting list who fits (and has no open offer) a
    link to accept; that registration's id (None: nobody waits who fits, or no seat is free)."""
    settings = intake.settings
    seats = store.lock_session(conn, offer, session, None)
    if seats is None:
        return None
    free = seats - store.confirmed_participants(conn, offer, session)
    still_open = now - timedelta(days=settings.waitlist_offer_days)
    for waiting in store.waiting_list(conn, offer, session):
        if waiting["participants"] > free:
            continue
        if waiting["offered_at"] is not None and waiting["offered_at"] > still_open:
            continue
        store.update_registration(conn, waiting["id"], offered_at=now)
        lang = waiting["lang"]
        title, _ = facts(intake, waiting, None)
        token = intake.signer.make("seat", {"r": waiting["id"], "l": lang})
        subject, body = intake.mail_text(
            f"seat.{lang}.txt",
            r=waiting,
            title=title,
            date=date_text(session, lang),
            days=settings.waitlist_offer_days,
            accept_url=f"{settings.public_url}/registrations/accept/{token}",
        )
        store.enqueue(conn, "mail", waiting["email"], mail.queued_mail(waiting["email"], subject, body), now)
        logger.info("registration %s offered a freed seat", waiting["id"])
        return waiting["id"]
    return None


def cancel(
    intake: Intake, conn: Connection, row: dict, now: datetime, known: TrainingSession | None, freed: set | None = None
) -> None:
    """Cancel one registration; registrant and office are told. Freed seats are offered to the
    waiting list now, or added to *freed* (offer, session) for the caller to offer later."""
    was = row["status"]
    store.update_registration(conn, row["id"], status="cancelled", decided_at=now)
    cancelled = {**row, "status": "cancelled"}
    _queue_registrant_mail(intake, conn, cancelled, known, now)
    seats, confirmed = None, 0
    if row["session"]:
        seats = store.lock_session(conn, row["offer"], row["session"], known.seats if known else None)
        confirmed = store.confirmed_participants(conn, row["offer"], row["session"])
    queue_office_mail(intake, conn, cancelled, known, "cancelled", seats, confirmed, now)
    if was == "confirmed" and row["session"]:
        _seats_freed(intake, conn, (row["offer"], row["session"]), now, freed)


def _seats_freed(intake: Intake, conn: Connection, key: tuple[str, str], now: datetime, freed: set | None) -> None:
    if freed is None:
        offer_freed_seats(intake, conn, *key, now)
    else:
        freed.add(key)


def confirm(intake: Intake, conn: Connection, row: dict, now: datetime, known: TrainingSession | None) -> None:
    store.update_registration(conn, row["id"], status="confirmed", decided_at=now)
    _queue_registrant_mail(intake, conn, {**row, "status": "confirmed"}, known, now)


def move(
    intake: Intake, conn: Connection, row: dict, target: str, now: datetime, sessions: dict | None, freed: set
) -> None:
    """To another session of the offer: confirmed there if its seats hold them, else its waiting list."""
    known = (sessions or {}).get((row["offer"], target))
    seats = store.lock_session(conn, row["offer"], target, known.seats if known else None)
    status = rules.seat_status(seats, store.confirmed_participants(conn, row["offer"], target), row["participants"])
    store.update_registration(conn, row["id"], session=target, status=status, decided_at=now, offered_at=None)
    _queue_registrant_mail(intake, conn, {**row, "session": target, "status": status}, known, now)
    if row["status"] == "confirmed" and row["session"]:
        _seats_freed(intake, conn, (row["offer"], row["session"]), now, freed)


class Refused(Exception):
    """Decisions that cannot be applied, found while applying: the transaction rolls back."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(f"{len(errors)} decision(s) refused")
        self.errors = errors


def purge(conn: Connection, _settings: Settings, now: datetime) -> dict[str, int]:
    """Registrations go when their keeping time is over (INTAKE_REGISTRATION_RETENTION_DAYS after the session)."""
    return store.purge_registrations(conn, now)


def apply_decisions(
    intake: Intake, conn: Connection, body: object, sessions: dict | None, actor: str = "admin API"
) -> dict[str, int]:
    """The office's decisions (``{"decisions": [{id, decision, fingerprint, session?}]}``) applied
    as a whole: checked first, then confirm, cancel and move; the counts of each. Refused (the
    caller's transaction rolls back) when one is wrong or a plain ``confirm`` would overbook a
    session (after the request's cancellations and moves); ``confirm-overbook`` does it on purpose.
    Freed seats are offered to the waiting lists once all are applied. Each change is a line of
    the audit log by *actor* (the admin API, or the office's account that decided)."""
    wanted = body.get("decisions") if isinstance(body, dict) else None
    ids = (
        [d.get("id") for d in wanted if isinstance(d, dict) and isinstance(d.get("id"), str)]
        if isinstance(wanted, list)
        else []
    )
    current = {i: row for i in ids if (row := store.registration(conn, i)) is not None}
    accepted, errors = rules.validate_decisions(body, current, sessions)
    if errors:
        raise Refused(errors)
    counts = {"confirm": 0, "cancel": 0, "move": 0, "unchanged": 0}
    now = utcnow()
    overbooked, freed = [], set()  # freed seats are offered once the whole request is applied
    for decision in accepted:
        row = store.registration(conn, decision["id"])  # fresh: an earlier decision may have changed it
        known = (sessions or {}).get((row["offer"], row["session"]))
        if decision["decision"].startswith("confirm") and row["status"] != "confirmed":
            if row["session"]:
                seats = store.lock_session(conn, row["offer"], row["session"], known.seats if known else None)
                confirmed = store.confirmed_participants(conn, row["offer"], row["session"])
                why = rules.overbooking(seats, confirmed, row["participants"], row["session"])
                if why and decision["decision"] == "confirm":
                    overbooked.append({"id": row["id"], "message": why})
                    continue
            confirm(intake, conn, row, now, known)
            decision = {**decision, "decision": "confirm"}
        elif decision["decision"] == "cancel" and row["status"] != "cancelled":
            cancel(intake, conn, row, now, known, freed)
        elif decision["decision"] == "move" and row["session"] != decision["session"]:
            move(intake, conn, row, decision["session"], now, sessions, freed)
        else:
            counts["unchanged"] += 1
            continue
        counts[decision["decision"]] += 1
        store.record(conn, actor, f"registration_{decision['decision']}", row["id"], decision.get("session") or "", now)
        logger.info("registration %s: %s (admin)", row["id"], decision["decision"])
    if overbooked:
        raise Refused(overbooked)  # rolls back what the other decisions changed
    for offer, session in sorted(freed):  # what the request's confirmations left free
        offer_freed_seats(intake, conn, offer, session, now)
    return counts


def cancel_by_link(
    intake: Intake, conn: Connection, registration_id: str, sessions: dict | None, act: bool
) -> tuple[dict | None, bool, str]:
    """The registrant's cancel link: ``(row, cancelled now, refusal text key)``; with *act* False
    (the link only opened) nothing changes. A confirmed place can be cancelled until the offer's
    ``cancel_days`` (else ``INTAKE_CANCEL_DEADLINE_DAYS``) before the start day, a waiting one until the start."""
    row = store.registration(conn, registration_id)
    if row is None:
        return None, False, ""
    known = (sessions or {}).get((row["offer"], row["session"]))
    refusal = rules.cancel_refusal(row["status"], row["session"], local_now(), cancel_days(intake, known))
    if refusal or not act or row["status"] == "cancelled":
        return row, False, refusal or ""
    now = utcnow()
    cancel(intake, conn, row, now, known)
    store.record(conn, "registrant (link)", "registration_cancel", row["id"], "", now)
    return row, True, ""


def take_seat(
    intake: Intake, conn: Connection, registration_id: str, sessions: dict | None, act: bool, early_start: bool = False
) -> tuple[dict | None, str]:
    """A waiting registrant's link to a freed seat: ``(row, outcome text key)``; confirmed when the
    seat is still free (the office is told), else they stay on the waiting list."""
    row = store.registration(conn, registration_id)
    if row is None or not act:
        return row, ""
    if row["status"] != "waitlist":
        return row, "accept_not_waiting"
    known = (sessions or {}).get((row["offer"], row["session"]))
    seats = store.lock_session(conn, row["offer"], row["session"], known.seats if known else None)
    confirmed = store.confirmed_participants(conn, row["offer"], row["session"])
    if rules.seat_status(seats, confirmed, row["participants"]) != "confirmed":
        return row, "accept_gone"
    now = utcnow()
    if early_start:  # asked on the accept page: a consumer's express wish to start within the withdrawal period
        store.update_registration(conn, row["id"], early_start_at=now)
        row = {**row, "early_start_at": now}
    confirm(intake, conn, row, now, known)
    store.record(conn, "registrant (link)", "registration_accept", row["id"], "", now)
    queue_office_mail(
        intake, conn, {**row, "status": "confirmed"}, known, "accepted", seats, confirmed + row["participants"], now
    )
    return row, "accept_done"
