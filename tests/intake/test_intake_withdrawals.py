"""The withdrawal function against the real intake on both stores: the form in both languages,
the confirmation step ("Widerruf bestätigen") that alone stores, the receipt mail with date and
time and the office's mail read from a real SMTP server, problems in the reader's language, and
the withdrawal in an address's export and forgotten with it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from bs4 import BeautifulSoup

from intake import privacy, store

OFFICE = "office@example.org"


@pytest.fixture
def desk(start_intake):
    """The office reads English, the moderators German: the office's mail follows INTAKE_OFFICE_LANG."""
    return start_intake(office=(OFFICE,), rate_limit=0, office_lang="en", moderator_lang="de")


def withdrawals(intake) -> list[dict]:
    with store.reading(intake.engine) as conn:
        return [dict(r) for r in conn.execute(store.withdrawals.select()).mappings()]


def form_fields(page: BeautifulSoup, index: int = 0) -> dict:
    form = page.select("form")[index]
    return {i["name"]: i.get("value", "") for i in form.find_all("input")} | {
        t["name"]: t.get_text() for t in form.find_all("textarea")
    }


@pytest.mark.parametrize(
    ("lang", "title", "button", "confirm"),
    [
        ("de", "Vertrag widerrufen", "Vertrag widerrufen", "Widerruf bestätigen"),
        ("en", "Withdraw from contract", "Withdraw from contract", "Confirm withdrawal"),
    ],
)
def test_a_consumer_withdraws_confirms_and_gets_a_receipt_with_date_and_time(desk, lang, title, button, confirm):
    opened = httpx.get(f"{desk.url}/withdrawals?lang={lang}", timeout=30)
    page = BeautifulSoup(opened.text, "html.parser")
    assert opened.status_code == 200 and page.html["lang"] == lang and page.h1.get_text() == title
    assert page.button.get_text() == button
    assert ("MUSTER" if lang == "de" else "SAMPLE") in opened.text
    fields = form_fields(page) | {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "contract": "Kommunikationstraining <Vertrieb>, 09.03.2027, r-abc",
        "message": "Bitte erstatten.",
    }
    check = httpx.post(f"{desk.url}/withdrawals", data=fields, timeout=30)
    checked = BeautifulSoup(check.text, "html.parser")
    assert check.status_code == 200 and withdrawals(desk) == []  # nothing stored before the confirmation
    assert [b.get_text() for b in checked.select("button")][-1] == confirm
    assert "Kommunikationstraining <Vertrieb>" in checked.select_one("dl").get_text() and not checked.select(
        "dl vertrieb"
    )
    before = datetime.now(UTC)
    done = httpx.post(f"{desk.url}/withdrawals", data=form_fields(checked, 1), timeout=30)
    assert done.status_code == 303
    (row,) = withdrawals(desk)
    assert (row["name"], row["email"], row["lang"]) == ("Erika Muster", "erika@example.org", lang)
    receipt_page = httpx.get(desk.url + done.headers["location"], timeout=30)
    assert receipt_page.status_code == 200 and "erika@example.org" not in done.headers["location"]
    local = before.astimezone(ZoneInfo("Europe/Berlin"))
    mails = desk.mailbox.wait_for(2)
    receipt = next(m for m in mails if m["To"] == "erika@example.org")
    text = receipt.get_body(("plain",)).get_content()
    day = local.strftime("%d.%m.%Y") if lang == "de" else f"{local.day} {local:%B %Y}"  # "8 December 2026"
    assert day in text and re.search(r"\d\d:\d\d", text) and row["id"] in text
    assert day in receipt_page.text
    office = next(m for m in mails if m["To"] == OFFICE)
    assert str(office["Subject"]) == "Withdrawal: Kommunikationstraining <Vertrieb>, 09.03.2027, r-abc"
    assert (
        office["Reply-To"] and "through the website's withdrawal function" in office.get_body(("plain",)).get_content()
    )
    exported = json.loads(privacy.export(desk.engine, "erika@example.org"))
    assert [w["contract"] for w in exported["withdrawals"]] == [fields["contract"]]
    privacy.forget(desk.engine, "Erika@Example.org")
    assert withdrawals(desk) == []


WRONG = [  # (language, fields, what the form says): one intake for all of them
    ("de", {"contract": ""}, "Bitte nennen Sie den Vertrag"),
    ("en", {"email": "no-address"}, "The e-mail address does not look valid."),
    ("de", {"token": "forged"}, "Das Formular ist ungültig."),
]


def test_a_wrong_withdrawal_gives_the_form_back_in_the_readers_language(desk):
    for lang, fields, message in WRONG:
        page = BeautifulSoup(httpx.get(f"{desk.url}/withdrawals?lang={lang}", timeout=30).text, "html.parser")
        data = form_fields(page) | {"name": "Jonas", "email": "j@example.org", "contract": "Seminar", **fields}
        answer = httpx.post(f"{desk.url}/withdrawals", data={**data, "step": "confirm"}, timeout=30)
        assert answer.status_code == 400 and message in answer.text, fields
        assert BeautifulSoup(answer.text, "html.parser").find("input", attrs={"name": "name"})["value"] == "Jonas"
    assert withdrawals(desk) == []


def test_a_withdrawal_is_kept_as_proof_and_purged_when_its_time_is_over(desk):
    page = BeautifulSoup(httpx.get(f"{desk.url}/withdrawals", timeout=30).text, "html.parser")
    data = form_fields(page) | {"name": "Jonas", "email": "j@example.org", "contract": "Seminar", "step": "confirm"}
    assert httpx.post(f"{desk.url}/withdrawals", data=data, timeout=30).status_code == 303
    assert privacy.purge(desk.engine, desk.settings)["withdrawals_deleted"] == 0
    later = withdrawals(desk)[0]["keep_until"] + timedelta(seconds=1)
    assert privacy.purge(desk.engine, desk.settings, now=later)["withdrawals_deleted"] == 1
    assert withdrawals(desk) == []
