"""The hostile-input corpus (tests/data/hostile_corpus.yml) in every reader-facing field of every
form, against the real intake on SQLite and PostgreSQL with a real SMTP server: never a 5xx,
nothing live on the intake's own pages, and every mail's header block exactly the expected
one as a mail client reads it (no Bcc, Cc or extra header, one Reply-To, To the intended
recipient, and the SMTP envelope to that recipient only). Then the approved comments are
pulled into a built site, checked as a browser parses it (every page) and in Chromium.

One intake per store for the module; each test empties the mailbox first.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from conftest import ADMIN, ARTICLES, MODERATOR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_servers import Mailbox, free_port, serve
from test_contact_api import contact_form
from test_intake_api import comment_form
from conftest import SESSIONS
from test_intake_registrations import registration_form

from hostile import BROWSER_CHECK, HEADERS, XSS, header_problems, page_problems
from intake import create_app, store
from intake.settings import Settings
from sitetest import REPO, build_into, write_content

sys.path.insert(0, str(REPO / "tests" / "browser"))
from browsing import serve as serve_folder  # noqa: E402

from comments.intake_pull import plan_pull  # noqa: E402

OFFICE = "office@example.org"
READER = "reader@example.org"
AUTH = {"Authorization": f"Bearer {ADMIN}"}
# The fields of each form, and those of them that reach a mail header (subject, display name).
FIELDS = {
    "comments": ("article", "lang", "author", "email", "website", "comment", "reply_to", "notify"),
    "contact": ("lang", "name", "email", "phone", "subject", "message"),
    "registrations": (
        "offer", "session", "lang", "name", "company", "email", "phone", "participants", "billing_address",
        "message", "participant_1_name", "participant_2_name", "participant_2_email",
    ),
}  # fmt: skip
HEADER_FIELDS = {
    "comments": ("author", "comment"),
    "contact": ("name", "subject", "message"),
    "registrations": ("name", "company", "billing_address", "message"),
}
VALID = {"comments": comment_form, "contact": contact_form, "registrations": registration_form}
BASE_HEADERS = {"from", "to", "subject", "date", "message-id", "auto-submitted", "mime-version", "content-type"}


class RawMailbox(Mailbox):
    """The test servers' mailbox that also keeps each message's raw bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.raw.append(envelope.original_content)
        return await super().handle_DATA(server, session, envelope)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.envelopes.clear()
            self.raw.clear()


@dataclasses.dataclass
class LiveIntake:
    url: str
    kind: str
    mailbox: RawMailbox
    engine: object


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request, tmp_path_factory):
    """The intake with an office, the sessions and posts of the tests, no client limits."""
    folder = tmp_path_factory.mktemp(f"hostile-intake-{request.param}")
    if request.param == "sqlite":
        database = f"sqlite:///{folder / 'intake.sqlite3'}"
    else:
        database = request.getfixturevalue("postgres").new_database()
    (folder / "articles.json").write_text(json.dumps(ARTICLES), encoding="utf-8")
    (folder / "sessions.json").write_text(json.dumps(SESSIONS), encoding="utf-8")
    mailbox = RawMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    port = free_port()
    settings_ = Settings(
        database_url=database,
        secret="s" * 40,
        admin_token=ADMIN,
        smtp_url=f"smtp://127.0.0.1:{controller.port}",
        moderators=(MODERATOR,),
        office=(OFFICE,),
        site_url="http://site.test",
        public_url=f"http://127.0.0.1:{port}",
        articles=str(folder / "articles.json"),
        offers=str(folder / "sessions.json"),
        var_dir=str(folder / "var"),
        rate_limit=0,
        article_rate_limit=0,
        min_seconds=0,
    )
    with serve(create_app(settings_), port) as url:
        yield LiveIntake(url, request.param, mailbox, store.make_engine(database))
    controller.stop()


def send(live: LiveIntake, form: str, data: dict) -> httpx.Response:
    return httpx.post(f"{live.url}/{form}", data=data, headers={"X-Forwarded-For": "10.66.0.1"}, timeout=60)


def expected_mails(form: str, data: dict) -> dict[str, set[str]]:
    """Recipient -> the header names its mail must have (beside the base set), for an accepted *data*."""
    if form == "comments":
        mails = {MODERATOR: set()}
        if data.get("notify") == "yes":
            mails[data["email"]] = set()
        return mails
    if form == "contact":
        return {OFFICE: {"reply-to"}}
    return {OFFICE: set(), data["email"]: set()}


def mail_problems(live: LiveIntake, form: str, accepted: list[dict]) -> list[str]:
    """Wait for the mails the *accepted* forms cause; what is wrong with their header blocks."""
    wanted: dict[str, set[str]] = {}
    count = 0
    for data in accepted:
        mails = expected_mails(form, data)
        wanted.update(mails)
        count += len(mails)
    live.mailbox.wait_for(count, timeout=60)
    time.sleep(0.05)  # a mail more than expected would be in the same batch
    problems = []
    if len(live.mailbox.messages) != count:
        problems.append(f"{len(live.mailbox.messages)} mails, expected {count}")
    for raw, (_sender, recipients) in zip(live.mailbox.raw, live.mailbox.envelopes, strict=True):
        parsed = message_from_bytes(raw, policy=policy.default)  # as a mail client reads it
        recipient = str(parsed["To"])
        if recipients != [recipient] or recipient not in wanted:
            problems.append(f"envelope to {recipients}, header To {recipient!r}, expected one of {sorted(wanted)}")
            continue
        headers = BASE_HEADERS | wanted[recipient]
        if not parsed.is_multipart():
            headers |= {"content-transfer-encoding"}
        reply_to = accepted[0]["email"] if "reply-to" in wanted[recipient] else None
        problems += [f"mail to {recipient}: {p}" for p in header_problems(parsed, recipient, headers, reply_to)]
    return problems


def outbox_empty(live: LiveIntake) -> bool:
    with store.reading(live.engine) as conn:
        return store.outbox_size(conn) == 0


def store_independent(live: LiveIntake) -> None:
    """Pages and mails do not depend on the store: the long batches run on SQLite only (time)."""
    if live.kind != "sqlite":
        pytest.skip("store-independent batch: runs on SQLite")


def hostile(form: str, vector: str, fields) -> dict:
    return VALID[form](**{name: vector for name in fields})


# -- header injection: every header vector in the fields that reach a mail header ---------------


HEADER_CASES = [pytest.param(form, name, id=f"{form}-{name}") for form in FIELDS for name in HEADERS]


@pytest.mark.parametrize(("form", "name"), HEADER_CASES)
def test_a_header_vector_adds_no_header(live, form, name):
    live.mailbox.clear()
    data = hostile(form, HEADERS[name], HEADER_FIELDS[form])
    answer = send(live, form, data)
    assert answer.status_code in (303, 400), (answer.status_code, answer.text[:300])
    if answer.status_code == 400:  # refused: nothing was queued
        assert outbox_empty(live)
        return
    assert mail_problems(live, form, [data]) == []


@pytest.mark.parametrize("form", sorted(FIELDS))
def test_an_address_field_takes_no_header_vector(live, form):
    """The e-mail field (the To of the reader's mail, the Reply-To of the office's) refuses
    every header vector, or the mails go to that one address only."""
    refused = 0
    for vector in HEADERS.values():
        live.mailbox.clear()
        data = VALID[form](email=f"eve{vector}@example.org", notify="yes")
        answer = send(live, form, data)
        assert answer.status_code in (303, 400), (vector, answer.status_code)
        refused += answer.status_code == 400
        if answer.status_code == 303:
            assert mail_problems(live, form, [data]) == [], vector
    assert refused >= len(HEADERS) - 2


# -- XSS: every vector in every field of every form --------------------------------------------


@pytest.mark.parametrize("form", sorted(FIELDS))
def test_every_xss_vector_in_every_field_is_a_303_or_a_400_and_shows_nothing_live(live, form):
    """Each free-text field on its own (most are accepted: the mails), the fields with a fixed
    shape all at once (refused: the problem page shows the input again, escaped)."""
    store_independent(live)
    live.mailbox.clear()
    accepted = []
    problems = []
    shaped = [field for field in FIELDS[form] if field not in HEADER_FIELDS[form]]
    for name, vector in XSS.items():
        for fields in [[field] for field in HEADER_FIELDS[form]] + [shaped]:
            data = hostile(form, vector, fields)
            answer = send(live, form, data)
            where = f"{form} {'+'.join(fields)} {name}"
            assert answer.status_code in (303, 400), (where, answer.status_code, answer.text[:300])
            if answer.status_code == 303:
                accepted.append(data)
            else:
                problems += page_problems(answer.text, where)
    problems += mail_problems(live, form, accepted)
    assert problems == [], "\n".join(problems[:50])
    assert len(accepted) > len(XSS)  # most text fields take any text


# -- a property: random text in a one-line field never adds a header -----------------------------

FRAGMENTS = ["\r", "\n", "\r\n", "\u2028", "\x85", "%0d%0a", "Bcc: evil@example.org", "=?utf-8?q?", "=0D=0A", "?="]
one_line_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=8).map("".join)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=one_line_text, subject=one_line_text)
def test_random_text_in_name_and_subject_never_adds_a_header(live, name, subject):
    store_independent(live)
    live.mailbox.clear()
    data = contact_form(name=name or "x", subject=subject or "x")
    answer = send(live, "contact", data)
    assert answer.status_code in (303, 400), answer.text[:300]
    if answer.status_code == 303:
        assert mail_problems(live, "contact", [data]) == []


# -- approved and pulled: the comments on a built site -----------------------------------------------

PULLED_FIELDS = ("author", "website", "comment")


@pytest.fixture(scope="module")
def pulled_site(tmp_path_factory):
    """Every XSS vector as name, website and text of comments sent to the intake (SQLite),
    approved through the admin API, pulled as comment files, built into a tiny site."""
    folder = tmp_path_factory.mktemp("hostile-pulled")
    (folder / "articles.json").write_text(json.dumps(ARTICLES), encoding="utf-8")
    port = free_port()
    settings_ = Settings(
        database_url=f"sqlite:///{folder / 'intake.sqlite3'}",
        secret="s" * 40,
        admin_token=ADMIN,
        smtp_url="",
        site_url="http://site.test",
        public_url=f"http://127.0.0.1:{port}",
        articles=str(folder / "articles.json"),
        var_dir=str(folder / "var"),
        rate_limit=0,
        article_rate_limit=0,
    )
    with serve(create_app(settings_), port) as url:
        live = LiveIntake(url, "sqlite", RawMailbox(), None)
        for vector in XSS.values():
            for field in PULLED_FIELDS:
                send(live, "comments", comment_form(**{field: vector}))
        pending = httpx.get(f"{url}/admin/comments?status=pending", headers=AUTH, timeout=30).json()["comments"]
        decisions = [{"id": c["id"], "decision": "approve", "fingerprint": c["fingerprint"]} for c in pending]
        decided = httpx.post(f"{url}/admin/comments/decisions", json={"decisions": decisions}, headers=AUTH, timeout=60)
        assert decided.status_code == 200, decided.text
        approved = httpx.get(f"{url}/admin/comments?status=approved", headers=AUTH, timeout=30).json()["comments"]
    plan = plan_pull(approved, set(), {"de": {"gute-fragen"}, "en": set()})
    assert plan.skipped == [] and len(plan.files) == len(approved) > len(XSS)
    files = {f"comments/{path}": text for path, text in plan.files.items()}
    files["de/posts/gute-fragen.md"] = "Title: Gute Fragen\nDate: 2024-01-01 10:00\nSlug: gute-fragen\n\nText.\n"
    content = write_content(folder, files)
    site = build_into(folder / "output", PATH=str(content))
    assert site.report.ok, site.report.errors
    return site, len(approved)


def test_pulled_comments_show_nothing_live(pulled_site):
    site, count = pulled_site
    soup = site.soup("/blog/gute-fragen/")
    assert len(soup.select(".comment")) >= count
    problems = []
    for path in sorted(site.root.rglob("*.html")):
        problems += page_problems(path.read_text(encoding="utf-8"), str(path.relative_to(site.root)))
    assert problems == [], "\n".join(problems[:50])


def test_pulled_comments_in_chromium(pulled_site, browser):
    site, _count = pulled_site
    url, server = serve_folder(site.root)
    seen: list[str] = []
    lock = threading.Lock()
    page = browser.new_page()
    try:
        page.on("dialog", lambda dialog: (seen.append(f"dialog {dialog.message!r}"), dialog.dismiss()))
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(url)
                else (lock.acquire(), seen.append(f"request to {route.request.url}"), lock.release(), route.abort())
            ),
        )
        page.goto(url + "/blog/gute-fragen/", wait_until="load")
        seen += page.evaluate(BROWSER_CHECK)
        page.evaluate(
            "() => { for (const el of document.querySelectorAll('body *')) {"
            " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } }"
        )
    finally:
        page.close()
        server.shutdown()
    assert seen == [], "\n".join(seen)


def test_the_corpus_is_big_enough():
    assert len(XSS) >= 40 and len(HEADERS) >= 12
    assert Path(REPO / "tests" / "data" / "hostile_corpus.yml").is_file()
