"""One set of facts per session: a translation takes the sessions of its original (the default
language's offer file); a list of its own that disagrees fails the build naming both files, an
identical one is a warning. Sessions in modules read as their days, not as a range."""

from __future__ import annotations

import json

import pytest

from sitetest import build_into, write_content

ORIGINAL = """\
---
offer: videocall
title: Verkaufen im Videocall
slug: verkaufen-im-videocall
summary: Zwei Module online.
format: online
duration: 2 Module
audience: Alle
goals: [Lernen]
trainer: Jonas Weber
price: {amount: 590, currency: EUR, vat: gross}
min_participants: 2
max_participants: 10
registration: https://anmeldung.example/videocall
sessions:
  - parts:
      - {start: 2027-06-08 09:00, end: 2027-06-08 12:30}
      - {start: 2027-06-15 13:00, end: 2027-06-15 16:30}
    location: online
    seats_left: 4
  - start: 2027-09-14 09:00
    end: 2027-09-14 12:30
    location: online
    booked_out: true
---

Worum es geht.
"""

TRANSLATION = """\
---
offer: videocall
title: Selling in Video Calls
slug: selling-in-video-calls
summary: Two modules online.
format: online
duration: 2 modules
audience: Everyone
goals: [Learning]
trainer: Jonas Weber
price: {{amount: 590, currency: EUR, vat: gross}}
min_participants: 2
max_participants: {capacity}
registration: https://anmeldung.example/videocall
{sessions}---

What it is about.
"""

SAME_LIST = ORIGINAL.split("sessions:\n", 1)[1].split("---", 1)[0]
OTHER_DAY = SAME_LIST.replace("2027-09-14 09:00", "2027-09-15 09:00").replace("2027-09-14 12:30", "2027-09-15 12:30")


def files(sessions: str = "", capacity: int = 10) -> dict[str, str]:
    return {
        "de/offers/verkaufen-im-videocall.md": ORIGINAL,
        "en/offers/selling-in-video-calls.md": TRANSLATION.format(
            sessions=f"sessions:\n{sessions}" if sessions else "", capacity=capacity
        ),
    }


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One site whose English offer lists no sessions of its own."""
    root = tmp_path_factory.mktemp("shared")
    return build_into(root / "output", PATH=str(write_content(root, files())), TRAINING_OFFERS_TODAY="2027-01-01")


def test_the_translation_shows_the_sessions_of_the_original(shared):
    assert shared.report.ok, shared.report.errors
    for url in ("/trainings/verkaufen-im-videocall/", "/en/trainings/selling-in-video-calls/"):
        starts = [t["datetime"][:16] for t in shared.soup(url).select(".offer-session time")]
        assert starts == ["2027-06-08T09:00", "2027-06-15T13:00", "2027-09-14T09:00"], url
    english = shared.soup("/en/trainings/selling-in-video-calls/")
    assert "Fully booked" in english.select(".offer-session")[1].get_text()
    assert english.select_one(".offer-register a.button")["href"].endswith("/register/2027-06-08T0900/")
    assert shared.exists("/en/trainings/selling-in-video-calls/register/2027-06-08T0900/")
    assert (
        shared.soup("/trainings/verkaufen-im-videocall/anmeldung/2027-06-08T0900/").find("link", hreflang="en")["href"]
        == "/en/trainings/selling-in-video-calls/register/2027-06-08T0900/"
    )


def test_sessions_json_of_both_languages_agree_on_every_fact(shared):
    def facts(url):
        entries = json.loads(shared.text(url))["sessions"]
        return [
            {k: v for k, v in e.items() if k not in ("lang", "title", "url", "price", "duration")} for e in entries
        ], entries

    german, de_entries = facts("/trainings/sessions.json")
    english, en_entries = facts("/en/trainings/sessions.json")
    assert german == english and len(german) == 2
    assert german[0]["parts"] == [
        {"start": "2027-06-08T09:00", "end": "2027-06-08T12:30"},
        {"start": "2027-06-15T13:00", "end": "2027-06-15T16:30"},
    ]
    assert (german[0]["max"], german[0]["seats_left"], german[1]["booked_out"]) == (10, 4, True)
    assert [e["title"] for e in en_entries] == ["Selling in Video Calls"] * 2
    assert [e["url"] for e in de_entries] == ["/trainings/verkaufen-im-videocall/"] * 2


def test_a_session_in_modules_reads_as_its_days_with_the_times_of_each(shared):
    for url, days, modules in (
        (
            "/trainings/verkaufen-im-videocall/",
            "8. und 15. Juni 2027",
            "8. Juni 2027 , 09:00–12:30 Uhr ; 15. Juni 2027 , 13:00–16:30 Uhr",
        ),
        (
            "/en/trainings/selling-in-video-calls/",
            "Jun 8 and 15, 2027",
            "Jun 8, 2027 , 9:00 AM – 12:30 PM ; Jun 15, 2027 , 1:00 – 4:30 PM",
        ),
    ):
        first = shared.soup(url).select(".offer-session")[0]
        text = " ".join(first.get_text(" ", strip=True).replace("\u202f", " ").replace("\u2009", " ").split())
        assert text.startswith(modules), text
        assert first.select_one(".offer-session__register").get_text(" ", strip=True).endswith(f"({days})")
        assert "–15" not in text and "– 15" not in text


def test_an_identical_list_in_the_translation_is_a_warning(tmp_path):
    root = tmp_path
    site = build_into(
        root / "output", PATH=str(write_content(root, files(SAME_LIST))), TRAINING_OFFERS_TODAY="2027-01-01"
    )
    assert site.report.ok, site.report.errors
    [warning] = [w for w in site.report.warnings if "repeat" in w]
    assert "en/offers/selling-in-video-calls.md:15: the sessions repeat those of " in warning
    assert "de/offers/verkaufen-im-videocall.md" in warning and "delete this `sessions:` list" in warning


def test_a_disagreeing_list_or_capacity_fails_naming_both_files(tmp_path, capsys):
    root = tmp_path
    site = build_into(
        root / "output",
        PATH=str(write_content(root, files(OTHER_DAY, capacity=12))),
        TRAINING_OFFERS_TODAY="2027-01-01",
    )
    assert not site.report.ok
    errors = [e.split("/content/", 1)[-1] for e in site.report.errors]
    assert any(
        e.startswith("en/offers/selling-in-video-calls.md:15: the sessions differ from those of ")
        and "de/offers/verkaufen-im-videocall.md (" in e
        for e in errors
    ), errors
    assert any(
        e.startswith("en/offers/selling-in-video-calls.md:13: `max_participants` is 12 here but 10 in ") for e in errors
    ), errors
    assert "Traceback" not in capsys.readouterr().err
