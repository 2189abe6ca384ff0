"""The pure rules of registrations and the .ics they mail, by tables (no server, no store)."""

from __future__ import annotations

import json
from datetime import datetime

import icalendar
import pytest

from intake.registrations import ics
from intake.registrations import rules
from intake.settings import SettingsError, from_environ

VALID = {
    "offer": "kommunikationstraining-vertrieb",
    "session": "2027-03-09T09:00",
    "lang": "de",
    "name": "Erika Muster",
    "email": "erika@example.org",
    "consent": "yes",
}


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, []),
        ({"session": ""}, []),  # an enquiry
        ({"offer": "Kein Slug!"}, ["bad_offer"]),
        ({"session": "2027-02-30T09:00"}, ["bad_session"]),
        ({"session": "9.3.2027"}, ["bad_session"]),
        ({"lang": "fr"}, ["bad_lang"]),
        ({"name": "  "}, ["missing_name"]),
        ({"email": "nope"}, ["bad_email"]),
        ({"email": ""}, ["missing_email"]),
        ({"phone": "call me"}, ["bad_phone"]),
        ({"participants": "0"}, ["bad_participants"]),
        ({"participants": "-2"}, ["bad_participants"]),
        ({"participants": "2.5"}, ["bad_participants"]),
        ({"participants": "101"}, ["bad_participants"]),
        ({"message": "a\x00b"}, ["bad_text"]),
        ({"consent": ""}, ["missing_consent_registration"]),
        ({"name": "x" * 101}, ["too_long_name"]),
    ],
)
def test_the_form_is_checked_field_by_field(changes, problems):
    registration, found = rules.validate_registration({**VALID, **changes})
    assert found == problems
    assert (registration is None) == bool(problems)


def rows(*people: tuple[str, str]) -> dict[str, str]:
    """Participant rows as the form sends them: every row, the empty ones too."""
    padded = [*people, *[("", "")] * (rules.PARTICIPANT_ROWS - len(people))]
    return {
        rules.participant_field(n, what): value
        for n, person in enumerate(padded, start=1)
        for what, value in zip(("name", "email"), person, strict=True)
    }


@pytest.mark.parametrize(
    ("people", "seats", "named", "problems"),
    [
        ((("Anna Berg", ""),), 1, (("Anna Berg", ""),), []),
        (  # spaces folded, the domain as SMTP takes it; an empty row between is skipped
            ((" Anna\t Berg ", "anna@straße.de"), ("", ""), ("Cem Kaya", "")),
            2,
            (("Anna Berg", "anna@xn--strae-oqa.de"), ("Cem Kaya", "")),
            [],
        ),
        ((("", ""),), 0, None, ["participant_1_missing_name"]),
        ((("Anna", ""), ("", "bert@example.org")), 0, None, ["participant_2_missing_name"]),
        ((("Anna", ""), ("Bert", "bert@")), 0, None, ["participant_2_bad_email"]),
        ((("Anna", ""), ("x" * 101, "")), 0, None, ["participant_2_bad_name"]),
        ((("Anna", ""), ("Bert\r\nBcc: x@example.org", "")), 0, None, ["participant_2_bad_name"]),
    ],
)
def test_the_seats_are_the_people_the_rows_name(people, seats, named, problems):
    registration, found = rules.validate_registration({**VALID, "participants": "7", **rows(*people)})
    assert found == problems
    if named is not None:
        assert (registration.participants, registration.people) == (seats, named)  # the count field is ignored


def test_a_valid_form_is_cleaned():
    registration, _ = rules.validate_registration(
        {**VALID, "name": " Erika\t Muster ", "participants": "", "billing_address": "A\r\nB\r", "homepage": "x"}
    )
    assert (registration.name, registration.participants, registration.billing_address) == ("Erika Muster", 1, "A\nB")
    assert registration.honeypot is True


@pytest.mark.parametrize(
    ("seats", "confirmed", "participants", "status"),
    [
        (3, 0, 3, "confirmed"),
        (3, 2, 1, "confirmed"),
        (3, 2, 2, "waitlist"),
        (3, 3, 1, "waitlist"),
        (3, 0, 4, "waitlist"),
        (0, 0, 1, "waitlist"),
        (None, 99, 5, "confirmed"),
    ],
)
def test_seats_left_must_hold_all_participants(seats, confirmed, participants, status):
    assert rules.seat_status(seats, confirmed, participants) == status


def test_the_sites_list_of_sessions_merges_languages_and_skips_broken_items():
    text = json.dumps(
        {
            "sessions": [
                {
                    "offer": "a",
                    "session": "2027-03-09T09:00",
                    "end": "2027-03-10T17:00",
                    "lang": "de",
                    "title": "A",
                    "url": "/trainings/a/",
                    "max": 12,
                    "status": "scheduled",
                },
                {
                    "offer": "a",
                    "session": "2027-03-09T09:00",
                    "end": "2027-03-10T17:00",
                    "lang": "en",
                    "title": "A (en)",
                    "url": "/en/trainings/a/",
                    "max": 12,
                    "status": "scheduled",
                },
                {"offer": "b", "session": "morgen", "lang": "de"},
                {"offer": "c", "session": "2027-04-01T09:00", "lang": "de", "max": None},
                "nonsense",
            ]
        }
    )
    found = rules.parse_sessions(text)
    assert set(found) == {("a", "2027-03-09T09:00"), ("c", "2027-04-01T09:00")}
    a = found[("a", "2027-03-09T09:00")]
    assert (a.max, a.end, a.titles, a.urls["en"]) == (
        12,
        "2027-03-10T17:00",
        {"de": "A", "en": "A (en)"},
        "/en/trainings/a/",
    )
    assert found[("c", "2027-04-01T09:00")].max is None
    with pytest.raises(ValueError):
        rules.parse_sessions('{"articles": []}')


def test_decisions_are_refused_as_a_whole():
    row = {"id": "r-1", "offer": "a", "session": "2027-03-09T09:00", "participants": 1, "status": "waitlist"}
    print_ = rules.fingerprint(row)
    sessions = rules.parse_sessions(json.dumps({"sessions": [{"offer": "a", "session": "2027-04-01T09:00"}]}))
    ok, errors = rules.validate_decisions(
        {"decisions": [{"id": "r-1", "decision": "move", "fingerprint": print_, "session": "2027-04-01T09:00"}]},
        {"r-1": row},
        sessions,
    )
    assert errors == [] and ok == [{"id": "r-1", "decision": "move", "session": "2027-04-01T09:00"}]
    for wrong, message in (
        ({"decision": "delete"}, "unknown decision"),
        ({"fingerprint": "0" * 64}, "export again"),
        ({"decision": "move", "session": "später"}, "needs a target session"),
        ({"decision": "move", "session": "2027-05-01T09:00"}, "has no session"),
        ({"id": "r-2"}, "unknown registration id"),
    ):
        body = {"decisions": [{"id": "r-1", "decision": "cancel", "fingerprint": print_, **wrong}]}
        accepted, errors = rules.validate_decisions(body, {"r-1": row}, sessions)
        assert accepted == [] and message in errors[0]["message"]


def test_the_ics_has_one_event_per_day_in_berlin_time():
    session = rules.TrainingSession(
        "a", "2027-10-30T09:00", "2027-11-01T17:00", 12, "scheduled", {"de": "Training A"}, {"de": "/trainings/a/"}
    )
    calendar = icalendar.Calendar.from_ical(
        ics.session_calendar(session, "de", "https://site.test/trainings/a/", "intake.test", datetime(2027, 1, 1))
    )
    events = calendar.walk("VEVENT")
    # across the end of summer time (31 Oct 2027): the offset changes, the local hours do not
    assert [(e.decoded("dtstart").isoformat(), e.decoded("dtend").isoformat()) for e in events] == [
        ("2027-10-30T09:00:00+02:00", "2027-10-30T17:00:00+02:00"),
        ("2027-10-31T09:00:00+01:00", "2027-10-31T17:00:00+01:00"),
        ("2027-11-01T09:00:00+01:00", "2027-11-01T17:00:00+01:00"),
    ]
    assert len({str(e["uid"]) for e in events}) == 3
    assert {str(e["url"]) for e in events} == {"https://site.test/trainings/a/"}
    assert {str(e["summary"]) for e in events} == {"Training A"}
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_office_addresses_and_retention_are_settings():
    settings = from_environ(
        {
            "INTAKE_OFFICE": "buero@example.org, chefin@example.org",
            "INTAKE_REGISTRATION_RETENTION_DAYS": "400",
            "INTAKE_OFFERS": "/srv/sessions.json, /srv/en/sessions.json",
            "INTAKE_WAITLIST_OFFER_DAYS": "5",
        }
    )
    assert settings.office == ("buero@example.org", "chefin@example.org")
    assert settings.registration_retention_days == 400
    assert settings.offers_sources == ("/srv/sessions.json", "/srv/en/sessions.json")
    assert settings.waitlist_offer_days == 5
    assert from_environ({"INTAKE_SITE_URL": "https://site.test"}).offers_sources == (
        "https://site.test/trainings/sessions.json",
        "https://site.test/en/trainings/sessions.json",
    )
    assert settings.office_lang == "de" and from_environ({"INTAKE_OFFICE_LANG": "en"}).office_lang == "en"
    with pytest.raises(SettingsError, match="INTAKE_OFFICE_LANG"):
        from_environ({"INTAKE_OFFICE_LANG": "fr"})
    with pytest.raises(SettingsError, match="INTAKE_OFFICE"):
        from_environ({"INTAKE_OFFICE": "buero"})


def test_a_session_in_modules_has_one_event_per_module_not_the_days_between():
    text = json.dumps(
        {
            "sessions": [
                {
                    "offer": "m",
                    "session": "2027-03-02T09:00",
                    "end": "2027-03-09T12:30",
                    "lang": "de",
                    "title": "Module",
                    "parts": [
                        {"start": "2027-03-02T09:00", "end": "2027-03-02T12:30"},
                        {"start": "2027-03-09T09:00", "end": "2027-03-09T12:30"},
                    ],
                }
            ]
        }
    )
    session = rules.parse_sessions(text)[("m", "2027-03-02T09:00")]
    calendar = icalendar.Calendar.from_ical(
        ics.session_calendar(session, "de", "", "intake.test", datetime(2027, 1, 1))
    )
    assert [e.decoded("dtstart").isoformat() for e in calendar.walk("VEVENT")] == [
        "2027-03-02T09:00:00+01:00",
        "2027-03-09T09:00:00+01:00",
    ]
