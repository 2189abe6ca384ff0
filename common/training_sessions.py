"""A training session as the site publishes it for the intake (``trainings/sessions.json``).

One shape for both sides: the offers plugin writes the file with :func:`sessions_json`, the intake
reads it with :func:`parse_sessions`. A field added to :class:`TrainingSession` is written and read
here and nowhere else. Pure, standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .prices import OfferPrice, parse_price_json, price_json

SESSIONS_FILE = "sessions.json"  # beside the offers overview: /trainings/sessions.json, /en/trainings/sessions.json
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"  # a local (Europe/Berlin) time as the form, the file and the intake name it
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
MAX_REMINDER_DAYS = 365


@dataclass(frozen=True)
class TrainingSession:
    """One bookable session as the site publishes it; its languages merged (``titles``, ``urls``)."""

    offer: str
    session: str  # the start, ``YYYY-MM-DDTHH:MM``: with ``offer`` the session's key
    end: str
    max: int | None  # the offer's max_participants; None: no limit known
    status: str
    titles: dict = field(default_factory=dict)  # lang -> title
    urls: dict = field(default_factory=dict)  # lang -> path on the site
    parts: tuple[tuple[str, str], ...] = ()  # (start, end) of each module of a session in parts, if listed
    cancel_days: int | None = None  # the offer's free cancellation: days before the start; None: the setting
    seats_left: int | None = None  # the offer file's seats left (the rest is taken elsewhere); None: all of max
    booked_out: bool = False  # the offer file says booked out: no seat for the intake
    location: str = ""  # the place as the offer file names it ("online" for an online session)
    online: bool = False
    join_info_with: str = "reminder"  # which mail carries the joining link of an online session
    join_url: str = ""  # the joining link, published only when the confirmation carries it
    prices: dict = field(default_factory=dict)  # lang -> the price as the page shows it
    included: dict = field(default_factory=dict)  # lang -> what the price includes (list of texts)
    trainer: str = ""  # the offer's trainer (certificates of attendance)
    durations: dict = field(default_factory=dict)  # lang -> the offer's duration as written ("2 Tage")
    reminders: tuple[int, ...] | None = None  # the offer's reminder mails, days before the start; None: the intake's
    price: OfferPrice | None = None  # the offer's price as its file writes it (net or gross, rate): ``offer_price``
    buyers: str = "all"  # all, or business: consumers cannot book the offer
    terms_version: str = ""  # the terms version of the first file read; the intake stores the registration language's

    @property
    def seats(self) -> int | None:
        """The seats the intake may confirm: none when booked out, else the seats left in the offer
        file (never more than the capacity), else the capacity; None: no limit known."""
        if self.booked_out:
            return 0
        if self.seats_left is None:
            return self.max
        return self.seats_left if self.max is None else min(self.seats_left, self.max)


@dataclass(frozen=True)
class Terms:
    """The terms of participation of one language as the registration page links them: the intake
    stores the version a registrant accepted and mails the text."""

    version: str
    url: str  # path on the site
    text: str  # plain text, paragraphs separated by blank lines


def moment(value: datetime) -> str:
    """A datetime as the file names it: ``2027-03-10T09:00``."""
    return value.strftime(MOMENT_FORMAT)


def session_start(value: str) -> datetime | None:
    """``YYYY-MM-DDTHH:MM`` as a naive local datetime, or None when it is no such time."""
    if not _MOMENT.match(value):
        return None
    try:
        return datetime.strptime(value, MOMENT_FORMAT)
    except ValueError:
        return None


def _entries(session: TrainingSession) -> list[dict]:
    facts = {
        "offer": session.offer,
        "session": session.session,
        "end": session.end,
        "max": session.max,
        "status": session.status,
        **({"cancel_days": session.cancel_days} if session.cancel_days is not None else {}),
        **({"parts": [{"start": start, "end": end} for start, end in session.parts]} if session.parts else {}),
        **({"seats_left": session.seats_left} if session.seats_left is not None else {}),
        **({"reminders": list(session.reminders)} if session.reminders is not None else {}),
        **({"trainer": session.trainer} if session.trainer else {}),
        "booked_out": session.booked_out,
        "location": session.location,
        "online": session.online,
        "join_info_with": session.join_info_with,
        **({"join_url": session.join_url} if session.join_url and session.join_info_with == "confirmation" else {}),
        **({"offer_price": price_json(session.price)} if session.price else {}),
        **({"buyers": session.buyers} if session.buyers != "all" else {}),
        **({"terms_version": session.terms_version} if session.terms_version else {}),
    }
    if not session.titles:
        return [facts]
    return [
        {
            **facts,
            "lang": lang,
            "title": title,
            "url": session.urls.get(lang, ""),
            "price": session.prices.get(lang, ""),
            "included": list(session.included.get(lang, ())),
            **({"duration": session.durations[lang]} if session.durations.get(lang) else {}),
        }
        for lang, title in session.titles.items()
    ]


def sessions_json(sessions: Iterable[TrainingSession], terms: dict[str, Terms] | None = None) -> str:
    """The text of ``sessions.json``: one entry per session and language, public facts only, and
    the terms of participation per language (*terms*); stable bytes (two builds of the same
    offers write the same file)."""
    entries = [entry for session in sessions for entry in _entries(session)]
    data = {"sessions": entries}
    if terms:
        data["terms"] = {lang: {"version": t.version, "url": t.url, "text": t.text} for lang, t in terms.items()}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def parse_terms(*texts: str) -> dict[str, Terms]:
    """The ``terms`` of each language's ``sessions.json`` -> {lang: Terms}; ValueError when a file
    is malformed, {} when none has terms (an older site). One text per language file, each carrying
    its own language's terms (as :func:`parse_sessions` reads them); the first file naming a
    language wins."""
    found: dict[str, Terms] = {}
    for text in texts:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        terms = data.get("terms")
        for lang, entry in terms.items() if isinstance(terms, dict) else ():
            if _LANG.match(str(lang)) and isinstance(entry, dict) and isinstance(entry.get("version"), str):
                found.setdefault(lang, Terms(entry["version"], _text(entry.get("url")), _text(entry.get("text"))))
    return found


def _whole(value, highest: int | None = None) -> int | None:
    """*value* when it is a whole number from 0 (to *highest*), else None."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return None
    return value if highest is None or value <= highest else None


def reminder_days(value) -> tuple[int, ...] | None:
    """A list of whole days from 1 to 365 as distinct days, greatest first (``[]``: no reminders);
    None when *value* is no such list."""
    if not isinstance(value, list) or any(_whole(day, MAX_REMINDER_DAYS) in (None, 0) for day in value):
        return None
    return tuple(sorted(set(value), reverse=True))


def _parts(value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        (part["start"], part["end"])
        for part in value
        if isinstance(part, dict)
        and isinstance(part.get("start"), str)
        and isinstance(part.get("end"), str)
        and session_start(part["start"])
        and session_start(part["end"])
    )


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _entries_of(text: str) -> list:
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise ValueError('expected {"sessions": [...]}')
    return data["sessions"]


def parse_sessions(*texts: str) -> dict[tuple[str, str], TrainingSession]:
    """``{"sessions": [{offer, session, end, lang, title, url, price, included, duration?, max, status,
    parts?, cancel_days?, seats_left?, booked_out, location, online, join_info_with, join_url?,
    reminders?, trainer?, offer_price?, buyers?, terms_version?}], "terms"?: {lang: {version, url,
    text}}}`` -> {(offer, session): …}; ValueError when malformed. One text per language file (they
    agree on the facts: the first one read names them; ``terms`` are read by :func:`parse_terms`);
    the languages of one session are merged. An entry without a readable offer or start is skipped,
    an unreadable optional field left at its default. ``parts`` (``[{start, end}]``) lists the
    modules of a session held on several dates; ``cancel_days`` is the offer's free cancellation,
    ``reminders`` its reminder mails, both in days before the start."""
    found: dict[tuple[str, str], TrainingSession] = {}
    for entry in (entry for text in texts for entry in _entries_of(text)):
        if not isinstance(entry, dict):
            continue
        offer, session = entry.get("offer"), entry.get("session")
        if not isinstance(offer, str) or not isinstance(session, str) or session_start(session) is None:
            continue
        end = entry.get("end") if isinstance(entry.get("end"), str) and session_start(entry["end"]) else session
        known = found.get((offer, session)) or TrainingSession(
            offer,
            session,
            end,
            _whole(entry.get("max")),
            str(entry.get("status") or "scheduled"),
            parts=_parts(entry.get("parts")),
            cancel_days=_whole(entry.get("cancel_days"), 365),
            seats_left=_whole(entry.get("seats_left")),
            booked_out=entry.get("booked_out") is True,
            location=_text(entry.get("location")),
            online=entry.get("online") is True,
            join_info_with="confirmation" if entry.get("join_info_with") == "confirmation" else "reminder",
            join_url=_text(entry.get("join_url")) if _text(entry.get("join_url")).startswith("https://") else "",
            reminders=reminder_days(entry.get("reminders")),
            trainer=_text(entry.get("trainer")),
            price=parse_price_json(entry.get("offer_price")),
            buyers="business" if entry.get("buyers") == "business" else "all",
            terms_version=_text(entry.get("terms_version")),
        )
        lang = entry.get("lang")
        if isinstance(lang, str) and _LANG.match(lang):
            known.titles[lang] = str(entry.get("title") or offer)
            known.urls[lang] = str(entry.get("url") or "")
            known.prices[lang] = _text(entry.get("price"))
            included = entry.get("included")
            known.included[lang] = tuple(str(item) for item in included) if isinstance(included, list) else ()
            if isinstance(entry.get("duration"), str):
                known.durations[lang] = entry["duration"]
        found[(offer, session)] = known
    return found
