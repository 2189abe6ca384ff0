"""Tables for the intake's pure parts: validation, spam signals, fingerprints, client keys,
rate limits, signing, settings, mail headers, retention and the retry schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from intake import rules as core_rules
from intake.comments import rules
from intake.mail import build_message, queued_mail
from intake.ratelimit import RateLimit
from intake.settings import SettingsError, from_environ
from intake.signing import Signer, TokenError
from intake.web import loggable_path
from intake.worker import retry_delay

VALID = {
    "article": "gute-fragen",
    "lang": "de",
    "author": "Erika",
    "email": "erika@example.org",
    "comment": "Hallo",
    "consent": "yes",
}


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({}, []),
        ({"consent": ""}, ["missing_consent"]),
        ({"consent": "on"}, ["missing_consent"]),
        ({"author": "   "}, ["missing_author"]),
        ({"author": "Eve\r\nBcc: x@y.z"}, ["bad_author"]),
        ({"author": "Eve\u2028Bcc"}, ["bad_author"]),
        ({"author": "x" * 101}, ["too_long_author"]),
        ({"email": ""}, ["missing_email"]),
        ({"email": "a@b"}, ["bad_email"]),
        ({"email": "a b@c.de"}, ["bad_email"]),
        ({"email": "a@c.de,b@d.de"}, ["bad_email"]),
        ({"email": "a@c.de\nBcc: b@d.de"}, ["bad_email"]),
        ({"website": "https://example.org/x"}, []),
        ({"website": "javascript:alert(1)"}, ["bad_website"]),
        ({"website": "http://localhost"}, ["bad_website"]),
        ({"website": "https://exa mple.org"}, ["bad_website"]),
        ({"comment": " \n "}, ["missing_comment"]),
        ({"comment": "a\x00b"}, ["bad_comment"]),
        ({"comment": "Zeile 1\r\nZeile 2\n\tEingerückt"}, []),
        ({"comment": "x" * 5001}, ["too_long_comment"]),
        ({"article": "../etc"}, ["bad_article"]),
        ({"article": ""}, ["bad_article"]),
        ({"lang": "fr"}, ["bad_lang"]),
        ({"reply_to": "c-abc_D-1"}, []),
        ({"reply_to": "1 OR 1=1"}, ["bad_reply_to"]),
    ],
)
def test_validate_comment(change, problems):
    comment, found = rules.validate_comment({**VALID, **change})
    assert found == problems
    assert (comment is None) == bool(problems)


def test_validated_comment_is_clean():
    comment, _ = rules.validate_comment(
        {**VALID, "author": "  Erika   Muster ", "comment": " a\r\nb ", "homepage": "x", "notify": "yes"}
    )
    assert (comment.author, comment.text, comment.honeypot, comment.notify) == ("Erika Muster", "a\nb", True, True)


@pytest.mark.parametrize(
    ("seconds", "too_fast", "no_token"),
    [(None, False, True), (1.0, True, False), (4.99, True, False), (5.0, False, False)],
)
def test_timing_signals(seconds, too_fast, no_token):
    comment, _ = rules.validate_comment(VALID)
    signals = rules.spam_signals(comment, duplicate=False, seconds_to_submit=seconds, min_seconds=5, known_article=True)
    assert (signals["too_fast"], signals["no_token"], signals["unknown_article"]) == (too_fast, no_token, False)


@pytest.mark.parametrize(
    ("author", "post_authors", "flagged"),
    [
        ("Maren Albrecht", ("Maren Albrecht",), True),
        ("  maren   ALBRECHT", ("Maren Albrecht",), True),  # case and spacing do not hide the name
        ("Jan Roth", ("Maren Albrecht", "Jan  Roth"), True),  # any of several authors
        ("Maren", ("Maren Albrecht",), False),
        ("Maren Albrecht", (), False),  # the list names no author (or is unreadable)
        ("Erika", ("",), False),
    ],
)
def test_name_of_post_author_signal(author, post_authors, flagged):
    comment, _ = rules.validate_comment(VALID | {"author": author})
    signals = rules.spam_signals(
        comment, duplicate=False, seconds_to_submit=9, min_seconds=5, known_article=True, post_authors=post_authors
    )
    assert signals["name_of_post_author"] is flagged


T = datetime(2026, 11, 26, 10, 30)


@pytest.mark.parametrize(
    ("mode", "oldest", "now", "due"),
    [
        ("hourly", None, T, False),  # nothing waits
        ("hourly", T, T + timedelta(minutes=29), False),  # its hour is not over
        ("hourly", T, T + timedelta(minutes=30), True),  # 11:00: the 10:xx comments go out
        ("hourly", T.replace(minute=0), T.replace(minute=59, second=59), False),
        ("daily", T, T + timedelta(hours=19, minutes=29), False),  # 05:59 the next day
        ("daily", T, T + timedelta(hours=19, minutes=30), True),  # 06:00 UTC the next day
        ("daily", T.replace(hour=5), T, True),  # came before today's 06:00
        ("off", T, T, True),  # left over from a time with a digest: announced at once
        ("off", None, T, False),
    ],
)
def test_digest_is_due_once_the_period_of_the_oldest_unannounced_comment_is_over(mode, oldest, now, due):
    assert rules.digest_due(mode, oldest, now) is due


def test_settings_read_the_digest_mode():
    assert from_environ({}).moderation_digest == "off"
    assert from_environ({"INTAKE_MODERATION_DIGEST": " Daily "}).moderation_digest == "daily"


def test_duplicate_text_ignores_case_and_punctuation():
    assert rules.text_hash("Great post!!") == rules.text_hash("great   POST")
    assert rules.text_hash("Great post") != rules.text_hash("Great posts")


def test_fingerprint_changes_with_every_text_field():
    base = ("a", "de", "Erika", "", "Hallo", "")
    prints = {rules.fingerprint(*base)}
    for index in range(len(base)):
        changed = list(base)
        changed[index] += "x"
        prints.add(rules.fingerprint(*changed))
    assert len(prints) == len(base) + 1


def test_client_key_is_keyed_and_rotates_daily():
    key = core_rules.client_key("secret", "192.0.2.1", "2026-11-26")
    assert "192.0.2.1" not in key and len(key) == 32
    assert key == core_rules.client_key("secret", "192.0.2.1", "2026-11-26")
    assert key != core_rules.client_key("secret", "192.0.2.1", "2026-11-27")
    assert key != core_rules.client_key("other", "192.0.2.1", "2026-11-26")


@pytest.mark.parametrize(
    ("hits", "answers"),
    [
        ([0, 1, 2, 3], [0, 0, 0, 57]),
        ([0, 1, 2, 60.5], [0, 0, 0, 0]),  # the first hit left the window
    ],
)
def test_rate_limit_window(hits, answers):
    limit = RateLimit(3, window=60)
    assert [limit.hit("k", at) for at in hits] == answers


def test_rate_limit_off_and_bounded():
    assert RateLimit(0).hit("k", 0) == 0
    limit = RateLimit(1, max_keys=2)
    for key in "abc":
        limit.hit(key, 0)
    assert limit.hit("a", 1) == 0  # "a" was dropped as the least recently seen key


def test_signing_purposes_forgery_and_expiry():
    signer = Signer("s" * 40)
    token = signer.make("moderate", {"c": "c-1", "s": "approved"})
    assert signer.open("moderate", token, 60).payload == {"c": "c-1", "s": "approved"}
    for purpose, bad in (
        ("unsubscribe", token),
        ("moderate", token[:-2] + "xx"),
        ("moderate", ""),
        ("moderate", "x" * 2000),
    ):
        with pytest.raises(TokenError) as error:
            signer.open(purpose, bad, 60)
        assert error.value.expired is False
    with pytest.raises(TokenError) as error:
        signer.open("moderate", token, -1)
    assert error.value.expired is True
    with pytest.raises(TokenError):
        Signer("another secret").open("moderate", token, 60)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"INTAKE_ENV": "production"},
            "INTAKE_ENV=production needs INTAKE_SECRET, INTAKE_ADMIN_TOKEN, INTAKE_SITE_URL",
        ),
        (
            {
                "INTAKE_ENV": "production",
                "INTAKE_SECRET": "short",
                "INTAKE_ADMIN_TOKEN": "t",
                "INTAKE_SITE_URL": "https://x.example",
            },
            "INTAKE_SECRET must be at least 32 characters",
        ),
        ({"INTAKE_RATE_LIMIT": "many"}, "INTAKE_RATE_LIMIT='many' is not a whole number"),
        ({"INTAKE_DATABASE_URL": "mysql://x"}, "INTAKE_DATABASE_URL must start with"),
        ({"INTAKE_SMTP_URL": "127.0.0.1:25"}, "is not a smtp/smtps URL"),
        ({"INTAKE_MODERATORS": "a@b.de, nobody"}, "'nobody' is not an e-mail address"),
        ({"INTAKE_MODERATION_DIGEST": "weekly"}, "INTAKE_MODERATION_DIGEST='weekly' must be off, hourly or daily"),
    ],
)
def test_settings_errors_are_one_line(environ, message):
    with pytest.raises(SettingsError) as error:
        from_environ(environ)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_settings_defaults_are_for_development():
    settings = from_environ({})
    assert settings.database_url == "sqlite:///var/intake.sqlite3" and settings.rate_limit == 5
    assert settings.retention_days == 90 and settings.articles_source.endswith("/comments/articles.json")
    assert from_environ({"INTAKE_SITE_URL": "https://www.example.com/"}).site_origin == "https://www.example.com"


@pytest.mark.parametrize("subject", ["Hi\r\nBcc: x@example.org", "Hi\nBcc: x@example.org", "Hi\rBcc: x"])
def test_a_line_break_in_a_header_is_refused(subject):
    with pytest.raises(ValueError):
        build_message("intake@example.org", "mod@example.org", subject, "body")
    with pytest.raises(ValueError):
        queued_mail("mod@example.org", subject, "body")
    with pytest.raises(ValueError):
        queued_mail("mod@example.org\nBcc: x@example.org", "Hi", "body")


def test_a_message_is_ascii_with_the_unsubscribe_headers():
    message = build_message(
        "intake@example.org",
        "mod@example.org",
        "Kommentar von Jürgen",
        "Grüße\n",
        unsubscribe_url="https://i.example/u/t",
    )
    assert message.isascii() and "List-Unsubscribe: <https://i.example/u/t>" in message


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/comments", "/comments"),
        ("/moderate/eyJjIjoiYy14In0.awhAeQ.vm04gSxzoW2JygSsnxcY3S4rDDs", "/moderate/…"),
        ("/subscriptions/unsubscribe/eyJzIjoicy0xIn0.awhAeQ.abcdefghijk", "/subscriptions/unsubscribe/…"),
    ],
)
def test_tokens_are_not_logged(path, logged):
    assert loggable_path(path) == logged


def test_retry_schedule_grows_and_never_gives_up():
    assert [retry_delay(n) for n in (1, 2, 3, 20, 100)] == [30, 60, 120, 3600, 3600]


def test_email_expiry():
    now = datetime(2026, 11, 26, 12)
    assert rules.email_expiry(now, 90) == now - timedelta(days=90)


@pytest.mark.parametrize(
    ("body", "current", "changes", "error_ids"),
    [
        (
            {"decisions": [{"id": "a", "decision": "approve", "fingerprint": "f"}]},
            {"a": ("pending", "f")},
            [("a", "approved")],
            [],
        ),
        (
            {
                "decisions": [
                    {"id": "a", "decision": "approve", "fingerprint": "f"},
                    {"id": "b", "decision": "maybe", "fingerprint": "g"},
                ]
            },
            {"a": ("pending", "f"), "b": ("pending", "g")},
            [],
            ["b"],
        ),
        ({"decisions": [{"id": "a", "decision": "approve", "fingerprint": "x"}]}, {"a": ("pending", "f")}, [], ["a"]),
        ({"decisions": [{"id": "z", "decision": "approve", "fingerprint": "f"}]}, {}, [], ["z"]),
        (
            {
                "decisions": [
                    {"id": "a", "decision": "approve", "fingerprint": "f"},
                    {"id": "a", "decision": "spam", "fingerprint": "f"},
                ]
            },
            {"a": ("pending", "f")},
            [],
            ["a"],
        ),
        ({"nothing": 1}, {}, [], [None]),
    ],
)
def test_decisions_are_validated_as_a_whole(body, current, changes, error_ids):
    found, errors = rules.validate_decisions(body, current)
    assert found == changes and [e["id"] for e in errors] == error_ids


SHELL = (
    '<!DOCTYPE html>\n<html lang="de">\n<head>\n<title>%%intake-title%%</title>\n'
    '<link rel="stylesheet" href="/theme/css/bundle-1.css">\n</head>\n<body>\n'
    '<header class="site-header"><a href="/">Albrecht</a></header>\n<main id="main">'
    "<!--intake:content--></main>\n</body>\n</html>\n"
)


def test_a_page_wears_the_site_shell_once_the_site_has_one_and_the_plain_base_before(tmp_path):
    from intake import store
    from intake.settings import Settings
    from intake.web import Intake

    site = tmp_path / "site"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/i.sqlite3", look=str(site), site_url="https://www.example.com"
    )
    intake = Intake.build(settings, store.make_engine(settings.database_url))
    intake.look.refresh()  # no site built yet
    plain = intake.message("de", 404, "Diese Seite gibt es nicht.").body.decode()
    assert "<main>" in plain and "site-header" not in plain and "<title>Das hat nicht geklappt · " in plain

    (site / "intake").mkdir(parents=True)
    (site / "intake" / "shell.html").write_text(SHELL, encoding="utf-8")
    intake.look.refresh()  # the worker's round: the new file is read at once
    page = intake.message("de", 404, "Diese Seite <gibt> es nicht.").body.decode()
    assert '<header class="site-header"><a href="https://www.example.com/">' in page
    assert '<link rel="stylesheet" href="https://www.example.com/theme/css/bundle-1.css">' in page
    assert "<title>Das hat nicht geklappt · " in page and "%%intake-title%%" not in page
    assert '<h1 class="page-title">Das hat nicht geklappt</h1>' in page
    assert "Diese Seite &lt;gibt&gt; es nicht." in page
    assert page.count("<html") == 1 and page.count("</html>") == 1 and "&lt;/head&gt;" not in page
    assert "site-header" not in intake.message("en", 404, "No such page.").body.decode()  # no English shell: plain
