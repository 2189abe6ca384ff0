"""Registration and availability of sessions: seats as of the build, the intake's availability
answer, registration page addresses, the mail fallback, and the time-dependent notices.

Pure: no Pelican. ``fetch_availability`` takes the opener so tests can hand in a fake server.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import replace
from urllib.parse import quote

from babel.dates import format_date

from common.prices import OfferPrice
from common.setting_checks import FormEndpoint
from common.training_sessions import TrainingSession, moment
from sitecore.problems import Problem

from .offers_model import Offer, Session, parse_session
from .pricing import page_price, price_unit

FEW_SEATS = 3  # this many seats left or fewer: "wenige Plätze"
SOON_DAYS = 14  # a session starting within this many days and not full is reported as a notice
REGISTRATIONS_ENDPOINT = FormEndpoint(
    "REGISTRATIONS_ENDPOINT", "registration", "/registrations", "anmeldung.example.com"
)
AVAILABILITY_TIMEOUT = 5.0  # seconds
REGISTER_WORDS = {"de": ("anmeldung", "anfrage"), "en": ("register", "enquiry")}  # URL words per language
CALENDAR_WORDS = {"de": ("termine.ics", "Termine"), "en": ("dates.ics", "Training dates")}  # file, calendar name
SCHEMA_AVAILABILITY = {
    "open": "https://schema.org/InStock",
    "few": "https://schema.org/LimitedAvailability",
    "full": "https://schema.org/SoldOut",
    "cancelled": "https://schema.org/SoldOut",
    "postponed": "https://schema.org/SoldOut",
}


def published_sessions(
    pairs: list[tuple[Offer, Session]], lang: str, url_of, terms_version: str = ""
) -> list[TrainingSession]:
    """The upcoming sessions of one language as the intake reads them (``INTAKE_OFFERS``, written
    with :func:`common.training_sessions.sessions_json`): public facts only, the seats as the offer
    file writes them (not the intake's live count). *url_of* gives an offer's page address;
    *terms_version* is the terms of participation its registration links (this language's)."""
    return [
        TrainingSession(
            offer=offer.offer_id,
            session=session.slot,
            end=moment(session.end),
            max=offer.max_participants,
            status=session.status,
            titles={lang: offer.title},
            urls={lang: url_of(offer)},
            parts=tuple((moment(start), moment(end)) for start, end in session.parts),
            cancel_days=offer.cancellation_days,
            seats_left=(session.written or (session.seats_left, session.booked_out))[0],
            booked_out=(session.written or (session.seats_left, session.booked_out))[1],
            location=session.location,
            online=session.online,
            join_info_with=session.join_info_with,
            join_url=session.join_url,
            prices={lang: f"{page_price(offer, lang)} {price_unit(offer.price, lang)}"},
            included={lang: offer.included},
            reminders=offer.reminders,
            trainer=offer.trainer,
            durations={lang: offer.duration},
            price=OfferPrice(
                offer.price.amount, offer.price.currency, offer.price.vat, offer.price.vat_rate, offer.price.unit
            ),
            buyers=offer.buyers,
            terms_version=terms_version,
        )
        for offer, session in pairs
    ]


def seat_state(session: Session) -> str:
    """``cancelled``, ``postponed``, ``full``, ``few`` (at most FEW_SEATS left) or ``open``."""
    if not session.bookable:
        return session.status
    if session.booked_out:
        return "full"
    if session.seats_left is not None and session.seats_left <= FEW_SEATS:
        return "few"
    return "open"


def registration_path(offer_url: str, lang: str, session: Session | None) -> str:
    """``trainings/<slug>/anmeldung/2027-03-09T0900/``; without a session the enquiry page
    ``trainings/<slug>/anfrage/``."""
    register, enquiry = REGISTER_WORDS.get(lang, REGISTER_WORDS["en"])
    return f"{offer_url}{register}/{session.url_key}/" if session else f"{offer_url}{enquiry}/"


def registration_keys(raw_sessions, timezone, today: dt.date) -> set[str]:
    """The ``url_key`` of each registration page an offer's raw ``sessions`` field gives (its upcoming
    bookable sessions); what another language's build knows of this language's offer."""
    keys = set()
    for raw in raw_sessions if isinstance(raw_sessions, list) else ():
        session, _ = parse_session(raw, timezone)  # a broken one is reported by its own language's build
        if session and session.bookable and session.start.date() >= today:
            keys.add(session.url_key)
    return keys


def registration_alternates(offer_alternates: list, keys: dict[str, set[str]], session: Session | None) -> list:
    """A registration page's alternates: in each other language the registration of the same session
    (or, for an enquiry, the enquiry page) when that language's offer has it, else the offer page
    (*offer_alternates*, which already fall back to the overview). *keys*: lang -> registration keys."""
    result = []
    for alternate in offer_alternates:
        if alternate.exists and (session is None or session.url_key in keys.get(alternate.lang, ())):
            alternate = replace(alternate, url=registration_path(alternate.url, alternate.lang, session))
        result.append(alternate)
    return result


def calendar_words(lang: str) -> tuple[str, str]:
    """File name and title of the calendar of all sessions in *lang*: ``("termine.ics", "Termine")``."""
    return CALENDAR_WORDS.get(lang, CALENDAR_WORDS["en"])


def mail_fallback(registration: str, subject: str) -> str:
    """The offer's ``registration``: a ``mailto:`` gets *subject* (offer and date) filled in; a web address stays."""
    if not registration.startswith("mailto:"):
        return registration
    separator = "&" if "?" in registration else "?"
    return f"{registration}{separator}subject={quote(subject, safe='')}"


def parse_availability(data) -> tuple[dict, str]:
    """The intake's ``{"sessions": [{offer, session, max, confirmed, waitlist}]}`` ->
    ``({(offer, "YYYY-MM-DDTHH:MM"): seats left}, "")`` or ``({}, what is wrong)``."""
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        return {}, "the answer has no list `sessions`"
    result = {}
    for item in data["sessions"]:
        if not isinstance(item, dict):
            return {}, "a session of the answer is not an object"
        counts = [item.get(key) for key in ("max", "confirmed")]
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
            return {}, f"the session {item.get('session')!r} has no whole numbers `max` and `confirmed`"
        result[(str(item.get("offer")), str(item.get("session")))] = max(counts[0] - counts[1], 0)
    return result, ""


def fetch_availability(
    intake_url: str, *, timeout: float = AVAILABILITY_TIMEOUT, opener=urllib.request.urlopen
) -> tuple[dict | None, str]:
    """``GET <intake_url>/availability`` -> ``(seats left per (offer, session), "")`` or ``(None, why not)``."""
    url = intake_url.rstrip("/") + "/availability"
    try:
        with opener(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=timeout) as answer:
            data = json.loads(answer.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError) as error:
        return None, f"the intake's availability {url} could not be read ({getattr(error, 'reason', error)})"
    seats, message = parse_availability(data)
    if message:
        return None, f"the intake's availability {url} is not usable: {message}"
    return seats, ""


def with_live_seats(offer: Offer, seats: dict | None) -> Offer:
    """*offer* with the intake's seats left for each session it knows; the file's otherwise."""
    if not seats:
        return offer
    sessions = []
    for session in offer.sessions:
        left = seats.get((offer.offer_id, session.slot))
        live = replace(session, seats_left=left, booked_out=left == 0, written=(session.seats_left, session.booked_out))
        sessions.append(session if left is None else live)
    return replace(offer, sessions=tuple(sessions))


def soon_for_the_office(title: str, session, days: int) -> tuple[tuple[str, str], ...]:
    """The office's words for a session that starts soon and is not full, in German and English."""
    left = {
        "de": "" if session.seats_left is None else f", noch {session.seats_left} Plätze frei",
        "en": "" if session.seats_left is None else f", {session.seats_left} seats left",
    }
    return (
        (
            "de",
            f"„{title}“ am {format_date(session.start, 'long', locale='de')} beginnt in {days} Tagen "
            f"und ist nicht ausgebucht{left['de']}. Termin: {{file}}",
        ),
        (
            "en",
            f"“{title}” on {format_date(session.start, 'long', locale='en')} starts in {days} days "
            f"and is not full{left['en']}. Session: {{file}}",
        ),
    )


def time_notices(offer: Offer, upcoming_sessions, today: dt.date, soon_days: int = SOON_DAYS) -> list[Problem]:
    """What changes by itself as days pass: no upcoming session, or one starting soon with seats free."""
    if not any(session.bookable for session in upcoming_sessions):
        return [
            Problem(
                offer.path,
                offer.lines.get("sessions") or offer.lines.get("offer"),
                f"the offer {offer.offer_id!r} has no upcoming session: its page and callouts say the dates are on request",
                "add a session",
                office=(
                    (
                        "de",
                        f"„{offer.title}“ hat keinen kommenden Termin: Angebotsseite und Hinweise in Beiträgen "
                        "nennen „Termine auf Anfrage“. Neuen Termin eintragen: {file}",
                    ),
                    (
                        "en",
                        f"“{offer.title}” has no upcoming date: its page and the callouts in posts say "
                        "“dates on request”. Add a date: {file}",
                    ),
                ),
            )
        ]
    notices = []
    for session in upcoming_sessions:
        days = (session.start.date() - today).days
        if session.bookable and days <= soon_days and seat_state(session) != "full":
            left = "" if session.seats_left is None else f", {session.seats_left} seats left"
            notices.append(
                Problem(
                    offer.path,
                    session.line,
                    f"the session of {offer.offer_id!r} on {session.start:%Y-%m-%d} starts in {days} days and is not full{left}",
                    office=soon_for_the_office(offer.title, session, days),
                )
            )
    return notices
