"""The ``.ics`` file mailed with a registration: one VEVENT per day of the session (RFC 5545),
or per day of each of its parts when it is held in modules, in Europe/Berlin with its VTIMEZONE,
each with the URL of the offer page."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..rules import BERLIN
from .rules import TrainingSession, session_start


def session_days(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) of each day: a session from Monday 9:00 to Tuesday 17:00 is two days of 9:00–17:00."""
    if end <= start:
        end = start + timedelta(hours=8)
    days = []
    day = start.date()
    while day <= end.date():
        days.append((datetime.combine(day, start.time()), datetime.combine(day, end.time())))
        day += timedelta(days=1)
    return [(begin, finish) for begin, finish in days if finish > begin] or [(start, end)]


def days_of(session: TrainingSession) -> list[tuple[datetime, datetime]]:
    """(start, end) of each day the session takes place: each day of each of its parts (modules)."""
    spans = session.parts or ((session.session, session.end),)
    return [
        day
        for start, end in spans
        for day in session_days(session_start(start), session_start(end) or session_start(start))
    ]


def place(session: TrainingSession) -> str:
    """Where it takes place: the offer's place, or "Online" (with the joining link when the
    confirmation carries it)."""
    if not session.online:
        return session.location
    return f"Online: {session.join_url}" if session.join_url else "Online"


def session_calendar(
    session: TrainingSession, lang: str, offer_url: str, uid_domain: str, stamp: datetime, description: str = ""
) -> bytes:
    """The calendar of one session in *lang*: one VEVENT per day or module, each with the place
    (``LOCATION``), the offer page (``URL``) and *description*; *stamp* (UTC) is DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", "-//intake//registrations//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    title = session.titles.get(lang) or next(iter(session.titles.values()), session.offer)
    for number, (begin, finish) in enumerate(days_of(session), start=1):
        event = Event()
        event.add("uid", f"{session.offer}-{session.session.replace(':', '')}-{number}@{uid_domain}")
        event.add("dtstamp", stamp.replace(tzinfo=ZoneInfo("UTC")))
        event.add("dtstart", begin.replace(tzinfo=BERLIN))
        event.add("dtend", finish.replace(tzinfo=BERLIN))
        event.add("summary", title)
        if place(session):
            event.add("location", place(session))
        if description:
            event.add("description", description)
        if offer_url:
            event.add("url", offer_url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
