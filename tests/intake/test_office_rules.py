"""The office desk's pure rules, by tables: the login throttle, accounts, pages of a list."""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.office.rules import (
    LoginThrottle,
    account_change_problem,
    account_problem,
    cookie_name,
    moment_label,
    stamp_label,
    page_count,
    page_number,
    session_key,
)


def test_failures_slow_the_client_more_and_more_up_to_its_cap():
    waits = [LoginThrottle.delay(count, 0) for count in range(12)]
    assert waits[:6] == [0, 0, 0, 0.25, 0.5, 1.0]
    assert waits[-1] == LoginThrottle.CLIENT_CAP


def test_a_stranger_slows_the_owner_by_at_most_the_account_cap():
    assert LoginThrottle.delay(0, 50) == LoginThrottle.ACCOUNT_CAP < LoginThrottle.CLIENT_CAP
    assert LoginThrottle.delay(50, 0) == LoginThrottle.CLIENT_CAP  # the guesser waits


def test_the_throttles_keys_are_hashes_of_neither_the_address_nor_the_client():
    client, account = LoginThrottle.keys("10.1.2.3", " Buero@Example.org ")
    assert (client, account) == LoginThrottle.keys("10.1.2.3", "buero@example.org")  # one count per address
    assert len({client, account}) == 2 and all(len(key) == 64 for key in (client, account))
    assert LoginThrottle.keys("buero@example.org", "x")[0] != account  # a client named like an address is not it
    assert "10.1.2.3" not in client and "buero" not in account


OFFICE_A = {"id": 1, "role": "office", "disabled_at": None}
OFFICE_B = {"id": 2, "role": "office", "disabled_at": None}
MODERATOR_C = {"id": 3, "role": "moderator", "disabled_at": None}
DISABLED_D = {"id": 4, "role": "office", "disabled_at": "2027-01-01"}


@pytest.mark.parametrize(
    ("action", "actor", "target", "accounts", "problem"),
    [
        ("disable", 1, OFFICE_B, [OFFICE_A, OFFICE_B], ""),
        ("delete", 1, MODERATOR_C, [OFFICE_A, MODERATOR_C], ""),
        ("disable", 1, OFFICE_A, [OFFICE_A, OFFICE_B], "account_not_yourself"),
        ("delete", 1, OFFICE_A, [OFFICE_A, OFFICE_B], "account_not_yourself"),
        ("delete", 0, OFFICE_A, [OFFICE_A, MODERATOR_C, DISABLED_D], "account_last_office"),  # the CLI (actor 0)
        ("disable", 0, OFFICE_A, [OFFICE_A, DISABLED_D], "account_last_office"),
        ("delete", 1, DISABLED_D, [OFFICE_A, DISABLED_D], ""),  # a disabled one is not the last
        ("enable", 1, DISABLED_D, [OFFICE_A, DISABLED_D], ""),
        ("promote", 1, OFFICE_B, [OFFICE_A, OFFICE_B], "not_found"),
        ("disable", 1, None, [OFFICE_A], "not_found"),
    ],
)
def test_an_account_change_is_never_ones_own_nor_the_last_office_account(action, actor, target, accounts, problem):
    assert account_change_problem(action, actor, target, accounts) == problem


@pytest.mark.parametrize(
    ("moment", "lang", "label"),
    [
        (datetime(2027, 3, 9, 9, 0), "de", "Di., 9. März 2027, 09:00 Uhr"),
        (datetime(2027, 3, 9, 9, 0), "en", "Tue, 9 March 2027, 09:00"),
        (datetime(2027, 12, 31, 17, 30), "de", "Fr., 31. Dezember 2027, 17:30 Uhr"),
    ],
)
def test_a_moment_reads_as_the_office_reads_it_never_iso(moment, lang, label):
    assert moment_label(moment, lang) == label


@pytest.mark.parametrize(
    ("email", "role", "password", "problem"),
    [
        ("buero@example.org", "office", "x" * 12, ""),
        ("buero@example.org", "moderator", "x" * 12, ""),
        ("buero@example.org", "admin", "x" * 12, "ROLE='admin' must be moderator or office"),
        ("buero example.org", "office", "x" * 12, "'buero example.org' is not an e-mail address"),
        ("a@b.de, c@d.de", "office", "x" * 12, "'a@b.de, c@d.de' is not an e-mail address"),
        ("buero@example.org", "office", "x" * 11, "the password needs at least 12 characters"),
    ],
)
def test_accounts_are_checked_before_they_are_stored(email, role, password, problem):
    assert account_problem(email, role, password) == problem


@pytest.mark.parametrize(
    ("value", "pages", "number"),
    [(None, 3, 1), ("2", 3, 2), ("9", 3, 3), ("0", 3, 1), ("-1", 3, 1), ("x", 3, 1), ("9" * 40, 3, 1)],
)
def test_a_page_number_from_the_url_is_always_a_page_of_the_list(value, pages, number):
    assert page_number(value, pages) == number


def test_pages_cookie_and_session_key():
    assert [page_count(n) for n in (0, 1, 25, 26)] == [1, 1, 1, 2]
    assert (cookie_name(True), cookie_name(False)) == ("__Host-office", "office")
    assert session_key("abc") != "abc" and len(session_key("abc")) == 64


@pytest.mark.parametrize(
    ("stored", "lang", "label"),
    [
        (datetime(2026, 12, 7, 6, 45), "de", "07.12.2026, 07:45"),  # winter: UTC+1
        (datetime(2027, 7, 1, 22, 5), "de", "02.07.2027, 00:05"),  # summer: UTC+2, the next day
        (datetime(2026, 12, 7, 6, 45), "en", "7 Dec 2026, 07:45"),
    ],
)
def test_a_stored_moment_reads_in_german_time(stored, lang, label):
    assert stamp_label(stored, lang) == label
