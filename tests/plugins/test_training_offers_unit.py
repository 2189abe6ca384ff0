"""Pure logic of the training_offers plugin: parsing, validation, dates, prices, JSON-LD, ICS."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from markdown import Markdown

from content_reader.front_matter import split_front_matter
from sitecore.templates import json_ld
from training_offers import offers_ics, offers_jsonld
from training_offers.markdown_callouts import inline_references
from training_offers.offers_model import Price, Session, list_item_lines, parse_offer, parse_price
from training_offers.pricing import format_price
from training_offers.schedule import build_today, next_session, overview_order, upcoming
from training_offers.training_offers import offer_ids, unknown_offer

BERLIN = ZoneInfo("Europe/Berlin")
NBSP = "\u00a0"

OFFER = """\
---
offer: kommunikationstraining-vertrieb
title: Kommunikationstraining für Vertriebsteams
summary: Zwei Tage Gesprächsführung.
format: praesenz
duration: 2 Tage
audience: Verkäufer
goals:
  - Zuhören
  - Fragen
trainer: Maren Albrecht
price: {amount: 1190, currency: EUR, vat: net}
min_participants: 6
max_participants: 12
registration: kontakt@example.com
sessions:
  - start: 2025-05-13 09:00
    end: 2025-05-14 17:00
    location: Hamburg
  - start: 2027-03-09 09:00
    end: 2027-03-10 17:00
    location: Hamburg
    seats_left: 4
---

Body text.
"""


def parse(text: str):
    front = split_front_matter(text, "content/de/offers/x.md")
    return parse_offer(
        front.fields,
        front.lines,
        "content/de/offers/x.md",
        lang="de",
        slug="x",
        timezone=BERLIN,
        text=text,
        body=front.body,
    )


def session(start: str, end: str, location: str = "Hamburg", **extra) -> Session:
    return Session(
        dt.datetime.fromisoformat(start).replace(tzinfo=BERLIN),
        dt.datetime.fromisoformat(end).replace(tzinfo=BERLIN),
        location,
        **extra,
    )


def test_a_complete_offer_is_read():
    offer, problems = parse(OFFER)
    assert problems == []
    assert offer.offer_id == "kommunikationstraining-vertrieb"
    assert offer.price == Price(Decimal("1190"), "EUR", "net")
    assert offer.goals == ("Zuhören", "Fragen")
    assert offer.registration == "mailto:kontakt@example.com"
    assert [s.line for s in offer.sessions] == [17, 20]
    assert offer.sessions[1].start == dt.datetime(2027, 3, 9, 9, 0, tzinfo=BERLIN)
    assert offer.sessions[1].seats_left == 4 and offer.body.strip() == "Body text."
    assert offer.price.unit == "person" and offer.included == () and offer.cancellation == ""
    assert offer.sessions[1].status == "scheduled" and offer.sessions[1].bookable


def test_new_offer_fields_are_read():
    text = (
        OFFER.replace("vat: net}", "vat: net, unit: group}")
        .replace(
            "registration: kontakt@example.com",
            'registration: kontakt@example.com\nincluded:\n  - Unterlagen\n  - Mittagessen\ncancellation: "Kostenfrei bis 28 Tage vorher."\ncancellation_days: 28\nreminders: [1, 7, 7]',
        )
        .replace(
            "    seats_left: 4", "    seats_left: 4\n    status: moved_online\n    previous_start: 2027-03-02 09:00"
        )
    )
    offer, problems = parse(text)
    assert problems == []
    assert offer.price == Price(Decimal("1190"), "EUR", "net", "group")
    assert offer.included == ("Unterlagen", "Mittagessen") and offer.cancellation == "Kostenfrei bis 28 Tage vorher."
    assert offer.cancellation_days == 28
    assert offer.reminders == (7, 1)  # distinct, the earliest first
    moved = offer.sessions[1]
    assert moved.status == "moved_online" and moved.online and moved.bookable
    assert moved.previous_start == dt.datetime(2027, 3, 2, 9, 0, tzinfo=BERLIN)
    assert moved.key == "20270302T0900"  # the calendar UID stays where the session was first planned
    assert (
        moved.slot == "2027-03-09T09:00" and moved.url_key == "2027-03-09T0900"
    )  # the intake and the pages use its start


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("trainer: Maren Albrecht\n", "", 1, "the offer has no `trainer`"),
        ("format: praesenz", "format: webinar", 5, "the format 'webinar' is unknown"),
        ("{amount: 1190, currency: EUR, vat: net}", "1.190 Euro", 12, "is not an amount with currency"),
        (
            "{amount: 1190, currency: EUR, vat: net}",
            "{amount: 1.190,00, currency: EUR, vat: net}",
            12,
            "unexpected parts",
        ),
        (
            "{amount: 1190, currency: EUR, vat: net}",
            "{amount: 1.190, currency: EUR, vat: net}",
            12,
            "dot for thousands",
        ),
        (
            "{amount: 1190, currency: EUR, vat: net}",
            "{amount: zwölfhundert, currency: EUR, vat: net}",
            12,
            "is not a number",
        ),
        ("{amount: 1190, currency: EUR, vat: net}", "{amount: 1190, currency: Euro, vat: net}", 12, "not an ISO code"),
        ("{amount: 1190, currency: EUR, vat: net}", "{amount: 1190, currency: EUR, vat: brutto}", 12, "VAT mode"),
        ("{amount: 1190, currency: EUR, vat: net}", "{amount: 1190, currency: EUR}", 12, "the price has no vat"),
        (
            "    end: 2027-03-10 17:00",
            "    end: 2027-03-08 17:00",
            20,
            "session 2: it ends (2027-03-08 17:00) before it starts",
        ),
        (
            "  - start: 2025-05-13 09:00",
            "  - start: 13.05.2025",
            17,
            "session 1: the start '13.05.2025' cannot be read",
        ),
        ("    location: Hamburg\n    seats_left: 4", "    seats_left: 4", 20, "session 2: `location` is missing"),
        ("max_participants: 12", "max_participants: 3", 14, "`max_participants` is smaller"),
        ("min_participants: 6", "min_participants: sechs", 13, "`min_participants` must be a whole number"),
        ("registration: kontakt@example.com", "registration: bei Maren", 15, "neither a web address nor an e-mail"),
        (
            "{amount: 1190, currency: EUR, vat: net}",
            "{amount: 1190, currency: EUR, vat: net, unit: team}",
            12,
            "the price unit 'team' is unknown",
        ),
        (
            "    seats_left: 4",
            "    seats_left: 4\n    status: abgesagt",
            20,
            "session 2: the status 'abgesagt' is unknown",
        ),
        (
            "    seats_left: 4",
            "    seats_left: 4\n    previous_start: bald",
            20,
            "session 2: the previous_start 'bald' cannot be read",
        ),
        (
            "  - start: 2027-03-09 09:00\n    end: 2027-03-10 17:00",
            "  - parts: 2027-03-09",
            20,
            "session 2: `parts` must be a list",
        ),
        (
            "  - start: 2027-03-09 09:00\n    end: 2027-03-10 17:00",
            "  - parts:\n      - {start: 2027-03-09 09:00, end: 2027-03-09 12:00}\n      - {start: 2027-03-09 11:00, end: 2027-03-09 13:00}",
            20,
            "session 2: part 2 starts before part 1 ends",
        ),
        (
            "  - start: 2027-03-09 09:00\n    end: 2027-03-10 17:00",
            "  - parts:\n      - {start: 2027-03-09 09:00}",
            20,
            "session 2: part 1: `end` is missing",
        ),
        (
            "registration: kontakt@example.com",
            "registration: kontakt@example.com\nincluded: {a: 1}",
            16,
            "`included` must be a list",
        ),
        (
            "registration: kontakt@example.com",
            "registration: kontakt@example.com\ncancellation: [a, b]",
            16,
            "`cancellation` must be one short text",
        ),
        (
            "registration: kontakt@example.com",
            "registration: kontakt@example.com\ncancellation_days: vier Wochen",
            16,
            "`cancellation_days` must be a whole number of days from 0 to 365",
        ),
        (
            "registration: kontakt@example.com",
            "registration: kontakt@example.com\nreminders: [7, 0]",
            16,
            "`reminders` must be a list of whole days from 1 to 365",
        ),
        (
            "registration: kontakt@example.com",
            "registration: kontakt@example.com\nreminders: eine Woche vorher",
            16,
            "`reminders` must be a list of whole days from 1 to 365",
        ),
    ],
)
def test_bad_offers_are_reported_with_line_and_reason(old, new, line, message):
    assert old in OFFER
    offer, problems = parse(OFFER.replace(old, new))
    assert offer is None
    assert problems, "expected a problem"
    assert problems[0].path == "content/de/offers/x.md"
    assert problems[0].line == line, problems[0]
    assert message in problems[0].message, problems[0]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"amount": 1190, "currency": "EUR", "vat": "net"}, True),
        ({"amount": "1190.50", "currency": "eur", "vat": "gross"}, True),
        ({"amount": -5, "currency": "EUR", "vat": "net"}, False),
        ({"amount": True, "currency": "EUR", "vat": "net"}, False),
        ({"amount": "viel", "currency": "EUR", "vat": "net"}, False),
        ("1190 EUR", False),
    ],
)
def test_price_parsing(value, ok):
    price, message = parse_price(value)
    assert (price is not None) == ok and bool(message) != ok


@pytest.mark.parametrize(
    ("amount", "vat", "lang", "expected"),
    [
        ("1190", "net", "de", f"1.190{NBSP}€ zzgl. MwSt."),
        ("1190", "gross", "de", f"1.190{NBSP}€ inkl. MwSt."),
        ("1190", "net", "en", "€1,190 plus VAT"),
        ("1190", "gross", "en", "€1,190 incl. VAT"),
        ("490.50", "net", "de", f"490,50{NBSP}€ zzgl. MwSt."),
        ("490.50", "gross", "en", "€490.50 incl. VAT"),
        ("12500", "net", "de", f"12.500{NBSP}€ zzgl. MwSt."),
    ],
)
def test_prices_read_like_german_b2b_offers(amount, vat, lang, expected):
    assert format_price(Price(Decimal(amount), "EUR", vat), lang) == expected


PAST = session("2025-05-13T09:00", "2025-05-14T17:00")
SOON_FULL = session("2027-02-16T09:00", "2027-02-16T12:30", "online", booked_out=True)
LATER = session("2027-06-08T09:00", "2027-06-08T12:30", "online")


@pytest.mark.parametrize(
    ("today", "expected_upcoming", "expected_next"),
    [
        (dt.date(2025, 1, 1), [PAST, SOON_FULL, LATER], PAST),
        (dt.date(2025, 5, 13), [PAST, SOON_FULL, LATER], PAST),  # advertised until the day it starts
        (dt.date(2025, 5, 14), [SOON_FULL, LATER], LATER),  # booked-out sessions are skipped for "next"
        (dt.date(2027, 6, 8), [LATER], LATER),
        (dt.date(2027, 6, 9), [], None),
    ],
)
def test_upcoming_and_next_session_depend_on_injected_today(today, expected_upcoming, expected_next):
    sessions = [LATER, PAST, SOON_FULL]
    assert upcoming(sessions, today) == expected_upcoming
    assert next_session(sessions, today) == expected_next


def test_next_session_falls_back_to_a_booked_out_one():
    assert next_session([SOON_FULL], dt.date(2026, 1, 1)) == SOON_FULL


def test_overview_sorts_by_next_session_and_puts_on_request_last():
    offer, _ = parse(OFFER)
    later = offer.__class__(**{**offer.__dict__, "offer_id": "b", "title": "B", "sessions": (LATER,)})
    past_only = offer.__class__(**{**offer.__dict__, "offer_id": "a", "title": "A", "sessions": (PAST,)})
    assert [o.offer_id for o in overview_order([past_only, later, offer], dt.date(2026, 1, 1))] == [
        "kommunikationstraining-vertrieb",
        "b",
        "a",
    ]


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        ("2027-01-02", {"SITE_TODAY": "2030-01-01"}, dt.date(2027, 1, 2)),
        (dt.date(2027, 1, 3), {}, dt.date(2027, 1, 3)),
        (None, {"SITE_TODAY": "2030-01-01"}, dt.date(2030, 1, 1)),
        (None, {}, dt.date(2026, 1, 1)),  # "now" below is 2025-12-31 23:30 UTC = 00:30 in Berlin
    ],
)
def test_today_is_injectable(setting, env, expected):
    now = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.timezone.utc)
    assert build_today(setting, env, BERLIN, now=now) == expected


def test_today_rejects_garbage():
    with pytest.raises(ValueError):
        build_today("next tuesday", {}, BERLIN)


def test_course_json_ld():
    offer, _ = parse(OFFER)
    online = session("2027-06-08T09:00", "2027-06-08T12:30", "online")
    data = offers_jsonld.course(
        offer,
        [offer.sessions[1], online],
        page_url="https://x.example/trainings/x/",
        provider_name="Albrecht",
    )
    assert data["@type"] == "Course" and data["provider"] == {"@type": "Organization", "name": "Albrecht"}
    spec = data["offers"]["priceSpecification"]
    assert (spec["price"], spec["priceCurrency"], spec["valueAddedTaxIncluded"]) == ("1416.10", "EUR", True)  # gross
    first, second = data["hasCourseInstance"]
    assert (first["courseMode"], first["location"]["@type"], first["startDate"]) == (
        "onsite",
        "Place",
        "2027-03-09T09:00:00+01:00",
    )
    assert (second["courseMode"], second["location"]["@type"]) == ("online", "VirtualLocation")
    body = json_ld({"name": "</script><b>ä"}, indent=2)
    assert "</script>" not in body and "ä" in body and json.loads(body) == {"name": "</script><b>ä"}


def ics(offer, sessions):
    return offers_ics.calendar(
        offer, sessions, domain="albrecht.example", page_url="", location_label=lambda s: s.location
    )


def test_ics_has_one_event_per_day_stable_uids_and_berlin_time_zone():
    offer, _ = parse(OFFER)
    first, second = ics(offer, offer.sessions), ics(offer, offer.sessions)
    assert first == second  # byte-identical across builds
    calendar = Calendar.from_ical(first)
    events = calendar.walk("VEVENT")
    assert len(events) == 4  # two sessions of two days each: one event per day, never one across the night
    assert [str(e["UID"]) for e in events] == [
        "kommunikationstraining-vertrieb-20250513T0900@albrecht.example",
        "kommunikationstraining-vertrieb-20250513T0900-2@albrecht.example",
        "kommunikationstraining-vertrieb-20270309T0900@albrecht.example",
        "kommunikationstraining-vertrieb-20270309T0900-2@albrecht.example",
    ]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    days = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events[2:]]
    assert days == [
        (dt.datetime(2027, 3, 9, 9, 0, tzinfo=BERLIN), dt.datetime(2027, 3, 9, 17, 0, tzinfo=BERLIN)),
        (dt.datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN), dt.datetime(2027, 3, 10, 17, 0, tzinfo=BERLIN)),
    ]
    assert str(days[0][0].tzinfo) == "Europe/Berlin" and events[2]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert "DTSTAMP" in events[0]
    assert all(str(e["STATUS"]) == "CONFIRMED" and e.decoded("SEQUENCE") == 0 for e in events)


def test_a_cancelled_session_keeps_its_uid_with_status_cancelled_and_a_higher_sequence():
    offer, _ = parse(OFFER.replace("    seats_left: 4", "    seats_left: 4\n    status: cancelled"))
    before, _ = parse(OFFER)
    events = Calendar.from_ical(ics(offer, offer.sessions[1:])).walk("VEVENT")
    earlier = Calendar.from_ical(ics(before, before.sessions[1:])).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in earlier]
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED", "CANCELLED"]
    assert all(e.decoded("SEQUENCE") > old.decoded("SEQUENCE") for e, old in zip(events, earlier, strict=True))


def test_a_session_in_parts_is_one_session_with_one_event_per_part():
    text = OFFER.replace(
        """  - start: 2027-03-09 09:00
    end: 2027-03-10 17:00
""",
        """  - parts:
      - {start: 2027-06-08 09:00, end: 2027-06-08 12:30}
      - {start: 2027-06-15 09:00, end: 2027-06-15 12:30}
""",
    )
    offer, problems = parse(text)
    assert problems == []
    modules = offer.sessions[1]
    assert (modules.start, modules.end) == (
        dt.datetime(2027, 6, 8, 9, 0, tzinfo=BERLIN),
        dt.datetime(2027, 6, 15, 12, 30, tzinfo=BERLIN),
    )
    assert [start.day for start, _end in modules.days()] == [8, 15] and modules.slot == "2027-06-08T09:00"
    events = Calendar.from_ical(ics(offer, [modules])).walk("VEVENT")
    assert [(e.decoded("DTSTART").day, e.decoded("DTEND").strftime("%H:%M")) for e in events] == [
        (8, "12:30"),
        (15, "12:30"),
    ]
    assert [str(e["SUMMARY"]) for e in events] == [f"{offer.title} (1/2)", f"{offer.title} (2/2)"]


def test_the_calendar_of_all_offers_links_each_event_to_its_offer():
    offer, _ = parse(OFFER)
    other, _ = parse(OFFER.replace("offer: kommunikationstraining-vertrieb", "offer: other"))
    data = offers_ics.calendar(
        None,
        [(offer, offer.sessions[1]), (other, other.sessions[1])],
        domain="a.example",
        page_url=lambda o: f"https://a.example/{o.offer_id}/",
        location_label=lambda s: s.location,
        name="Termine",
    )
    events = Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["URL"]) for e in events] == ["https://a.example/kommunikationstraining-vertrieb/"] * 2 + [
        "https://a.example/other/"
    ] * 2


def test_markdown_block_leaves_a_slot_with_the_authors_sentence():
    md = Markdown(extensions=["training_offers.markdown_callouts"])
    html = md.convert("Text.\n\n!!! offer abc\n    Ein *eigener* Satz.\n\nDanach.")
    assert (
        '<div class="offer-callout-slot" data-line="3" data-offer="abc">\n<p>Ein <em>eigener</em> Satz.</p>\n</div>'
        in html
    )
    assert html.endswith("<p>Danach.</p>")
    # each slot knows its block's line in the Markdown text, also after raw HTML and a second block
    html = md.reset().convert("<div>\nroh\n</div>\n\n!!! offer a\n    x\n\n\n!!! offer b\n    y\n")
    assert [line for line in re.findall(r'data-line="(\d+)"', html)] == ["5", "9"]
    assert inline_references("a\n\n!!! offer abc\n    x\n!!! offer  def \n") == [("abc", 3), ("def", 5)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ("a", ["a"]), ("a, b", ["a", "b"]), (["a", "b"], ["a", "b"])],
)
def test_offer_front_matter_forms(value, expected):
    assert offer_ids(value) == expected


def test_unknown_offer_suggests_the_closest_id():
    problem = unknown_offer(
        "content/de/posts/p.md",
        7,
        "kommunikations-training",
        ["verkaufen-im-videocall", "kommunikationstraining-vertrieb"],
    )
    assert str(problem) == (
        "content/de/posts/p.md:7: unknown offer 'kommunikations-training' (did you mean 'kommunikationstraining-vertrieb'?)"
    )


def test_list_item_lines():
    text = "---\nsessions:\n  - start: a\n    end: b\n  - start: c\nnext: 1\n---\n"
    assert list_item_lines(text, 2) == [3, 5]


def test_slot_spans_find_each_slot_with_nested_elements():
    from training_offers.markdown_callouts import SLOT_CLASS, slot_spans

    slot = f'<div class="{SLOT_CLASS}" data-offer="a"><p>Note <div>nested</div></p></div>'
    second = slot.replace('data-offer="a"', 'data-offer="b"')
    html = f"<p>Before</p>{slot}<div>other</div>{second}<p>After</p>"
    spans = slot_spans(html)
    assert [html[start:end] for start, end in spans][0] == slot
    assert len(spans) == 2 and html[spans[1][0] : spans[1][1]].endswith("</p></div>")
    assert slot_spans(f'<div class="{SLOT_CLASS}"><p>unclosed') == []


def test_validate_offers_keeps_the_first_of_a_clash_and_names_broken_ids():
    from training_offers.offers_model import OfferSource, validate_offers

    def source(path: str, offer_id: str, slug: str, **fields) -> OfferSource:
        front = split_front_matter(OFFER.replace("kommunikationstraining-vertrieb", offer_id), path)
        return OfferSource(path, {**front.fields, "slug": slug, **fields}, front.lines, front.text, front.body)

    checked = validate_offers(
        [
            source("a.md", "eins", "eins"),
            source("b.md", "zwei", "eins"),  # the slug of a.md
            source("c.md", "eins", "drei"),  # the id of a.md
            source("d.md", "vier", "vier", format="webinar"),
            OfferSource("e.md", None, offer_id="fuenf"),  # its reader reported it
        ],
        lang="de",
        timezone=BERLIN,
    )
    assert list(checked.offers) == ["eins"] and checked.offers["eins"].path == "a.md"
    assert checked.broken_ids == {"vier", "fuenf"}
    assert [(p.path, p.message) for p in checked.problems] == [
        ("b.md", "the offer id or slug of 'zwei' is also used by a.md"),
        ("c.md", "the offer id or slug of 'eins' is also used by a.md"),
        ("d.md", "the format 'webinar' is unknown"),
    ]
