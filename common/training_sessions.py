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
    seats_left: int | None = None  # seats the page shows as free (0: booked out); None: not limited below max
    price: OfferPrice | None = None  # the offer's price as its file writes it (net or gross, rate)
    buyers: str = "all"  # all, or business: consumers cannot book the offer
    terms_version: str = ""  # the version of the terms of participation the registration page links
    location: str = ""  # where it takes place as the page names it ("Online" for an online session)


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
        **({"price": price_json(session.price)} if session.price else {}),
        **({"buyers": session.buyers} if session.buyers != "all" else {}),
        **({"terms_version": session.terms_version} if session.terms_version else {}),
        **({"location": session.location} if session.location else {}),
    }
    if not session.titles:
        return [facts]
    return [
        {**facts, "lang": lang, "title": title, "url": session.urls.get(lang, "")}
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


def parse_terms(text: str) -> dict[str, Terms]:
    """The ``terms`` of ``sessions.json`` -> {lang: Terms}; ValueError when the file is malformed,
    {} when it has no terms (an older site)."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    found = {}
    terms = data.get("terms")
    for lang, entry in terms.items() if isinstance(terms, dict) else ():
        if _LANG.match(str(lang)) and isinstance(entry, dict) and isinstance(entry.get("version"), str):
            found[lang] = Terms(entry["version"], str(entry.get("url") or ""), str(entry.get("text") or ""))
    return found


def _whole(value, highest: int | None = None) -> int | None:
    """*value* when it is a whole number from 0 (to *highest*), else None."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return None
    return value if highest is None or value <= highest else None


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


def parse_sessions(text: str) -> dict[tuple[str, str], TrainingSession]:
    """``{"sessions": [{offer, session, end, lang, title, url, max, status, parts?, cancel_days?, seats_left?}]}``
    -> {(offer, session): …}; ValueError when malformed. An entry without a readable offer or start is
    skipped, an unreadable optional field left at its default. The languages of one session are merged.
    ``parts`` (``[{start, end}]``) lists the modules of a session held on several dates; ``cancel_days``
    is the offer's free cancellation, in days before the start."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise ValueError('expected {"sessions": [...]}')
    found: dict[tuple[str, str], TrainingSession] = {}
    for entry in data["sessions"]:
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
            price=parse_price_json(entry.get("price")),
            buyers="business" if entry.get("buyers") == "business" else "all",
            terms_version=str(entry.get("terms_version") or ""),
            location=str(entry.get("location") or ""),
        )
        lang = entry.get("lang")
        if isinstance(lang, str) and _LANG.match(lang):
            known.titles[lang] = str(entry.get("title") or offer)
            known.urls[lang] = str(entry.get("url") or "")
        found[(offer, session)] = known
    return found
