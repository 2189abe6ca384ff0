"""Booking a training in Chromium, with the real intake: a customer opens an offer of the
sample site, registers for its next session and sees the confirmation; the next customer
finds the session full and lands on the waiting list.

The site is built with REGISTRATIONS_ENDPOINT pointing at the intake (uvicorn on 127.0.0.1,
temporary SQLite store, mails through aiosmtpd); the intake learns sessions and seats from the
build's own ``trainings/sessions.json``, as in production.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from browsing import arrived, visit
from site_with_intake import site_with_intake

OFFER = "/trainings/kommunikationstraining-vertrieb/"
OFFICE = "buero@albrecht-kommunikation.example"


@pytest.fixture(scope="module")
def booking(tmp_path_factory):
    endpoints = {"REGISTRATIONS_ENDPOINT": "/registrations"}
    with site_with_intake(tmp_path_factory.mktemp("booking"), endpoints, office=(OFFICE,)) as both:
        yield both.site, both.site_url, both.intake_url, both.mailbox


@pytest.fixture
def viewport() -> str:
    """The booking runs on a phone, where most customers open the offer from a newsletter."""
    return "phone"


def register(page, name: str, email: str, participants: int, final: str = "Zahlungspflichtig anmelden") -> None:
    page.fill("#reg-name", name)
    page.check("#reg-buyer-business")
    page.fill("#reg-company", "Muster GmbH")
    page.fill("#reg-email", email)
    page.fill("#reg-p1-name", name)
    if participants > 1:
        page.locator("details.offer-form__more-people summary").click()
    for position in range(2, participants + 1):
        if position > 2:  # the further rows come one at a time (js/participants.js)
            page.get_by_role("button", name="Weitere Person hinzufügen").click()
        page.fill(f"#reg-p{position}-name", f"{name} {position}")
    page.fill("#reg-billing", "Muster GmbH\nHauptstr. 1\n10115 Berlin")
    page.check("#reg-consent")
    page.locator("button.offer-form__submit").click()  # to the review
    arrived(page)
    page.get_by_role("button", name=final).click()
    arrived(page)


def test_a_customer_books_the_next_session_and_the_next_one_is_waitlisted(page, booking):
    site, site_url, intake_url, mailbox = booking
    page.site_url = site_url
    page.allowed_hosts.add(urlsplit(intake_url).netloc)  # the form posts to the intake, as in production
    sessions = json.loads(site.text("/trainings/sessions.json"))["sessions"]
    session = next(s for s in sessions if s["url"] == OFFER and s["status"] == "scheduled")
    seats = session.get("seats_left", session["max"])  # what the page calls free (seats_left: 4 of 12)

    visit(page, OFFER)
    page.locator("#termine a.offer-session__register").first.click()  # the first date's own button
    arrived(page)
    assert page.locator("input[name=session]").input_value() == session["session"]
    register(page, "Erika Muster", "erika@kunde.example", seats)  # every seat still free
    body = page.locator("main").inner_text()
    assert "bestätigt" in body.lower() and "warteliste" not in body.lower()

    visit(page, OFFER)
    page.locator("#termine a.offer-session__register").first.click()
    arrived(page)
    register(page, "Jonas Beispiel", "jonas@kunde.example", 1, "Auf die Warteliste setzen")  # binds nobody yet
    assert "warteliste" in page.locator("main").inner_text().lower()

    mails = mailbox.wait_for(4)  # Erika's confirmation, Jonas' waiting-list note, two office mails
    to_erika = [m for m in mails if m["To"] == "erika@kunde.example"]
    assert to_erika and any(part.get_filename() == "termin.ics" for part in to_erika[0].iter_attachments())
    assert len(mailbox.to(OFFICE)) == 2


PHONE_HEIGHT = 667  # the viewport "phone" is 375 x 667


def test_on_a_phone_the_registration_form_starts_in_the_first_screen(page, booking):
    site, site_url, intake_url, _ = booking
    page.site_url = site_url
    page.allowed_hosts.add(urlsplit(intake_url).netloc)  # the form's time token comes from the intake, as in production
    visit(page, f"{OFFER}anmeldung/2027-03-09T0900/")
    assert page.viewport_size == {"width": 375, "height": PHONE_HEIGHT}
    first = page.locator("#reg-name").bounding_box()
    submit = page.locator("button.offer-form__submit").bounding_box()
    # the first field in the upper part of the first screen (was 604 px down); the button to the review
    # within three screens (a contract asks the buyer type, the billing address and who attends: issue 23)
    assert first["y"] < 400 and first["y"] + first["height"] < PHONE_HEIGHT, first
    assert submit["y"] + submit["height"] < 2000, submit  # + the first participant's row (issue 23: names per seat)
    # the session is named above the form, in short; its details follow the form
    assert page.locator(".offer-registration__when").bounding_box()["y"] < first["y"]
    assert "9.–10. März 2027" in page.locator(".offer-registration__when").inner_text()
