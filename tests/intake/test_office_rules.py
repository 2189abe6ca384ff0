"""The office desk's pure rules, by tables: the login throttle, accounts, pages of a list."""

from __future__ import annotations

import pytest

from intake.office.rules import LoginThrottle, account_problem, cookie_name, page_count, page_number, session_key


def test_failures_slow_the_client_more_and_more_up_to_its_cap():
    throttle = LoginThrottle()
    waits = []
    for _ in range(12):
        waits.append(throttle.delay("client", "buero@example.org"))
        throttle.failed("client", "buero@example.org")
    assert waits[:6] == [0, 0, 0, 0.25, 0.5, 1.0]
    assert waits[-1] == LoginThrottle.CLIENT_CAP
    assert throttle.delay("client", "someone-else@example.org") == LoginThrottle.CLIENT_CAP  # the guesser waits


def test_a_stranger_slows_the_owner_by_at_most_the_account_cap_and_a_success_forgets():
    throttle = LoginThrottle()
    for _ in range(50):
        throttle.failed("stranger", "buero@example.org")
    assert throttle.delay("owner", "buero@example.org") == LoginThrottle.ACCOUNT_CAP < LoginThrottle.CLIENT_CAP
    throttle.succeeded("owner", "buero@example.org")
    assert throttle.delay("owner", "buero@example.org") == 0
    assert throttle.delay("stranger", "other@example.org") == LoginThrottle.CLIENT_CAP


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
