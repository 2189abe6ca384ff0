"""Browser fixtures: the built sample site served on 127.0.0.1, and Debian's Chromium
driven by Playwright, watching every page for errors, foreign requests and cookies.

Without Chromium the browser tests are skipped with a hint; under ``CI=true`` they fail.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browsing import VIEWPORTS, Watch, serve


@pytest.fixture(scope="session")
def site_url(sample_site):
    """Base URL of the sample site served from its output folder on 127.0.0.1."""
    url, server = serve(sample_site.root)
    yield url
    server.shutdown()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request) -> str:
    """Each scenario runs on a desktop and on a phone."""
    return request.param


@pytest.fixture
def screenshots(tmp_path_factory) -> Path:
    """Where the tests save screenshots (under the test run's temp dir)."""
    return tmp_path_factory.getbasetemp() / "screenshots"


@pytest.fixture
def page(browser, site_url, viewport):
    """A fresh page; after the test: no console errors, failed or foreign requests, cookies,
    or horizontal scrolling (phone) on any page it visited."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
    # a request aborted because the page navigated on (net::ERR_ABORTED) is no failure
    page.on(
        "requestfailed",
        lambda req: (
            "ERR_ABORTED" not in (req.failure or "") and watch.failed_requests.append(f"{req.url} {req.failure}")
        ),
    )
    page.on("response", lambda res: res.status >= 400 and watch.failed_requests.append(f"{res.url} {res.status}"))

    def check_host(req):
        netloc = urlsplit(req.url).netloc
        if (
            urlsplit(req.url).scheme in ("http", "https")
            and netloc != urlsplit(page.site_url).netloc
            and netloc not in page.allowed_hosts
        ):
            watch.foreign_requests.append(req.url)

    page.site_url = site_url  # a test may point it to another local site
    page.allowed_hosts = set()  # host:port of a local service the site talks to (the comment intake)
    page.on("request", check_host)
    page.watch = watch
    page.viewport_name = viewport
    yield page
    assert watch.console_errors == [], watch.console_errors
    assert watch.failed_requests == [], watch.failed_requests
    assert watch.foreign_requests == [], watch.foreign_requests
    assert context.cookies() == []
    context.close()
