"""What the office's desk does, without a request: sign-in, and the lists and actions of its
pages, each through the rooms' own services (a decision here is the same code as a mail link's
or the admin API's, and lands in the audit log the same way)."""

from __future__ import annotations

from dataclasses import field, dataclass
from datetime import timedelta

from sqlalchemy.engine import Connection

from .. import mail, store
from ..comments.service import apply_decisions as decide_comments
from ..registrations import documents
from ..registrations import rules as registration_rules
from ..registrations.reminders import DEFAULT_DAYS, HELD, clock, join_url_of, local
from ..registrations.rules import TrainingSession
from ..registrations.service import apply_decisions as decide_registrations
from ..registrations.service import known_sessions, offer_freed_seats
from ..web import Intake, utcnow
from . import accounts, export, rules

SOON_DAYS = 21
JOIN_URL_LEAD_DAYS = 2  # Today asks for an online session's joining link this long before its first reminder
ENDED_DAYS = 30  # an ended session stays on the trainings page this long: attendance and certificates


def check_password(intake: Intake, email: str, password: str) -> dict | None:
    """The account when *password* is its password and it is not disabled (the same work for an
    unknown address or a disabled account), else None."""
    with store.reading(intake.engine) as conn:
        account = store.account_by_email(conn, email.strip()) if email.strip() else None
    matches = accounts.password_matches(account["password_hash"] if account else None, password)
    return account if matches and account["disabled_at"] is None else None


def note_sign_in(intake: Intake, account_id: int, email: str) -> None:
    with store.writing(intake.engine) as conn:
        store.note_account_sign_in(conn, account_id, utcnow())
        store.record(conn, email, "sign_in", "", "", utcnow())


def throttle_delay(intake: Intake, client: str, account: str) -> float:
    """Seconds the next sign-in attempt of *client* for *account* waits (the store's counts)."""
    keys = rules.LoginThrottle.keys(client, account)
    since = utcnow() - timedelta(minutes=rules.LoginThrottle.MEMORY_MINUTES)
    with store.reading(intake.engine) as conn:
        counts = store.login_failures(conn, list(keys), since)
    return rules.LoginThrottle.delay(counts.get(keys[0], 0), counts.get(keys[1], 0))


def throttle_failed(intake: Intake, client: str, account: str) -> None:
    now = utcnow()
    with store.writing(intake.engine) as conn:
        forget_before = now - timedelta(minutes=rules.LoginThrottle.MEMORY_MINUTES)
        store.note_login_failure(conn, list(rules.LoginThrottle.keys(client, account)), now, forget_before)


def throttle_succeeded(intake: Intake, client: str, account: str) -> None:
    with store.writing(intake.engine) as conn:
        store.forget_login_failures(conn, list(rules.LoginThrottle.keys(client, account)))


def code_accepted(intake: Intake, account_id: int, secret: str, code: str) -> bool:
    """Whether *code* is a good TOTP code of *secret* not used before by this account (a code
    seen once is refused for the rest of its window: no replay)."""
    step = accounts.code_step(secret, code)
    if step is None:
        return False
    with store.writing(intake.engine) as conn:
        return store.take_totp_step(conn, account_id, step)


def account_list(intake: Intake) -> list[dict]:
    """Every account (no hash, no secret), its last sign-in in German local time."""
    with store.reading(intake.engine) as conn:
        listed = store.all_accounts(conn)
    for account in listed:
        account["last_sign_in_at"] = account["last_sign_in_at"] and local(account["last_sign_in_at"])
    return listed


def account_by_id(intake: Intake, account_id: int) -> dict | None:
    with store.reading(intake.engine) as conn:
        return store.account_by_id(conn, account_id)


def sign_out(intake: Intake, key: str, account_id: int, everywhere: bool) -> None:
    with store.writing(intake.engine) as conn:
        if everywhere:
            store.close_sessions_of(conn, account_id)
        else:
            store.close_session(conn, key)


def totp_secret(intake: Intake, email: str) -> str:
    """The account's TOTP secret ("" without a second factor)."""
    with store.reading(intake.engine) as conn:
        account = store.account_by_email(conn, email)
    return account["totp_secret"] if account else ""


def set_totp(intake: Intake, account_id: int, email: str, secret: str, step: int | None = None) -> None:
    """Turn the second factor on (with the time step of the code that confirmed it: used) or off."""
    with store.writing(intake.engine) as conn:
        store.set_totp_secret(conn, account_id, secret)
        if step is not None:
            store.take_totp_step(conn, account_id, step)
        store.record(conn, email, "totp_on" if secret else "totp_off", "", "", utcnow())


def decide(intake: Intake, conn: Connection, ids: list[str], status: str, actor: str) -> dict:
    """Comments approved, rejected or marked spam by an office account: the mail links' path."""
    known = store.comment_states(conn, ids)
    return decide_comments(intake, conn, [(i, status) for i in ids if i in known], "office", actor)


@dataclass
class SessionLine:
    """One upcoming session as the trainings page and Today show it."""

    offer: str
    session: str
    title: str
    max: int | None
    seats: int | None  # what the intake may confirm (``TrainingSession.seats``: the rest is taken elsewhere)
    confirmed: int
    waiting: int
    registrations: list[dict]
    ended: bool = False
    attended: set[str] = field(default_factory=set)
    targets: list[str] = field(default_factory=list)  # the offer's other sessions still to come

    @property
    def free(self) -> int | None:
        """Seats still to confirm, counted as the registration form counts them; None: no limit."""
        return None if self.seats is None else max(0, self.seats - self.confirmed)

    @property
    def elsewhere(self) -> int:
        """Seats of the capacity taken outside the intake (the offer file's seats left, booked out)."""
        return 0 if self.max is None or self.seats is None else max(0, self.max - self.seats)

    @property
    def booked_out(self) -> bool:
        return self.free == 0


def upcoming_sessions(
    intake: Intake, lang: str, within_days: int | None = None, ended_days: int = 0
) -> list[SessionLine] | None:
    """The published sessions still to come (within *within_days*), and those that ended in the
    last *ended_days*, with their registrations; None when the site's list cannot be read. Now is
    the intake's clock (``INTAKE_NOW`` in rehearsals)."""
    known = known_sessions(intake)
    if known is None:
        return None
    now = clock(intake)
    until = now + timedelta(days=within_days) if within_days else None
    held = sorted((key for key, facts in known.items() if facts.status != "cancelled"), key=lambda key: key[1])
    coming = [key for key in held if (start := registration_rules.session_start(key[1])) and start >= now]
    lines = []
    with store.reading(intake.engine) as conn:
        for offer, session in held:
            facts = known[(offer, session)]
            start, end = registration_rules.session_start(session), registration_rules.session_start(facts.end)
            ended = start is not None and start < now
            if start is None or (until and start > until):
                continue
            if ended and (not ended_days or end is None or end < now - timedelta(days=ended_days)):
                continue
            rows = store.registrations_of_session(conn, offer, session)
            for row in rows:
                row["fingerprint"] = registration_rules.fingerprint(row)
            lines.append(
                SessionLine(
                    offer,
                    session,
                    facts.titles.get(lang) or next(iter(facts.titles.values()), offer),
                    facts.max,
                    facts.seats,
                    sum(r["participants"] for r in rows if r["status"] == "confirmed"),
                    sum(r["participants"] for r in rows if r["status"] == "waitlist"),
                    rows,
                    ended=ended,
                    attended=store.attended_keys(conn, [r for r in rows if r["status"] == "confirmed"]),
                    targets=[s for o, s in coming if o == offer and s != session],
                )
            )
    return lines


@dataclass
class Booking:
    """One registration of a session as its desk page shows it: the booker's row (with its
    fingerprint for the decisions) and its participants (``store.seats_of``)."""

    row: dict
    seats: list[dict]


def session_detail(intake: Intake, known: TrainingSession, lang: str) -> dict:
    """What the session's desk page shows: its line (counts, ended, other sessions to move to),
    every booking with its participants, the joining link the office entered."""
    now = clock(intake)
    start, end = registration_rules.session_start(known.session), registration_rules.session_start(known.end)
    others = sorted(
        s
        for (o, s), facts in (known_sessions(intake) or {}).items()
        if o == known.offer and s != known.session and facts.status != "cancelled"
        and (begin := registration_rules.session_start(s)) is not None and begin >= now
    )  # fmt: skip
    with store.reading(intake.engine) as conn:
        rows = store.registrations_of_session(conn, known.offer, known.session)
        seats = store.seats_of(conn, rows)
        join_url = store.session_join_url(conn, known.offer, known.session)
    for row in rows:
        row["fingerprint"] = registration_rules.fingerprint(row)
    bookings = [Booking(row, [seat for seat in seats if seat["registration_id"] == row["id"]]) for row in rows]
    line = SessionLine(
        known.offer,
        known.session,
        known.titles.get(lang) or next(iter(known.titles.values()), known.offer),
        known.max,
        known.seats,
        sum(r["participants"] for r in rows if r["status"] == "confirmed"),
        sum(r["participants"] for r in rows if r["status"] == "waitlist"),
        rows,
        ended=start is not None and start < now,
        attended={
            seat["key"] for seat in seats if seat["attended_at"] and seat["registration"]["status"] == "confirmed"
        },
        targets=others,
    )
    return {
        "line": line,
        "bookings": bookings,
        "known": known,
        "after_end": end is not None and end <= now,
        "join_url": join_url,
        "public_join_url": known.join_url,
    }


def published(intake: Intake, offer: str, session: str) -> TrainingSession | None:
    """The session the site publishes as *offer* and *session* (None: no such session, or the
    list cannot be read)."""
    return (known_sessions(intake) or {}).get((offer, session))


def offer_seat(intake: Intake, conn: Connection, known: TrainingSession, actor: str) -> str | None:
    """A freed seat offered to the session's waiting list, as a cancellation would: the id of the
    registration that got the offer (None: nobody waiting fits, or no seat is free)."""
    offered = offer_freed_seats(intake, conn, known.offer, known.session, utcnow())
    if offered:
        store.record(conn, actor, "registration_seat_offered", offered, known.session, utcnow())
    return offered


def session_export(intake: Intake, known: TrainingSession, kind: str, actor: str) -> tuple[bytes, str, str]:
    """The session's participants as CSV or Excel (*kind* ``csv`` or ``xlsx``), one row each with
    its booking's columns: content, media type, file name. The download is a line of the audit log."""
    with store.writing(intake.engine) as conn:
        seats = store.seats_of(conn, store.registrations_of_session(conn, known.offer, known.session))
        store.record(conn, actor, "session_exported", f"{known.offer} {known.session}", kind, utcnow())
    name = f"anmeldungen-{known.offer}-{known.session.replace(':', '')}.{kind}"
    if kind == "csv":
        return export.as_csv(seats), "text/csv; charset=utf-8", name
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return export.as_xlsx(seats, known.session), media, name


def attendance_list(intake: Intake, offer: str, session: str, lang: str) -> tuple[bytes, str] | None:
    """A published session's attendance list as PDF with its file name (the admin API's document);
    None when the site's list cannot be read or has no such session."""
    known = (known_sessions(intake) or {}).get((offer, session))
    if known is None:
        return None
    content = documents.session_attendance_list(intake, known, lang, clock(intake))
    return content, documents.attendance_list_name(known, lang)


def decide_registration(intake: Intake, conn: Connection, decision: dict, actor: str) -> dict:
    """One confirm or cancel by an office account: the admin API's path (``registrations-apply``)."""
    return decide_registrations(intake, conn, {"decisions": [decision]}, known_sessions(intake), actor)


def today(intake: Intake, lang: str) -> dict:
    """What waits for a decision today."""
    with store.reading(intake.engine) as conn:
        counts = store.counts_for_today(conn, utcnow() - timedelta(days=7))
        notices, _ = store.audit_page(conn, 0, 1, "build_notices")
    soon = upcoming_sessions(intake, lang, SOON_DAYS)
    return {
        "counts": counts,
        "no_join_url": sessions_without_join_url(intake, lang),
        "soon": [line for line in soon or [] if line.free is None or line.free > 0],
        "notices": notices[0]["detail"].splitlines() if notices else [],
    }


def sessions_without_join_url(intake: Intake, lang: str) -> list[dict]:
    """The online sessions whose reminders would go out without a joining link: the site publishes
    none, the office entered none, and the first reminder is at most ``JOIN_URL_LEAD_DAYS`` away
    (or passed, before the start). Each as title, session and its desk page's query."""
    known = known_sessions(intake) or {}
    now = clock(intake)
    with store.reading(intake.engine) as conn:
        entered = store.join_urls(conn)
    missing = []
    for (offer, session), facts in sorted(known.items(), key=lambda item: item[0][1]):
        start = registration_rules.session_start(session)
        days = DEFAULT_DAYS if facts.reminders is None else facts.reminders
        if not facts.online or facts.status not in HELD or start is None or not days or start <= now:
            continue
        if join_url_of(facts, entered) or start - timedelta(days=max(days) + JOIN_URL_LEAD_DAYS) > now:
            continue
        title = facts.titles.get(lang) or next(iter(facts.titles.values()), offer)
        missing.append({"title": title, "session": session, "query": {"offer": offer, "session": session}})
    return missing


def reply(intake: Intake, conn: Connection, message: dict, text: str, actor: str) -> None:
    """The office's answer to a contact message, through the outbox; its Reply-To is the office's
    first address (never anything the sender typed); the message counts as answered."""
    now = utcnow()
    subject = ("Re: " + " ".join(message["subject"].split()))[:200]
    office = intake.settings.office[0]
    queued = mail.queued_mail(message["email"], subject, text, reply_to=("Albrecht Kommunikationsberatung", office))
    store.enqueue(conn, "mail", message["email"], queued, now, about=(message["id"],))
    store.mark_answered(conn, message["id"], now)
    store.record(conn, actor, "message_replied", message["id"], "", now)


def mark_answered(intake: Intake, conn: Connection, message_id: str, actor: str) -> bool:
    now = utcnow()
    changed = store.mark_answered(conn, message_id, now)
    if changed:
        store.record(conn, actor, "message_answered", message_id, "", now)
    return changed


def page_of(total: int, requested: str | None) -> tuple[int, int, int]:
    """(page, pages, offset) of a list."""
    pages = rules.page_count(total)
    number = rules.page_number(requested, pages)
    return number, pages, (number - 1) * rules.PAGE_SIZE
