"""Pure booking logic of the training_offers plugin: seats, the intake's availability, addresses, notices, markup."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from training_offers import offers_jsonld
from training_offers.booking import (
    REGISTRATIONS_ENDPOINT,
    fetch_availability,
    mail_fallback,
    parse_availability,
    registration_path,
    seat_state,
    time_notices,
    with_live_seats,
)
from training_offers.offers_model import Offer, Price, Session
from training_offers.pricing import format_price, price_unit
from sitecore.problems import setting_problem

BERLIN = ZoneInfo("Europe/Berlin")


def session(start="2027-03-09T09:00", end="2027-03-10T17:00", location="Hamburg, Tagungshaus", **extra) -> Session:
    return Session(
        dt.datetime.fromisoformat(start).replace(tzinfo=BERLIN),
        dt.datetime.fromisoformat(end).replace(tzinfo=BERLIN),
        location,
        **extra,
    )


def offer(*sessions, **extra) -> Offer:
    fields = dict(
        offer_id="seminar",
        lang="de",
        slug="seminar",
        title="Seminar",
        summary="Worum es geht.",
        format="praesenz",
        duration="2 Tage",
        audience="Vertrieb",
        goals=("Zuhören",),
        trainer="Maren Albrecht",
        price=Price(Decimal(1190), "EUR", "net"),
        min_participants=3,
        max_participants=12,
        registration="mailto:kontakt@example.com",
        sessions=tuple(sessions),
        path="content/de/offers/seminar.md",
    )
    fields.update(extra)
    return Offer(**fields)


@pytest.mark.parametrize(
    ("extra", "state"),
    [
        ({}, "open"),
        ({"seats_left": 8}, "open"),
        ({"seats_left": 4}, "open"),
        ({"seats_left": 3}, "few"),
        ({"seats_left": 1}, "few"),
        ({"seats_left": 0, "booked_out": True}, "full"),
        ({"booked_out": True}, "full"),
        ({"status": "cancelled", "seats_left": 5}, "cancelled"),
        ({"status": "postponed"}, "postponed"),
        ({"status": "moved_online", "seats_left": 2}, "few"),
    ],
)
def test_seat_state(extra, state):
    assert seat_state(session(**extra)) == state


@pytest.mark.parametrize(
    ("lang", "with_session", "path"),
    [
        ("de", True, "trainings/seminar/anmeldung/2027-03-09T0900/"),
        ("en", True, "en/trainings/seminar/register/2027-03-09T0900/"),
        ("de", False, "trainings/seminar/anfrage/"),
        ("en", False, "en/trainings/seminar/enquiry/"),
    ],
)
def test_registration_paths(lang, with_session, path):
    base = "trainings/seminar/" if lang == "de" else "en/trainings/seminar/"
    assert registration_path(base, lang, session() if with_session else None) == path


@pytest.mark.parametrize(
    ("registration", "expected"),
    [
        (
            "mailto:kontakt@example.com",
            "mailto:kontakt@example.com?subject=Seminar%2C%209.%E2%80%9310.%20M%C3%A4rz%202027",
        ),
        (
            "mailto:kontakt@example.com?cc=b@example.com",
            "mailto:kontakt@example.com?cc=b@example.com&subject=Seminar%2C%209.%E2%80%9310.%20M%C3%A4rz%202027",
        ),
        ("https://buchung.example/seminar", "https://buchung.example/seminar"),
    ],
)
def test_the_mail_fallback_names_offer_and_date(registration, expected):
    assert mail_fallback(registration, "Seminar, 9.–10. März 2027") == expected


@pytest.mark.parametrize(
    ("value", "endpoint", "problem"),
    [
        ("", "", None),
        ("https://anmeldung.example.com/registrations", "https://anmeldung.example.com/registrations", None),
        ("/registrations", "/registrations", None),
        ("javascript:alert(1)", "", "REGISTRATIONS_ENDPOINT 'javascript:alert(1)' is not an address"),
        ('https://x.example/"onmouseover=', "", "is not an address the registration form can post to"),
    ],
)
def test_the_endpoint_is_validated_like_the_comments_endpoint(value, endpoint, problem):
    got, found = REGISTRATIONS_ENDPOINT.read({"REGISTRATIONS_ENDPOINT": value})
    assert got == endpoint
    found = found and setting_problem(found)
    assert (found is None) if problem is None else (problem in str(found) and str(found).startswith("pelicanconf.py: "))


@pytest.mark.parametrize(
    ("data", "seats", "message"),
    [
        ({"sessions": []}, {}, ""),
        (
            {
                "sessions": [
                    {"offer": "seminar", "session": "2027-03-09T09:00", "max": 12, "confirmed": 9, "waitlist": 0}
                ]
            },
            {("seminar", "2027-03-09T09:00"): 3},
            "",
        ),
        (
            {
                "sessions": [
                    {"offer": "seminar", "session": "2027-03-09T09:00", "max": 3, "confirmed": 3, "waitlist": 27}
                ]
            },
            {("seminar", "2027-03-09T09:00"): 0},
            "",
        ),
        (
            {"sessions": [{"offer": "seminar", "session": "2027-03-09T09:00", "max": 3, "confirmed": "drei"}]},
            {},
            "no whole numbers",
        ),
        ({"sessions": ["x"]}, {}, "not an object"),
        ({"items": []}, {}, "no list `sessions`"),
        ([], {}, "no list `sessions`"),
    ],
)
def test_the_availability_answer(data, seats, message):
    got, problem = parse_availability(data)
    assert got == seats and (message in problem if message else problem == "")


class FakeAnswer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def test_fetch_availability_asks_the_intake_with_a_timeout():
    asked = {}

    def opener(request, timeout):
        asked.update(url=request.full_url, timeout=timeout)
        return FakeAnswer(
            json.dumps(
                {
                    "sessions": [
                        {"offer": "seminar", "session": "2027-03-09T09:00", "max": 12, "confirmed": 12, "waitlist": 2}
                    ]
                }
            ).encode()
        )

    seats, message = fetch_availability("https://intake.example/", opener=opener, timeout=2)
    assert message == "" and seats == {("seminar", "2027-03-09T09:00"): 0}
    assert asked == {"url": "https://intake.example/availability", "timeout": 2}


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError("Connection refused"), "could not be read (Connection refused)"),
        (TimeoutError("timed out"), "could not be read (timed out)"),
        (None, "is not usable: the answer has no list `sessions`"),
    ],
)
def test_fetch_availability_failures_say_why(error, message):
    def opener(request, timeout):
        if error:
            raise error
        return FakeAnswer(b'{"nothing": 1}')

    seats, problem = fetch_availability("http://127.0.0.1:9", opener=opener)
    assert seats is None and message in problem and "http://127.0.0.1:9/availability" in problem


def test_live_seats_replace_the_offer_files_seats():
    first, second = session(seats_left=4), session("2027-09-14T09:00", "2027-09-15T17:00")
    live = with_live_seats(offer(first, second), {("seminar", "2027-03-09T09:00"): 0, ("other", "2027-09-14T09:00"): 1})
    assert (live.sessions[0].seats_left, live.sessions[0].booked_out) == (0, True)
    assert live.sessions[1] == second  # the intake does not know it: the file's values stay
    assert with_live_seats(offer(first), None).sessions == (first,)


@pytest.mark.parametrize(
    ("sessions", "today", "expected"),
    [
        ((), "2027-01-01", ["has no upcoming session"]),
        ((session(status="cancelled"),), "2027-01-01", ["has no upcoming session"]),
        ((session(),), "2027-01-01", []),
        ((session(seats_left=5),), "2027-03-01", ["on 2027-03-09 starts in 8 days and is not full, 5 seats left"]),
        ((session(booked_out=True),), "2027-03-01", []),
        ((session(),), "2027-03-09", ["starts in 0 days"]),
    ],
)
def test_time_dependent_notices(sessions, today, expected):
    day = dt.date.fromisoformat(today)
    ahead = [s for s in sessions if s.start.date() >= day]
    notices = [str(n) for n in time_notices(offer(*sessions), ahead, day)]
    assert len(notices) == len(expected)
    assert all(
        text in notice and notice.startswith("content/de/offers/seminar.md")
        for text, notice in zip(expected, notices, strict=True)
    )


@pytest.mark.parametrize(
    ("sessions", "today", "german", "english"),
    [
        ((), "2027-01-01", "„Seminar“ hat keinen kommenden Termin", "“Seminar” has no upcoming date"),
        (
            (session(seats_left=5),),
            "2027-03-01",
            "„Seminar“ am 9. März 2027 beginnt in 8 Tagen und ist nicht ausgebucht, noch 5 Plätze frei. Termin: {file}",
            "“Seminar” on March 9, 2027 starts in 8 days and is not full, 5 seats left. Session: {file}",
        ),
    ],
)
def test_the_office_reads_a_notice_by_the_offers_title_in_its_language(sessions, today, german, english):
    day = dt.date.fromisoformat(today)
    (notice,) = time_notices(offer(*sessions), [s for s in sessions if s.start.date() >= day], day)
    office = dict(notice.office)
    assert german in office["de"] and english in office["en"]
    assert all("{file}" in text and "seminar.md" not in text for text in office.values())  # the link goes there


@pytest.mark.parametrize(
    ("unit", "lang", "text"),
    [
        ("person", "de", "pro Person"),
        ("group", "de", "pauschal pro Gruppe"),
        ("person", "en", "per person"),
        ("group", "en", "flat rate per group"),
    ],
)
def test_price_units(unit, lang, text):
    price = Price(Decimal(2900), "EUR", "net", unit)
    assert price_unit(price, lang) == text
    assert format_price(price, lang).endswith("MwSt." if lang == "de" else "VAT")


@pytest.mark.parametrize(
    ("extra", "status", "mode", "location"),
    [
        ({}, "EventScheduled", "OfflineEventAttendanceMode", "Place"),
        ({"status": "cancelled"}, "EventCancelled", "OfflineEventAttendanceMode", "Place"),
        ({"status": "postponed"}, "EventPostponed", "OfflineEventAttendanceMode", "Place"),
        ({"status": "moved_online"}, "EventMovedOnline", "OnlineEventAttendanceMode", "VirtualLocation"),
    ],
)
def test_course_instances_are_events_with_status(extra, status, mode, location):
    item = offers_jsonld.course_instance(
        session(**extra),
        offer(),
        "https://x.example/trainings/seminar/",
        register_url="https://x.example/r/",
        valid_from="2026-10-01",
    )
    assert item["@type"] == ["CourseInstance", "Event"]
    assert item["eventStatus"] == f"https://schema.org/{status}"
    assert item["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert item["location"]["@type"] == location
    assert item["courseWorkload"] == "PT16H"  # two days of 9:00–17:00, not the 32 hours from start to end
    assert item["offers"]["url"] == "https://x.example/r/" and item["offers"]["validFrom"] == "2026-10-01"


def test_a_moved_session_names_its_previous_start_and_an_offer_without_dates_its_mode_and_workload():
    moved = session(status="moved_online", previous_start=dt.datetime(2027, 3, 2, 9, 0, tzinfo=BERLIN))
    assert offers_jsonld.course_instance(moved, offer(), "u")["previousStartDate"] == "2027-03-02T09:00:00+01:00"
    assert "previousStartDate" not in offers_jsonld.course_instance(session(), offer(), "u")
    past = session("2025-06-17T09:00", "2025-06-17T17:00")
    data = offers_jsonld.course(offer(past, format="inhouse"), [], page_url="u", provider_name="A")
    assert data["hasCourseInstance"] == [{"@type": "CourseInstance", "courseMode": "onsite", "courseWorkload": "PT8H"}]
