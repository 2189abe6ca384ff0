"""Calendar files (.ics) for sessions, made with ``icalendar``: stable UIDs, deterministic DTSTAMP."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from .offers_model import Offer, Session

PRODID = "-//Albrecht Kommunikationsberatung//training_offers//DE"


def session_uid(offer: Offer, session: Session, domain: str, day: int = 1) -> str:
    """The same UID in every build and both languages: ``<offer>-<YYYYMMDDTHHMM>@<domain>``
    (day 2 onwards of a session: ``…-<n>@<domain>``). A moved session keeps the UID of where
    it was first planned (``previous_start``)."""
    suffix = f"-{day}" if day > 1 else ""
    return f"{offer.offer_id}-{session.key}{suffix}@{domain}"


def stamp_of(offer: Offer, session: Session) -> dt.datetime:
    """DTSTAMP: the offer file's ``modified``/``date`` if set, else the session start (never "now")."""
    moment = offer.stamp if isinstance(offer.stamp, dt.datetime) else session.start
    return moment.astimezone(dt.timezone.utc)


def events(offer: Offer, session: Session, *, domain: str, page_url: str, location_label: str) -> list[Event]:
    """One VEVENT per day (or part) of *session*; a changed session has a higher SEQUENCE,
    a cancelled one ``STATUS:CANCELLED``."""
    days = session.days()
    result = []
    for number, (start, end) in enumerate(days, start=1):
        vevent = Event()
        vevent.add("uid", session_uid(offer, session, domain, number))
        vevent.add("dtstamp", stamp_of(offer, session))
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        summary = offer.title if len(days) == 1 else f"{offer.title} ({number}/{len(days)})"
        vevent.add("summary", summary)
        vevent.add("description", f"{offer.summary}\n\n{page_url}" if page_url else offer.summary)
        vevent.add("location", location_label)
        vevent.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
        vevent.add("sequence", 0 if session.status == "scheduled" else 1)
        if page_url:
            vevent.add("url", page_url)
        result.append(vevent)
    return result


def calendar(offer: Offer | None, sessions, *, domain: str, page_url, location_label, name: str = "") -> bytes:
    """A calendar with the VEVENTs of *sessions* and the Europe/Berlin VTIMEZONE.

    *sessions* are sessions of *offer*, or ``(offer, session)`` pairs when *offer* is ``None``
    (the calendar of all offers); *page_url* maps an offer to its page, or is that page's
    address; *location_label* maps a session to the text of its LOCATION (e.g. "Online").
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or offer.title)
    for item in sessions:
        owner, session = item if offer is None else (offer, item)
        url = page_url(owner) if callable(page_url) else page_url
        for vevent in events(owner, session, domain=domain, page_url=url, location_label=location_label(session)):
            cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
