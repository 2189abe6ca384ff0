"""The contact form's pure rules, by table: what is accepted, cleaned or refused, and why."""

from __future__ import annotations

import pytest

from intake.contact import rules
from intake.contact import KIND
from intake.kinds import merged_texts

TEXTS = merged_texts((KIND,))  # what the contact form's pages can show: its own texts and the shared ones

VALID = {
    "name": "Erika Muster",
    "email": "erika@example.org",
    "phone": "",
    "subject": "Anfrage",
    "message": "Hallo",
    "consent": "yes",
}


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({}, []),
        ({"name": " "}, ["missing_name"]),
        ({"name": "x" * 101}, ["too_long_name"]),
        ({"name": "Eve\x00"}, ["bad_name"]),
        ({"name": "Eve\u2028Bcc: x@y.z"}, ["bad_name"]),
        ({"email": ""}, ["missing_email"]),
        ({"email": "a@b.de, c@d.de"}, ["bad_email"]),
        ({"email": "a..b@example.org"}, ["bad_email"]),  # no addr-spec: the mail could never be built
        ({"email": "a@b.de\r\nBcc: x@y.z"}, ["bad_email"]),
        ({"phone": "+49 (40) 123-45/6"}, []),
        ({"phone": "call me"}, ["bad_phone"]),
        ({"subject": ""}, ["missing_subject"]),
        ({"subject": "x" * 201}, ["too_long_subject"]),
        ({"subject": "a\x1bb"}, ["bad_subject"]),
        ({"message": "\n \n"}, ["missing_message"]),
        ({"message": "x" * 5001}, ["too_long_message"]),
        ({"message": "a\x07b"}, ["bad_message"]),
        ({"consent": ""}, ["missing_consent_contact"]),
        ({"consent": "on"}, ["missing_consent_contact"]),
    ],
)
def test_validation_table(fields, problems):
    contact, found = rules.validate_contact({**VALID, **fields}, "de")
    assert found == problems
    assert (contact is None) == bool(problems)
    for code in found:  # every problem has a text in both languages
        assert TEXTS["de"][code] and TEXTS["en"][code]


def test_line_breaks_in_header_fields_become_spaces_and_the_message_keeps_its_lines():
    contact, problems = rules.validate_contact(
        {**VALID, "name": "x\r\nBcc: a@b", "subject": " Termin\n vereinbaren ", "message": "eins\r\nzwei\rdrei\n"},
        "en",
    )
    assert problems == []
    assert (contact.name, contact.subject, contact.message) == ("x Bcc: a@b", "Termin vereinbaren", "eins\nzwei\ndrei")
    assert contact.lang == "en" and contact.honeypot is False


def test_an_internationalised_domain_is_kept_in_its_ascii_form():
    contact, problems = rules.validate_contact({**VALID, "email": "info@müller.de"}, "de")
    assert problems == [] and contact.email == "info@xn--mller-kva.de"


@pytest.mark.parametrize(
    ("homepage", "seconds", "signals"),
    [
        ("", 30.0, {"honeypot": False, "too_fast": False, "no_token": False}),
        ("", 1.0, {"honeypot": False, "too_fast": True, "no_token": False}),
        ("", None, {"honeypot": False, "too_fast": False, "no_token": True}),
        ("http://spam.example", 30.0, {"honeypot": True, "too_fast": False, "no_token": False}),
    ],
)
def test_spam_signals(homepage, seconds, signals):
    contact, _ = rules.validate_contact({**VALID, "homepage": homepage}, "de")
    assert rules.spam_signals(contact, seconds, 5) == signals
