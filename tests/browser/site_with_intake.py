"""The sample site and the real intake, served side by side on 127.0.0.1 for browser tests.

The site is built with its form endpoints pointing at the intake (uvicorn, an SQLite file in a
temporary folder, mails caught by a local aiosmtpd), and the intake reads the posts and
sessions from that build, as in production.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browsing import serve
from sitetest import REPO, SAMPLE_TODAY, Site, build_into

sys.path.insert(0, str(REPO / "tests" / "intake"))  # the intake's own test servers (uvicorn, aiosmtpd)
from intake_servers import free_port, serve as serve_app, smtp_server  # noqa: E402

from intake import create_app, store  # noqa: E402
from intake.settings import Settings  # noqa: E402


@dataclass(frozen=True)
class SiteWithIntake:
    """What a test drives and reads: the built site, both addresses, the mails, the database."""

    site: Site
    site_url: str
    intake_url: str
    mailbox: object  # intake_servers.Mailbox
    engine: object  # the intake's SQLAlchemy engine


@contextmanager
def site_with_intake(root: Path, endpoints: dict[str, str], **intake_settings) -> Iterator[SiteWithIntake]:
    """Build the sample site into *root*/output with each setting of *endpoints* (e.g.
    ``{"CONTACT_ENDPOINT": "/contact"}``) set to that path on the intake, serve both, and stop
    both afterwards. *intake_settings* add to or replace the intake's test settings."""
    output = root / "output"
    site_url, site_server = serve(output)
    intake_port = free_port()
    intake_url = f"http://127.0.0.1:{intake_port}"
    overrides = {setting: intake_url + path for setting, path in endpoints.items()}
    site = build_into(output, TRAINING_OFFERS_TODAY=SAMPLE_TODAY, **overrides)
    assert site.report.ok, site.report.errors
    try:
        with smtp_server() as (mailbox, smtp_url):
            settings = {
                "database_url": f"sqlite:///{root / 'intake.sqlite3'}",
                "secret": "browser-test-secret-" + "x" * 32,
                "admin_token": "browser-test-admin-token",
                "smtp_url": smtp_url,
                "site_url": site_url,
                "public_url": intake_url,
                "articles": str(output / "comments" / "articles.json"),
                "offers": f"{output / 'trainings' / 'sessions.json'},{output / 'en' / 'trainings' / 'sessions.json'}",
                "var_dir": str(root / "var"),
                **intake_settings,
            }
            engine = store.make_engine(settings["database_url"])
            with serve_app(create_app(Settings(**settings)), intake_port):
                yield SiteWithIntake(site, site_url, intake_url, mailbox, engine)
    finally:
        site_server.shutdown()
