"""What the import takes for the article and what for the old page around it (authoring.import_cleanup, pure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from authoring.import_cleanup import analyse, best_offer, parse_date

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("21. November 2019 von Maren Albrecht", (2019, 11, 21, 0, 0)),
        ("Oktober 23, 2019Agilität im Kopf", (2019, 10, 23, 0, 0)),
        ("22. November 2019 um 17:40", (2019, 11, 22, 17, 40)),
        ("March 4, 2020 at 3:20 pm", (2020, 3, 4, 15, 20)),
        ("Gespeichert von admin am Do., 14.03.2019 - 10:30", (2019, 3, 14, 10, 30)),
        ("Submitted by jane on Thu, 11/21/2019 - 08:05", (2019, 11, 21, 8, 5)),
        ("2019-02-30", None),  # no such day
        ("Kein Datum", None),
    ],
)
def test_dates_of_german_and_english_pages(text, moment):
    expected = dt.datetime(*moment, tzinfo=BERLIN) if moment else None
    assert parse_date(text, BERLIN) == expected


COMMENTS = """\
Titel
Ein Absatz mit Text.
Kommentare
Thomas Brenner sagt:
1. März 2021 um 08:00
Gute Idee.
Antworten
Jane Porter
2. März 2021 um 09:00
Hallo Thomas, bei uns auch.
Antworten
Kurt Leser
3. März 2021 um 10:00
Antwort auf Jane Porter
Stimmt nicht ganz.
Maren Albrecht
4. März 2021 um 11:00
Danke für Ihren Kommentar, Herr Leser!
Schreiben Sie einen Kommentar
"""


def test_replies_are_threaded_where_the_text_shows_them():
    findings = analyse(
        COMMENTS.splitlines(), timezone=BERLIN, house_authors=frozenset({"maren albrecht"}), with_title=True
    )
    assert [(c.author, c.reply_to, c.house) for c in findings.comments] == [
        ("Thomas Brenner", None, False),
        ("Jane Porter", 0, False),  # "Hallo Thomas"
        ("Kurt Leser", 1, False),  # "Antwort auf Jane Porter"
        ("Maren Albrecht", 2, True),  # "Herr Leser"
    ]
    assert findings.comments[3].paragraphs == (
        "Danke für Ihren Kommentar, Herr Leser!",
    )  # a reply, not the form's thanks
    assert findings.comments_from == 2
    assert {r.text for r in findings.removed} >= {"Kommentare", "Antworten", "Antwort auf Jane Porter"}


def test_menu_words_and_date_lines_inside_the_text_stay_text():
    lines = ["Titel", "Kontakt", "Ein Absatz.", "Kontakt", "21. November 2019", "Noch ein Absatz.", "Kontakt"]
    findings = analyse(lines, timezone=BERLIN, with_title=True)
    assert sorted(r.index for r in findings.removed) == [1, 6]  # above and below the text only
    assert findings.date is None  # a date line in the text is not the page's date


def test_an_offer_is_found_by_the_words_of_its_title():
    offers = {
        "kommunikationstraining-vertrieb": "Kommunikationstraining für Vertriebsteams",
        "videocall": "Verkaufen im Videocall",
    }
    assert (
        best_offer("Sie wollen ein Kommunikationstraining? Mehr dazu unter:", offers)
        == "kommunikationstraining-vertrieb"
    )
    assert best_offer("Sie wollen ein Führungscoaching? Mehr dazu unter:", offers) == ""
    findings = analyse(
        ["Titel", "Text.", "Sie wollen ein Führungscoaching? Mehr dazu unter:"],
        timezone=BERLIN,
        offers=offers,
        with_title=True,
    )
    assert findings.callout is None and findings.unmatched_call.startswith("Sie wollen ein Führungscoaching?")


ENGLISH = """\
Listening first
Posted on March 3, 2020 by Maren Albrecht
Good salespeople talk less.
Share this:
3 thoughts on “Listening first”
Jane Porter says:
March 4, 2020 at 10:00 am
We tried it.
Reply
Maren Albrecht says:
March 4, 2020 at 3:20 pm
Thank you, Jane!
Reply
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Post Comment
"""


def test_an_english_page_copied_from_the_browser():
    findings = analyse(
        ENGLISH.splitlines(), timezone=BERLIN, house_authors=frozenset({"maren albrecht"}), with_title=True
    )
    assert findings.date == dt.datetime(2020, 3, 3, tzinfo=BERLIN)
    assert [(c.author, c.date.hour, c.paragraphs, c.reply_to, c.house) for c in findings.comments] == [
        ("Jane Porter", 10, ("We tried it.",), None, False),
        ("Maren Albrecht", 15, ("Thank you, Jane!",), 0, True),
    ]
    kept = [i for i in range(len(ENGLISH.splitlines())) if i not in findings.removed_indexes()]
    assert kept[:2] == [0, 2] and all(i >= findings.comments_from for i in kept[2:])  # title and text


def test_a_comment_without_a_date_is_named_in_the_report():
    from authoring.article_import import Article
    from authoring.import_cleanup import Findings, FoundComment
    from authoring.import_report import ImportFacts, report_lines

    findings = Findings(comments=[FoundComment("Jane Porter", None, ("Hi.",))])
    facts = ImportFacts("a.html", "content/en/posts/a.md", "2020-03-03 09:30", "found", "content/comments/a/")
    lines = report_lines(Article("A", "Text.", findings=findings), facts, "en")
    assert "      1. Jane Porter, ?" in lines
    assert "  - Comment 1 (Jane Porter) has no date: the post's date is used." in lines
