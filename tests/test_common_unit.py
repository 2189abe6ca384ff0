"""The shared pure package `common`: what the site build and the intake both mean, by tables of
input and output (no Pelican, no Starlette)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from common.commentable_posts import Article, articles_json, parse_articles
from common.prices import OfferPrice
from common.setting_checks import FormEndpoint, UrlPerLanguage, WholeNumber, intake_form_endpoints
from common.site_look import CONTENT_MARK, TITLE_MARK, parse_shell, shell_path
from common.spam_signals import (
    DEFAULT_BLOCKED_WORDS,
    blocked_word_list,
    blocked_words_in,
    link_count,
    normalised_text,
)
from common.spreadsheet import neutralise, read_cell
from common.training_sessions import Terms, TrainingSession, parse_sessions, parse_terms, session_start, sessions_json

# ---------------------------------------------------------------- a training session and its JSON

EVERY_FIELD = TrainingSession(  # no field at its default: a field the JSON loses fails the round trip
    offer="seminar",
    session="2027-03-02T09:00",
    end="2027-03-09T12:30",
    max=12,
    status="moved_online",
    titles={"de": "Seminar", "en": "Seminar (en)"},
    urls={"de": "/trainings/seminar/", "en": "/en/trainings/seminar/"},
    parts=(("2027-03-02T09:00", "2027-03-02T12:30"), ("2027-03-09T09:00", "2027-03-09T12:30")),
    cancel_days=28,
    seats_left=3,
    booked_out=True,
    location="online",
    online=True,
    join_info_with="confirmation",
    join_url="https://meet.example.org/room",
    prices={"de": "590 € inkl. MwSt. pro Person", "en": "€590 incl. VAT per person"},
    included={"de": ("Zwei Module",), "en": ("Two modules",)},
    trainer="Maren Albrecht",
    durations={"de": "2 Vormittage", "en": "2 mornings"},
    reminders=(14, 2),
    price=OfferPrice(Decimal("490.50"), "EUR", "gross", Decimal(7), "group"),
    buyers="business",
    terms_version="2026-12-07",
)


def test_every_field_of_a_session_survives_the_file():
    defaults = TrainingSession("o", "2027-01-01T09:00", "2027-01-01T17:00", None, "scheduled")
    unset = [
        f.name for f in dataclasses.fields(TrainingSession) if getattr(EVERY_FIELD, f.name) == getattr(defaults, f.name)
    ]
    assert unset == []  # a new field needs a value here
    assert parse_sessions(sessions_json([EVERY_FIELD])) == {("seminar", "2027-03-02T09:00"): EVERY_FIELD}


def test_each_language_file_carries_its_own_terms_and_the_intake_reads_them_all():
    german = Terms("2026-12-07", "/teilnahmebedingungen/", "Teilnahmebedingungen")
    english = Terms("2026-12-01-en", "/en/terms/", "Terms of participation")
    texts = (sessions_json([EVERY_FIELD], {"de": german}), sessions_json([EVERY_FIELD], {"en": english}))
    assert parse_terms(*texts) == {"de": german, "en": english}
    assert parse_terms(*reversed(texts)) == {"de": german, "en": english}
    assert parse_terms(sessions_json([EVERY_FIELD])) == {}  # a site without terms
    with pytest.raises(ValueError):
        parse_terms(texts[0], "[]")


def test_the_file_has_one_entry_per_language_and_stable_bytes():
    text = sessions_json([EVERY_FIELD])
    entries = json.loads(text)["sessions"]
    assert [(e["lang"], e["title"], e["url"]) for e in entries] == [
        ("de", "Seminar", "/trainings/seminar/"),
        ("en", "Seminar (en)", "/en/trainings/seminar/"),
    ]
    assert text == sessions_json([EVERY_FIELD]) and text.endswith("}\n")
    assert [(e["price"], e["included"]) for e in entries] == [
        ("590 € inkl. MwSt. pro Person", ["Zwei Module"]),
        ("€590 incl. VAT per person", ["Two modules"]),
    ]
    assert entries[0]["offer_price"] == {  # the structured price beside the page's text: the review step's
        "amount": "490.50",
        "currency": "EUR",
        "vat": "gross",
        "vat_rate": "7",
        "unit": "group",
    }
    plain = dataclasses.replace(
        EVERY_FIELD,
        parts=(),
        cancel_days=None,
        seats_left=None,
        titles={},
        urls={},
        join_info_with="reminder",
        trainer="",
        reminders=None,
        price=None,
        buyers="all",
        terms_version="",
    )
    assert json.loads(sessions_json([plain]))["sessions"] == [  # optional fields are left out
        {
            "offer": "seminar",
            "session": "2027-03-02T09:00",
            "end": "2027-03-09T12:30",
            "max": 12,
            "status": "moved_online",
            "booked_out": True,
            "location": "online",
            "online": True,
            "join_info_with": "reminder",  # the joining link is published only when the confirmation carries it
        }
    ]


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ([7, 1], (7, 1)),
        ([1, 7, 7], (7, 1)),
        ([], ()),
        ([0], None),
        ([366], None),
        (["7"], None),
        ([True], None),
        (7, None),
    ],
)
def test_an_offers_reminders_are_whole_days_greatest_first_or_the_intakes_default(value, days):
    entry = {"offer": "a", "session": "2027-04-01T09:00", "reminders": value}
    [session] = parse_sessions(json.dumps({"sessions": [entry]})).values()
    assert session.reminders == days


@pytest.mark.parametrize(
    ("max_participants", "seats_left", "booked_out", "seats"),
    [
        (12, None, False, 12),
        (12, 4, False, 4),
        (12, 0, False, 0),
        (12, 4, True, 0),
        (3, 5, False, 3),
        (None, None, False, None),
    ],
)
def test_the_intake_may_confirm_the_seats_the_page_calls_free(max_participants, seats_left, booked_out, seats):
    session = TrainingSession("o", "2027-01-01T09:00", "2027-01-01T17:00", max_participants, "scheduled")
    assert dataclasses.replace(session, seats_left=seats_left, booked_out=booked_out).seats == seats


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"offer": "a", "session": "2027-04-01T09:00"}, ("2027-04-01T09:00", None, "scheduled", None, None)),
        (
            {"offer": "a", "session": "2027-04-01T09:00", "end": "2027-04-02T17:00", "max": 8, "seats_left": 0},
            ("2027-04-02T17:00", 8, "scheduled", None, 0),
        ),
        (
            {"offer": "a", "session": "2027-04-01T09:00", "end": "morgen", "max": True, "seats_left": -1},
            ("2027-04-01T09:00", None, "scheduled", None, None),
        ),
        (
            {"offer": "a", "session": "2027-04-01T09:00", "cancel_days": 366},
            ("2027-04-01T09:00", None, "scheduled", None, None),
        ),
        (
            {"offer": "a", "session": "2027-04-01T09:00", "cancel_days": 0, "status": "cancelled"},
            ("2027-04-01T09:00", None, "cancelled", 0, None),
        ),
    ],
)
def test_a_sessions_optional_fields_are_read_or_left_at_their_default(entry, expected):
    [session] = parse_sessions(json.dumps({"sessions": [entry]})).values()
    assert (session.end, session.max, session.status, session.cancel_days, session.seats_left) == expected


@pytest.mark.parametrize(
    "entry",
    [{"offer": "a", "session": "2027-13-01T09:00"}, {"offer": 3, "session": "2027-04-01T09:00"}, {"offer": "a"}, "x"],
)
def test_an_entry_without_offer_or_start_is_skipped(entry):
    assert parse_sessions(json.dumps({"sessions": [entry]})) == {}


@pytest.mark.parametrize("text", ['{"articles": []}', "[]", '{"sessions": {}}'])
def test_a_file_that_is_no_list_of_sessions_is_refused(text):
    with pytest.raises(ValueError):
        parse_sessions(text)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2027-03-10T09:00", True),
        ("2027-02-30T09:00", False),
        ("2027-03-10 09:00", False),
        ("2027-03-10T09:00Z", False),
    ],
)
def test_session_start(value, valid):
    assert (session_start(value) is not None) == valid


# ---------------------------------------------------------------- commentable posts and blocked words


def test_the_list_of_posts_carries_the_sites_blocked_words():
    post = Article("beitrag", "de", "/blog/beitrag/", "Ein Beitrag", ("Maren Albrecht",), ("backlinks",))
    text = articles_json([post], ("backlinks",))
    assert parse_articles(text) == {("beitrag", "de"): post}
    assert json.loads(text)["blocked_words"] == ["backlinks"]
    assert parse_articles(articles_json([post], ()))[("beitrag", "de")].blocked_words == ()  # none is none


def test_a_list_written_before_the_blocked_words_gives_the_defaults():
    old = {"articles": [{"article": "a", "lang": "en", "url": "/en/blog/a/", "title": "A"}]}
    assert parse_articles(json.dumps(old))[("a", "en")] == Article(
        "a", "en", "/en/blog/a/", "A", (), DEFAULT_BLOCKED_WORDS
    )
    with pytest.raises(ValueError):
        parse_articles('{"sessions": []}')


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        (None, DEFAULT_BLOCKED_WORDS),
        ("Casino", ("casino",)),
        (["Straße", " ", "", "SEO Services"], ("strasse", "seo services")),
        ((), ()),
        ({"loan"}, ("loan",)),
    ],
)
def test_blocked_word_list(setting, words):
    assert blocked_word_list(setting) == words


@pytest.mark.parametrize(  # moved from tests/intake/test_intake_units.py: the intake and the export count alike
    ("text", "website", "count"),
    [
        ("no links", "", 0),
        ("see https://a.example and www.b.example", "", 2),
        ("[x](y) mailto:a@b.c", "https://c.example", 3),
    ],
)
def test_link_count(text, website, count):
    assert link_count(text, website) == count


@pytest.mark.parametrize(
    ("text", "author", "found"),
    [
        ("Cheap VIAGRA here", "x", ["viagra"]),
        ("fine", "Casino Royal", ["casino"]),
        ("Kredit ohne Schufa sofort", "x", ["kredit ohne schufa"]),
        ("nothing", "nobody", []),
        ("Große STRASSE", "x", []),  # only words of the list
        ("an seo", "services", []),  # a word is not found across text and name
    ],
)
def test_blocked_words(text, author, found):
    assert blocked_words_in(text, author, DEFAULT_BLOCKED_WORDS) == found


def test_the_blocked_words_of_a_setting_match_a_casefolded_text():
    assert blocked_words_in("Zur STRASSE", "x", blocked_word_list(["Straße"])) == ["strasse"]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("Danke, sehr hilfreich!", "danke sehr   HILFREICH", True), ("Danke", "Danke!!", True), ("Danke", "Dank", False)],
)
def test_normalised_text_decides_duplicates(first, second, same):
    assert (normalised_text(first) == normalised_text(second)) == same


# ---------------------------------------------------------------- spreadsheet formula safety


@pytest.mark.parametrize(  # moved from tests/plugins/test_comments_unit.py
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Grüße", "Grüße"),
        ("a=b", "a=b"),
        (3, "3"),
        (None, ""),
    ],
)
def test_cells_are_neutralised_against_formulas(cell, expected):
    assert neutralise(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("'=1+2", "=1+2"), ("  approve ", "approve"), (None, ""), ("Grüße", "Grüße"), ("''x", "'x")],
)
def test_a_cell_read_back_loses_its_formula_guard(cell, expected):
    assert read_cell(cell) == expected


@pytest.mark.parametrize("value", ["=1+2", "-3", "@SUM(A1)", "approve", "Grüße"])
def test_a_neutralised_cell_reads_back_as_written(value):
    assert read_cell(neutralise(value)) == value


# ---------------------------------------------------------------- setting checks


@pytest.mark.parametrize(
    ("settings", "value", "message"),
    [
        ({}, 5, None),
        ({"N": None}, 5, None),
        ({"N": ""}, 5, None),
        ({"N": 0}, 0, None),
        ({"N": " 12 "}, 12, None),  # an environment variable
        ({"N": 7}, 7, None),
        ({"N": "abc"}, 5, "N 'abc' is not a whole number"),
        ({"N": -1}, 5, "N -1 is not a whole number"),
        ({"N": 2.5}, 5, "N 2.5 is not a whole number"),
        ({"N": True}, 5, "N True is not a whole number"),
    ],
)
def test_whole_number(settings, value, message):
    got, problem = WholeNumber("N", 5).read(settings)
    assert got == value
    assert (problem and problem.message) == message
    if problem:
        assert problem.hint == "e.g. N = 5" and "\n" not in problem.message


def test_a_whole_number_names_what_it_counts_and_spells_its_environment():
    _, problem = WholeNumber("DAYS", 14, minimum=1, noun="a number of days").read({"DAYS": 0})
    assert problem.message == "DAYS 0 is not a number of days"
    _, problem = WholeNumber("LIMIT", 3, minimum=1).read({"LIMIT": "0"})
    assert problem.environment_line() == "LIMIT='0' is not a whole number of at least 1"


ENDPOINT = FormEndpoint("X_ENDPOINT", "comment", "/comments", "kommentare.example.com")


@pytest.mark.parametrize(
    ("raw", "endpoint", "problem"),
    [
        (None, "", None),
        ("", "", None),
        (" https://kommentare.example.com/comments ", "https://kommentare.example.com/comments", None),
        ("/comments", "/comments", None),
        (
            "kommentare.example/comments",
            "",
            "X_ENDPOINT 'kommentare.example/comments' is not an address the comment form can post to",
        ),
        ("javascript:alert(1)", "", "X_ENDPOINT 'javascript:alert(1)' is not an address the comment form can post to"),
        (
            'https://x.example/"onmouseover=',
            "",
            "X_ENDPOINT 'https://x.example/\"onmouseover=' is not an address the comment form can post to",
        ),
        (
            "https://x.example/a b",
            "",
            "X_ENDPOINT 'https://x.example/a b' is not an address the comment form can post to",
        ),
    ],
)
def test_form_endpoint(raw, endpoint, problem):
    got, found = ENDPOINT.read({"X_ENDPOINT": raw})
    assert got == endpoint
    assert (found and found.message) == problem
    if found:
        assert found.hint == "the full URL of the intake's POST /comments, e.g. https://kommentare.example.com/comments"


@pytest.mark.parametrize(
    ("raw", "urls", "bad"),
    [
        (None, {}, False),
        ({}, {}, False),
        (
            {"de": "datenschutz/", "en": "https://example.com/privacy"},
            {"de": "datenschutz/", "en": "https://example.com/privacy"},
            False,
        ),
        ("datenschutz/", {}, True),
        ({"de": 3}, {}, True),
        ({"de": 'x" onclick="y'}, {}, True),
    ],
)
def test_url_per_language(raw, urls, bad):
    got, problem = UrlPerLanguage("PRIVACY").read({"PRIVACY": raw})
    assert got == urls
    assert (problem is not None) == bad
    if problem:
        assert problem.message == f"PRIVACY {raw!r} is not a dict of language -> URL" and problem.hint.startswith(
            "e.g. {"
        )


# ---------------------------------------------------------------- every form endpoint from one address

INTAKE = "https://intake.example.com"
EVERY_ENDPOINT = {
    "COMMENTS_ENDPOINT": INTAKE + "/comments",
    "REGISTRATIONS_ENDPOINT": INTAKE + "/registrations",
    "CONTACT_ENDPOINT": INTAKE + "/contact",
    "WITHDRAWALS_ENDPOINT": INTAKE + "/withdrawals",
}


@pytest.mark.parametrize(
    ("settings", "endpoints", "bad"),
    [
        ({}, {}, False),
        ({"INTAKE_PUBLIC_URL": ""}, {}, False),
        ({"INTAKE_PUBLIC_URL": INTAKE}, EVERY_ENDPOINT, False),
        ({"INTAKE_PUBLIC_URL": INTAKE + "/"}, EVERY_ENDPOINT, False),
        # a form set on its own keeps its endpoint
        (
            {"INTAKE_PUBLIC_URL": INTAKE, "CONTACT_ENDPOINT": "https://other.example/contact"},
            {k: v for k, v in EVERY_ENDPOINT.items() if k != "CONTACT_ENDPOINT"},
            False,
        ),
        (
            {"INTAKE_PUBLIC_URL": "http://127.0.0.1:8081"},
            {
                "COMMENTS_ENDPOINT": "http://127.0.0.1:8081/comments",
                "REGISTRATIONS_ENDPOINT": "http://127.0.0.1:8081/registrations",
                "CONTACT_ENDPOINT": "http://127.0.0.1:8081/contact",
                "WITHDRAWALS_ENDPOINT": "http://127.0.0.1:8081/withdrawals",
            },
            False,
        ),
        ({"INTAKE_PUBLIC_URL": "intake.example.com"}, {}, True),
        ({"INTAKE_PUBLIC_URL": 'https://x.example/"><script>'}, {}, True),
        ({"INTAKE_PUBLIC_URL": "ftp://intake.example.com"}, {}, True),
    ],
)
def test_intake_form_endpoints(settings, endpoints, bad):
    derived, problem = intake_form_endpoints(settings)
    assert derived == endpoints
    assert (problem is not None) == bad
    if bad:
        assert problem.message.startswith("INTAKE_PUBLIC_URL ") and "make publish" in problem.hint


# ---------------------------------------------------------------- the site's look for the intake

SHELL = (
    '<!DOCTYPE html>\n<html lang="de">\n<head>\n<title>%s</title>\n'
    '<meta property="og:title" content="%s">\n'
    '<link rel="canonical" href="/">\n<meta property="og:url" content="/">\n'
    '<link rel="alternate" hreflang="en" href="/en/">\n'
    '<script type="application/ld+json">{"url": "/"}</script>\n'
    '<link rel="stylesheet" href="/theme/css/bundle-1.css">\n</head>\n<body>\n'
    '<a class="brand" href="/">Brand</a><a href="https://elsewhere.example/">x</a>'
    '<form action="/suche/"></form><img src="//cdn.example/x.png" alt="">\n'
    '<main>%s</main>\n<footer><a href="/impressum/">Impressum</a></footer>\n</body>\n</html>\n'
) % (TITLE_MARK, TITLE_MARK, CONTENT_MARK)


def test_the_shell_of_each_language_has_its_path():
    assert [shell_path(lang) for lang in ("de", "en")] == ["intake/shell.html", "en/intake/shell.html"]


def test_a_shell_wraps_the_page_with_links_to_the_site_and_no_address_of_its_own():
    shell = parse_shell(SHELL, "http://127.0.0.1:8000/")
    top = shell.before('Danke & "gut"', head="<style>p{}</style>")
    assert "<title>Danke &amp; &quot;gut&quot;</title>" in top
    assert 'content="Danke &amp; &quot;gut&quot;"' in top
    assert "<style>p{}</style></head>" in top
    assert 'href="http://127.0.0.1:8000/theme/css/bundle-1.css"' in top
    assert 'class="brand" href="http://127.0.0.1:8000/"' in top
    assert 'action="http://127.0.0.1:8000/suche/"' in top
    assert 'href="https://elsewhere.example/"' in top and 'src="//cdn.example/x.png"' in top  # left as written
    for own in ('rel="canonical"', "og:url", 'rel="alternate"', "ld+json"):
        assert own not in top
    assert top.endswith("<main>") and shell.bottom.startswith("</main>")
    assert 'href="http://127.0.0.1:8000/impressum/"' in shell.bottom


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<html><main></main></html>",  # no marks: not a shell (an old site, a 404 page)
        SHELL.replace(CONTENT_MARK, CONTENT_MARK * 2),
        SHELL.replace(TITLE_MARK, "Titel"),
    ],
)
def test_what_is_no_shell_is_refused(text):
    with pytest.raises(ValueError, match="shell"):
        parse_shell(text, "https://www.example.com")
