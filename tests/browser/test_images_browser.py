"""Images in the real browser: the responsive copies load (WebP), the lead image first, and
the preview's error page gives way to the page once the build is fixed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from browsing import visit
from sitetest import REPO
from test_preview_pages import BROKEN_POST, fetch
from test_preview_server import free_port, wait_for

RASTER_POST = "/blog/kundeninteraktion-online-dsgvo/"
CONNECTED = "window.LiveReload && LiveReload.connector.protocol >= 7"  # its socket said hello
LOADED = "[...document.images].map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])"


def test_responsive_images_load_as_webp(page):
    for path in (RASTER_POST, "/themen/kundeninteraktion/", "/en/blog/online-customer-interaction-gdpr/"):
        visit(page, path)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images too
        page.wait_for_function("[...document.images].every(i => i.complete)")
        images = page.evaluate(LOADED)
        assert images and all(loaded for _, loaded in images), images
        webp = [src for src, _ in images if src.endswith(".webp")]
        assert webp, images  # the browser picked a WebP copy from srcset
    visit(page, RASTER_POST)
    hero = page.locator("img.post__hero")
    assert hero.get_attribute("fetchpriority") == "high" and hero.get_attribute("loading") is None
    chosen = page.evaluate("document.querySelector('img.post__hero').currentSrc")
    assert chosen.endswith(("-480.webp", "-800.webp", "-1200.webp"))


def test_the_preview_error_page_reloads_into_the_fixed_page(browser, tmp_path):
    for name in ("content", "theme", "plugins"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pelicanconf.py", tmp_path)
    port = free_port()
    log = (tmp_path / "preview.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitebuild",
            "--settings",
            "pelicanconf.py",
            "--output",
            "output",
            "--serve",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context()
    try:
        assert wait_for(lambda: fetch(base + "/")[0] == 200), Path(log.name).read_text()
        page = context.new_page()
        page.goto(base + "/blog/ki-im-vertrieb/")
        page.wait_for_function(CONNECTED)
        time.sleep(0.5)  # the server counts the page as a listener after the client's next message
        post = tmp_path / "content" / "de" / "posts" / "kaputt.md"
        post.write_text(BROKEN_POST, encoding="utf-8")
        try:
            page.wait_for_selector("ol.build-errors", timeout=60_000)  # reloaded into the error page
        except Exception:
            raise AssertionError(Path(log.name).read_text()[-3000:]) from None
        assert "content/de/posts/kaputt.md:2" in page.locator("ol.build-errors").inner_text()
        post.write_text(BROKEN_POST.replace("gestern", "2024-01-02"), encoding="utf-8")
        page.wait_for_selector(
            "h1.post__title", timeout=60_000
        )  # and back by itself (livereload or the page's own poll)
        title = page.locator("h1.post__title").inner_text().replace("\u00ad", "")  # headings carry soft hyphens
        assert "Künstliche Intelligenz" in title
    finally:
        context.close()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
