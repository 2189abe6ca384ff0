"""Titles, names and summaries are text everywhere: what an author typed is what a reader,
a feed reader, a search engine and a calendar read back, and no markup in it ever runs.

One tiny site per hostile text: the text is the title of a post, a page and an offer, the
name of the post's author and category and of the offer's trainer, and the summary of all
three. Every page kind, the JSON-LD, the Atom feed and the .ics are parsed back.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from test_authoring_cli import BASE, run_cli

from content_reader.front_matter import split_front_matter
from content_reader.metadata import normalise
from sitecore.urls import link_address
from sitetest import build_into, write_content

SITEURL = "https://www.example.com"
SITENAME = "Albrecht Kommunikationsberatung"
ATOM = "{http://www.w3.org/2005/Atom}"

# (typed text, the text a reader sees of it as a summary, which is Markdown)
CASES = [
    ('Warum "Nein" ein gutes Wort ist', 'Warum "Nein" ein gutes Wort ist'),
    ("Kundin's Wort & Tat", "Kundin's Wort & Tat"),
    ("Fett <b>oder</b> nicht", "Fett <b>oder</b> nicht"),
    ("Ende</title><script>alert(1)</script>", "Ende</title><script>alert(1)</script>"),
    ("„Nein“ sagen lernen", "„Nein“ sagen lernen"),
    ("A &amp; B", "A & B"),  # an entity: typed in a title it stays as typed, Markdown reads it
    ("*Sternchen* und [Link](https://example.org)", "Sternchen und Link"),
]

TAXONOMY = "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n"


def site_files(text: str) -> dict[str, str]:
    quoted = json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar
    return {
        "taxonomy.yml": TAXONOMY,
        "de/posts/beitrag.md": (
            f"Title: {text}\nDate: 2024-01-10 10:00\nSlug: beitrag\nAuthor: {text}\nCategory: {text}\n"
            f"Tags: Vertrieb\nSummary: {text}\n\nDer Text des Beitrags.\n"
        ),
        "de/posts/zweiter.md": (
            "Title: Zweiter Beitrag\nDate: 2024-02-10 10:00\nSlug: zweiter\nTags: Vertrieb\nOffer: seminar\n\n"
            "Noch ein Text.\n"
        ),
        "de/pages/seite.md": f"Title: {text}\nSlug: seite\nSummary: {text}\n\nText der Seite.\n",
        "de/offers/seminar.md": (
            f"---\noffer: seminar\ntitle: {quoted}\nslug: seminar\nsummary: {quoted}\ntags: [Vertrieb]\n"
            f"format: praesenz\nduration: 1 Tag\naudience: Alle\ngoals: [Lernen]\ntrainer: {quoted}\n"
            "price: {amount: 990, currency: EUR, vat: net}\nmin_participants: 2\nmax_participants: 8\n"
            "registration: https://anmeldung.example/seminar?a=1&b=2\nsessions:\n"
            "  - start: 2026-06-01 09:00\n    end: 2026-06-01 17:00\n    location: Bremen\n---\n\nWorum es geht.\n"
        ),
    }


@pytest.fixture(scope="module", params=CASES, ids=[f"case{n}" for n in range(len(CASES))])
def built(request, tmp_path_factory):
    text, summary = request.param
    root = tmp_path_factory.mktemp("escaping")
    content = write_content(root, site_files(text))
    site = build_into(
        root / "output",
        PATH=str(content),
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
        FEED_ENABLED=True,
        TRAINING_OFFERS_TODAY="2026-01-01",
    )
    assert site.report.ok, site.report.errors
    return site, text, summary


def meta(soup, **attrs) -> str:
    return soup.find("meta", attrs=attrs)["content"]


def json_ld(soup, kind: str) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data["@type"] == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def test_no_markup_from_the_input_becomes_an_element(built):
    site, _text, _summary = built
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("b") is None, page
        assert len(soup.find_all("title")) == 1, page
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (page, script)
            assert "<" not in (script.string or ""), page  # nothing in JSON-LD can end the element


def test_post_page_reads_back_title_author_category_and_summary(built):
    site, text, summary = built
    soup = site.soup("/blog/beitrag/")
    assert soup.title.get_text() == f"{text} – {SITENAME}"
    assert meta(soup, property="og:title") == f"{text} – {SITENAME}"
    assert meta(soup, name="description") == summary
    assert meta(soup, property="og:description") == summary
    heading = soup.select_one("h1.post__title")
    assert heading["data-title"] == text  # the title the search shows (data-pagefind-meta="title[data-title]")
    assert heading.get_text().replace("\u00ad", "") == text  # long words carry soft hyphens
    assert [a.get_text() for a in soup.select(".post__header .byline a")] == [text]
    assert soup.select_one(".post__categories a").get_text() == text
    posting = json_ld(soup, "BlogPosting")
    assert posting["headline"] == text
    assert posting["description"] == summary
    assert [author["name"] for author in posting["author"]] == [text]
    trail = json_ld(soup, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail[1:]] == [text, text]  # category, post


def test_listings_read_back_title_author_and_summary(built):
    site, text, summary = built
    home = site.soup("/")
    teaser = home.select_one(".teaser:has(a[href$='/blog/beitrag/'])")
    assert teaser.select_one(".teaser__title a").get_text().replace("\u00ad", "") == text
    assert teaser.select_one(".teaser__summary").get_text().strip() == summary
    assert teaser.select_one(".byline a").get_text() == text
    assert teaser.select_one(".teaser__more .visually-hidden").get_text() == f": {text}"
    if "*Sternchen*" in text:  # a summary stays Markdown
        assert teaser.select_one(".teaser__summary em").get_text() == "Sternchen"
        assert teaser.select_one(".teaser__summary a")["href"] == "https://example.org"
    archive = site.soup("/archiv/")
    assert text in [a.get_text() for a in archive.select(".archive-list a")]
    author_url = teaser.select_one(".byline a")["href"]
    author = site.soup(author_url.removeprefix(SITEURL))
    assert author.h1.get_text() == f"Beiträge von {text}"
    assert author.title.get_text() == f"Beiträge von {text} – {SITENAME}"
    category = site.soup(site.soup("/blog/beitrag/").select_one(".post__categories a")["href"].removeprefix(SITEURL))
    assert category.h1.get_text() == f"Kategorie: {text}"


def test_second_post_names_the_first_and_the_offer_as_text(built):
    site, text, _summary = built
    soup = site.soup("/blog/zweiter/")
    assert soup.select_one(".post-nav__older").contents[-1].strip() == text
    assert [a.get_text() for a in soup.select(".related-posts a")] == [text]
    assert soup.select_one(".offer-callout__title a").get_text() == text


def test_page_reads_back_title_and_summary(built):
    site, text, summary = built
    soup = site.soup("/seite/")
    assert soup.title.get_text() == f"{text} – {SITENAME}"
    assert soup.h1.get_text() == text
    assert meta(soup, name="description") == summary
    assert json_ld(soup, "BreadcrumbList")["itemListElement"][-1]["name"] == text


def test_offer_pages_read_back_title_summary_and_trainer(built):
    site, text, _summary = built
    soup = site.soup("/trainings/seminar/")
    assert soup.title.get_text() == f"{text} – {SITENAME}"
    assert soup.h1.get_text() == text
    assert meta(soup, name="description") == text  # an offer's summary is plain text
    assert soup.select_one(".offer__summary").get_text() == text
    assert text in [dd.get_text() for dd in soup.select(".offer-facts dd")]
    registration = site.soup(soup.select_one(".offer-register a.button")["href"].removeprefix(SITEURL))
    assert registration.select_one(".offer-registration__mail")["href"] == "https://anmeldung.example/seminar?a=1&b=2"
    assert registration.h1.get_text() == f"Anmeldung: {text}"
    assert registration.select_one(".offer-registration__offer").get_text() == text
    course = json_ld(soup, "Course")
    assert (course["name"], course["description"], course["hasCourseInstance"][0]["instructor"]["name"]) == (
        text,
        text,
        text,
    )
    overview = site.soup("/trainings/")
    assert overview.select_one(".offer-card__title a").get_text() == text
    assert overview.select_one(".offer-card__summary").get_text() == text
    topic = site.soup("/themen/vertrieb/")
    assert [a.get_text() for a in topic.select(".topic-offers__list a")] == [text]
    assert text in [a.get_text() for a in topic.select(".teaser__title a")]
    events = Calendar.from_ical(site.path("/trainings/seminar/seminar.ics").read_bytes()).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [text]


def test_feed_reads_back_title_author_and_summary(built):
    site, text, summary = built
    feed = ET.parse(site.path("/feeds/all.atom.xml")).getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith("/blog/beitrag/"))
    assert entry.find(f"{ATOM}title").text == text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == text
    description = entry.find(f"{ATOM}summary")
    assert description.get("type") == "html"
    summary_html = BeautifulSoup(description.text, "html.parser")
    assert summary_html.get_text().strip() == summary
    assert summary_html.find(["b", "script"]) is None
    ET.parse(site.path("/sitemap.xml"))  # well-formed, whatever the titles


# ---------- addresses in front matter ----------

ADDRESSES = [
    ("https://anmeldung.example/kurs?a=1&b=2", False, "https://anmeldung.example/kurs?a=1&b=2"),
    ("http://www.example.org", False, "http://www.example.org"),
    ("https://münchen.example/ä", False, "https://münchen.example/ä"),
    ('https://anmeldung.example/x"><script>alert(1)</script>', True, None),
    ("https://anmeldung.example/a b", False, None),
    ("javascript:alert(1)", True, None),
    ("ftp://files.example.org/x", False, None),
    ("www.example.org", False, None),
    ("https://localhost", False, None),
    ("kontakt@example.org", True, "mailto:kontakt@example.org"),
    ("mailto:kontakt@example.org", True, "mailto:kontakt@example.org"),
    ("kontakt@example.org", False, None),  # where no mail makes sense
    ('kontakt"@example.org', True, None),
]


@pytest.mark.parametrize(("value", "mail", "expected"), ADDRESSES)
def test_link_addresses(value, mail, expected):
    assert link_address(value, mail=mail) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('First_Published_Url: "https://example.org/a?b=1&c=2"', "https://example.org/a?b=1&c=2"),
        ("First_Published_Url: https://example.org/a", "https://example.org/a"),
        ("First_Published_Url:", None),
    ],
)
def test_first_published_url_is_read_as_an_address(line, expected):
    front = split_front_matter(f"Title: A\nDate: 2021-01-05\n{line}\n\nText\n", "a.md")
    meta, _warnings = normalise(
        front,
        "a.md",
        folder_lang="de",
        languages=("de", "en"),
        timezone=ZoneInfo("Europe/Berlin"),
        content_root="content",
        require_date=True,
    )
    assert meta.get("first_published_url") == expected


URL_MISTAKES = [
    (
        "de/posts/m.md",
        '---\ntitle: A\ndate: 2021-01-05\nfirst_published_url: "javascript:alert(1)"\n---\nText\n',
        "de/posts/m.md:4: the first_published_url 'javascript:alert(1)' is not a web address (write it as https://",
    ),
    (
        "de/offers/seminar.md",
        BASE["de/offers/seminar.md"].replace(
            "registration: kontakt@example.org",
            "registration: 'https://anmeldung.example/x\"><script>alert(1)</script>'",
        ),
        "de/offers/seminar.md:13: the registration 'https://anmeldung.example/x\"><script>alert(1)</script>' "
        "is neither a web address nor an e-mail address (write https://… or name@example.com)",
    ),
]


@pytest.mark.parametrize(("file", "text", "message"), URL_MISTAKES, ids=["first_published_url", "registration"])
def test_a_bad_address_is_one_error_in_check_and_build(tmp_path, file, text, message):
    write_content(tmp_path, {**BASE, file: text})
    result = run_cli(tmp_path, "check")
    lines = [line for line in result.stdout.splitlines() if file in line]
    assert len(lines) == 1 and lines[0].startswith(f"ERROR: content/{message}"), result.stdout
    assert result.returncode == 1
    site = build_into(tmp_path / "output", PATH=str(tmp_path / "content"))
    about = [m for m in site.report.errors + site.report.warnings if file in m]
    assert len(about) == 1 and about[0] in site.report.errors, about
    assert message.split(": ", 1)[1] in about[0]
    assert not site.exists("/")


def test_a_quote_in_title_and_summary_can_be_published(tmp_path):
    """The HTML checker of `make publish` accepts every page (it failed on `content="… "Nein" …"`)."""
    files = site_files('Warum "Nein" ein gutes Wort ist')
    files["de/posts/beitrag.md"] = files["de/posts/beitrag.md"].replace(
        "Summary: Warum", 'Summary: Ein "Nein" ist eine Chance. Warum'
    )
    content = write_content(tmp_path, files)
    site = build_into(
        tmp_path / "output",
        PATH=str(content),
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
        FEED_ENABLED=True,
        TRAINING_OFFERS_TODAY="2026-01-01",
        STRICT=True,
        MENU={"de": [], "en": []},
        FOOTER_LINKS={"de": [], "en": []},
        COMMENTS_PRIVACY_URL={"de": "seite/", "en": "seite/"},
    )
    assert site.report.ok, site.report.errors + site.report.warnings
    assert meta(site.soup("/blog/beitrag/"), name="description").startswith('Ein "Nein" ist eine Chance.')
