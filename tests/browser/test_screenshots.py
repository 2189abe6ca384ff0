"""Screenshots of the main page kinds on a desktop and a phone.

They go to the test run's temp folder, or to ``$SCREENSHOTS_DIR`` (``make screenshots``
writes ``docs/screenshots/`` for the README).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browsing import visit

PAGES = {
    "home": "/",
    "post": "/blog/golden-mitte-videocall/",
    "offer": "/trainings/kommunikationstraining-vertrieb/",
    "topic-en": "/en/topics/sales/",
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_screenshot(page, kind, screenshots):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or screenshots)
    folder.mkdir(parents=True, exist_ok=True)
    visit(page, PAGES[kind])
    target = folder / f"{kind}-{page.viewport_name}.png"
    page.screenshot(path=target, full_page=False)
    assert target.stat().st_size > 5000  # a rendered page, not a blank image
