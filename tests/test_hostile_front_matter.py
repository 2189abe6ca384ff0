"""The hostile-input corpus in every author-facing field: nothing an author (or whoever got
hold of an author's file) types runs, links to a script or adds an element on a built page.

One site for the module: post *n* carries corpus vector *n* in every front-matter field
(title, summary, tags, categories, author, post_image, header_image, hero_image_alt,
guest_author, guest_author_bio, first_published_in), page *n* in its title and
summary, offer *n* in every text field of an offer and its session, and the vocabulary,
authors and testimonials (the pull quotes of home and offer pages) files carry some. Every HTML file and the feed are parsed
("html.parser"); every post page and the list pages are also loaded in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from hostile import BROWSER_CHECK, XSS, page_problems

from content_reader.front_matter import split_front_matter
from content_reader.metadata import normalise
from sitecore.problems import ContentError
from sitetest import REPO, build_into, write_content

sys.path.insert(0, str(REPO / "tests" / "browser"))
from browsing import serve  # noqa: E402

SITEURL = "http://127.0.0.1:9"  # absolute, so feeds are written; never fetched
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # refused with file and line: see the last test
VECTORS = [(name, vector) for name, vector in XSS.items() if not UNWRITABLE.search(vector)]
ATOM = "{http://www.w3.org/2005/Atom}"


def q(text: str) -> str:
    """*text* as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=True)


def post(number: int, vector: str) -> str:
    return (
        f"---\ntitle: {q(vector)}\ndate: {dt.datetime(2024, 1, 1) + dt.timedelta(hours=number):%Y-%m-%d %H:%M}\n"
        f"slug: p{number}\n"
        f"author: {q(vector)}\ncategories: [{q(vector)}, Vertrieb]\ntags: [{q(vector)}, Vertrieb]\n"
        f"summary: {q(vector)}\npost_image: {q(vector)}\nheader_image: {q(vector)}\n"
        f"hero_image_alt: {q(vector)}\nguest_author: {q(vector)}\nguest_author_bio: {q(vector)}\n"
        f"first_published_in: {q(vector)}\nfirst_published_url: https://example.org/a\noffer: o{number}\n---\n"
        "Der Text.\n\n> Ein Zitat als Pull Quote.\n"  # the body is the author's HTML by design: not probed
    )


def offer(number: int, vector: str) -> str:
    return (
        f"---\noffer: o{number}\ntitle: {q(vector)}\nslug: o{number}\nsummary: {q(vector)}\n"
        f"tags: [Vertrieb, {q(vector)}]\nformat: praesenz\nduration: {q(vector)}\naudience: {q(vector)}\n"
        f"goals: [{q(vector)}]\ntrainer: {q(vector)}\nincluded: [{q(vector)}]\ncancellation: {q(vector)}\n"
        "price: {amount: 990, currency: EUR, vat: net}\nmin_participants: 2\nmax_participants: 8\n"
        "registration: https://anmeldung.example/seminar\nsessions:\n"
        f"  - start: 2027-06-01 09:00\n    end: 2027-06-01 17:00\n    location: {q(vector)}\n---\n\nWorum es geht.\n"
    )


def site_files() -> dict[str, str]:
    first = [v for _, v in VECTORS[:6]]
    files = {
        "taxonomy.yml": (
            "topics:\n  vertrieb:\n    name: {de: Vertrieb, en: Sales}\n"
            f"    description: {{de: {q(first[0])}, en: {q(first[1])}}}\n"
        ),
        "authors.yml": (
            f"authors:\n  a:\n    name: {q(first[2])}\n    role: {{de: {q(first[3])}, en: {q(first[4])}}}\n"
            f"    bio: {{de: {q(first[5])}, en: {q(first[5])}}}\n"
        ),
        "testimonials.yml": "testimonials:\n"
        + "".join(
            f"  - quote: {{de: {q(v)}, en: {q(v)}}}\n    name: {q(v)}\n    role: {{de: {q(v)}, en: {q(v)}}}\n"
            f"    company: {q(v)}\n    offer: o{n}\n"
            for n, (_, v) in enumerate(VECTORS[:8])
        ),
    }
    for number, (_name, vector) in enumerate(VECTORS):
        files[f"de/posts/p{number}.md"] = post(number, vector)
        files[f"de/offers/o{number}.md"] = offer(number, vector)
        files[f"de/pages/s{number}.md"] = (
            f"---\ntitle: {q(vector)}\nslug: s{number}\nsummary: {q(vector)}\n---\nText.\n"
        )
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-front-matter")
    content = write_content(root, site_files())
    built = build_into(
        root / "output",
        PATH=str(content),
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
        FEED_ENABLED=True,
        TRAINING_OFFERS_TODAY="2026-01-01",
    )
    assert built.report.ok, built.report.errors
    return built


def test_every_vector_was_built_into_a_post_a_page_and_an_offer(site):
    for number in range(len(VECTORS)):
        for url in (f"/blog/p{number}/", f"/s{number}/", f"/trainings/o{number}/"):
            assert site.exists(url), url


def test_no_page_holds_a_live_element_handler_or_script_url(site):
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 4 * len(VECTORS)
    problems = []
    for path in pages:
        problems += page_problems(path.read_text(encoding="utf-8"), str(path.relative_to(site.root)), SITEURL)
    assert problems == [], "\n".join(problems)


def test_the_feeds_html_holds_nothing_live(site):
    feeds = sorted(site.root.rglob("*.atom.xml"))
    assert feeds
    problems = []
    for feed in feeds:
        for element in ET.parse(feed).getroot().iter():
            if element.tag in (f"{ATOM}summary", f"{ATOM}content") and element.text:
                problems += page_problems(element.text, f"{feed.name}: {element.tag}", SITEURL)
    assert problems == [], "\n".join(problems)


def test_in_chromium_no_dialog_no_foreign_request_no_script_url(site, browser):
    url, server = serve(site.root)
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    seen = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog {dialog.message!r} on {page.url}"), dialog.dismiss()))
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(url)
            else route.abort()  # the site's own absolute URLs (SITEURL) are not served here
            if route.request.url.startswith(SITEURL + "/")
            else (seen.append(f"request to {route.request.url} from {page.url}"), route.abort())
        ),
    )
    paths = ["/", "/blog/", "/blog/seite/2/", "/themen/vertrieb/", "/trainings/", "/archiv/"]
    paths += [f"/blog/p{n}/" for n in range(len(VECTORS))]
    paths += [f"/trainings/o{n}/" for n in range(0, len(VECTORS), 7)]
    try:
        for path in paths:
            response = page.goto(url + path, wait_until="load")
            assert response.ok, path
            seen += [f"{path}: {problem}" for problem in page.evaluate(BROWSER_CHECK)]
            # hover and focus everything once: handlers that wait for a reader would fire now
            page.evaluate(
                "() => { for (const el of document.querySelectorAll('body *')) {"
                " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } }"
            )
    finally:
        context.close()
        server.shutdown()
    assert seen == [], "\n".join(seen)


@pytest.mark.parametrize("name", [name for name, vector in XSS.items() if UNWRITABLE.search(vector)])
def test_a_control_character_in_front_matter_is_one_error_naming_file_and_line(name):
    """A NUL or ESC no feed can carry (the build failed in the feed writer, naming no file)."""
    text = post(0, XSS[name])
    with pytest.raises(ContentError) as raised:
        normalise(
            split_front_matter(text, "de/posts/p0.md"),
            "de/posts/p0.md",
            folder_lang="de",
            languages=("de", "en"),
            timezone=ZoneInfo("Europe/Berlin"),
            content_root="content",
            require_date=True,
        )
    problem = raised.value.problem
    assert (problem.path, problem.line) == ("de/posts/p0.md", 2)
    assert "control character U+0000" in problem.message
