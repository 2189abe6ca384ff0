"""Pure rules of registrations: the form, the seat decision, the fingerprint the office's decisions
name, and those decisions checked as a whole. The sessions the site publishes (``TrainingSession``,
``parse_sessions``) come from :mod:`common.training_sessions`, shared with the build.

No I/O here: strings and numbers in, values out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from common.training_sessions import TrainingSession, session_start
from common.training_sessions import parse_sessions as parse_sessions  # the intake reads sessions.json here
from common.training_sessions import parse_terms as parse_terms  # … and the terms of participation in it

from ..rules import LANGUAGES, has_control_characters, header_safe, mail_address

STATUSES = ("confirmed", "waitlist", "cancelled", "enquiry")
DECISIONS = ("confirm", "cancel", "move", "confirm-overbook")  # confirm-overbook: beyond the seats, on purpose
DECISION_ORDER = {"cancel": 0, "move": 1, "confirm": 2, "confirm-overbook": 2}  # seats are freed before taken
LIMITS = {
    "offer": 100,
    "session": 16,
    "name": 100,
    "company": 200,
    "email": 254,
    "phone": 50,
    "participants": 4,
    "billing_address": 2000,
    "message": 5000,
}
MAX_PARTICIPANTS = 100
PARTICIPANT_ROWS = 10  # the most people one form names; larger groups write to the office
PERSONAL_FIELDS = (  # what a spam row drops
    "name",
    "company",
    "email",
    "phone",
    "billing_address",
    "message",
    "purchase_order",
    "vat_id",
)
_OFFER = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_PHONE = re.compile(r"[0-9+()/. -]*\Z")


@dataclass(frozen=True)
class RegistrationInput:
    """A registration form after validation; ``session`` is "" for an enquiry."""

    offer: str
    session: str
    lang: str
    name: str
    company: str
    email: str
    phone: str
    participants: int
    billing_address: str
    message: str
    honeypot: bool
    people: tuple[tuple[str, str], ...] = ()  # (name, e-mail or "") per seat; () from a form without rows


def participant_field(position: int, what: str) -> str:
    """The form's field of seat *position* (from 1): ``participant_2_name``, ``participant_2_email``."""
    return f"participant_{position}_{what}"


PARTICIPANT_FIELDS = tuple(
    participant_field(n, what) for n in range(1, PARTICIPANT_ROWS + 1) for what in ("name", "email")
)


def person_problems(position: int, name_value: str, email_value: str) -> tuple[tuple[str, str], list[str]]:
    """One participant as typed: ``((name, e-mail), problem codes)``; the codes name the row
    (``participant_2_missing_name``), texts.py words them in each language."""
    name = " ".join(name_value.split())
    problems = []
    if not name:
        problems.append(f"participant_{position}_missing_name")
    elif len(name) > LIMITS["name"] or has_control_characters(name_value, "\t") or not header_safe(name):
        problems.append(f"participant_{position}_bad_name")
    email, email_problem = mail_address(email_value) if email_value.strip() else ("", "")
    if email_problem or len(email) > LIMITS["email"]:
        problems.append(f"participant_{position}_bad_email")
    return (name, email), problems


def participant_rows(form: dict) -> tuple[tuple[tuple[str, str], ...] | None, list[str]]:
    """The people a form names, in its order: each row with a name or an address is a seat
    (empty rows are skipped; the first row must be filled). None when the form has no rows (an
    enquiry, or a page built before participants were named: the count field counts)."""
    if participant_field(1, "name") not in form:
        return None, []
    people, problems = [], []
    for position in range(1, PARTICIPANT_ROWS + 1):
        name_value = str(form.get(participant_field(position, "name"), ""))
        email_value = str(form.get(participant_field(position, "email"), ""))
        if position > 1 and not name_value.strip() and not email_value.strip():
            continue
        person, wrong = person_problems(position, name_value, email_value)  # the row as the reader sees it
        people.append(person)
        problems += wrong
    return tuple(people), problems


def _multiline(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def validate_registration(form: dict[str, str]) -> tuple[RegistrationInput | None, list[str]]:
    """Check a registration form; the clean input or problem codes (keys of ``texts``)."""
    get = lambda name: str(form.get(name, ""))  # noqa: E731 - a short local accessor
    problems = [f"too_long_{name}" for name, limit in LIMITS.items() if len(get(name)) > limit]
    offer, session, lang = get("offer").strip(), get("session").strip(), get("lang").strip()
    name = " ".join(get("name").split())
    company = " ".join(get("company").split())
    (email, email_problem), phone = mail_address(get("email")), " ".join(get("phone").split())
    billing_address, message = _multiline(get("billing_address")), _multiline(get("message"))
    if not _OFFER.match(offer):
        problems.append("bad_offer")
    if session and session_start(session) is None:
        problems.append("bad_session")
    if lang not in LANGUAGES:
        problems.append("bad_lang")
    if not name:
        problems.append("missing_name")
    elif has_control_characters(get("name"), "\t") or not header_safe(name):
        problems.append("bad_name")
    if has_control_characters(get("company"), "\t"):
        problems.append("bad_company")
    if email_problem:
        problems.append(email_problem)
    if not _PHONE.match(phone):
        problems.append("bad_phone")
    people, people_problems = participant_rows(form)
    problems += people_problems
    raw_participants = get("participants").strip() or "1"
    participants = int(raw_participants) if raw_participants.isdigit() and len(raw_participants) <= 4 else 0
    if people is not None:
        participants = len(people)  # the seats are the people named
    elif not 1 <= participants <= MAX_PARTICIPANTS:
        problems.append("bad_participants")
    if has_control_characters(billing_address, "\n\t") or has_control_characters(message, "\n\t"):
        problems.append("bad_text")
    if get("consent") != "yes":
        problems.append("missing_consent_registration")
    if problems:
        return None, list(dict.fromkeys(problems))
    return RegistrationInput(
        offer,
        session,
        lang,
        name,
        company,
        email,
        phone,
        participants,
        billing_address,
        message,
        honeypot=bool(get("homepage").strip()),
        people=people or (),
    ), []


def seat_status(max_participants: int | None, confirmed: int, participants: int) -> str:
    """``confirmed`` when the seats left hold *participants* (no limit known: always), else ``waitlist``."""
    if max_participants is None:
        return "confirmed"
    return "confirmed" if max_participants - confirmed >= participants else "waitlist"


def fingerprint(row: dict) -> str:
    """Hex sha256 of what a decision depends on: a changed registration is not decided blindly."""
    fields = json.dumps([row["id"], row["offer"], row["session"], row["participants"], row["status"]])
    return hashlib.sha256(fields.encode("utf-8")).hexdigest()


def new_registration_id() -> str:
    """An unguessable, URL-safe registration id."""
    return "r-" + secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")


def validate_decisions(
    body: object,
    current: dict[str, dict],
    sessions: dict[tuple[str, str], TrainingSession] | None,
) -> tuple[list[dict], list[dict]]:
    """Check the office's decisions as a whole; *current* maps id -> stored row.

    Each decision is ``{id, decision: confirm|cancel|move|confirm-overbook, fingerprint, session (move only)}``.
    Returns the decisions (cancellations first, then moves, then confirmations, so seats freed in
    the same request count) and no errors, or errors (then nothing may change). A move needs a
    session the site publishes for the same offer (when the list is readable).
    """
    if not isinstance(body, dict) or not isinstance(body.get("decisions"), list):
        return [], [{"id": None, "message": 'expected {"decisions": [...]}'}]
    accepted, errors, seen = [], [], set()
    for entry in body["decisions"]:
        if not isinstance(entry, dict):
            errors.append({"id": None, "message": "each decision must be an object"})
            continue
        reg_id, decision, given = entry.get("id"), entry.get("decision"), entry.get("fingerprint")
        target = entry.get("session")
        if not isinstance(reg_id, str) or reg_id not in current:
            errors.append({"id": reg_id if isinstance(reg_id, str) else None, "message": "unknown registration id"})
        elif reg_id in seen:
            errors.append({"id": reg_id, "message": "decided twice in one request"})
        elif decision not in DECISIONS:
            errors.append(
                {"id": reg_id, "message": f"unknown decision {decision!r} (confirm, cancel, move or confirm-overbook)"}
            )
        elif not isinstance(given, str) or not hmac.compare_digest(given, fingerprint(current[reg_id])):
            errors.append(
                {"id": reg_id, "message": "fingerprint does not match: the registration changed, export again"}
            )
        elif decision == "move" and (not isinstance(target, str) or session_start(target) is None):
            errors.append({"id": reg_id, "message": "move needs a target session YYYY-MM-DDTHH:MM"})
        elif decision == "move" and sessions is not None and (current[reg_id]["offer"], target) not in sessions:
            errors.append({"id": reg_id, "message": f"the offer has no session {target} on the site"})
        else:
            accepted.append({"id": reg_id, "decision": decision, "session": target if decision == "move" else None})
        if isinstance(reg_id, str):
            seen.add(reg_id)
    accepted.sort(key=lambda d: DECISION_ORDER[d["decision"]])
    return ([], errors) if errors else (accepted, [])


def overbooking(seats: int | None, confirmed: int, participants: int, session: str) -> str:
    """Why confirming *participants* more would overbook *session*, or "" when the seats hold them."""
    if seat_status(seats, confirmed, participants) == "confirmed":
        return ""
    free = max(seats - confirmed, 0)
    return (
        f"the session {session} has {free} of {seats} seats free, {participants} wanted: confirm would overbook it "
        "(write confirm-overbook to confirm anyway, or cancel others in the same file)"
    )


def last_free_cancellation_day(session: str, days: int) -> date | None:
    """The last day the registrant may cancel by link: *days* before the session's start day."""
    start = session_start(session)
    return start.date() - timedelta(days=days) if start else None


def cancel_refusal(status: str, session: str, now: datetime, days: int) -> str:
    """Why the registrant's own link may not cancel now (*now* local, naive): ``cancel_started``,
    ``cancel_deadline`` (a confirmed place after its last free day; the waiting list may leave
    until the start), or "" when it may."""
    start = session_start(session)
    if start is None or status not in ("confirmed", "waitlist"):
        return ""
    if now >= start:
        return "cancel_started"
    if status == "confirmed" and now.date() > start.date() - timedelta(days=days):
        return "cancel_deadline"
    return ""
