"""A registration as a contract, against the real intake on both stores: the review step (nothing
stored, every field carried, "Ändern" gives the form back filled in, the one binding button),
the price to pay by buyer type, the invoice data and the terms version stored and exported, the
consumer's withdrawal information and early-start wish, and the mails read from a real SMTP server."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta

import httpx
import pytest
from bs4 import BeautifulSoup
from conftest import ADMIN, OFFER, SESSION

from intake import store

AUTH = {"Authorization": f"Bearer {ADMIN}"}
OFFICE = "office@example.org"
SOON = (date.today() + timedelta(days=5)).strftime("%Y-%m-%dT09:00")  # within the withdrawal period
BUSINESS_ONLY = "inhouse-workshop"
TERMS_TEXT = (
    "MUSTER – noch nicht freigegeben.\n\n1. Geltungsbereich\n\nDiese Bedingungen gelten für alle Veranstaltungen."
)


def session(offer: str, start: str, **facts) -> dict:
    return {
        "offer": offer,
        "session": start,
        "end": start[:11] + "17:00",
        "lang": "de",
        "title": "Kommunikationstraining Vertrieb",
        "url": f"/trainings/{offer}/",
        "max": 12,
        "status": "scheduled",
        "location": "Hamburg, Tagungshaus am Hafen",
        "offer_price": {"amount": "1190", "currency": "EUR", "vat": "net", "vat_rate": "19", "unit": "person"},
        "terms_version": "2026-12-07",
        **facts,
    }


@pytest.fixture
def contract_intake(start_intake, tmp_path):
    """The intake with sessions that carry prices and terms, as the site build writes them."""
    path = tmp_path / "contract-sessions.json"
    data = {
        "sessions": [session(OFFER, SESSION), session(OFFER, SOON), session(BUSINESS_ONLY, SESSION, buyers="business")],
        "terms": {
            "de": {"version": "2026-12-07", "url": "/teilnahmebedingungen/", "text": TERMS_TEXT},
            "en": {"version": "2026-12-07", "url": "/en/terms/", "text": "SAMPLE – not yet approved."},
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return start_intake(offers=str(path), office=(OFFICE,), rate_limit=0, business="Albrecht Kommunikationsberatung")


def form(**fields) -> dict:
    """The site's registration form as a consumer fills it in (step=review)."""
    return {
        "offer": OFFER,
        "session": SESSION,
        "lang": "de",
        "token": "",
        "step": "review",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "participants": "2",
        "buyer": "consumer",
        "company": "",
        "phone": "",
        "billing_address": "Erika Muster\nHauptstr. 1\n10115 Berlin",
        "purchase_order": "",
        "vat_id": "",
        "message": "Bitte <b>vegetarisch</b>",
        "consent": "yes",
        "homepage": "",
        **fields,
    }


def post(intake, data: dict) -> httpx.Response:
    return httpx.post(intake.url + "/registrations", data=data, timeout=30)


def stored(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return store.all_registrations(conn)


def hidden_fields(form_element) -> dict:
    return {i["name"]: i.get("value", "") for i in form_element.find_all("input", type="hidden")}


def test_review_then_change_then_register_stores_once_with_the_terms_version(contract_intake):
    review = post(contract_intake, form())
    assert review.status_code == 200
    page = BeautifulSoup(review.text, "html.parser")
    assert page.h1.get_text() == "Ihre Anmeldung prüfen" and stored(contract_intake) == []
    facts = page.select_one("dl.review").get_text(" ", strip=True)
    for fact in (
        "Kommunikationstraining Vertrieb",
        "Di., 9. März 2027, 09:00–17:00 Uhr",  # each day with its times
        "Hamburg, Tagungshaus am Hafen",
        "Privatperson",
    ):
        assert fact in facts
    assert "2.832,20\u00a0€ Gesamtpreis (inkl. 19 % Umsatzsteuer)" in facts  # 2 x 1.416,10: gross for consumers
    assert "netto" not in facts
    assert "<b>vegetarisch</b>" in facts and not page.select("dd b")  # escaped, not markup
    assert "Widerrufsbelehrung" in page.get_text() and "Muster-Widerrufsformular" in page.get_text()
    assert "Albrecht Kommunikationsberatung" in page.select_one("section .legal").get_text()
    change, final = page.select("form")
    assert [b.get_text() for b in page.select("button")] == ["Ändern", "Zahlungspflichtig anmelden"]
    assert final.button.get_text() == "Zahlungspflichtig anmelden" and not page.select("#early-start")
    carried = hidden_fields(final)
    assert carried["step"] == "final" and hidden_fields(change)["step"] == "edit"
    assert {k: v for k, v in carried.items() if k != "step"} == {
        k: v for k, v in form().items() if k != "step"
    }  # every field, as sent
    again = post(contract_intake, hidden_fields(change))
    filled = BeautifulSoup(again.text, "html.parser")
    assert again.status_code == 200 and filled.h1.get_text() == "Ihre Anmeldung ändern"
    assert filled.find("input", attrs={"name": "name"})["value"] == "Erika Muster"
    assert filled.find("textarea", attrs={"name": "billing_address"}).get_text() == form()["billing_address"]
    assert filled.find("input", attrs={"name": "buyer", "value": "consumer"}).has_attr("checked")
    assert filled.find("input", attrs={"name": "consent"}).has_attr("checked")
    assert stored(contract_intake) == []
    done = post(contract_intake, {**carried, "purchase_order": "PO-4711"})
    assert done.status_code == 303 and "/registrations/done?" in done.headers["location"]
    (row,) = stored(contract_intake)
    assert (row["buyer"], row["terms_version"], row["purchase_order"], row["status"]) == (
        "consumer",
        "2026-12-07",
        "PO-4711",
        "confirmed",
    )
    mail = next(m for m in contract_intake.mailbox.wait_for(2) if m["To"] == "erika@example.org")
    text = mail.get_body(("plain",)).get_content()
    assert "Gesamtpreis: 2.832,20\u00a0€ (inkl. 19 % Umsatzsteuer)" in text
    assert "Teilnahmebedingungen, Version 2026-12-07" in text and "1. Geltungsbereich" in text  # the text to keep
    assert "Widerrufsbelehrung" in text and "Muster-Widerrufsformular" in text and "PO-4711" in text
    exported = httpx.get(contract_intake.url + "/admin/registrations", headers=AUTH, timeout=30).json()
    (shown,) = exported["registrations"]
    assert (shown["buyer"], shown["terms_version"], shown["purchase_order"], shown["vat_id"]) == (
        "consumer",
        "2026-12-07",
        "PO-4711",
        "",
    )


def test_a_business_sees_net_vat_and_gross_no_withdrawal_text_and_a_valid_vat_id_is_kept(contract_intake, tmp_path):
    business = form(buyer="business", company="Muster GmbH", vat_id="de 136 695 976", participants="1")
    page = BeautifulSoup(post(contract_intake, business).text, "html.parser")
    price = page.select_one(".review-price").get_text(" ", strip=True)
    assert "Gesamtpreis netto: 1.190,00\u00a0€" in price and "zzgl. 19 % Umsatzsteuer: 226,10\u00a0€" in price
    assert "Widerrufsbelehrung" not in page.get_text()
    final = hidden_fields(page.select("form")[1])
    assert post(contract_intake, final).status_code == 303
    (row,) = stored(contract_intake)
    assert (row["buyer"], row["company"], row["vat_id"], row["early_start_at"]) == (
        "business",
        "Muster GmbH",
        "DE136695976",
        None,
    )
    exported = subprocess.run(  # the office's spreadsheet has the invoice data
        [sys.executable, "-m", "office_client", "registrations-export"],
        cwd=tmp_path,
        env={**os.environ, "INTAKE_URL": contract_intake.url, "INTAKE_ADMIN_TOKEN": ADMIN},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    text = (tmp_path / "moderation" / "registrations.csv").read_text(encoding="utf-8-sig")
    (line,) = csv.DictReader(io.StringIO(text), delimiter=";")
    assert (line["buyer"], line["vat_id"], line["terms_version"], line["billing_address"]) == (
        "business",
        "DE136695976",
        "2026-12-07",
        business["billing_address"],
    )
    mail = next(m for m in contract_intake.mailbox.wait_for(2) if m["To"] == "erika@example.org")
    text = mail.get_body(("plain",)).get_content()
    assert "1.190,00\u00a0€ netto zzgl. 19 % Umsatzsteuer (226,10\u00a0€) = 1.416,10\u00a0€" in text
    assert "Ihre USt-IdNr.: DE136695976" in text and "Widerrufsbelehrung" not in text


WRONG = [  # (fields, language, what the form page says): one intake for all of them
    ({"vat_id": "DE000000000", "buyer": "business", "company": "X"}, "de", "Die USt-IdNr. hat nicht das Format"),
    ({"buyer": "business"}, "de", "Bitte geben Sie bei einer Buchung als Unternehmen Ihre Firma an."),
    ({"buyer": ""}, "en", "Please choose whether you book as a business or as a private person."),
    ({"offer": BUSINESS_ONLY}, "de", "Dieses Training richtet sich nur an Unternehmen."),
    ({"billing_address": " "}, "en", "Please give the billing address."),
]


def test_a_wrong_contract_field_gives_the_form_back_in_the_readers_language(contract_intake):
    for fields, lang, message in WRONG:
        answer = post(contract_intake, form(lang=lang, **fields))
        page = BeautifulSoup(answer.text, "html.parser")
        assert answer.status_code == 400 and page.html["lang"] == lang, fields
        assert message in page.select_one(".problems").get_text(), fields
        assert page.find("input", attrs={"name": "email"})["value"] == "erika@example.org"  # kept
    assert stored(contract_intake) == []


def test_a_consumers_session_within_the_withdrawal_period_needs_the_wish_to_start_early(contract_intake):
    page = BeautifulSoup(post(contract_intake, form(session=SOON)).text, "html.parser")
    box = page.select_one("#early-start")
    assert (
        box.has_attr("required")
        and "vor Ablauf der Widerrufsfrist" in page.find("label", attrs={"for": "early-start"}).get_text()
    )
    final = hidden_fields(page.select("form")[1])
    refused = post(contract_intake, final)
    assert refused.status_code == 400 and "innerhalb der Widerrufsfrist" in refused.text
    assert stored(contract_intake) == []
    assert post(contract_intake, {**final, "early_start": "yes"}).status_code == 303
    (row,) = stored(contract_intake)
    assert row["early_start_at"] is not None
    mail = next(m for m in contract_intake.mailbox.wait_for(2) if m["To"] == "erika@example.org")
    assert "ausdrücklich verlangt" in mail.get_body(("plain",)).get_content()


def test_an_english_registration_gets_the_english_terms_from_the_english_file(start_intake, tmp_path):
    """Each language's sessions.json carries that language's terms; the intake reads every file and
    an English registration is reviewed, stored and mailed with the English terms."""
    english_text = "SAMPLE – not yet approved.\n\n1. Scope\n\nThese terms apply to every event."
    files = []
    for lang, version, url, text in (
        ("de", "2026-12-07", "/teilnahmebedingungen/", TERMS_TEXT),
        ("en", "2026-12-07-en", "/en/terms/", english_text),
    ):
        entry = {
            **session(OFFER, SESSION),
            "lang": lang,
            "url": f"/{lang}/trainings/{OFFER}/",
            "terms_version": version,
        }
        path = tmp_path / f"sessions-{lang}.json"
        path.write_text(
            json.dumps({"sessions": [entry], "terms": {lang: {"version": version, "url": url, "text": text}}}),
            encoding="utf-8",
        )
        files.append(str(path))
    intake = start_intake(offers=",".join(files), office=(OFFICE,), rate_limit=0)
    review = post(intake, form(lang="en", message=""))
    assert review.status_code == 200
    page = BeautifulSoup(review.text, "html.parser")
    assert "version 2026-12-07-en" in page.get_text() and page.find("a", href=lambda h: h and "/en/terms/" in h)
    (final,) = [f for f in page.select("form") if hidden_fields(f).get("step") == "final"]
    done = post(intake, hidden_fields(final))
    assert done.status_code == 303
    (row,) = stored(intake)
    assert (row["lang"], row["terms_version"]) == ("en", "2026-12-07-en")
    mail = next(m for m in intake.mailbox.wait_for(2) if m["To"] == "erika@example.org")
    text = mail.get_body(("plain",)).get_content()
    assert "terms of participation apply, version 2026-12-07-en" in text and "1. Scope" in text
    assert "Geltungsbereich" not in text
