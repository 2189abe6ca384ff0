"""A registration that is a valid contract, in Chromium with the real intake: the buyer type
switches the price shown (with JavaScript) or both stay labelled (without), the review step in
the intake with "Ändern" keeping every field and the one button "Zahlungspflichtig anmelden",
the withdrawal function reached from every page's footer ("Vertrag widerrufen" → "Widerruf
bestätigen" → a receipt), no WCAG violations, and the mails read from a real SMTP server."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import arrived, visit
from site_with_intake import site_with_intake

OFFER = "/trainings/kommunikationstraining-vertrieb/"
REGISTER = OFFER + "anmeldung/2028-03-07T0900/"  # the sample's session with seats and no seats_left
OFFICE = "buero@albrecht-kommunikation.example"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    endpoints = {"REGISTRATIONS_ENDPOINT": "/registrations", "WITHDRAWALS_ENDPOINT": "/withdrawals"}
    # rate_limit 0: the module registers several times from one address (the review step posts too)
    settings = {"office": (OFFICE,), "business": "Albrecht Kommunikationsberatung, Hamburg", "rate_limit": 0}
    with site_with_intake(tmp_path_factory.mktemp("contract"), endpoints, **settings) as both:
        yield both


def fill(page, name: str, email: str, buyer: str) -> None:
    page.fill("#reg-name", name)
    page.fill("#reg-email", email)
    page.fill("#reg-p1-name", name)
    page.locator("details.offer-form__more-people summary").click()  # the further rows
    page.fill("#reg-p2-name", "Jan Muster")
    page.check(f"#reg-buyer-{buyer}")
    page.fill("#reg-billing", f"{name}\nHauptstr. 1\n10115 Berlin")
    page.check("#reg-consent")


def violations(page) -> list[str]:
    # no preload: axe would fetch the site's stylesheet, which the intake's CSP (no connect-src) refuses
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "preload": False})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def visible_prices(page) -> list[str]:
    return [p.inner_text() for p in page.locator(".offer-registration__summary [data-buyer]").all() if p.is_visible()]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_consumer_reviews_changes_and_registers_with_javascript(page, contract, viewport, screenshots):
    page.site_url = contract.site_url
    page.allowed_hosts.add(urlsplit(contract.intake_url).netloc)
    visit(page, REGISTER)
    assert visible_prices(page) == [
        "1.416,10\u00a0€ inkl. 19\u00a0% MwSt.",
        " (Unternehmen: 1.190\u00a0€ netto)",
    ]
    page.check("#reg-buyer-business")
    assert visible_prices(page) == [" (Unternehmen: 1.190\u00a0€ netto)"]
    assert page.locator("#reg-company").evaluate("field => field.required")
    email = f"erika.{viewport}@kunde.example"
    fill(page, "Erika Muster", email, "consumer")
    assert visible_prices(page) == ["1.416,10\u00a0€ inkl. 19\u00a0% MwSt."]
    assert not page.locator("#reg-company").evaluate("field => field.required")
    assert violations(page) == []
    page.get_by_role("button", name="Weiter zur Übersicht").click()
    arrived(page)
    assert page.url.startswith(contract.intake_url) and page.locator("h1").inner_text() == "Ihre Anmeldung prüfen"
    assert "2.832,20\u00a0€" in page.locator(".review-price").inner_text()
    assert page.locator("dl.review ol.people li").all_inner_texts() == ["Erika Muster", "Jan Muster"]
    assert page.get_by_role("heading", name="Widerrufsbelehrung und Muster-Widerrufsformular").is_visible()
    # the page wears the site's look (its search form in the header): the review's own buttons
    assert page.locator(".intake-page").get_by_role("button").all_inner_texts() == [
        "Ändern",
        "Zahlungspflichtig anmelden",
    ]
    assert page.locator("header.site-header").is_visible() and page.locator("footer.site-footer").count() == 1
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert stylesheet.startswith(contract.site_url + "/theme/css/bundle-"), stylesheet  # the site's, via the shell
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=screenshots / f"review-{viewport}.png", full_page=True)
    assert violations(page) == []
    page.get_by_role("button", name="Ändern").click()
    arrived(page)
    assert page.locator("#f-name").input_value() == "Erika Muster"
    assert page.locator("#f-billing").input_value() == "Erika Muster\nHauptstr. 1\n10115 Berlin"
    assert page.locator("#f-buyer-consumer").is_checked()
    assert violations(page) == []
    assert page.locator("#f-p2-name").input_value() == "Jan Muster"  # its row kept, shown open
    page.fill("#f-p2-name", "")  # one person less
    page.get_by_role("button", name="Weiter zur Übersicht").click()
    arrived(page)
    assert "1.416,10\u00a0€" in page.locator(".review-price").inner_text()
    page.get_by_role("button", name="Zahlungspflichtig anmelden").click()
    arrived(page)
    assert "bestätigt" in page.locator("main").inner_text()
    mail = mail_to(contract.mailbox, email)  # the phone run before it left its own mails in the box
    text = mail.get_body(("plain",)).get_content()
    assert "Teilnahmebedingungen, Version 2026-12-07" in text and "2. Anmeldung und Vertragsschluss" in text
    assert "Widerrufsbelehrung" in text and "Albrecht Kommunikationsberatung, Hamburg" in text


def test_without_javascript_both_prices_are_labelled_and_the_review_works(browser, contract):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(contract.site_url + "/en/trainings/communication-training-sales/register/2028-03-07T0900/")
    summary = page.locator(".offer-registration__summary").inner_text()
    assert "€1,416.10 incl. 19% VAT per person (businesses: €1,190 net)" in summary
    page.fill("#reg-name", "Jonas Beispiel")
    page.fill("#reg-email", "jonas@firma.example")
    page.fill("#reg-p1-name", "Jonas Beispiel")  # the further rows wait closed in a <details>
    page.check("#reg-buyer-business")
    page.fill("#reg-billing", "Beispiel AG\nRing 2\n20095 Hamburg")
    page.check("#reg-consent")
    page.get_by_role("button", name="Continue to review").click()  # no company: the intake asks for it
    assert "Please give your company when you book as a business." in page.locator(".problems").inner_text()
    assert page.locator("#f-name").input_value() == "Jonas Beispiel"  # every field kept
    page.fill("#f-company", "Beispiel AG")
    page.get_by_role("button", name="Continue to review").click()
    assert page.locator("h1").inner_text() == "Review your registration"
    assert "Total net: €1,190.00" in page.locator(".review-price").inner_text()
    assert page.get_by_text("Information on withdrawal").count() == 0  # businesses get none of it
    page.get_by_role("button", name="Register (payment required)").click()
    assert "confirmed" in page.locator("main").inner_text()
    assert context.cookies() == []
    context.close()


def mail_to(mailbox, address: str, timeout: float = 15):
    """The first mail to *address*, waiting for it (other tests of the module mail too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if mails := mailbox.to(address):
            return mails[0]
        time.sleep(0.05)
    raise AssertionError(f"no mail to {address}")


@pytest.mark.parametrize("viewport", ["desktop"])  # once: the booking loop fills the rows on a phone
def test_a_group_is_named_on_the_form_and_the_booker_names_a_substitute_on_the_booking_page(page, contract):
    page.site_url = contract.site_url
    page.allowed_hosts.add(urlsplit(contract.intake_url).netloc)
    visit(page, "/en/trainings/communication-training-sales/register/2028-03-07T0900/")
    page.fill("#reg-name", "Jane Booker")
    page.fill("#reg-email", "jane.booker@firma.example")
    page.check("#reg-buyer-business")
    page.fill("#reg-company", "Booker Ltd")
    page.fill("#reg-billing", "Booker Ltd\nRing 2\n20095 Hamburg")
    page.get_by_role("group", name="Participant 1").get_by_label("Name").fill("Amy First")  # labelled per row
    page.get_by_text("Further participants").click()
    assert page.locator("#reg-p2-name").is_visible() and not page.locator("#reg-p3-name").is_visible()  # one at a time
    page.get_by_role("button", name="Add another participant").click()
    assert page.locator("#reg-p3-name").is_visible() and page.evaluate("document.activeElement.id") == "reg-p3-name"
    page.fill("#reg-p2-name", "Ben Second")
    page.fill("#reg-p2-email", "ben@firma.example")
    page.check("#reg-consent")
    assert violations(page) == []
    page.get_by_role("button", name="Continue to review").click()
    arrived(page)
    assert page.locator("dl.review ol.people li").all_inner_texts() == ["Amy First", "Ben Second (ben@firma.example)"]
    assert "Total net: €2,380.00" in page.locator(".review-price").inner_text()  # 2 x 1.190 net
    page.get_by_role("button", name="Register (payment required)").click()
    arrived(page)
    mail = mail_to(contract.mailbox, "jane.booker@firma.example")
    link = next(w for w in mail.get_body(("plain",)).get_content().split() if "/registrations/cancel/" in w)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Your registration"
    assert violations(page) == []
    seat = page.get_by_role("group", name="Participant 2: Ben Second")
    seat.get_by_label("Name (required)").fill("Cleo Substitute")
    seat.get_by_label("E-mail (optional)").fill("")
    seat.get_by_role("button", name="Name a substitute").click()
    arrived(page)
    assert "Saved: Cleo Substitute takes seat 2." in page.locator("[role=status]").inner_text()
    assert page.get_by_role("group", name="Participant 2: Cleo Substitute").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize("javascript", [True, False])
def test_the_withdrawal_function_is_one_footer_link_a_form_and_a_confirmation_away(browser, contract, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(contract.site_url + "/trainings/")
    page.locator("footer").get_by_role("link", name="Vertrag widerrufen").click()
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Vertrag widerrufen"  # soft hyphens
    page.locator("main").get_by_role("link", name="Vertrag widerrufen").click()
    assert page.url.startswith(contract.intake_url + "/withdrawals?lang=de")
    assert not javascript or violations(page) == []  # axe runs as a script: only where scripts run
    email = f"widerruf.{javascript}@kunde.example"
    page.fill("#w-name", "Erika Muster")
    page.fill("#w-email", email)
    page.fill("#w-contract", "Kommunikationstraining für Vertriebsteams, 07.03.2028")
    page.get_by_role("button", name="Vertrag widerrufen").click()
    assert page.locator("h1").inner_text() == "Widerruf bestätigen"
    assert not javascript or violations(page) == []
    page.screenshot(path=f"/tmp/contract/withdrawal-check-{javascript}.png", full_page=True)
    page.get_by_role("button", name="Widerruf bestätigen").click()
    assert page.locator("h1").inner_text() == "Ihr Widerruf ist eingegangen"
    receipt = mail_to(contract.mailbox, email)
    assert "wir haben Ihren Widerruf am" in receipt.get_body(("plain",)).get_content()
    assert context.cookies() == []
    context.close()
