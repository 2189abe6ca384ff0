"""Shared fixtures: the sample site built once per session, tiny sites per test, and the browser."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))  # browsing.py, for every folder's browser tests

from sitetest import SAMPLE_SHARD_PAGES, SAMPLE_TODAY, Site, build_into, write_content


# The longest test files (a minute or more each on an idle machine), run first: `make test` hands
# whole files to its processes in this order (pytest-xdist, --dist loadfile), so none of them is
# left to run alone at the end while the other processes idle.
LONGEST_FIRST = (
    "tests/test_incremental.py",
    "tests/intake/test_intake_hostile_fields.py",
    "tests/intake/test_office.py",
    "tests/intake/test_intake_faults.py",
    "tests/intake/test_intake_reminders.py",
    "tests/intake/test_contact_api.py",
    "tests/plugins/test_training_offers_booking_site.py",
    "tests/test_publishing.py",
    "tests/browser/test_accessibility.py",
)


def pytest_collection_modifyitems(config, items):
    """Tests of the files in LONGEST_FIRST first, in that order; every other test after them
    as collected (the sort is stable: the tests of one file stay together and in order)."""
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The real sample content, built once like `make html` (on SAMPLE_TODAY)."""
    site = build_into(
        tmp_path_factory.mktemp("sample") / "output",
        TRAINING_OFFERS_TODAY=SAMPLE_TODAY,
        SEARCH_SHARD_PAGES=SAMPLE_SHARD_PAGES,
    )
    assert site.report.ok, site.report.errors
    return site


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Site:
    """The real sample content, built like `make publish` (absolute URLs, feeds)."""
    site = build_into(
        tmp_path_factory.mktemp("published") / "output",
        SITEURL="https://www.albrecht-kommunikation.example",
        FEED_DOMAIN="https://www.albrecht-kommunikation.example",
        FEED_ENABLED=True,
        TRAINING_OFFERS_TODAY=SAMPLE_TODAY,
        STRICT=True,
    )
    assert site.report.ok, site.report.errors + site.report.warnings
    return site


@pytest.fixture
def build_site(tmp_path):
    """Build a tiny site from ``{path: text}`` files (paths below content/)."""

    def _build(files: dict[str, str], **settings) -> Site:
        content = write_content(tmp_path, files)
        return build_into(tmp_path / "output", PATH=str(content), **settings)

    return _build


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, one for the whole run: Playwright's sync API runs one
    instance per thread, so every test that drives the browser shares this one."""
    from browsing import chromium

    with chromium() as launched:
        yield launched
