"""Prices for a binding registration: net and gross from the offer's price and VAT rate (the rule
the build and the intake share, common.prices), and the legal pages' build notices (legal_pages)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from legal_pages.legal_texts import legal_page_notices, placeholder_values, terms_version_problem, withdrawal_form_link
from training_offers.training_offers import plain_text

from common.prices import OfferPrice, amounts, parse_price_json, parse_rate, price_json


@pytest.mark.parametrize(
    ("amount", "vat", "rate", "net", "gross"),
    [
        ("1190", "net", "19", "1190.00", "1416.10"),
        ("1416.10", "gross", "19", "1190.00", "1416.10"),
        ("490", "gross", "7", "457.94", "490.00"),
        ("100", "net", "0", "100.00", "100.00"),  # a VAT-exempt training
        ("99.99", "net", "19", "99.99", "118.99"),  # rounded half up to the cent
    ],
)
def test_net_and_gross_of_a_price(amount, vat, rate, net, gross):
    result = amounts(Decimal(amount), vat, Decimal(rate))
    assert (str(result.net), str(result.gross)) == (net, gross)
    assert result.vat == result.gross - result.net


def test_a_registration_costs_per_person_times_the_participants_and_a_group_rate_once():
    per_person = OfferPrice(Decimal(1190), "EUR", "net")
    assert str(per_person.total(3).gross) == "4248.30" and str(per_person.total(3).net) == "3570.00"
    group = OfferPrice(Decimal(2900), "EUR", "net", unit="group")
    assert str(group.total(5).gross) == "3451.00"


def test_a_price_survives_sessions_json_and_a_broken_one_is_none():
    price = OfferPrice(Decimal("490.50"), "EUR", "gross", Decimal(7), "group")
    assert parse_price_json(price_json(price)) == price
    for broken in (None, "1190", {"amount": "x", "currency": "EUR", "vat": "net"}, {"amount": "1", "vat": "brutto"}):
        assert parse_price_json(broken) is None


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        (19, Decimal(19)),
        ("7", Decimal(7)),
        ("19 %", Decimal(19)),
        (0, Decimal(0)),
        (True, None),
        ("x", None),
        (101, None),
    ],
)
def test_vat_rates(value, rate):
    assert parse_rate(value) == rate


def test_placeholders_of_the_sample_imprint_are_found_once_each():
    text = (
        "Telefon: +49 40 000000-0 E-Mail: kontakt@albrecht-kommunikation.example "
        "kontakt@albrecht-kommunikation.example USt-IdNr. DE000000000"
    )
    assert placeholder_values(text) == [
        "phone 000000",
        "VAT ID DE000000000",
        "address kontakt@albrecht-kommunikation.example",
    ]
    assert placeholder_values("Telefon: +49 40 3861 2200, USt-IdNr. DE123456789, kontakt@albrecht.de") == []


def test_legal_page_notices_name_the_line_and_what_to_do():
    lines = {"legal": 6, "sample": 8}
    notices = legal_page_notices("content/de/pages/agb.md", "terms", True, "Text", lines)
    assert [str(n) for n in notices] == [
        "content/de/pages/agb.md:8: the terms page is still marked as a sample (have the lawyer approve the text, "
        "then delete `sample: true` and the marker paragraph)"
    ]
    assert legal_page_notices("content/de/pages/impressum.md", "imprint", None, "Telefon 000000", lines)[0].line == 6
    assert legal_page_notices("content/de/pages/agb.md", "terms", False, "Fertiger Text", lines) == []
    assert terms_version_problem("a.md", "terms", "", lines).message == "the terms page has no `terms_version`"
    assert terms_version_problem("a.md", "terms", "2026-12-07", lines) is None


def test_the_withdrawal_page_links_the_intakes_form_in_its_language_or_a_mail():
    html = '<p><a href="withdrawal-form:">Vertrag widerrufen</a></p>'
    assert withdrawal_form_link(html, "https://intake.example/withdrawals", "de", "k@example.org") == (
        '<p><a href="https://intake.example/withdrawals?lang=de">Vertrag widerrufen</a></p>'
    )
    assert 'href="mailto:k@example.org"' in withdrawal_form_link(html, "", "en", "k@example.org")


def test_every_build_lists_the_legal_texts_still_to_approve_and_only_those_as_notices(sample_site):
    legal = [n for n in sample_site.report.notices if "/pages/" in n]
    assert sorted({n.split(":")[0] for n in legal}) == [
        "content/de/pages/datenschutz.md",
        "content/de/pages/impressum.md",
        "content/de/pages/teilnahmebedingungen.md",
        "content/de/pages/widerruf.md",
        "content/en/pages/privacy.md",
        "content/en/pages/terms.md",
        "content/en/pages/withdrawal.md",
    ]
    assert any(
        n.startswith("content/de/pages/datenschutz.md:5: the privacy policy is still marked as a sample") for n in legal
    )
    assert any("phone 000000, VAT ID DE000000000" in n for n in legal)
    footer = sample_site.soup("/trainings/").find("footer")
    assert footer.find("a", href="/widerruf/").get_text() == "Vertrag widerrufen"
    assert sample_site.soup("/en/").find("footer").find("a", href="/en/withdrawal/")
    assert sample_site.soup("/widerruf/").find("a", href="mailto:kontakt@albrecht-kommunikation.example")


def test_the_terms_as_plain_text_for_the_mail_keep_punctuation_after_a_link():
    html = (
        "<h2>8. Datenschutz</h2><p>Wie wir mit Ihren Angaben umgehen, steht in der "
        '<a href="/datenschutz/">Datenschutzerklärung</a>.<br>Stand: 2026</p><ul><li>eins</li><li>zwei</li></ul>'
    )
    assert plain_text(html) == (
        "8. Datenschutz\n\nWie wir mit Ihren Angaben umgehen, steht in der Datenschutzerklärung. Stand: 2026"
        "\n\n- eins\n\n- zwei"
    )
