"""Screenshots of the main page kinds on a desktop and a phone: the site's pages, the search
with a query, and the intake's answers (a thank-you page, a problem page) in the site's look,
which axe-core checks too.

They go to the test run's temp folder, or to ``$SCREENSHOTS_DIR`` (``make screenshots``
writes ``docs/screenshots/`` for the README).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import arrived, visit
from sitetest import REPO

sys.path.insert(0, str(REPO / "tests" / "intake"))  # the intake's own test server (uvicorn in a thread)
from intake_servers import free_port, serve as serve_app  # noqa: E402

from intake import create_app  # noqa: E402
from intake.settings import Settings  # noqa: E402

PAGES = {
    "home": "/",
    "post": "/blog/golden-mitte-videocall/",
    "offer": "/trainings/kommunikationstraining-vertrieb/",
    "topic-en": "/en/topics/sales/",
}


@pytest.fixture(scope="module")
def intake_url(sample_site, site_url, tmp_path_factory):
    """The real intake beside the served sample site, wearing its look (its page shells)."""
    root = tmp_path_factory.mktemp("screenshot-intake")
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{root / 'intake.sqlite3'}",
        site_url=site_url,
        public_url=f"http://127.0.0.1:{port}",
        articles=str(sample_site.root / "comments" / "articles.json"),
        offers=str(sample_site.root / "trainings" / "sessions.json"),
        look=str(sample_site.root),
        var_dir=str(root / "var"),
    )
    with serve_app(create_app(settings), port) as url:
        yield url


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing on the page (the intake's pages, in the site's look)."""
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    # no preload: axe would fetch the stylesheet, which the intake's CSP (no connect-src) refuses, as it should
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}, "preload": False})
    violations = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
    assert violations == [], f"{page.url}: {violations}"


def save(page) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or page.screenshots)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{page.kind}-{page.viewport_name}.png"
    page.screenshot(path=target, full_page=False)
    assert target.stat().st_size > 5000  # a rendered page, not a blank image
    return target


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_screenshot(page, kind, screenshots):
    page.kind, page.screenshots = kind, screenshots
    visit(page, PAGES[kind])
    save(page)


def test_screenshot_of_the_search_with_a_query(page, screenshots):
    page.kind, page.screenshots = "search", screenshots
    visit(page, "/suche/?q=Kundenkontakt")
    page.locator(".search-result").first.wait_for()
    save(page)


def test_screenshot_of_the_intakes_thank_you_page(page, intake_url, screenshots):
    page.kind, page.screenshots = "intake-thanks", screenshots
    page.allowed_hosts.add(urlsplit(intake_url).netloc)
    page.goto(f"{intake_url}/comments/thanks?article=golden-mitte-videocall&lang=de")
    arrived(page)
    assert page.locator("header.site-header").is_visible()  # the site's look, not a bare page
    assert_accessible(page)
    save(page)


def test_screenshot_of_the_intakes_problem_page(page, intake_url, screenshots):
    """A comment the intake refuses (English, no valid address, no consent), sent from the post
    as a reader's browser sends it (the sample site is built without the form: the test adds it)."""
    page.kind, page.screenshots = "intake-problem", screenshots
    page.allowed_hosts.add(urlsplit(intake_url).netloc)
    visit(page, "/en/blog/golden-mean-video-calls/")
    page.evaluate(
        """(action) => {
        const form = Object.assign(document.createElement('form'), {method: 'post', action});
        for (const [name, value] of Object.entries({article: 'golden-mean-video-calls', lang: 'en',
                author: 'Ada', email: 'ada-at-example', comment: 'Short calls helped our team.'})) {
            form.append(Object.assign(document.createElement('input'), {type: 'hidden', name, value}));
        }
        document.body.append(form);
        form.submit();
    }""",
        f"{intake_url}/comments",
    )
    page.wait_for_url(f"{intake_url}/comments")
    arrived(page)
    assert page.locator("ul.problems li").count() == 2 and page.locator("header.site-header").is_visible()
    # the 400 is the answer this page shows, not a failure of the site
    page.watch.failed_requests[:] = [r for r in page.watch.failed_requests if not r.endswith("/comments 400")]
    page.watch.console_errors[:] = [e for e in page.watch.console_errors if "status of 400" not in e]
    assert_accessible(page)
    save(page)
