"""Booking a training in the browser: on a phone the "Nächste Termine" box and its first
"Anmelden" are above the fold, and lead to the registration page of that session."""

from __future__ import annotations

import pytest

from browsing import arrived, visit

PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_next_dates_and_register_are_above_the_fold_on_a_phone_and_lead_to_the_session(page, viewport):
    visit(page, "/trainings/kommunikationstraining-vertrieb/")
    box = page.locator("#termine")
    assert box.locator("h2").inner_text() == "Nächste Termine"
    register = box.locator("a.offer-session__register").first
    for element in (box.locator("h2"), register):
        area = element.bounding_box()
        assert area is not None and area["y"] >= 0 and area["y"] + area["height"] <= PHONE["height"], area
    assert register.inner_text().startswith("Anmelden")
    register.click()
    arrived(page)
    assert page.url == page.site_url + "/trainings/kommunikationstraining-vertrieb/anmeldung/2027-03-09T0900/"
    assert page.locator("h1").inner_text() == "Anmeldung: Kommunikationstraining für Vertriebsteams"
    assert page.locator(".offer-registration__when").inner_text().startswith("9.–10. März 2027")
    assert page.locator(".offer-registration__when time").get_attribute("datetime") == "2027-03-09T09:00:00+01:00"
    action = page.locator(".offer-registration__mail")  # no REGISTRATIONS_ENDPOINT in the sample site
    assert action.is_visible()
    assert "subject=Kommunikationstraining" in action.get_attribute("href")
