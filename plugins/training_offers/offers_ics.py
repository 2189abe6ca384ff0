"""Calendar files (.ics) for sessions, made with ``icalendar``: stable UIDs, deterministic DTSTAMP."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from .offers_model import Offer, Session

PRODID = "-//Albrecht Kommunikationsberatung//training_offers//DE"


def session_uid(offer: Offer, session: Session, domain: str) -> str:
    """The same UID in every build and both languages: ``<offer>-<YYYYMMDDTHHMM>@<domain>``."""
    return f"{offer.offer_id}-{session.key}@{domain}"


def stamp_of(offer: Offer, session: Session) -> dt.datetime:
    """DTSTAMP: the offer file's ``modified``/``date`` if set, else the session start (never "now")."""
    moment = offer.stamp if isinstance(offer.stamp, dt.datetime) else session.start
    return moment.astimezone(dt.timezone.utc)


def event(offer: Offer, session: Session, *, domain: str, page_url: str, location_label: str) -> Event:
    """One VEVENT for *session*."""
    vevent = Event()
    vevent.add("uid", session_uid(offer, session, domain))
    vevent.add("dtstamp", stamp_of(offer, session))
    vevent.add("dtstart", session.start)
    vevent.add("dtend", session.end)
    vevent.add("summary", offer.title)
    vevent.add("description", f"{offer.summary}\n\n{page_url}" if page_url else offer.summary)
    vevent.add("location", location_label)
    if page_url:
        vevent.add("url", page_url)
    return vevent


def calendar(offer: Offer, sessions, *, domain: str, page_url: str, location_label) -> bytes:
    """A calendar with one VEVENT per session and the Europe/Berlin VTIMEZONE.

    *location_label* maps a session to the text of its LOCATION (e.g. "Online").
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", offer.title)
    for session in sessions:
        cal.add_component(
            event(offer, session, domain=domain, page_url=page_url, location_label=location_label(session))
        )
    cal.add_missing_timezones()
    return cal.to_ical()
