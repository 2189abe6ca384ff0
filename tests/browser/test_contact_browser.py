"""The contact form in Chromium, with the real intake: a visitor opens the contact page of the
built sample site (German and English), fills in the form, lands on the thank-you page in their
language, and the office's mail arrives with Reply-To the visitor. Without JavaScript the form
works too (the message then comes without the time token, which the office is told).

The site is built with CONTACT_ENDPOINT pointing at the intake (uvicorn on 127.0.0.1, temporary
SQLite store, mails through aiosmtpd).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import arrived, visit
from site_with_intake import site_with_intake

from intake import store

OFFICE = "buero@albrecht-kommunikation.example"


@pytest.fixture(scope="module")
def contact(tmp_path_factory):
    endpoints = {"CONTACT_ENDPOINT": "/contact"}
    with site_with_intake(
        tmp_path_factory.mktemp("contact"), endpoints, office=(OFFICE,), rate_limit=0, min_seconds=1
    ) as both:
        yield both.site_url, both.intake_url, both.mailbox, both.engine


def write_to_us(page, name: str, email: str, subject: str) -> None:
    page.fill("#contact-name", name)
    page.fill("#contact-email", email)
    page.fill("#contact-phone", "+49 40 765432")
    page.fill("#contact-subject", subject)
    page.fill("#contact-message", "Guten Tag,\nwir möchten ein Training für zwölf Personen.")
    page.check("#contact-consent")
    page.locator("button.contact-form__submit").click()
    arrived(page)


def stored(engine) -> dict[str, dict]:
    with store.reading(engine) as conn:
        return {row["subject"]: row for row in store.all_contact_messages(conn)}


@pytest.mark.parametrize(
    ("path", "lang", "thanks"),
    [("/kontakt/", "de", "Danke für Ihre Nachricht"), ("/en/contact/", "en", "Thank you for your message")],
)
def test_a_visitor_writes_to_us_and_the_office_gets_the_mail(page, contact, path, lang, thanks):
    site_url, intake_url, mailbox, engine = contact
    page.site_url = site_url
    page.allowed_hosts.add(urlsplit(intake_url).netloc)  # the token and the form go to the intake, as in production
    visit(page, path)
    assert page.locator("a.contact__phone").get_attribute("href") == "tel:+4940000000-0"
    page.wait_for_function("document.querySelector('.contact-form input[name=token]').value !== ''")
    page.wait_for_timeout(1100)  # a person takes longer than the intake's minimum (1 s here)
    subject = f"Anfrage {lang} {page.viewport_name}"
    before = len(mailbox.to(OFFICE))
    write_to_us(page, "Erika Muster", f"erika.{lang}.{page.viewport_name}@kunde.example", subject)
    assert page.url.startswith(intake_url + "/contact/thanks")
    assert page.locator("h1").inner_text() == thanks
    assert page.locator("html").get_attribute("lang") == lang
    row = stored(engine)[subject]
    assert row["status"] == "new" and row["signals"] == {"honeypot": False, "too_fast": False, "no_token": False}
    mails = mailbox.wait_for(before + 1)
    [mail] = [m for m in mails if subject in str(m["Subject"])]
    assert mail["To"] == OFFICE
    assert mail["Reply-To"].addresses[0].addr_spec == f"erika.{lang}.{page.viewport_name}@kunde.example"
    assert "wir möchten ein Training für zwölf Personen." in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize("viewport", ["phone"])
def test_without_javascript_the_form_still_sends(browser, contact, viewport):
    site_url, intake_url, mailbox, engine = contact
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.viewport_name = viewport
    page.goto(site_url + "/kontakt/")
    assert page.locator(".contact-form input[name=token]").input_value() == ""
    before = len(mailbox.to(OFFICE))  # the module's earlier tests have sent mails already
    write_to_us(page, "Jonas Beispiel", "jonas@kunde.example", "Ohne JavaScript")
    assert page.url.startswith(intake_url + "/contact/thanks?lang=de")
    assert stored(engine)["Ohne JavaScript"]["signals"]["no_token"] is True
    assert any("Ohne JavaScript" in str(m["Subject"]) for m in mailbox.wait_for(before + 1))
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("path", ["/kontakt/", "/en/contact/"])
def test_the_page_with_its_form_has_no_wcag_violations(page, contact, path, screenshots):
    from axe_playwright_python.sync_playwright import Axe

    site_url, intake_url, _mailbox, _engine = contact
    page.site_url = site_url
    page.allowed_hosts.add(urlsplit(intake_url).netloc)
    visit(page, path)
    page.wait_for_function("document.querySelector('.contact-form input[name=token]').value !== ''")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    violations = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
    screenshots.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=screenshots / f"contact-{name}-{page.viewport_name}.png", full_page=True)
    assert violations == [], violations


@pytest.mark.parametrize(("home", "subject"), [("/", "Trainingsanfrage"), ("/en/", "Training enquiry")])
def test_request_a_training_opens_the_contact_form_with_its_subject(page, contact, home, subject):
    page.site_url = contact[0]
    page.allowed_hosts.add(urlsplit(contact[1]).netloc)
    visit(page, home)
    page.locator(".home-hero__actions a.button--secondary").click()
    page.wait_for_function("document.querySelector('#contact-subject').value !== ''")
    assert page.input_value("#contact-subject") == subject
    assert page.evaluate("location.hash") == "#contact-form-title"
