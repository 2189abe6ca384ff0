"""Offer front matter -> :class:`Offer` values, with every author mistake as a :class:`Problem`.

Pure: no Pelican. The glue reads the file with the frontmatter plugin's parser and hands
over the fields, their line numbers and the raw text (for the lines of nested sessions).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_name

from frontmatter.metadata import split_tags
from sitecore.problems import Problem
from sitecore.urls import address_mistake, link_address

FORMATS = ("praesenz", "online", "inhouse")
VAT_MODES = ("net", "gross")
REQUIRED = (
    "offer",
    "title",
    "summary",
    "format",
    "duration",
    "audience",
    "goals",
    "trainer",
    "price",
    "min_participants",
    "max_participants",
    "registration",
)
PRICE_HINT = "write it as `price: {amount: 1190, currency: EUR, vat: net}` (vat: net or gross)"
DATE_HINT = "write it as YYYY-MM-DD HH:MM in Europe/Berlin time, e.g. 2027-03-10 09:00"
_OFFER_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_THOUSANDS = re.compile(r"amount:\s*\d{1,3}(\.\d{3})+(?!\d)")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?$")


@dataclass(frozen=True)
class Price:
    """What one participant pays; ``vat`` says whether the amount is net or gross."""

    amount: Decimal
    currency: str
    vat: str

    @property
    def includes_vat(self) -> bool:
        """True for a gross price."""
        return self.vat == "gross"


@dataclass(frozen=True)
class Session:
    """One date of an offer."""

    start: dt.datetime
    end: dt.datetime
    location: str
    seats_left: int | None = None
    booked_out: bool = False
    line: int | None = None

    @property
    def online(self) -> bool:
        """True when the session takes place online."""
        return self.location.strip().lower() == "online"

    @property
    def key(self) -> str:
        """A stable, file-name-safe id from the start time: ``20270310T0900``."""
        return self.start.strftime("%Y%m%dT%H%M")


@dataclass(frozen=True)
class Offer:
    """One training offer in one language."""

    offer_id: str
    lang: str
    slug: str
    title: str
    summary: str
    format: str
    duration: str
    audience: str
    goals: tuple[str, ...]
    trainer: str
    price: Price
    min_participants: int
    max_participants: int
    registration: str  # an https URL or a mailto: link
    sessions: tuple[Session, ...] = ()
    tags: tuple[str, ...] = ()  # topics of the vocabulary (the taxonomy plugin lists the offer there)
    path: str = ""
    stamp: dt.datetime | None = None  # modified or date of the file, for DTSTAMP
    body: str = ""
    lines: dict = field(default_factory=dict, compare=False)


def parse_offer(
    fields: dict,
    lines: dict,
    path: str,
    *,
    lang: str,
    slug: str,
    timezone: ZoneInfo,
    text: str = "",
    body: str = "",
) -> tuple[Offer | None, list[Problem]]:
    """Validate the front matter *fields* of the offer file at *path*.

    Returns the offer and no problems, or ``None`` and every problem found.
    """
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str = "", line: int | None = None) -> None:
        problems.append(Problem(path, line or lines.get(key) or 1, message, hint))

    for key in REQUIRED:
        if fields.get(key) in (None, "", []):
            problem(key, f"the offer has no `{key}`", f"add a line `{key}: …` to the front matter")
    if problems:
        return None, problems

    offer_id = str(fields["offer"]).strip()
    if not _OFFER_ID.match(offer_id):
        problem("offer", f"the offer id {offer_id!r} is not a slug", "use lowercase letters, digits and dashes")
    fmt = str(fields["format"]).strip().lower()
    if fmt not in FORMATS:
        problem("format", f"the format {fields['format']!r} is unknown", f"use one of: {', '.join(FORMATS)}")
    price, price_problem = parse_price(fields["price"])
    if not price_problem and _THOUSANDS.search(_key_text(text, lines.get("price"))):
        price_problem = "the price amount has a dot for thousands, which YAML reads as decimals"
    if price_problem:
        problem("price", price_problem, PRICE_HINT)
    participants = {}
    for key in ("min_participants", "max_participants"):
        value = fields[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problem(key, f"`{key}` must be a whole number of at least 1, not {value!r}")
        participants[key] = value
    if not problems and participants["min_participants"] > participants["max_participants"]:
        problem("max_participants", "`max_participants` is smaller than `min_participants`")
    registration = parse_registration(fields["registration"])
    if registration is None:
        problem("registration", *address_mistake("registration", fields["registration"], mail=True))
    goals = fields["goals"]
    goals = tuple(str(goal).strip() for goal in goals) if isinstance(goals, list) else (str(goals).strip(),)

    raw_sessions = fields.get("sessions") or []
    sessions = []
    if not isinstance(raw_sessions, list):
        problem("sessions", "`sessions` must be a list", "start each session with `- start: 2027-03-10 09:00`")
        raw_sessions = []
    session_lines = list_item_lines(text, lines.get("sessions"))
    for position, raw in enumerate(raw_sessions):
        line = session_lines[position] if position < len(session_lines) else lines.get("sessions")
        session, message = parse_session(raw, timezone)
        if message:
            problem("sessions", f"session {position + 1}: {message}", line=line)
        else:
            sessions.append(replace(session, line=line))
    if problems:
        return None, problems
    sessions.sort(key=lambda session: session.start)
    offer = Offer(
        offer_id=offer_id,
        lang=lang,
        slug=slug,
        title=str(fields["title"]).strip(),
        summary=str(fields["summary"]).strip(),
        format=fmt,
        duration=str(fields["duration"]).strip(),
        audience=str(fields["audience"]).strip(),
        goals=goals,
        trainer=str(fields["trainer"]).strip(),
        price=price,
        min_participants=participants["min_participants"],
        max_participants=participants["max_participants"],
        registration=registration,
        sessions=tuple(sessions),
        tags=tuple(split_tags(fields.get("tags"), "yaml")),
        path=path,
        stamp=fields.get("modified") or fields.get("date"),
        body=body,
        lines=dict(lines),
    )
    return offer, []


def parse_price(value) -> tuple[Price | None, str]:
    """``{amount, currency, vat}`` -> ``(Price, "")`` or ``(None, what is wrong)``."""
    if not isinstance(value, dict):
        return None, f"the price {value!r} is not an amount with currency and VAT mode"
    value = {str(key).lower(): item for key, item in value.items()}
    unknown = sorted(str(key) for key in value if key not in ("amount", "currency", "vat"))
    if unknown:
        return None, f"the price has unexpected parts {', '.join(unknown)} (a comma inside the amount?)"
    missing = [key for key in ("amount", "currency", "vat") if value.get(key) in (None, "")]
    if missing:
        return None, f"the price has no {', '.join(missing)}"
    raw_amount = value["amount"]
    try:
        amount = Decimal(str(raw_amount).strip())
    except InvalidOperation:
        amount = None
    if isinstance(raw_amount, bool) or amount is None or not amount.is_finite() or amount < 0:
        return None, f"the price amount {raw_amount!r} is not a number (write 1190 or 1190.50, no dots for thousands)"
    currency = str(value["currency"]).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency) or get_currency_name(currency, locale="en") == currency:
        return None, f"the currency {value['currency']!r} is not an ISO code such as EUR"
    vat = str(value["vat"]).strip().lower()
    if vat not in VAT_MODES:
        return None, f"the VAT mode {value['vat']!r} is unknown (use net or gross)"
    return Price(amount, currency, vat), ""


def parse_registration(value) -> str | None:
    """A registration web address, or an e-mail address as ``mailto:`` link; ``None`` if neither."""
    return link_address(value, mail=True)


def parse_moment(value, timezone: ZoneInfo) -> dt.datetime:
    """A session time as an aware datetime in *timezone*; raises ``ValueError``."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        match = _DATE.match(str(value).strip())
        if not match:
            raise ValueError(str(value))
        moment = dt.datetime.fromisoformat(f"{match[1]}T{match[2].zfill(5)}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone)


def parse_session(raw, timezone: ZoneInfo) -> tuple[Session | None, str]:
    """One ``sessions`` item -> ``(Session, "")`` or ``(None, what is wrong)``."""
    if not isinstance(raw, dict):
        return None, "write each session as `- start: …` with `end:` and `location:` below it"
    raw = {str(key).lower(): value for key, value in raw.items()}
    for key in ("start", "end", "location"):
        if raw.get(key) in (None, ""):
            return None, f"`{key}` is missing"
    moments = {}
    for key in ("start", "end"):
        try:
            moments[key] = parse_moment(raw[key], timezone)
        except ValueError:
            return None, f"the {key} {raw[key]!r} cannot be read ({DATE_HINT})"
    if moments["end"] <= moments["start"]:
        return None, f"it ends ({raw['end']}) before it starts ({raw['start']})"
    seats = raw.get("seats_left")
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int) or seats < 0):
        return None, f"`seats_left` must be a whole number, not {seats!r}"
    booked_out = raw.get("booked_out", False)
    if not isinstance(booked_out, bool):
        return None, f"`booked_out` must be true or false, not {booked_out!r}"
    return Session(moments["start"], moments["end"], str(raw["location"]).strip(), seats, booked_out or seats == 0), ""


def _key_text(text: str, key_line: int | None) -> str:
    """The source of a top-level YAML key: its line and the indented lines below it."""
    if not text or not key_line:
        return ""
    lines = text.split("\n")
    result = [lines[key_line - 1]]
    for raw in lines[key_line:]:
        if not raw.startswith((" ", "\t")):
            break
        result.append(raw)
    return "\n".join(result)


def list_item_lines(text: str, key_line: int | None) -> list[int]:
    """The 1-based lines of the items of the YAML list that starts below line *key_line*."""
    if not text or not key_line:
        return []
    result, indent = [], None
    for number, raw in enumerate(text.split("\n")[key_line:], start=key_line + 1):
        stripped = raw.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        depth = len(raw) - len(stripped)
        if stripped.startswith("- ") or stripped == "-":
            indent = depth if indent is None else indent
            if depth == indent:
                result.append(number)
                continue
        if depth == 0 or (indent is not None and depth < indent):
            break
    return result


def offer_ids(value) -> list[str]:
    """The ``offer`` front matter of a post: one id, a comma-separated string or a list."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def unknown_offer(path: str, line: int | None, offer_id: str, known) -> Problem:
    """The error for an offer id that no offer of this language has, with the closest id."""
    close = difflib.get_close_matches(offer_id, sorted(known), n=1, cutoff=0.4)
    hint = f"did you mean {close[0]!r}?" if close else f"known offers: {', '.join(sorted(known)) or 'none'}"
    return Problem(path, line, f"unknown offer {offer_id!r}", hint)
