"""Fixtures of the intake tests: both stores, a real SMTP server, the intake on uvicorn."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest
from intake_servers import POSTGRES_HINT, PostgresCluster, free_port, initdb_path, serve, smtp_server

from intake import create_app, store
from intake.settings import Settings

SITE = "http://site.test"
ADMIN = "test-admin-token"
MODERATOR = "moderator@example.org"
ARTICLES = {
    "articles": [
        {
            "article": "gute-fragen",
            "lang": "de",
            "url": "/blog/gute-fragen/",
            "title": "Gute Fragen",
            "authors": ["Maren Albrecht"],
        },
        {"article": "good-questions", "lang": "en", "url": "/en/blog/good-questions/", "title": "Good questions"},
    ]
}


OFFER = "kommunikationstraining-vertrieb"
SESSION = "2027-03-09T09:00"
LATER = "2027-05-04T09:00"
SESSIONS = {
    "sessions": [
        {
            "offer": OFFER,
            "session": SESSION,
            "end": "2027-03-10T17:00",
            "lang": lang,
            "title": title,
            "url": url,
            "max": 3,
            "status": "scheduled",
        }
        for lang, title, url in (
            ("de", "Kommunikationstraining Vertrieb", "/trainings/kommunikationstraining-vertrieb/"),
            ("en", "Sales communication", "/en/trainings/sales-communication/"),
        )
    ]
    + [
        {
            "offer": OFFER,
            "session": LATER,
            "end": "2027-05-04T17:00",
            "lang": "de",
            "title": "Kommunikationstraining Vertrieb",
            "url": "/trainings/kommunikationstraining-vertrieb/",
            "max": 3,
            "status": "scheduled",
        },
        {
            "offer": OFFER,
            "session": "2027-06-01T09:00",
            "end": "2027-06-01T17:00",
            "lang": "de",
            "title": "Kommunikationstraining Vertrieb",
            "url": "/trainings/kommunikationstraining-vertrieb/",
            "max": 3,
            "status": "cancelled",
        },
    ]
}


@pytest.fixture
def sessions_file(tmp_path) -> str:
    """The list of bookable sessions, as the site build writes it (trainings/sessions.json)."""
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(SESSIONS), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for the session; skipped with a hint when PostgreSQL is
    missing, but a failure under CI=true (CI must test both stores)."""
    if initdb_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(POSTGRES_HINT + "; CI must run the PostgreSQL tests (.ci/run installs it)")
        pytest.skip(POSTGRES_HINT)
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def articles_file(tmp_path) -> str:
    """The list of commentable posts, as the site build writes it."""
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(ARTICLES), encoding="utf-8")
    return str(path)


@pytest.fixture
def mailbox():
    """A real SMTP server on 127.0.0.1: (mailbox, smtp url)."""
    with smtp_server() as (box, url):
        yield box, url


@dataclasses.dataclass
class RunningIntake:
    """The intake under test: its base URL, settings, the mails it sent, and its store."""

    url: str
    settings: Settings
    mailbox: object
    engine: object

    def rows(self, status: str | None = None) -> list[dict]:
        """Every stored comment (of *status*), read straight from the store."""
        with store.reading(self.engine) as conn:
            if status:
                return store.comments_with_status(conn, status)
            return [r for s in ("pending", "approved", "rejected", "spam") for r in store.comments_with_status(conn, s)]


@pytest.fixture
def start_intake(store_url, articles_file, mailbox, tmp_path):
    """Start the real app on uvicorn with test settings (overridable); stopped after the test."""
    started = []

    def start(**overrides) -> RunningIntake:
        port = free_port()
        settings = Settings(
            database_url=store_url,
            secret="s" * 40,
            admin_token=ADMIN,
            smtp_url=mailbox[1],
            moderators=(MODERATOR,),
            site_url=SITE,
            public_url=f"http://127.0.0.1:{port}",
            articles=articles_file,
            var_dir=str(tmp_path / "var"),
            min_seconds=2,
        )
        settings = dataclasses.replace(settings, **overrides)
        context = serve(create_app(settings), port)
        url = context.__enter__()
        started.append(context)
        engine = store.make_engine(store_url)
        return RunningIntake(url, settings, mailbox[0], engine)

    yield start
    for context in started:
        context.__exit__(None, None, None)


@pytest.fixture
def intake(start_intake) -> RunningIntake:
    """The intake with the test settings."""
    return start_intake()
