"""Screenshots of the main page kinds on a desktop and a phone: the site's pages, the search
with a query, the intake's answers (a thank-you page, a problem page) and the office's desk
(sign-in, Today, comments, trainings, a session's page) in the site's look, which axe-core checks too.

They go to the test run's temp folder, or to ``$SCREENSHOTS_DIR`` (``make screenshots``
writes ``docs/screenshots/`` for the README).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import Watch, arrived, visit
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


# The office's desk as the docs show it: on a common phone and a common laptop screen.
OFFICE_VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Invented people at .example domains (RFC 2606): never a real person's data in the docs.
OFFICE_USER = "buero@albrecht-kommunikation.example"
OFFICE_PASSWORD = "nur-fuer-bildschirmfotos"  # noqa: S105 - a throwaway account of the test's own store
SESSION = {"offer": "kommunikationstraining-vertrieb", "session": "2027-03-09T09:00"}
PARTICIPANTS = [
    ("Lena Musterfrau", "Musterfrau Vertrieb GmbH", "lena.musterfrau@vertrieb.example", "Beispielweg 1, 20095 Hamburg"),
    ("Tom Beispiel", "Beispiel & Partner KG", "tom@beispiel-partner.example", "Musterallee 7, 22765 Hamburg"),
    ("Aylin Probe", "", "aylin.probe@post.example", "Probestraße 3, 24103 Kiel"),
]


@pytest.fixture(scope="module")
def intake_database(tmp_path_factory) -> str:
    """The screenshot intake's SQLite file, which `python -m intake office-user` writes to as well."""
    return f"sqlite:///{tmp_path_factory.mktemp('screenshot-intake') / 'intake.sqlite3'}"


@pytest.fixture(scope="module")
def intake_url(sample_site, site_url, intake_database):
    """The real intake beside the served sample site, wearing its look (its page shells)."""
    root = Path(intake_database.removeprefix("sqlite:///")).parent
    port = free_port()
    settings = Settings(
        database_url=intake_database,
        site_url=site_url,
        public_url=f"http://127.0.0.1:{port}",
        articles=str(sample_site.root / "comments" / "articles.json"),
        offers=str(sample_site.root / "trainings" / "sessions.json"),
        look=str(sample_site.root),
        var_dir=str(root / "var"),
        min_seconds=0,  # the reader's comment for the office (below) comes with a fresh time token
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


def save(page, until=None) -> Path:
    """The viewport as ``<kind>-<viewport>.png``; with *until* (a locator) the page from its top
    down to the end of that element, however far below the fold it is."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or page.screenshots)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{page.kind}-{page.viewport_name}.png"
    if until is None:
        page.screenshot(path=target, full_page=False)
    else:
        box = until.bounding_box()
        bottom = box["y"] + box["height"] + page.evaluate("window.scrollY") + 16
        clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": bottom}
        page.screenshot(path=target, full_page=True, clip=clip)
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


@pytest.fixture(scope="module")
def office_desk(intake_url, intake_database) -> str:
    """The intake with an office account made as the server's keeper makes it, one pending
    comment and three registrations for the first session, sent as readers send them."""
    made = subprocess.run(
        [sys.executable, "-m", "intake", "office-user", OFFICE_USER, "office"],
        cwd=REPO,
        env={"PATH": os.environ["PATH"], "INTAKE_DATABASE_URL": intake_database, "OFFICE_PASSWORD": OFFICE_PASSWORD},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert f"office account {OFFICE_USER} (office) created" in made.stdout
    token = httpx.get(f"{intake_url}/comments/token").json()["token"]
    comment = {"article": "golden-mitte-videocall", "lang": "de", "author": "Jana Beispiel",
               "email": "jana.beispiel@leserin.example", "website": "", "token": token, "consent": "yes",
               "comment": "Danke für die klaren Beispiele! Wie lang sollte ein erster Videocall mit einem "
                          "Neukunden höchstens sein?"}  # fmt: skip
    assert httpx.post(f"{intake_url}/comments", data=comment).status_code == 303
    for name, company, email, address in PARTICIPANTS:
        registration = {**SESSION, "lang": "de", "name": name, "company": company, "email": email, "phone": "",
                        "participants": "1", "billing_address": address, "message": "", "consent": "yes"}  # fmt: skip
        assert httpx.post(f"{intake_url}/registrations", data=registration).status_code == 303
    return intake_url


@pytest.fixture(params=sorted(OFFICE_VIEWPORTS))
def office_page(browser, office_desk, site_url, request, screenshots):
    """A fresh German browser on the desk; after the test: no console errors, failed requests or
    requests beyond the intake and the site (its stylesheet and fonts)."""
    context = browser.new_context(locale="de-DE", viewport=OFFICE_VIEWPORTS[request.param])
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("response", lambda res: res.status >= 400 and watch.failed_requests.append(f"{res.url} {res.status}"))
    local = {urlsplit(office_desk).netloc, urlsplit(site_url).netloc}
    page.on("request", lambda req: urlsplit(req.url).netloc in local or watch.foreign_requests.append(req.url))
    page.viewport_name, page.screenshots, page.desk = request.param, screenshots, office_desk
    yield page
    context.close()
    assert watch == Watch(), watch


def shoot_office_page(page, kind: str, heading: str, until=None) -> None:
    """The page wears the site's look, has *heading*, passes axe and is saved as office-<kind>."""
    arrived(page)
    assert page.locator("header.site-header").is_visible()
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)
    page.kind = f"office-{kind}"
    save(page, until)


def test_screenshots_of_the_office_desk(office_page):
    """Signed in through the real form; Today, the pending comment and the booked session."""
    page = office_page
    page.goto(f"{page.desk}/office/")
    assert page.url.endswith("/office/login")
    shoot_office_page(page, "login", "Anmelden")
    page.fill("#email", OFFICE_USER)
    page.fill("#password", OFFICE_PASSWORD)
    page.click("button:has-text('Anmelden')")
    assert page.url.endswith("/office/")
    for waiting in ("Kommentare warten auf Freigabe: 1", "Neue Anmeldungen (7 Tage): 3"):
        assert page.get_by_text(waiting).count() == 1
    shoot_office_page(page, "today", "Heute")
    page.click("nav.office-nav >> text=Kommentare")
    assert page.locator("tr", has_text="Jana Beispiel").locator("td").nth(4).inner_text() == "–"  # no spam signal
    shoot_office_page(page, "comments", "Kommentare", until=page.locator(".actions:has(button[value=approved])"))
    page.click("nav.office-nav >> text=Trainings")
    booked = page.locator("section", has_text="Bestätigt: 3 von 12 Plätzen").first
    assert "Bestätigt: 3 von 12 Plätzen (8 anderweitig vergeben) · Warteliste: 0 · 1 frei" in booked.inner_text()
    listed = booked.locator("h2").inner_text()  # the offer's title and the start in words, never ISO
    assert "T0" not in listed and ("Uhr" in listed)
    shoot_office_page(page, "trainings", "Trainings", until=booked)
    booked.locator("text=Teilnehmende und Aktionen").click()  # the session's page: its bookings
    heading = page.locator("h1").inner_text()
    assert heading == listed
    for name, *_ in PARTICIPANTS:
        assert page.locator("tr", has_text=name).count() == 1
    shoot_office_page(page, "session", heading, until=page.locator("table.bookings"))
