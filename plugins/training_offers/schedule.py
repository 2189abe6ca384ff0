"""Which sessions are still ahead, and how their dates read: everything relative to an injected "today"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import re

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list

from .offers_model import Offer, Session


def build_today(setting, environment: dict, timezone: ZoneInfo, now: dt.datetime | None = None) -> dt.date:
    """``TRAINING_OFFERS_TODAY`` (date or ISO text), else ``SITE_TODAY`` from *environment*, else today in *timezone*.

    Raises ``ValueError`` for a value that is not an ISO date.
    """
    for value in (setting, environment.get("SITE_TODAY")):
        if value in (None, ""):
            continue
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip())
    return (now or dt.datetime.now(timezone)).astimezone(timezone).date()


def upcoming(sessions, today: dt.date) -> list[Session]:
    """Sessions starting today or later, in order: a session is advertised until the day it starts."""
    return sorted((s for s in sessions if s.start.date() >= today), key=lambda s: s.start)


def next_session(sessions, today: dt.date) -> Session | None:
    """The next session one can still book, else the next booked-out one (waiting list), else ``None``;
    cancelled and postponed sessions are never next."""
    ahead = [s for s in upcoming(sessions, today) if s.bookable]
    return next((s for s in ahead if not s.booked_out), ahead[0] if ahead else None)


def overview_order(offers, today: dt.date) -> list[Offer]:
    """Offers with an upcoming session first (soonest first), then the others by title."""

    def key(offer: Offer):
        coming = next_session(offer.sessions, today)
        return (0, coming.start.isoformat(), offer.title.lower()) if coming else (1, "", offer.title.lower())

    return sorted(offers, key=key)


DAY_SUFFIX = {"de": "."}  # how a bare day number is written where the month follows later: "8. und 15. Juni"


def session_dates(session: Session, lang: str) -> str:
    """The day(s) of *session* in *lang*: ``10.–11. März 2027`` / ``Mar 10 – 11, 2027`` for days in a
    row; each day of a session in modules (``8. und 15. Juni 2027``), never a range that reads as a
    week-long course."""
    if session.parts:
        return listed_days(sorted({start.date() for start, _ in session.parts}), lang)
    return format_interval(session.start, session.end, "yMMMd", locale=lang)


def listed_days(days: list[dt.date], lang: str) -> str:
    """Several single days in *lang*: ``8. und 15. Juni 2027`` / ``Jun 8 and 15, 2027``; the full
    date of each when they fall in different months (``30. Juni und 7. Juli 2027``)."""
    if len({(day.year, day.month) for day in days}) > 1:
        return format_list([format_skeleton("yMMMd", day, locale=lang) for day in days], locale=lang)
    suffix = DAY_SUFFIX.get(lang, "")
    numbers = format_list([f"{day.day}{suffix}" for day in days[:-1]] + [str(days[-1].day)], locale=lang)
    pattern = Locale.parse(lang).datetime_skeletons["yMMMd"].pattern
    return format_date(days[-1], re.sub(r"d+", f"'{numbers}'", pattern, count=1), locale=lang)


def session_times(session: Session, lang: str) -> str:
    """Start and end time in *lang*: ``09:00–17:00 Uhr`` / ``9:00 AM – 5:00 PM`` (each day's, for several days)."""
    return day_times(session.start, session.end, lang)


def day_times(start: dt.datetime, end: dt.datetime, lang: str) -> str:
    """The times of one day in *lang*: ``09:00–12:30 Uhr``."""
    skeleton = "Hm" if lang == "de" else "hm"
    return format_interval(start.time(), end.time(), skeleton, locale=lang)


def part_dates(session: Session, lang: str) -> list[tuple[dt.datetime, str, str]]:
    """``(start, date, times)`` of each part of a session in modules; empty for one block."""
    return [
        (start, format_skeleton("yMMMd", start, locale=lang), day_times(start, end, lang))
        for start, end in session.parts
    ]
