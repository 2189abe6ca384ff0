"""Browser test helpers: Debian's Chromium, a quiet static file server, what a page saw,
navigation checks."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}


@contextlib.contextmanager
def chromium():
    """Debian's Chromium under Playwright (never a downloaded browser); skipped with a hint
    when it is missing, a failure under CI=true."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` (Debian)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".pf_meta": "application/octet-stream",
        ".wasm": "application/wasm",
    }

    def log_message(self, *args):  # keep test output quiet
        pass


def serve(root) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve the folder *root* on 127.0.0.1 (a free port) in a thread; return its URL and server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@dataclass
class Watch:
    """What the browser saw while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


def assert_no_horizontal_scroll(page) -> None:
    """The page is no wider than the viewport."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls horizontally by {overflow}px"


def arrived(page) -> None:
    """After a navigation: the page has loaded and, on phones, fits the viewport."""
    page.wait_for_load_state("load")
    if page.viewport_name == "phone":
        assert_no_horizontal_scroll(page)


def visit(page, path: str):
    """Open *path* of the served site and check the layout on phones."""
    response = page.goto(page.site_url + path)
    assert response.ok, f"{path}: {response.status}"
    arrived(page)
    return response


def open_menu(page) -> None:
    """On a phone, open the header menu (a disclosure) so its links, search field and
    language switcher can be used; on a desktop it is always open."""
    menu = page.locator("details.site-menu")
    if menu.count() and menu.get_attribute("open") is None and page.locator(".site-menu__button").is_visible():
        page.locator(".site-menu__button").click()
