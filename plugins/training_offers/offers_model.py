"""Offer front matter -> :class:`Offer` values, with every author mistake as a :class:`Problem`.

Pure: no Pelican. The glue reads the file with the content_reader plugin's parser and hands
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

from common.prices import BUYERS, DEFAULT_VAT_RATE, VAT_MODES, Amounts, amounts, parse_rate
from common.training_sessions import MAX_REMINDER_DAYS, moment, reminder_days
from content_reader.metadata import parse_date, split_tags
from sitecore.problems import Problem
from sitecore.urls import address_mistake, link_address

FORMATS = ("praesenz", "online", "inhouse")
PRICE_UNITS = ("person", "group")
STATUSES = ("scheduled", "cancelled", "postponed", "moved_online")
JOIN_INFO_WITH = ("reminder", "confirmation")  # which mail carries an online session's joining link
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
PRICE_HINT = "write it as `price: {amount: 1190, currency: EUR, vat: net, unit: person}` (vat: net or gross; unit: person or group)"
SESSION_DATE_HINT = "write it as YYYY-MM-DD HH:MM in Europe/Berlin time, e.g. 2027-03-10 09:00"
_OFFER_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_THOUSANDS = re.compile(r"amount:\s*\d{1,3}(\.\d{3})+(?!\d)")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?$")


@dataclass(frozen=True)
class Price:
    """What one participant pays; ``vat`` says whether the amount is net or gross."""

    amount: Decimal
    currency: str
    vat: str
    unit: str = "person"  # person: per participant; group: a flat rate for the whole group
    vat_rate: Decimal = DEFAULT_VAT_RATE  # percent, the offer's `vat_rate`

    @property
    def includes_vat(self) -> bool:
        """True for a gross price."""
        return self.vat == "gross"

    @property
    def amounts(self) -> Amounts:
        """Net, VAT and gross of the price (``common.prices``)."""
        return amounts(self.amount, self.vat, self.vat_rate)


@dataclass(frozen=True)
class Session:
    """One date of an offer: one day, several days in a row, or several parts (modules)."""

    start: dt.datetime
    end: dt.datetime
    location: str
    seats_left: int | None = None
    booked_out: bool = False
    line: int | None = None
    parts: tuple[tuple[dt.datetime, dt.datetime], ...] = ()  # modules on several dates; empty: one block
    status: str = "scheduled"  # scheduled, cancelled, postponed or moved_online
    previous_start: dt.datetime | None = None  # where a postponed or moved session was first planned
    join_url: str = ""  # an online session's joining link (mailed, never shown on the site)
    join_info_with: str = "reminder"  # reminder or confirmation: the mail that carries the joining link
    written: tuple | None = None  # (seats_left, booked_out) of the file when the intake's live count replaced them

    @property
    def online(self) -> bool:
        """True when the session takes place online (also when it was moved online)."""
        return self.location.strip().lower() == "online" or self.status == "moved_online"

    @property
    def key(self) -> str:
        """A stable, file-name-safe id from the (first planned) start: ``20270310T0900``."""
        return (self.previous_start or self.start).strftime("%Y%m%dT%H%M")

    @property
    def slot(self) -> str:
        """The session as the registration form and the intake name it: ``2027-03-10T09:00``."""
        return moment(self.start)

    @property
    def url_key(self) -> str:
        """The session in a page address: ``2027-03-10T0900``."""
        return self.start.strftime("%Y-%m-%dT%H%M")

    @property
    def bookable(self) -> bool:
        """False for a cancelled or postponed session."""
        return self.status in ("scheduled", "moved_online")

    def days(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """``(start, end)`` of each day it takes place: its parts, or each day from start to end
        with the daily times of start and end (9:00–17:00 each, never one block across the night)."""
        if self.parts:
            return list(self.parts)
        if self.start.date() == self.end.date():
            return [(self.start, self.end)]
        result, day = [], self.start.date()
        while day <= self.end.date():
            result.append(
                (
                    dt.datetime.combine(day, self.start.timetz()).replace(tzinfo=self.start.tzinfo),
                    dt.datetime.combine(day, self.end.timetz()).replace(tzinfo=self.start.tzinfo),
                )
            )
            day += dt.timedelta(days=1)
        return result


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
    buyers: str = "all"  # all, or business: consumers cannot book (§ 14 BGB)
    included: tuple[str, ...] = ()  # what the price includes
    cancellation: str = ""  # the cancellation terms, one short paragraph
    cancellation_days: int | None = (
        None  # free cancellation until this many days before the start (the intake's cancel link)
    )
    reminders: tuple[int, ...] | None = None  # reminder mails, days before the start; None: the intake's default
    tags: tuple[str, ...] = ()  # topics of the vocabulary (the taxonomy plugin lists the offer there)
    path: str = ""
    stamp: dt.datetime | None = None  # modified or date of the file, for DTSTAMP
    body: str = ""
    lines: dict = field(default_factory=dict, compare=False)
    sessions_from: str = ""  # the default language's file whose sessions this translation shares


def _participants(fields: dict, problem) -> dict:
    """``min_participants`` and ``max_participants`` as typed; *problem* is told of each that is
    no whole number of at least 1."""
    participants = {}
    for key in ("min_participants", "max_participants"):
        value = fields[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problem(key, f"`{key}` must be a whole number of at least 1, not {value!r}")
        participants[key] = value
    return participants


def _included_and_cancellation(fields: dict, problem) -> tuple[tuple[str, ...], str, int | None]:
    """What the price includes (a list, or one text), the cancellation terms (one text) and the
    days of free cancellation; empty where the value has the wrong shape, and *problem* is told."""
    included = fields.get("included") or []
    if not isinstance(included, (list, str)):
        problem("included", "`included` must be a list", "write one item per line: `  - Seminarunterlagen`")
        included = ()
    included = (included,) if isinstance(included, str) else tuple(str(item).strip() for item in included)
    cancellation = fields.get("cancellation") or ""
    if not isinstance(cancellation, str):
        problem(
            "cancellation", "`cancellation` must be one short text", 'write it as `cancellation: "Kostenfrei bis …"`'
        )
        cancellation = ""
    cancellation_days = fields.get("cancellation_days")
    if cancellation_days is not None and (
        isinstance(cancellation_days, bool)
        or not isinstance(cancellation_days, int)
        or not 0 <= cancellation_days <= 365
    ):
        problem(
            "cancellation_days",
            f"`cancellation_days` must be a whole number of days from 0 to 365, not {cancellation_days!r}",
            "the days before the start until which the registration can be cancelled free of charge, e.g. `cancellation_days: 28`",
        )
        cancellation_days = None
    return included, cancellation, cancellation_days


def _rate_and_buyers(fields: dict, price: Price | None, problem) -> tuple[Price | None, str]:
    """The offer's ``vat_rate`` (percent, 19 unless given) on its price, and who may book it
    (``buyers``: all or business); *problem* is told of a value it cannot use."""
    rate = parse_rate(fields["vat_rate"]) if fields.get("vat_rate") is not None else DEFAULT_VAT_RATE
    if rate is None:
        problem(
            "vat_rate",
            f"`vat_rate` must be a percentage from 0 to 100, not {fields['vat_rate']!r}",
            "write it as `vat_rate: 19` (or 7, or 0 for a VAT-exempt training)",
        )
    buyers = str(fields.get("buyers") or "all").strip().lower()
    if buyers not in BUYERS:
        problem(
            "buyers",
            f"`buyers` must be all or business, not {fields['buyers']!r}",
            "write `buyers: business` to take bookings from businesses only",
        )
        buyers = "all"
    return (replace(price, vat_rate=rate) if price and rate is not None else price), buyers


def _reminders(fields: dict, problem) -> tuple[int, ...] | None:
    """The days before the start on which the intake reminds the participants (``reminders: [7, 1]``;
    ``[]``: none); None when not given or wrong (and *problem* is told)."""
    value = fields.get("reminders")
    if value is None:
        return None
    days = reminder_days(value)
    if days is None:
        problem(
            "reminders",
            f"`reminders` must be a list of whole days from 1 to {MAX_REMINDER_DAYS}, not {value!r}",
            "the days before the start on which the participants get a reminder, e.g. `reminders: [7, 1]`; `[]` for none",
        )
    return days


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
    participants = _participants(fields, problem)
    if not problems and participants["min_participants"] > participants["max_participants"]:
        problem("max_participants", "`max_participants` is smaller than `min_participants`")
    registration = parse_registration(fields["registration"])
    if registration is None:
        problem("registration", *address_mistake("registration", fields["registration"], mail=True))
    goals = fields["goals"]
    goals = tuple(str(goal).strip() for goal in goals) if isinstance(goals, list) else (str(goals).strip(),)
    included, cancellation, cancellation_days = _included_and_cancellation(fields, problem)
    price, buyers = _rate_and_buyers(fields, price, problem)
    reminders = _reminders(fields, problem)

    sessions = _sessions(fields, lines.get("sessions"), text, timezone, problem)
    if problems:
        return None, problems
    sessions.sort(key=lambda session: session.start)
    offer = Offer(
        offer_id=offer_id,
        lang=lang,
        slug=slug,
        title=one_line(fields["title"]),
        summary=str(fields["summary"]).strip(),
        format=fmt,
        duration=one_line(fields["duration"]),
        audience=one_line(fields["audience"]),
        goals=goals,
        trainer=one_line(fields["trainer"]),
        price=price,
        min_participants=participants["min_participants"],
        max_participants=participants["max_participants"],
        registration=registration,
        sessions=tuple(sessions),
        buyers=buyers,
        included=included,
        cancellation=cancellation.strip(),
        cancellation_days=cancellation_days,
        reminders=reminders,
        tags=tuple(split_tags(fields.get("tags"), "yaml")),
        path=path,
        stamp=fields.get("modified") or fields.get("date"),
        body=body,
        lines=dict(lines),
    )
    return offer, []


def _sessions(fields: dict, key_line: int | None, text: str, timezone: ZoneInfo, problem) -> list[Session]:
    """The ``sessions`` list, each with its line; *problem* is told of each that is wrong."""
    raw_sessions = fields.get("sessions") or []
    sessions = []
    if not isinstance(raw_sessions, list):
        problem("sessions", "`sessions` must be a list", "start each session with `- start: 2027-03-10 09:00`")
        raw_sessions = []
    session_lines = list_item_lines(text, key_line)
    for position, raw in enumerate(raw_sessions):
        line = session_lines[position] if position < len(session_lines) else key_line
        session, message = parse_session(raw, timezone)
        capacity = fields["max_participants"]
        if (
            not message
            and session.seats_left is not None
            and isinstance(capacity, int)
            and session.seats_left > capacity
        ):
            message = f"`seats_left` ({session.seats_left}) is more than `max_participants` ({capacity})"
        if message:
            problem("sessions", f"session {position + 1}: {message}", line=line)
        else:
            sessions.append(replace(session, line=line))
    return sessions


def one_line(value) -> str:
    """A name-like field (title, trainer, place …) as one line: a line break typed into YAML
    becomes a space, as it would on the page; a calendar's name and a header cannot hold one."""
    return " ".join(str(value).split())


@dataclass(frozen=True)
class OfferSource:
    """One offer file as the content reader read it; ``metadata`` is ``None`` when reading
    failed (that error is reported by whoever read it), ``offer_id`` then the id it names, if any."""

    path: str
    metadata: dict | None
    lines: dict = field(default_factory=dict)
    text: str = ""
    body: str = ""
    offer_id: str = ""


@dataclass(frozen=True)
class OfferCheck:
    """The valid offers of one language by id (file order), the ids of broken ones, the errors
    and the warnings."""

    offers: dict
    broken_ids: frozenset
    problems: tuple
    warnings: tuple = ()


@dataclass(frozen=True)
class SharedSessions:
    """What an offer's file in the default language says of its sessions, which its translations
    share: the file (as shown to people), its raw ``sessions`` front matter and its capacity."""

    path: str
    sessions: tuple = ()
    max_participants: object = None


def share_sessions(offer: Offer, original: SharedSessions, timezone: ZoneInfo) -> tuple[Offer, list, list]:
    """The translation *offer* with the sessions of its *original*: ``(offer, errors, warnings)``.

    A session's dates, parts, place, joining link, seats and status are written once, in the
    original. A list the translation still carries is redundant when it says the same (a warning)
    and an error naming both files when it does not; so is another ``max_participants``. A session
    of the original that does not parse is left out here: the original's own run reports it.
    """
    parsed = (parse_session(raw, timezone)[0] for raw in original.sessions)
    sessions = tuple(sorted((s for s in parsed if s is not None), key=lambda session: session.start))
    errors, warnings = [], []
    line = offer.lines.get("sessions")
    if line and tuple(replace(session, line=None) for session in offer.sessions) == sessions:
        warnings.append(
            Problem(
                offer.path,
                line,
                f"the sessions repeat those of {original.path}, which this translation shares",
                "delete this `sessions:` list: dates, places and seats are written once, in the original",
            )
        )
    elif line:
        errors.append(
            Problem(
                offer.path,
                line,
                f"the sessions differ from those of {original.path}",
                "dates, places, seats and status of a session are written once, in the original: "
                "delete this `sessions:` list and correct the original if needed",
            )
        )
    capacity = original.max_participants
    if isinstance(capacity, int) and not isinstance(capacity, bool) and capacity != offer.max_participants:
        errors.append(
            Problem(
                offer.path,
                offer.lines.get("max_participants"),
                f"`max_participants` is {offer.max_participants} here but {capacity} in {original.path}",
                "the capacity is one fact of the offer: write the same number in both files",
            )
        )
    return replace(offer, sessions=sessions, sessions_from=original.path), errors, warnings


def validate_offers(sources, *, lang: str, timezone: ZoneInfo, originals: dict | None = None) -> OfferCheck:
    """Every offer file of language *lang*: each one's front matter, then no two with one id or slug.

    *originals* (offer id -> :class:`SharedSessions`) are the default language's offers when *lang*
    is another: a translation takes its sessions from there (:func:`share_sessions`). The one rule
    set for the build and ``make check``: files in, offers and problems out.
    """
    offers: dict[str, Offer] = {}
    slugs: dict[str, str] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for source in sources:
        if source.metadata is None:
            broken.add(source.offer_id)
            continue  # its reader's error says what to fix
        offer, found = parse_offer(
            source.metadata,
            source.lines,
            source.path,
            lang=lang,
            slug=source.metadata["slug"],
            timezone=timezone,
            text=source.text,
            body=source.body,
        )
        problems += found
        if offer is None:
            broken.add(str(source.metadata.get("offer") or "").strip())
            continue
        other = offers[offer.offer_id].path if offer.offer_id in offers else slugs.get(offer.slug)
        if other:
            problems.append(
                Problem(
                    offer.path,
                    offer.lines.get("offer"),
                    f"the offer id or slug of {offer.offer_id!r} is also used by {other}",
                    "give each offer its own `offer` id and slug",
                )
            )
            continue
        if offer.offer_id in (originals or {}):
            offer, errors, repeated = share_sessions(offer, originals[offer.offer_id], timezone)
            problems += errors
            warnings += repeated
        slugs[offer.slug] = offer.path
        offers[offer.offer_id] = offer
    return OfferCheck(offers, frozenset(broken - {""}), tuple(problems), tuple(warnings))


def parse_price(value) -> tuple[Price | None, str]:
    """``{amount, currency, vat}`` -> ``(Price, "")`` or ``(None, what is wrong)``."""
    if not isinstance(value, dict):
        return None, f"the price {value!r} is not an amount with currency and VAT mode"
    value = {str(key).lower(): item for key, item in value.items()}
    unknown = sorted(str(key) for key in value if key not in ("amount", "currency", "vat", "unit"))
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
    unit = str(value.get("unit") or "person").strip().lower()
    if unit not in PRICE_UNITS:
        return None, f"the price unit {value['unit']!r} is unknown (use person or group)"
    return Price(amount, currency, vat, unit), ""


def parse_registration(value) -> str | None:
    """A registration web address, or an e-mail address as ``mailto:`` link; ``None`` if neither."""
    return link_address(value, mail=True)


def parse_moment(value, timezone: ZoneInfo) -> dt.datetime:
    """A session time as an aware datetime in *timezone*; raises ``ValueError``.

    Stricter in shape than a post's date (a time of day is required, seconds are dropped, no
    offset: sessions are in the site's time), then read by the same parser.
    """
    if isinstance(value, dt.datetime):
        return parse_date(value, timezone)
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(str(value))
    return parse_date(f"{match[1]} {match[2]}", timezone)


def parse_session(raw, timezone: ZoneInfo) -> tuple[Session | None, str]:
    """One ``sessions`` item -> ``(Session, "")`` or ``(None, what is wrong)``.

    A session has ``start`` and ``end``, or ``parts`` (a list of ``{start, end}``: modules on
    several dates, booked together); ``status`` and ``previous_start`` mark a changed session.
    """
    if not isinstance(raw, dict):
        return None, "write each session as `- start: …` with `end:` and `location:` below it"
    raw = {str(key).lower(): value for key, value in raw.items()}
    parts = raw.get("parts")
    if parts not in (None, ""):
        if not isinstance(parts, list) or not parts:
            return None, "`parts` must be a list of `- {start: …, end: …}`"
        moments = []
        for number, part in enumerate(parts, start=1):
            if not isinstance(part, dict):
                return None, f"part {number} must be written as `- {{start: …, end: …}}`"
            span, message = _span(
                {str(key).lower(): value for key, value in part.items()}, timezone, f"part {number}: "
            )
            if message:
                return None, message
            if moments and span[0] < moments[-1][1]:
                return None, f"part {number} starts before part {number - 1} ends"
            moments.append(span)
        start, end = moments[0][0], moments[-1][1]
    else:
        (start, end), message = _span(raw, timezone, "")
        if message:
            return None, message
        moments = []
    if raw.get("location") in (None, ""):
        return None, "`location` is missing"
    seats, booked_out, message = _seats(raw)
    if message:
        return None, message
    status = str(raw.get("status") or "scheduled").strip().lower().replace("-", "_").replace(" ", "_")
    if status not in STATUSES:
        return None, f"the status {raw.get('status')!r} is unknown (use one of: {', '.join(STATUSES)})"
    join_url, join_info_with, message = _joining(raw)
    if message:
        return None, message
    previous = None
    if raw.get("previous_start") not in (None, ""):
        try:
            previous = parse_moment(raw["previous_start"], timezone)
        except ValueError:
            return None, f"the previous_start {raw['previous_start']!r} cannot be read ({SESSION_DATE_HINT})"
    session = Session(
        start,
        end,
        one_line(raw["location"]),
        seats,
        booked_out or seats == 0,
        parts=tuple(moments) if len(moments) > 1 else (),
        status=status,
        previous_start=previous,
        join_url=join_url,
        join_info_with=join_info_with,
    )
    return session, ""


def _seats(raw: dict) -> tuple[int | None, bool, str]:
    """``seats_left`` and ``booked_out`` of a session -> ``(seats, booked out, "")`` or ``(…, what is wrong)``."""
    seats = raw.get("seats_left")
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int) or seats < 0):
        return None, False, f"`seats_left` must be a whole number, not {seats!r}"
    booked_out = raw.get("booked_out", False)
    if not isinstance(booked_out, bool):
        return None, False, f"`booked_out` must be true or false, not {booked_out!r}"
    return seats, booked_out, ""


def _joining(raw: dict) -> tuple[str, str, str]:
    """``join_url`` and ``join_info_with`` of a session -> ``(url, mail, "")`` or ``("", "", what is wrong)``."""
    join_url = ""
    if raw.get("join_url") not in (None, ""):
        join_url = link_address(raw["join_url"]) or ""
        if not join_url.startswith("https://"):
            return "", "", f"the join_url {raw['join_url']!r} is no https address (the link to the online room)"
    join_info_with = str(raw.get("join_info_with") or "reminder").strip().lower()
    if join_info_with not in JOIN_INFO_WITH:
        return "", "", f"`join_info_with` must be reminder or confirmation, not {raw.get('join_info_with')!r}"
    if join_info_with == "confirmation" and not join_url:
        return "", "", "`join_info_with: confirmation` needs a `join_url` to send with the confirmation"
    return join_url, join_info_with, ""


def _span(raw: dict, timezone: ZoneInfo, prefix: str) -> tuple[tuple, str]:
    """``start`` and ``end`` of *raw* -> ``((start, end), "")`` or ``((), what is wrong)``."""
    moments = {}
    for key in ("start", "end"):
        if raw.get(key) in (None, ""):
            return (None, None), f"{prefix}`{key}` is missing"
        try:
            moments[key] = parse_moment(raw[key], timezone)
        except ValueError:
            return (None, None), f"{prefix}the {key} {raw[key]!r} cannot be read ({SESSION_DATE_HINT})"
    if moments["end"] <= moments["start"]:
        return (None, None), f"{prefix}it ends ({raw['end']}) before it starts ({raw['start']})"
    return (moments["start"], moments["end"]), ""


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
        raw = raw.rstrip("\r")  # the text as read: Windows line ends kept
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
