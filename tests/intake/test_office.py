"""The office's desk (intake/office/) against the real intake on uvicorn with a real SQLite file
(the route × role table also on PostgreSQL), mails from a real SMTP server, a real deploy hook
receiver, and headless Chromium for what the office does in the browser. One server per store
for the whole module."""

from __future__ import annotations

import csv
import dataclasses
import http.server
import io
import json
import re
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from datetime import timedelta
from http.cookies import SimpleCookie

import httpx
import pyotp
import pytest
import sqlalchemy as sa
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image
from conftest import ARTICLES, MODERATOR, SESSIONS, SITE
from intake_servers import REPO, free_port, serve, smtp_server

from common.spreadsheet import read_cell
from intake import create_app, privacy, store
from intake.office import accounts
from intake.office.desk import when as spoken
from intake.office.rules import LoginThrottle, session_key
from intake.settings import Settings
from intake.web import utcnow

PASSWORD = "correct horse battery"
# A second offer of the module's own: two coming sessions (the first with one seat) and one that
# ended three days ago (attendance, certificates), so these tests don't share seats with the others.
PITCH = "praesentationstraining"
FIRST, SECOND = "2027-09-07T09:00", "2027-10-05T09:00"
ENDED = f"{(utcnow() - timedelta(days=3)):%Y-%m-%d}T09:00"
HAGGLE, LAST_SEAT, SOLD = "verhandlungstraining", "2027-11-09T09:00", "2027-11-16T09:00"
SOON_OPEN, SOON_SOLD = (f"{(utcnow() + timedelta(days=days)):%Y-%m-%d}T09:00" for days in (10, 11))  # on Today
ROSTER = f"{(utcnow() - timedelta(days=2)):%Y-%m-%d}T10:00"  # the participants' page: a session of its own
ONLINE = f"{(utcnow() + timedelta(days=5)):%Y-%m-%d}T09:00"  # online, its link sent with the reminder: none public
DESK_SESSIONS = {
    "sessions": SESSIONS["sessions"]
    + [
        {
            "offer": PITCH,
            "session": session,
            "end": session[:11] + "17:00",
            "lang": lang,
            "title": title,
            "url": url,
            "max": seats,
            "status": "scheduled",
        }  # fmt: skip
        for session, seats in ((FIRST, 1), (SECOND, 5), (ENDED, 5), (ROSTER, 10))
        for lang, title, url in (
            ("de", "Präsentationstraining", "/trainings/praesentationstraining/"),
            ("en", "Presentation training", "/en/trainings/presentation-training/"),
        )
    ]
    + [
        {
            "offer": PITCH,
            "session": ONLINE,
            "end": ONLINE[:11] + "12:00",
            "lang": lang,
            "title": title,
            "url": url,
            "max": 12,
            "status": "scheduled",
            "location": "online",
            "online": True,
            "join_info_with": "reminder",
        }
        for lang, title, url in (
            ("de", "Präsentationstraining", "/trainings/praesentationstraining/"),
            ("en", "Presentation training", "/en/trainings/presentation-training/"),
        )
    ]  # fmt: skip
    + [  # a third offer: seats sold elsewhere (one left for the intake), and one booked out by the offer file
        {
            "offer": HAGGLE,
            "session": session,
            "end": session[:11] + "17:00",
            "lang": lang,
            "title": title,
            "url": url,
            "max": 12,
            "status": "scheduled",
            **extra,
        }  # fmt: skip
        for session, extra in (
            (LAST_SEAT, {"seats_left": 1}),
            (SOLD, {"booked_out": True}),
            (SOON_OPEN, {}),
            (SOON_SOLD, {"booked_out": True}),
        )
        for lang, title, url in (
            ("de", "Verhandlungstraining", "/trainings/verhandlungstraining/"),
            ("en", "Negotiation training", "/en/trainings/negotiation-training/"),
        )
    ]
}
OFFICE_USER = "buero@example.org"
MODERATOR_USER = "moderation@example.org"
TOTP_USER = "zweiter-faktor@example.org"
OFFICE_ADDRESS = "office@example.org"


class Desk:
    """The running intake of this module: URL, store, mailbox, the hook's calls, the TOTP secret."""

    def __init__(self, url: str, engine, mailbox, hook_calls: list, secret: str, settings: Settings) -> None:
        self.url, self.engine, self.mailbox, self.hook_calls = url, engine, mailbox, hook_calls
        self.totp_secret, self.settings = secret, settings
        self.last_step = 0

    def code(self) -> str:
        """A code of TOTP_USER's app not used before (the intake takes each time step once): the
        step after the last one used, no earlier than now's, no later than the next one."""
        totp = pyotp.TOTP(self.totp_secret)
        while (step := max(self.last_step + 1, totp.timecode(time.time()))) > totp.timecode(time.time()) + 1:
            time.sleep(1)
        self.last_step = step
        return totp.at(step * totp.interval)

    def rows(self, table: sa.Table) -> list[dict]:
        with store.reading(self.engine) as conn:
            return [dict(r) for r in conn.execute(sa.select(table)).mappings()]

    def audit(self) -> list[dict]:
        return self.rows(store.office_audit)


class Hook(http.server.BaseHTTPRequestHandler):
    calls: list = []

    def do_POST(self):  # noqa: N802 - the standard library's hook name
        length = int(self.headers.get("content-length", 0))
        self.calls.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_desk(stack: ExitStack, database_url: str, tmp) -> Desk:
    """The real app with an office, a moderator and a TOTP account, a hook receiver and SMTP."""
    mailbox, smtp_url = stack.enter_context(smtp_server())
    calls: list = []
    handler = type("DeskHook", (Hook,), {"calls": calls})
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    stack.callback(hook.shutdown)
    (tmp / "articles.json").write_text(json.dumps(ARTICLES), encoding="utf-8")
    (tmp / "sessions.json").write_text(json.dumps(DESK_SESSIONS), encoding="utf-8")
    port = free_port()
    settings = Settings(
        database_url=database_url,
        secret="s" * 40,
        admin_token="test-admin-token",
        smtp_url=smtp_url,
        moderators=(MODERATOR,),
        office=(OFFICE_ADDRESS,),
        site_url=SITE,
        public_url=f"http://127.0.0.1:{port}",
        articles=str(tmp / "articles.json"),
        offers=str(tmp / "sessions.json"),
        var_dir=str(tmp / "var"),
        min_seconds=0,
        rate_limit=0,
        deploy_hook=f"http://127.0.0.1:{hook.server_port}/dispatches",
    )
    url = stack.enter_context(serve(create_app(settings), port))
    engine = store.make_engine(database_url)
    stack.callback(engine.dispose)
    for email, role in ((OFFICE_USER, "office"), (MODERATOR_USER, "moderator"), (TOTP_USER, "office")):
        accounts.create_account(engine, email, role, PASSWORD)
    secret = pyotp.random_base32()
    with store.writing(engine) as conn:
        store.set_totp_secret(conn, store.account_by_email(conn, TOTP_USER)["id"], secret)
    return Desk(url, engine, mailbox, calls, secret, settings)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("office")
    with ExitStack() as stack:
        yield start_desk(stack, f"sqlite:///{tmp / 'intake.sqlite3'}", tmp)


@pytest.fixture(scope="module")
def desk_pg(tmp_path_factory, postgres):
    tmp = tmp_path_factory.mktemp("office-pg")
    with ExitStack() as stack:
        yield start_desk(stack, postgres.new_database(), tmp)


# -- a client that keeps the cookie as a browser does (httpx keeps no Secure cookie over http) --


class Browser:
    """httpx with the office's cookie kept by hand, from one (simulated) client address."""

    def __init__(self, url: str, client: str = "10.1.0.1", lang: str = "de") -> None:
        self.url, self.cookie, self.tokens = url, "", {}
        self.headers = {"X-Forwarded-For": client, "Accept-Language": lang}

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if self.cookie:
            headers["Cookie"] = f"office={self.cookie}"
        answer = httpx.request(method, self.url + path, headers=headers, timeout=60, **kwargs)
        if "set-cookie" in answer.headers:
            morsel = SimpleCookie(answer.headers["set-cookie"])["office"]
            self.cookie = morsel.value
        return answer

    def csrf(self, path: str = "/office/account") -> str:
        """The session's CSRF token (one per session: read once from a page's form)."""
        if self.cookie not in self.tokens:
            page = self.request("GET", path).text
            self.tokens[self.cookie] = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        return self.tokens[self.cookie]

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        token = re.search(r'name="token" value="([^"]+)"', self.request("GET", "/office/login").text).group(1)
        return self.request("POST", "/office/login", data={"token": token, "email": email, "password": password})


def signed_in(desk: Desk, email: str | None, client: str = "10.1.0.1") -> Browser:
    browser = Browser(desk.url, client)
    if email:
        assert browser.sign_in(email).status_code == 303
    return browser


# -- every route × role × signed out ------------------------------------------------------------

# (method, path, form): what each role gets. "in" = the role may: the status it answers then.
ROUTES = [
    ("GET", "/office/", {}, {"office": 200, "moderator": 303}),
    ("GET", "/office/comments", {}, {"office": 200, "moderator": 200}),
    ("POST", "/office/comments", {"id": "c-none", "decision": "approved"}, {"office": 303, "moderator": 303}),
    ("GET", "/office/trainings", {}, {"office": 200}),
    ("POST", "/office/trainings", {"id": "r-none", "decision": "confirm", "fingerprint": "x"}, {"office": 409}),
    ("GET", "/office/trainings/attendance-list?offer=none&session=2027-01-01T09:00", {}, {"office": 404}),
    ("GET", "/office/trainings/session?offer=none&session=2027-01-01T09:00", {}, {"office": 404}),
    ("GET", f"/office/trainings/session?offer={PITCH}&session={SECOND}", {}, {"office": 200}),
    (
        "POST",
        "/office/trainings/session",
        {"offer": "none", "session": "2027-01-01T09:00", "action": "mail"},
        {"office": 404},
    ),  # fmt: skip
    (
        "POST",
        "/office/trainings/session",
        {"offer": PITCH, "session": SECOND, "action": "join_url", "join_url": "http://plain.example/"},
        {"office": 400},
    ),  # fmt: skip
    ("GET", "/office/trainings/certificate?id=r-none", {}, {"office": 404}),
    ("GET", "/office/trainings/export?offer=none&session=2027-01-01T09:00&format=csv", {}, {"office": 404}),
    ("GET", "/office/messages", {}, {"office": 200}),
    ("GET", "/office/messages/m-none", {}, {"office": 404}),
    ("POST", "/office/messages/m-none", {"action": "answered"}, {"office": 404}),
    ("GET", "/office/privacy", {}, {"office": 200}),
    ("POST", "/office/privacy", {"action": "look", "email": "niemand@example.org"}, {"office": 200}),
    ("GET", "/office/audit", {}, {"office": 200}),
    ("GET", "/office/account", {}, {"office": 200, "moderator": 200}),
    ("POST", "/office/accounts", {"account": "9" * 40, "action": "disable"}, {"office": 404}),  # too big for an id
    ("POST", "/office/account", {"action": "start"}, {"office": 200, "moderator": 200}),
    ("GET", "/office/login/code", {}, {"office": 303, "moderator": 303}),
    ("POST", "/office/logout", {}, {"office": 303, "moderator": 303}),
]
ACCOUNTS = {"office": OFFICE_USER, "moderator": MODERATOR_USER}


def test_the_route_table_names_every_route_of_the_desk():
    from intake.office.routes import routes

    # what a signed-out visitor must reach; the sign-in's second step has tests of its own (TOTP)
    public = {"/office/login", "/office/office.css", "/office/login/code"}
    desk = {(method, route.path) for route in routes for method in route.methods - {"HEAD"} if route.path not in public}
    tried = {(method, path.split("?")[0]) for method, path, _, _ in ROUTES}
    tried |= {
        (method, "/office/messages/{message_id}") for method, path in tried if path.startswith("/office/messages/")
    }
    assert desk <= tried


def check_route_table(desk: Desk) -> None:
    browsers = {role: signed_in(desk, email, f"10.2.0.{i}") for i, (role, email) in enumerate(ACCOUNTS.items())}
    outsider = Browser(desk.url, "10.2.1.1")
    failures = []
    for method, path, form, allowed in ROUTES:
        for role in (None, "moderator", "office"):
            browser = outsider if role is None else browsers[role]
            if path == "/office/logout" and role:
                browser = signed_in(desk, ACCOUNTS[role], "10.2.2.1")  # a session of its own to end
            data = {**form, "csrf": browser.csrf()} if method == "POST" and role else form
            answer = browser.request(method, path, data=data if method == "POST" else None)
            expected = (303 if method == "GET" else 403) if role is None else allowed.get(role, 403)
            if answer.status_code != expected:
                failures.append(f"{method} {path} as {role}: {answer.status_code}, expected {expected}")
            if role is None and method == "GET" and answer.headers.get("location") != "/office/login":
                failures.append(f"{method} {path} signed out goes to {answer.headers.get('location')}")
            headers = answer.headers
            if not (
                headers.get("cache-control") == "no-store"
                and headers.get("x-frame-options") == "DENY"
                and "script-src" not in headers.get("content-security-policy", "script-src")
                and "frame-ancestors 'none'" in headers.get("content-security-policy", "")
            ):
                failures.append(f"{method} {path} as {role}: headers {dict(headers)}")
    assert failures == []
    # the admin API's bearer token still opens the admin routes; the office's cookie does not
    assert (
        httpx.get(desk.url + "/admin/comments", headers={"Authorization": "Bearer test-admin-token"}).status_code == 200
    )
    assert browsers["office"].request("GET", "/admin/comments").status_code == 401


def test_every_route_for_every_role_and_signed_out_on_sqlite(desk):
    check_route_table(desk)


def test_every_route_for_every_role_and_signed_out_on_postgresql(desk_pg):
    check_route_table(desk_pg)


def test_today_shows_what_waits_and_the_last_builds_notices_and_a_moderators_desk_is_the_queue(desk):
    notices = {"notices": ["content/de/offers/x.md:3: <b>bald</b> ohne freie Termine"]}
    admin = {"Authorization": "Bearer test-admin-token"}
    assert httpx.post(desk.url + "/admin/notices", json=notices, headers=admin).status_code == 200
    reader_comment(desk, "Heute Leser", "heute@example.org")
    today = signed_in(desk, OFFICE_USER, "10.2.3.1").request("GET", "/office/")
    assert "content/de/offers/x.md:3: &lt;b&gt;bald&lt;/b&gt; ohne freie Termine" in today.text  # escaped
    pending = sum(1 for r in desk.rows(store.comments) if r["status"] == "pending")
    assert f"Kommentare warten auf Freigabe: {pending}</a>" in today.text
    moderator = signed_in(desk, MODERATOR_USER, "10.2.3.2").request("GET", "/office/")
    assert moderator.headers["location"] == "/office/comments"


# -- sign-in safety -------------------------------------------------------------------------------


def test_the_cookie_is_host_only_httponly_secure_strict_and_host_prefixed_over_https(desk):
    browser = Browser(desk.url, "10.3.0.1")
    plain = browser.sign_in(OFFICE_USER).headers["set-cookie"]
    assert plain.startswith("office=")
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert flag.lower() in plain.lower()
    assert "domain" not in plain.lower() and "expires" not in plain.lower()
    https = Browser(desk.url, "10.3.0.2")
    https.headers["X-Forwarded-Proto"] = "https"
    token = re.search(r'name="token" value="([^"]+)"', https.request("GET", "/office/login").text).group(1)
    answer = httpx.post(
        desk.url + "/office/login",
        data={"token": token, "email": OFFICE_USER, "password": PASSWORD},
        headers={**https.headers},
    )
    assert answer.status_code == 303
    assert answer.headers["set-cookie"].startswith("__Host-office=")


def test_a_session_id_planted_before_sign_in_is_replaced_and_worthless(desk):
    browser = Browser(desk.url, "10.3.1.1")
    browser.cookie = "planted-by-an-attacker-0123456789"
    browser.sign_in(OFFICE_USER)
    assert browser.cookie != "planted-by-an-attacker-0123456789"
    attacker = Browser(desk.url, "10.3.1.2")
    attacker.cookie = "planted-by-an-attacker-0123456789"
    assert attacker.request("GET", "/office/").headers["location"] == "/office/login"
    # with a second factor: the session after the password is not the one after the code
    totp = Browser(desk.url, "10.3.1.3")
    assert totp.sign_in(TOTP_USER).headers["location"] == "/office/login/code"
    half = totp.cookie
    assert totp.request("GET", "/office/").headers["location"] == "/office/login"  # not in yet
    code = desk.code()
    answer = totp.request("POST", "/office/login/code", data={"code": code, "csrf": totp.csrf("/office/login/code")})
    assert answer.headers["location"] == "/office/"
    assert totp.cookie != half
    stale = Browser(desk.url, "10.3.1.4")
    stale.cookie = half
    assert stale.request("GET", "/office/").headers["location"] == "/office/login"
    assert totp.request("GET", "/office/").status_code == 200


def test_a_post_without_the_sessions_csrf_token_or_from_another_origin_changes_nothing(desk):
    reader = httpx.post(
        desk.url + "/comments",
        data={
            "article": "gute-fragen",
            "lang": "de",
            "author": "Csrf Probe",
            "email": "csrf@example.org",
            "website": "",
            "comment": "Bitte nicht freigeben.",
            "consent": "yes",
            "homepage": "",
        },
        headers={"X-Forwarded-For": "10.4.0.9"},
    )
    assert reader.status_code == 303
    comment_id = next(r["id"] for r in desk.rows(store.comments) if r["author"] == "Csrf Probe")
    browser = signed_in(desk, OFFICE_USER, "10.4.0.1")
    token = browser.csrf("/office/comments")
    form = {"id": comment_id, "decision": "approved"}
    assert browser.request("POST", "/office/comments", data=form).status_code == 403
    assert browser.request("POST", "/office/comments", data={**form, "csrf": "wrong"}).status_code == 403
    other = signed_in(desk, MODERATOR_USER, "10.4.0.2")  # another session's token is no good either
    assert browser.request("POST", "/office/comments", data={**form, "csrf": other.csrf()}).status_code == 403
    evil = {"Origin": "http://evil.test"}
    assert browser.request("POST", "/office/comments", data={**form, "csrf": token}, headers=evil).status_code == 403
    assert next(r for r in desk.rows(store.comments) if r["id"] == comment_id)["status"] == "pending"
    assert browser.request("POST", "/office/comments", data={**form, "csrf": token}).status_code == 303
    assert next(r for r in desk.rows(store.comments) if r["id"] == comment_id)["status"] == "approved"


def test_guessing_passwords_slows_the_guesser_and_never_locks_out_the_owner(desk):
    guesser = Browser(desk.url, "10.5.0.1")

    def guess(attempt: int) -> float:
        started = time.monotonic()
        assert guesser.sign_in(OFFICE_USER, f"wrong password {attempt}").status_code == 401
        return time.monotonic() - started

    took = [guess(attempt) for attempt in range(6)]  # the 4th, 5th and 6th wait ¼, ½ and 1 s
    owner = Browser(desk.url, "10.5.0.2")
    started = time.monotonic()
    assert owner.sign_in(OFFICE_USER).status_code == 303  # the right password still works, after 2 s at most
    assert time.monotonic() - started < LoginThrottle.ACCOUNT_CAP + 1
    # the guesser's own client still waits, now 2 s: measured against its first attempts, as the
    # load of a shared machine varies what one Argon2 check costs
    assert guess(6) - min(took[:3]) >= 1.5 and took[5] > took[1]
    # a wrong password says the same as an unknown address, in the user's language
    english = Browser(desk.url, "10.5.0.3", lang="en")
    assert "The e-mail address or the password is wrong." in english.sign_in("nobody@example.org").text
    assert "The e-mail address or the password is wrong." in english.sign_in(OFFICE_USER, "nope").text


def test_idle_sessions_end_and_signing_out_everywhere_ends_every_session(desk):
    first, second = signed_in(desk, MODERATOR_USER, "10.6.0.1"), signed_in(desk, MODERATOR_USER, "10.6.0.2")
    with store.writing(desk.engine) as conn:  # the first was last used 31 minutes ago
        conn.execute(
            store.office_sessions.update()
            .where(store.office_sessions.c.id == session_key(first.cookie))
            .values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
    assert first.request("GET", "/office/comments").headers["location"] == "/office/login"
    with store.writing(desk.engine) as conn:  # an idle session nobody comes back to ends at the next sign-in
        conn.execute(
            store.office_sessions.update()
            .where(store.office_sessions.c.id == session_key(second.cookie))
            .values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
    signed_in(desk, OFFICE_USER, "10.6.0.9")
    assert session_key(second.cookie) not in {r["id"] for r in desk.rows(store.office_sessions)}
    second = signed_in(desk, MODERATOR_USER, "10.6.0.2")
    third = signed_in(desk, MODERATOR_USER, "10.6.0.3")
    answer = second.request("POST", "/office/logout", data={"csrf": second.csrf(), "everywhere": "1"})
    assert answer.headers["location"].startswith("/office/login")
    for browser in (second, third):
        assert browser.request("GET", "/office/comments").status_code == 303


def test_make_office_user_reads_the_password_from_the_environment_and_refuses_a_short_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"INTAKE_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    made = subprocess.run(
        [sys.executable, "-m", "intake", "office-user", "neu@example.org", "moderator"],
        cwd=REPO,
        env={**env, "OFFICE_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert "office account neu@example.org (moderator) created" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr
    engine = store.make_engine(url)
    with store.reading(engine) as conn:
        account = store.account_by_email(conn, "neu@example.org")
        trail = [dict(r) for r in conn.execute(sa.select(store.office_audit)).mappings()]
    assert account["role"] == "moderator" and account["password_hash"].startswith("$argon2id$")
    assert accounts.password_matches(account["password_hash"], PASSWORD)
    assert [(r["actor"], r["action"]) for r in trail] == [("CLI", "account_created")]
    short = subprocess.run(
        [sys.executable, "-m", "intake", "office-user", "neu@example.org", "office"],
        cwd=REPO,
        env={**env, "OFFICE_PASSWORD": "short"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert short.returncode == 2
    assert short.stderr.strip().splitlines()[-1] == "intake office-user: the password needs at least 12 characters"
    engine.dispose()


# -- in Chromium, as the office works -------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def reader_comment(desk: Desk, author: str, email: str, text: str = "Danke, sehr hilfreich.") -> str:
    """A reader's comment through the real form; its id."""
    form = {"article": "gute-fragen", "lang": "de", "author": author, "email": email, "website": "",
            "comment": text, "consent": "yes", "homepage": ""}  # fmt: skip
    assert httpx.post(desk.url + "/comments", data=form, headers={"X-Forwarded-For": "10.8.0.1"}).status_code == 303
    return next(r["id"] for r in desk.rows(store.comments) if r["author"] == author)


def reader_message(desk: Desk, name: str, email: str, subject: str) -> str:
    form = {"lang": "de", "name": name, "email": email, "phone": "", "subject": subject,
            "message": "Guten Tag,\nbitte rufen Sie mich an.", "consent": "yes", "homepage": ""}  # fmt: skip
    assert httpx.post(desk.url + "/contact", data=form, headers={"X-Forwarded-For": "10.8.0.2"}).status_code == 303
    return next(r["id"] for r in desk.rows(store.contact_messages) if r["name"] == name)


def reader_registration(
    desk: Desk,
    name: str,
    email: str,
    session: str = SESSIONS["sessions"][2]["session"],
    offer: str = "",
    participants: int = 1,
    company: str = "",
) -> str:
    form = {"offer": offer or SESSIONS["sessions"][0]["offer"], "session": session, "lang": "de", "name": name,
            "company": company, "email": email, "phone": "", "participants": str(participants),
            "billing_address": "Hauptstr. 1, Berlin", "message": "", "consent": "yes", "homepage": ""}  # fmt: skip
    assert (
        httpx.post(desk.url + "/registrations", data=form, headers={"X-Forwarded-For": "10.8.0.3"}).status_code == 303
    )
    return next(r["id"] for r in desk.rows(store.registrations) if r["name"] == name)


def office_page(browser, desk: Desk, email: str, locale: str = "de-DE"):
    """A fresh browser context signed in as *email* (password only)."""
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(desk.url + "/office/")
    assert page.url.endswith("/office/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Anmelden'), button:has-text('Sign in')")
    return context, page


def test_in_chromium_the_office_signs_in_and_approves_a_comment_by_its_post_title_and_the_hook_is_called(desk, browser):
    comment_id = reader_comment(desk, "Hook Leserin", "hook@example.org")
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        assert page.url.endswith("/office/") and page.locator("h1").inner_text() == "Heute"
        assert context.cookies()[0]["httpOnly"] and context.cookies()[0]["sameSite"] == "Strict"
        page.click("nav >> text=Kommentare")
        page.fill("#q", "Gute Fragen")  # the post's title, not its slug
        page.click("button:has-text('Filtern')")
        assert "q=Gute+Fragen" in page.url  # the filter stays in the address
        row = page.locator("tr", has_text="Hook Leserin")
        assert "Gute Fragen" in row.inner_text()
        row.locator("input[type=checkbox]").check()
        page.click("button:has-text('Freigeben')")
        assert "1 freigegeben" in page.locator(".said").inner_text()
        assert "q=Gute+Fragen" in page.url and "done_approved=1" in page.url
    finally:
        context.close()
    deadline = time.monotonic() + 15
    while not any(comment_id in call["client_payload"]["comments"] for call in desk.hook_calls):
        assert time.monotonic() < deadline, "the deploy hook was not called"
        time.sleep(0.1)
    trail = [(r["actor"], r["action"], r["subject"]) for r in desk.audit()]
    assert (OFFICE_USER, "comment_approved", comment_id) in trail


def test_in_chromium_an_account_with_a_second_factor_signs_in_with_its_code_in_english(desk, browser):
    context, page = office_page(browser, desk, TOTP_USER, locale="en-GB")
    try:
        assert page.url.endswith("/office/login/code")
        assert page.locator("h1").inner_text() == "Code from the app"
        page.fill("#code", "000000" if pyotp.TOTP(desk.totp_secret).now() != "000000" else "111111")
        page.click("button:has-text('Confirm')")
        assert page.locator("[role=alert]").inner_text() == "The code is wrong."
        page.fill("#code", desk.code())
        page.click("button:has-text('Confirm')")
        assert page.url.endswith("/office/") and page.locator("h1").inner_text() == "Today"
    finally:
        context.close()


def test_in_chromium_the_office_forgets_an_address_and_it_is_nowhere_in_the_store(desk, browser, caplog):
    caplog.set_level("DEBUG")
    gone = "Vergessen@Example.org"
    reader_comment(desk, "Vera Vergessen", gone, "Bitte löschen Sie mich später.")
    reader_message(desk, "Vera Vergessen", gone, "Eine Frage")
    reader_registration(desk, "Vera Vergessen", gone)
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        page.click("nav >> text=Datenschutz")
        page.fill("#email", gone.lower())
        page.click("button:has-text('Nachsehen')")
        found = page.locator("ul", has_text="comments:").inner_text()
        assert "comments: 1" in found and "registrations: 1" in found and "contact_messages: 1" in found
        page.click("button:has-text('Alles zu dieser Adresse löschen')")  # the confirmation box is required
        assert page.locator("h2", has_text="Gespeichert").count() == 1
        page.check("#confirm")
        page.click("button:has-text('Alles zu dieser Adresse löschen')")
        assert "Gelöscht." in page.locator(".said").inner_text()
    finally:
        context.close()
    with store.reading(desk.engine) as conn:
        everything = [
            str(value).lower()
            for table in store.metadata.sorted_tables
            for row in conn.execute(sa.select(table))
            for value in row
        ]
    assert not [value for value in everything if gone.lower() in value or "vera vergessen" in value]
    forgotten = [r for r in desk.audit() if r["action"] == "privacy_forget"]
    assert forgotten[-1]["actor"] == OFFICE_USER and "1 comment(s)" in forgotten[-1]["detail"]
    ours = [r.getMessage().lower() for r in caplog.records if r.name.startswith(("intake", "uvicorn"))]
    assert ours and not [line for line in ours if gone.lower() in line]  # the SMTP server's own log may


def test_in_chromium_the_office_replies_to_a_message_and_cancels_a_registration_with_the_rooms_mails(desk, browser):
    message_id = reader_message(desk, "Rita Rückfrage", "rita@example.org", "Termin im Mai")
    registration_id = reader_registration(desk, "Rita Rückfrage", "rita@example.org")
    desk.mailbox.wait_for(1)
    before = len(desk.mailbox.to("rita@example.org"))
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        page.click("nav >> text=Nachrichten")
        page.click("text=Termin im Mai")
        assert page.url.endswith(f"/office/messages/{message_id}")
        page.fill("#text", "Gern, ich rufe Sie morgen an.\nMaren Albrecht")
        page.click("button:has-text('Antwort senden')")
        assert "Beantwortet am" in page.content()
        page.click("nav >> text=Trainings")
        later = spoken(SESSIONS["sessions"][2]["session"], "de")
        page.locator("section", has_text=later).locator("text=Teilnehmende und Aktionen").click()
        row = page.locator("tr", has_text="Rita Rückfrage")
        assert "bestätigt" in row.inner_text()
        row.locator("button:has-text('Stornieren')").click()
        assert "/office/trainings/session?" in page.url  # back on the session's page
        assert "storniert" in page.locator("tr", has_text="Rita Rückfrage").inner_text()
    finally:
        context.close()
    deadline = time.monotonic() + 15
    while len(desk.mailbox.to("rita@example.org")) < before + 2:
        assert time.monotonic() < deadline, "the reply and the cancellation did not arrive"
        time.sleep(0.1)
    mails = desk.mailbox.to("rita@example.org")[before:]
    reply = next(m for m in mails if m["Subject"] == "Re: Termin im Mai")
    assert reply["Reply-To"].addresses[0].addr_spec == OFFICE_ADDRESS
    assert "ich rufe Sie morgen an" in reply.get_body(("plain",)).get_content()
    assert any(m is not reply for m in mails)  # the registration room's cancellation mail
    trail = [(r["actor"], r["action"], r["subject"]) for r in desk.audit()]
    assert (OFFICE_USER, "message_replied", message_id) in trail
    assert (OFFICE_USER, "registration_cancel", registration_id) in trail


# -- the trainings desk: move, the waiting list, mail to all, attendance, certificates, export --


def mails_to(desk: Desk, address: str, count: int) -> list:
    """The first *count* mails to *address* from the real SMTP server (waits for them)."""
    deadline = time.monotonic() + 15
    while len(desk.mailbox.to(address)) < count:
        assert time.monotonic() < deadline, f"{count} mail(s) to {address} did not arrive"
        time.sleep(0.1)
    return desk.mailbox.to(address)


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def said(answer: httpx.Response) -> str:
    """Where a desk action sends the office (its message's key in the address)."""
    assert answer.status_code == 303, answer.text[:500]
    return answer.headers["location"]


def test_in_chromium_the_office_moves_a_participant_and_the_freed_seat_goes_to_the_waiting_list(desk, browser):
    anna = reader_registration(desk, "Anna Umzug", "anna@example.org", FIRST, PITCH)
    bernd = reader_registration(desk, "Bernd Warte", "bernd@example.org", FIRST, PITCH)
    states = {r["id"]: r["status"] for r in desk.rows(store.registrations)}
    assert (states[anna], states[bernd]) == ("confirmed", "waitlist")  # one seat only
    mails_to(desk, "bernd@example.org", 1)
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        page.click("nav >> text=Trainings")
        page.locator("section", has_text=spoken(FIRST, "de")).locator("text=Teilnehmende und Aktionen").click()
        row = page.locator("tr", has_text="Anna Umzug")
        row.locator("select").select_option(SECOND)
        row.locator("button:has-text('Umbuchen')").click()
        assert "Umgebucht" in page.locator(".said").inner_text()
        assert "Anna Umzug" not in page.locator("table").inner_text()  # gone from this session
        page.goto(desk.url + f"/office/trainings/session?offer={PITCH}&session={SECOND}")
        assert "bestätigt" in page.locator("tr", has_text="Anna Umzug").inner_text()
    finally:
        context.close()
    moved = mails_to(desk, "anna@example.org", 2)[-1]  # the registration's mail, then the move's
    assert moved["Subject"] == "Anmeldung bestätigt: Präsentationstraining"
    assert "5. Oktober 2027" in body(moved)
    offer = mails_to(desk, "bernd@example.org", 2)[-1]  # the waiting list's mail, then the seat
    assert offer["Subject"] == "Ein Platz ist frei: Präsentationstraining"
    assert "/registrations/accept/" in body(offer)
    trail = [(r["actor"], r["action"], r["subject"]) for r in desk.audit()]
    assert (OFFICE_USER, "registration_move", anna) in trail

    # the offer is open: offering the seat again sends nothing; once it expired, the desk offers anew
    office = signed_in(desk, OFFICE_USER, "10.3.0.1")
    form = {"csrf": office.csrf(), "offer": PITCH, "session": FIRST, "action": "offer_seat"}
    assert "said=no_seat_offer" in said(office.request("POST", "/office/trainings/session", data=form))
    expired = utcnow() - timedelta(days=desk.settings.waitlist_offer_days + 1)
    with store.writing(desk.engine) as conn:
        store.update_registration(conn, bernd, offered_at=expired)  # time passes
    assert "said=seat_offered" in said(office.request("POST", "/office/trainings/session", data=form))
    assert "Ein Platz ist frei" in mails_to(desk, "bernd@example.org", 3)[-1]["Subject"]
    assert (OFFICE_USER, "registration_seat_offered", bernd) in [
        (r["actor"], r["action"], r["subject"]) for r in desk.audit()
    ]


def test_the_office_mails_a_session_marks_attendance_and_hands_out_certificates(desk):
    from pypdf import PdfReader

    paul = reader_registration(desk, "Paul Anwesend", "paul@example.org", ENDED, PITCH)
    petra = reader_registration(desk, "Petra Anwesend", "petra@example.org", ENDED, PITCH)
    absent = reader_registration(desk, "Otto Fehlt", "otto@example.org", ENDED, PITCH)
    elsewhere = reader_registration(desk, "Sven Später", "sven@example.org", SECOND, PITCH)
    office = signed_in(desk, OFFICE_USER, "10.3.0.2")
    where = {"csrf": office.csrf(), "offer": PITCH, "session": ENDED}

    empty = office.request("POST", "/office/trainings/session", data={**where, "action": "mail", "text": "  "})
    assert empty.status_code == 400 and "Der Text ist leer" in empty.text
    english = Browser(desk.url, "10.3.0.4", "en")
    assert english.sign_in(OFFICE_USER).status_code == 303
    empty = english.request(
        "POST", "/office/trainings/session", data={**where, "csrf": english.csrf(), "action": "mail", "text": ""}
    )
    assert empty.status_code == 400 and "The text is empty: nothing was sent." in empty.text
    sent = {**where, "action": "mail", "subject": "Raum 4", "text": "Wir treffen uns in Raum 4."}
    assert "said=session_mailed&n=3" in said(office.request("POST", "/office/trainings/session", data=sent))
    room = mails_to(desk, "otto@example.org", 2)[-1]
    assert room["Subject"] == "Raum 4" and "Wir treffen uns in Raum 4." in body(room)
    assert "Guten Tag Otto Fehlt" in body(room) and absent in body(room)

    marked = {**where, "action": "attendance", "attended": [paul, petra]}
    assert "said=attendance_marked&n=2" in said(office.request("POST", "/office/trainings/session", data=marked))
    wrong = office.request("POST", "/office/trainings/session", data={**marked, "attended": [elsewhere]})
    assert wrong.status_code == 400 and "Nur bestätigte Anmeldungen" in wrong.text

    detail = office.request("GET", f"/office/trainings/session?offer={PITCH}&session={ENDED}").text
    assert f'href="/office/trainings/certificate?id={paul}.1"' in detail
    assert f"certificate?id={absent}" not in detail
    pdf = office.request("GET", f"/office/trainings/certificate?id={paul}.1")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "Paul Anwesend" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    refused = office.request("GET", f"/office/trainings/certificate?id={absent}")
    assert refused.status_code == 409 and "nicht als anwesend markiert" in refused.text
    before = office.request(
        "POST", "/office/trainings/session", data={**where, "session": SECOND, "action": "certificates"}
    )
    assert before.status_code == 409 and "erst nach dem Ende" in before.text

    mailed = {**where, "action": "certificates"}
    assert "said=certificates_mailed&n=2" in said(office.request("POST", "/office/trainings/session", data=mailed))
    for address, name in (("paul@example.org", "Paul Anwesend"), ("petra@example.org", "Petra Anwesend")):
        certificate = mails_to(desk, address, 3)[-1]
        attachment = next(certificate.iter_attachments())
        assert attachment.get_filename() == "teilnahmebescheinigung.pdf"
        assert name in PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert len(desk.mailbox.to("otto@example.org")) == 2  # no certificate for the absent
    actions = [(r["actor"], r["action"]) for r in desk.audit() if r["subject"] in (f"{PITCH} {ENDED}", f"{paul}.1")]
    for action in ("session_mail", "attendance_marked", "certificate_downloaded", "certificates_mailed"):
        assert (OFFICE_USER, action) in actions


def test_a_sessions_registrations_export_as_csv_and_excel_keeping_a_formula_looking_name_as_text(desk):
    from openpyxl import load_workbook

    name = '=HYPERLINK("http://evil.example/","Klick")'
    formula = reader_registration(desk, name, "formel@example.org", SECOND, PITCH)
    office = signed_in(desk, OFFICE_USER, "10.3.0.3")
    query = f"offer={PITCH}&session={SECOND}"

    answer = office.request("GET", f"/office/trainings/export?{query}&format=csv")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert 'filename="anmeldungen-praesentationstraining-2027-10-05T0900.csv"' in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeffparticipant;participant_name;participant_email;attended;id;offer;session;")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    by_id = {row["id"]: row for row in rows}
    assert by_id[formula]["name"] == "'" + name  # shown as text, never run
    assert read_cell(by_id[formula]["name"]) == name
    assert by_id[formula]["billing_address"] == "Hauptstr. 1, Berlin"
    assert {"Anna Umzug", "Sven Später"} <= {row["name"] for row in rows}

    answer = office.request("GET", f"/office/trainings/export?{query}&format=xlsx")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[header.index("id")].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    assert cells[formula]["name"].value == "'" + name and cells[formula]["name"].data_type == "s"
    assert cells[formula]["email"].value == "formel@example.org"
    assert office.request("GET", f"/office/trainings/export?{query}&format=ods").status_code == 404
    exported = [r["detail"] for r in desk.audit() if r["action"] == "session_exported" and r["actor"] == OFFICE_USER]
    assert exported[-2:] == ["csv", "xlsx"]


OFFICE_PAGES = ["/office/", "/office/comments", "/office/trainings", "/office/messages", "/office/privacy",
                "/office/audit", "/office/account", "/office/messages/m-none",
                f"/office/trainings/session?offer={PITCH}&session={SECOND}",
                f"/office/trainings/session?offer={PITCH}&session={ONLINE}"]  # fmt: skip


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.response["passes"], "axe did not run"
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def test_every_office_page_has_no_wcag_violations(desk, browser):
    """Every page in German (with rows in its lists), the sign-in and the first pages in English."""
    reader_comment(desk, "Axe Leser", "axe@example.org")
    message_id = reader_message(desk, "Axe Leser", "axe@example.org", "Barrierefreiheit")
    found = {}
    for locale, paths in (
        ("de-DE", [*OFFICE_PAGES, f"/office/messages/{message_id}"]),
        ("en-GB", ["/office/", "/office/comments"]),
    ):
        anonymous = browser.new_context(locale=locale)
        login = anonymous.new_page()
        login.goto(desk.url + "/office/login")
        found[f"{locale} /office/login"] = axe_violations(login)
        anonymous.close()
        halfway, code = office_page(browser, desk, TOTP_USER, locale)  # the second factor's page
        assert code.url.endswith("/office/login/code")
        found[f"{locale} /office/login/code"] = axe_violations(code)
        halfway.close()
        context, page = office_page(browser, desk, OFFICE_USER, locale)
        try:
            for path in paths:
                page.goto(desk.url + path)
                if path == "/office/privacy":  # with what is stored about an address
                    page.fill("#email", "axe@example.org")
                    page.click("button[value=look]")
                if path == "/office/account":  # with its accounts, an account's confirmation step, then
                    assert page.locator("h2#accounts").count() == 1  # the key and QR code of a second factor
                    found[f"{locale} {path} (accounts)"] = axe_violations(page)
                    page.locator("button[value=disable]").first.click()
                    assert page.locator("button[name=confirm]").count() == 1
                    found[f"{locale} /office/accounts (confirm)"] = axe_violations(page)
                    page.goto(desk.url + path)
                    page.click("button[value=start]")
                    assert page.locator(".qr svg").count() == 1
                found[f"{locale} {path}"] = axe_violations(page)
        finally:
            context.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_decisions_by_mail_link_admin_api_and_cli_are_in_the_audit_log_and_an_export_too(desk):
    by_link = reader_comment(desk, "Link Leser", "link@example.org")
    by_api = reader_comment(desk, "Api Leser", "api@example.org")
    mail = None
    deadline = time.monotonic() + 15
    while mail is None:
        assert time.monotonic() < deadline, "no moderation mail"
        mail = next(
            (m for m in list(desk.mailbox.messages) if "Link Leser" in m.get_body(("plain",)).get_content()), None
        )
        time.sleep(0.05)
    approve = re.search(r"Freischalten: (\S+)", mail.get_body(("plain",)).get_content()).group(1)
    assert httpx.post(approve).status_code == 200
    admin = {"Authorization": "Bearer test-admin-token"}
    listed = httpx.get(desk.url + "/admin/comments", headers=admin).json()["comments"]
    fingerprint = next(c["fingerprint"] for c in listed if c["id"] == by_api)
    decisions = {"decisions": [{"id": by_api, "decision": "reject", "fingerprint": fingerprint}]}
    assert httpx.post(desk.url + "/admin/comments/decisions", json=decisions, headers=admin).status_code == 200
    privacy.forget(desk.engine, "api@example.org")  # what `make intake-forget` runs
    browser = signed_in(desk, OFFICE_USER, "10.9.0.1")
    exported = browser.request(
        "POST", "/office/privacy", data={"csrf": browser.csrf(), "email": "link@example.org", "action": "export"}
    )
    assert exported.headers["content-disposition"] == 'attachment; filename="export.json"'
    assert [c["id"] for c in exported.json()["comments"]] == [by_link]
    trail = [(r["actor"], r["action"], r["subject"]) for r in desk.audit()]
    assert ("mail link", "comment_approved", by_link) in trail
    assert ("admin API", "comment_rejected", by_api) in trail
    assert ("CLI", "privacy_forget", "") in trail and (OFFICE_USER, "privacy_export", "") in trail
    page = browser.request("GET", "/office/audit?action=comment_approved")
    assert "mail link" in page.text and by_link in page.text and "admin API" not in page.text
    for _ in range(26):  # what `make intake-export` runs, each an audit line: two pages of them
        privacy.export(desk.engine, "link@example.org")
    exports = sum(1 for r in desk.audit() if r["action"] == "privacy_export")
    second = browser.request("GET", "/office/audit?action=privacy_export&page=2")
    assert "Seite 2 von 2" in second.text and 'rel="prev"' in second.text and "action=privacy_export" in second.text
    assert second.text.count("<tr>") - 1 == exports - 25  # the header row, then the rest of the lines
    assert "Seite 2 von 2" in browser.request("GET", "/office/audit?action=privacy_export&page=99").text


def test_a_second_factor_is_set_up_on_the_account_page_and_required_when_the_office_says_so(desk, browser):
    accounts.create_account(desk.engine, "einrichten@example.org", "moderator", PASSWORD)
    user = signed_in(desk, "einrichten@example.org", "10.7.0.1")
    started = user.request("POST", "/office/account", data={"csrf": user.csrf(), "action": "start"})
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', started.text).group(1)
    uri = re.search(r"<code>(otpauth://[^<]+)</code>", started.text).group(1).replace("&amp;", "&")
    assert "einrichten%40example.org" in uri and f"secret={secret}" in uri
    page = browser.new_page()  # the QR code, as a phone's camera sees it, holds that address
    page.set_content(started.text)
    shot = page.locator(".qr svg").screenshot()
    page.close()
    assert [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))] == [uri]
    enrol = {
        "csrf": user.csrf(),
        "action": "enrol",
        "sealed": re.search(r'name="sealed" value="([^"]+)"', started.text).group(1),
    }
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    assert user.request("POST", "/office/account", data={**enrol, "code": wrong}).status_code == 400
    forged = {**enrol, "sealed": enrol["sealed"][:-2] + "xx", "code": pyotp.TOTP(secret).now()}
    assert user.request("POST", "/office/account", data=forged).status_code == 400
    other = signed_in(desk, MODERATOR_USER, "10.7.0.4")  # the key shown to one account is not another's
    stolen = {**enrol, "csrf": other.csrf(), "code": pyotp.TOTP(secret).now()}
    assert other.request("POST", "/office/account", data=stolen).status_code == 400
    enrolled_with = pyotp.TOTP(secret).now()
    assert user.request("POST", "/office/account", data={**enrol, "code": enrolled_with}).status_code == 303
    assert "Die Anmeldung verlangt einen Code" in user.request("GET", "/office/account").text
    later = Browser(desk.url, "10.7.0.2")
    assert later.sign_in("einrichten@example.org").headers["location"] == "/office/login/code"
    again = {"code": enrolled_with, "csrf": later.csrf("/office/login/code")}  # the setup's code is used up
    assert later.request("POST", "/office/login/code", data=again).status_code == 401
    # an office that requires the factor: an account without one is sent to set it up first
    port = free_port()
    required = dataclasses.replace(desk.settings, office_totp_required=True, public_url=f"http://127.0.0.1:{port}")
    with serve(create_app(required), port) as url:
        moderator = Browser(url, "10.7.0.3")
        assert moderator.sign_in(MODERATOR_USER).headers["location"] == "/office/"
        assert moderator.request("GET", "/office/comments").headers["location"] == "/office/account"
        account = moderator.request("GET", "/office/account")
        assert account.status_code == 200 and "verlangt einen Code aus einer Authenticator-App" in account.text
        assert "Zweiten Faktor abschalten" not in account.text


def test_a_message_is_marked_answered_once_and_forgetting_needs_the_confirmation_on_the_server_too(desk):
    message_id = reader_message(desk, "Olga Offen", "olga@example.org", "Noch offen")
    browser = signed_in(desk, OFFICE_USER, "10.9.1.1")
    assert "Noch offen" in browser.request("GET", "/office/messages").text
    csrf = browser.csrf()
    for _ in range(2):
        answer = browser.request("POST", f"/office/messages/{message_id}", data={"csrf": csrf, "action": "answered"})
        assert answer.headers["location"] == f"/office/messages/{message_id}"
    assert "Noch offen" not in browser.request("GET", "/office/messages").text
    assert "Noch offen" in browser.request("GET", "/office/messages?answered=1").text
    assert [r["actor"] for r in desk.audit() if r["subject"] == message_id] == [OFFICE_USER]  # once
    unconfirmed = {"csrf": csrf, "email": "olga@example.org", "action": "forget"}
    assert "contact_messages: 1" in browser.request("POST", "/office/privacy", data=unconfirmed).text
    assert any(r["name"] == "Olga Offen" for r in desk.rows(store.contact_messages))


def test_the_trainings_page_links_a_sessions_attendance_list_as_pdf_for_the_office_only(desk):
    from pypdf import PdfReader

    reader_registration(desk, "Paula Papier", "paula@example.org")
    office = signed_in(desk, OFFICE_USER, "10.3.0.1")
    page = office.request("GET", "/office/trainings").text
    later = SESSIONS["sessions"][2]["session"]
    links = re.findall(r'href="(/office/trainings/attendance-list\?[^"]+)"', page)
    link = next(x.replace("&amp;", "&") for x in links if later.replace(":", "%3A") in x)
    answer = office.request("GET", link)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].endswith('-2027-05-04T0900.pdf"')
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Teilnahmeliste" in text and "Paula Papier" in text  # the admin API's document, in the desk's language
    moderator = signed_in(desk, MODERATOR_USER, "10.3.0.2")
    assert moderator.request("GET", link).status_code == 403


# -- accounts disabled and deleted, codes used once, sessions with an end, a throttle that lasts ----


def account(desk: Desk, email: str) -> dict | None:
    with store.reading(desk.engine) as conn:
        return store.account_by_email(conn, email)


def timed_sign_in(browser: Browser, email: str, password: str = PASSWORD) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = browser.sign_in(email, password)
    return answer, time.monotonic() - started


def argon2_check_seconds() -> float:
    """What one check of a password against an account's hash costs here now (the fastest of three)."""
    stored = accounts.hash_password(PASSWORD)
    took = []
    for _ in range(3):
        started = time.monotonic()
        accounts.password_matches(stored, "wrong password")
        took.append(time.monotonic() - started)
    return min(took)


def test_in_chromium_the_office_disables_and_deletes_accounts_and_their_sessions_end_at_once(desk, browser):
    accounts.create_account(desk.engine, "aus@example.org", "office", PASSWORD)
    accounts.create_account(desk.engine, "weg@example.org", "moderator", PASSWORD)
    off, gone = signed_in(desk, "aus@example.org", "10.11.0.1"), signed_in(desk, "weg@example.org", "10.11.0.2")
    assert off.request("GET", "/office/").status_code == 200
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        page.click("nav >> text=Konto")
        assert page.locator("h2#accounts").inner_text() == "Konten"
        cells = page.locator("tr", has_text="aus@example.org").locator("td").all_inner_texts()
        assert cells[:3] == ["aus@example.org", "Büro", "nein"] and cells[4] == "aktiv"
        assert re.fullmatch(r"\d\d\.\d\d\.20\d\d, \d\d:\d\d", cells[3])  # the last sign-in in German time, never ISO
        assert page.locator("tr", has_text=TOTP_USER).locator("td").nth(2).inner_text() == "ja"
        mine = page.locator("tr", has_text=OFFICE_USER)
        assert "Ihr Konto" in mine.inner_text() and mine.locator("button").count() == 0
        page.locator("tr", has_text="aus@example.org").locator("button:has-text('Deaktivieren')").click()
        assert "Konto aus@example.org deaktivieren?" in page.content()
        assert account(desk, "aus@example.org")["disabled_at"] is None  # nothing happens before the confirmation
        page.click("button:has-text('Ja, deaktivieren')")
        assert "deaktiviert und überall abgemeldet" in page.locator(".said").inner_text()
        assert page.locator("tr", has_text="aus@example.org").locator("td").nth(4).inner_text() == "deaktiviert"
        assert off.request("GET", "/office/").headers["location"] == "/office/login"  # its session ended at once
        # a disabled account signs in as a wrong password does: the same page, the same Argon2 work
        refused, took = timed_sign_in(Browser(desk.url, "10.11.0.3"), "aus@example.org")
        wrong, _ = timed_sign_in(Browser(desk.url, "10.11.0.4"), "aus@example.org", "wrong password")
        refused_again, took_again = timed_sign_in(Browser(desk.url, "10.11.0.5"), "aus@example.org")
        token = re.compile(r'name="token" value="[^"]+"')
        assert refused.status_code == wrong.status_code == refused_again.status_code == 401
        assert token.sub("", refused.text) == token.sub("", wrong.text)
        assert min(took, took_again) > 0.5 * argon2_check_seconds()  # the password was checked all the same
        page.locator("tr", has_text="weg@example.org").locator("button:has-text('Löschen')").click()
        page.click("button:has-text('Ja, endgültig löschen')")
        assert "gelöscht" in page.locator(".said").inner_text()
        assert page.locator("tr", has_text="weg@example.org").count() == 0
        assert gone.request("GET", "/office/comments").headers["location"] == "/office/login"
        page.locator("tr", has_text="aus@example.org").locator("button:has-text('Aktivieren')").click()
        page.click("button:has-text('Ja, aktivieren')")
        assert page.locator("tr", has_text="aus@example.org").locator("td").nth(4).inner_text() == "aktiv"
    finally:
        context.close()
    assert account(desk, "weg@example.org") is None
    gone_id = {r["account_id"] for r in desk.rows(store.office_sessions)}
    assert account(desk, "aus@example.org")["id"] not in gone_id
    assert Browser(desk.url, "10.11.0.6").sign_in("aus@example.org").status_code == 303  # enabled again
    trail = [(r["actor"], r["action"], r["detail"]) for r in desk.audit() if r["action"].startswith("account_")]
    assert trail[-3:] == [
        (OFFICE_USER, "account_disabled", "aus@example.org (office)"),
        (OFFICE_USER, "account_deleted", "weg@example.org (moderator)"),
        (OFFICE_USER, "account_enabled", "aus@example.org (office)"),
    ]


def test_an_account_change_needs_the_csrf_token_and_never_touches_ones_own_account(desk):
    accounts.create_account(desk.engine, "bleibt@example.org", "moderator", PASSWORD)
    target = str(account(desk, "bleibt@example.org")["id"])
    office = signed_in(desk, OFFICE_USER, "10.11.1.1")
    form = {"account": target, "action": "delete", "confirm": "yes"}
    assert office.request("POST", "/office/accounts", data=form).status_code == 403
    assert office.request("POST", "/office/accounts", data={**form, "csrf": "wrong"}).status_code == 403
    evil = {"Origin": "http://evil.test"}
    assert (
        office.request("POST", "/office/accounts", data={**form, "csrf": office.csrf()}, headers=evil).status_code
        == 403
    )
    moderator = signed_in(desk, MODERATOR_USER, "10.11.1.2")
    assert moderator.request("POST", "/office/accounts", data={**form, "csrf": moderator.csrf()}).status_code == 403
    assert account(desk, "bleibt@example.org") is not None
    for hostile in ("9" * 40, "-1", "1 OR 1=1", ""):
        probe = {**form, "account": hostile, "csrf": office.csrf()}
        assert office.request("POST", "/office/accounts", data=probe).status_code == 404
    mine = {"account": str(account(desk, OFFICE_USER)["id"]), "action": "disable", "csrf": office.csrf()}
    refused = office.request("POST", "/office/accounts", data={**mine, "confirm": "yes"})
    assert refused.status_code == 409 and "Das eigene Konto" in refused.text
    assert account(desk, OFFICE_USER)["disabled_at"] is None
    asked = office.request("POST", "/office/accounts", data={**form, "confirm": "", "csrf": office.csrf()})
    assert asked.status_code == 200 and "Konto bleibt@example.org endgültig löschen?" in asked.text
    assert account(desk, "bleibt@example.org") is not None  # asked, not done


def test_make_office_user_disables_enables_and_deletes_but_never_the_last_office_account(tmp_path, monkeypatch, capsys):
    from intake.__main__ import main

    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("OFFICE_PASSWORD", PASSWORD)
    assert main(["office-user", "eins@example.org", "office"]) == 0
    assert main(["office-user", "zwei@example.org", "moderator"]) == 0
    assert main(["office-user", "eins@example.org", "--delete"]) == 2  # the last office account
    assert main(["office-user", "eins@example.org", "--disable"]) == 2
    assert main(["office-user", "zwei@example.org", "--disable"]) == 0
    assert main(["office-user", "zwei@example.org", "--enable"]) == 0
    assert main(["office-user", "zwei@example.org", "--delete"]) == 0
    assert main(["office-user", "drei@example.org", "--delete"]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines()[-3:] == [
        "office account zwei@example.org disabled; its sessions ended",
        "office account zwei@example.org enabled",
        "office account zwei@example.org deleted; its sessions ended",
    ]
    assert err.splitlines() == [
        "intake office-user: eins@example.org is the last enabled office account (create or enable another first)",
    ] * 2 + ["intake office-user: there is no office account drei@example.org"]
    with pytest.raises(SystemExit):  # a role and a change at once, or neither: argparse says so
        main(["office-user", "zwei@example.org", "office", "--disable"])
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "office-user", "EMAIL=a@b.de", "DISABLE=1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.stdout.strip().splitlines()[-1].endswith('office-user "a@b.de"  --disable')


def test_a_totp_code_is_taken_once_in_its_window(desk):
    secret = pyotp.random_base32()
    accounts.create_account(desk.engine, "einmal@example.org", "moderator", PASSWORD)
    with store.writing(desk.engine) as conn:
        store.set_totp_secret(conn, account(desk, "einmal@example.org")["id"], secret)
    totp = pyotp.TOTP(secret)
    step = totp.timecode(time.time())

    def with_code(code: str, client: str) -> httpx.Response:
        browser = Browser(desk.url, client)
        assert browser.sign_in("einmal@example.org").headers["location"] == "/office/login/code"
        return browser.request(
            "POST", "/office/login/code", data={"code": code, "csrf": browser.csrf("/office/login/code")}
        )

    code = totp.at(step * totp.interval)
    assert with_code(code, "10.11.2.1").headers["location"] == "/office/"
    replayed = with_code(code, "10.11.2.2")  # seen over a shoulder, typed in a moment later
    assert replayed.status_code == 401 and "Der Code stimmt nicht." in replayed.text
    earlier = with_code(totp.at((step - 1) * totp.interval), "10.11.2.3")  # still in the window, but older
    assert earlier.status_code == 401
    assert with_code(totp.at((step + 1) * totp.interval), "10.11.2.4").headers["location"] == "/office/"
    assert account(desk, "einmal@example.org")["totp_last_step"] == step + 1


def test_a_session_ends_after_its_absolute_lifetime_however_active(desk):
    from intake.settings import from_environ

    old, young = signed_in(desk, MODERATOR_USER, "10.11.3.1"), signed_in(desk, MODERATOR_USER, "10.11.3.2")
    for browser, hours in ((old, 12), (young, 11)):  # opened so long ago, used a minute ago
        with store.writing(desk.engine) as conn:
            conn.execute(
                store.office_sessions.update()
                .where(store.office_sessions.c.id == session_key(browser.cookie))
                .values(created_at=utcnow() - timedelta(hours=hours, minutes=1), last_seen_at=utcnow())
            )
    assert old.request("GET", "/office/comments").headers["location"] == "/office/login"
    assert session_key(old.cookie) not in {r["id"] for r in desk.rows(store.office_sessions)}
    assert young.request("GET", "/office/comments").status_code == 200
    assert from_environ({}).office_session_hours == desk.settings.office_session_hours == 12
    assert from_environ({"INTAKE_OFFICE_SESSION_HOURS": "8"}).office_session_hours == 8


def test_failed_sign_ins_slow_another_worker_and_still_after_a_restart(desk, tmp_path):
    database = f"sqlite:///{tmp_path / 'throttle.sqlite3'}"

    def worker(port: int):
        settings = dataclasses.replace(desk.settings, database_url=database, public_url=f"http://127.0.0.1:{port}")
        return serve(create_app(settings), port)

    guessed = "drossel@example.org"
    with ExitStack() as stack:  # two workers on one store, as uvicorn --workers 2 runs them
        first, second = (stack.enter_context(worker(port)) for port in (free_port(), free_port()))
        engine = store.make_engine(database)
        stack.callback(engine.dispose)
        accounts.create_account(engine, guessed, "office", PASSWORD)
        for attempt in range(5):  # the 4th and 5th wait ¼ and ½ s
            assert Browser(first, "10.12.0.1").sign_in(guessed, f"wrong {attempt}").status_code == 401
        _, before = timed_sign_in(Browser(second, "10.12.0.8"), "niemand@example.org", "x")  # no delay: the
        answer, took = timed_sign_in(Browser(second, "10.12.0.1"), guessed, "wrong 5")  # cost of an attempt
        _, after = timed_sign_in(Browser(second, "10.12.0.9"), "niemand2@example.org", "x")  # on this machine now
        assert answer.status_code == 401 and took >= 1.0 and took - min(before, after) >= 0.5
        with store.reading(engine) as conn:
            keys = [row["key"] for row in conn.execute(sa.select(store.office_login_failures)).mappings()]
        assert keys and not [key for key in keys if "drossel" in key or "10.12" in key]  # hashes only
    port = free_port()
    with worker(port) as restarted:
        answer, took = timed_sign_in(Browser(restarted, "10.12.0.1"), "someone@example.org", "wrong 6")
        assert answer.status_code == 401 and took >= 2.0  # the client's 6 failures survived the restart


def test_old_failures_no_longer_count_and_are_pruned_on_both_stores(desk, desk_pg):
    now = utcnow()
    memory = timedelta(minutes=LoginThrottle.MEMORY_MINUTES)
    old, fresh = list(LoginThrottle.keys("10.13.0.1", "alt@example.org")), list(LoginThrottle.keys("10.13.0.2", "x"))
    for engine in (desk.engine, desk_pg.engine):
        with store.writing(engine) as conn:
            for _ in range(5):
                store.note_login_failure(conn, old, now - memory - timedelta(minutes=5), now - 2 * memory)
        with store.reading(engine) as conn:
            assert store.login_failures(conn, old, now - 2 * memory) == dict.fromkeys(old, 5)
            assert store.login_failures(conn, old, now - memory) == {}  # too long ago to count
        with store.writing(engine) as conn:
            store.note_login_failure(conn, fresh, now, now - memory)
            store.note_login_failure(conn, fresh, now, now - memory)
        with store.reading(engine) as conn:
            rows = {r["key"]: r["failures"] for r in conn.execute(sa.select(store.office_login_failures)).mappings()}
        assert not set(old) & set(rows) and {key: rows[key] for key in fresh} == dict.fromkeys(fresh, 2)


@pytest.mark.parametrize(
    ("lang", "heading", "last_seat", "sold"),
    [
        (
            "de",
            "Verhandlungstraining, Di., 9. November 2027, 09:00 Uhr",
            "Bestätigt: 1 von 12 Plätzen (11 anderweitig vergeben) · Warteliste: 1 · ausgebucht",
            "Bestätigt: 0 von 12 Plätzen (12 anderweitig vergeben) · Warteliste: 0 · ausgebucht",
        ),
        (
            "en",
            "Negotiation training, Tue, 9 November 2027, 09:00",
            "Confirmed: 1 of 12 seats (11 taken elsewhere) · Waiting list: 1 · booked out",
            "Confirmed: 0 of 12 seats (12 taken elsewhere) · Waiting list: 0 · booked out",
        ),
    ],
)
def test_the_trainings_list_reads_booked_out_as_the_registration_form_counts_and_dates_in_words(
    desk, lang, heading, last_seat, sold
):
    if not any(r["offer"] == HAGGLE for r in desk.rows(store.registrations)):
        first = reader_registration(desk, "Vera Verhandlung", "vera@example.org", LAST_SEAT, HAGGLE)
        second = reader_registration(desk, "Wim Warte", "wim@example.org", LAST_SEAT, HAGGLE)
        states = {r["id"]: r["status"] for r in desk.rows(store.registrations)}
        assert (states[first], states[second]) == ("confirmed", "waitlist")  # the one seat the file leaves
    office = Browser(desk.url, "10.11.4.1", lang=lang)
    assert office.sign_in(OFFICE_USER).status_code == 303
    page = BeautifulSoup(office.request("GET", "/office/trainings").text, "html.parser")
    sections = {s.h2.get_text(): s.select_one("p.seats").get_text() for s in page.select("section")}
    assert sections[heading] == last_seat
    assert sections[heading.replace("9", "16", 1)] == sold
    assert not [h for h in sections if re.search(r"\d{4}-\d\d-\d\d", h)]  # no ISO date in any heading


def test_in_chromium_on_postgresql_the_office_signs_in_with_a_code_approves_and_disables_an_account(desk_pg, browser):
    """The desk's own writes on PostgreSQL too: the code's time step, a decision with its hook, an
    account disabled with its session ending."""
    comment_id = reader_comment(desk_pg, "Pg Leserin", "pg@example.org")
    accounts.create_account(desk_pg.engine, "pg-aus@example.org", "moderator", PASSWORD)
    other = signed_in(desk_pg, "pg-aus@example.org", "10.14.0.1")
    context, page = office_page(browser, desk_pg, TOTP_USER)
    try:
        assert page.url.endswith("/office/login/code")
        page.fill("#code", desk_pg.code())
        page.click("button:has-text('Bestätigen')")
        assert page.url.endswith("/office/")
        page.goto(desk_pg.url + "/office/comments")
        page.locator("tr", has_text="Pg Leserin").locator("input[type=checkbox]").check()
        page.click("button:has-text('Freigeben')")
        assert "1 freigegeben" in page.locator(".said").inner_text()
        page.click("nav >> text=Konto")
        page.locator("tr", has_text="pg-aus@example.org").locator("button:has-text('Deaktivieren')").click()
        page.click("button:has-text('Ja, deaktivieren')")
        assert (
            page.locator("tr", has_text="pg-aus@example.org").locator("td").nth(4).inner_text().endswith("deaktiviert")
        )
    finally:
        context.close()
    assert other.request("GET", "/office/comments").headers["location"] == "/office/login"
    deadline = time.monotonic() + 15
    while not any(comment_id in call["client_payload"]["comments"] for call in desk_pg.hook_calls):
        assert time.monotonic() < deadline, "the deploy hook was not called"
        time.sleep(0.1)
    assert account(desk_pg, TOTP_USER)["totp_last_step"] == desk_pg.last_step


def test_today_lists_coming_sessions_with_free_seats_as_the_form_counts_them_never_a_booked_out_one(desk):
    from intake.office.rules import moment_label
    from intake.registrations.rules import session_start

    today = BeautifulSoup(signed_in(desk, OFFICE_USER, "10.11.5.1").request("GET", "/office/").text, "html.parser")
    soon = [item.get_text() for item in today.select("li") if "Verhandlungstraining" in item.get_text()]
    assert soon == [f"Verhandlungstraining, {moment_label(session_start(SOON_OPEN), 'de')}: 0/12 bestätigt, 12 frei"]


# -- a session's page: participants per booking, attendance per participant ------------------------


def test_in_chromium_a_sessions_page_lists_participants_per_booking_and_marks_them_one_by_one(desk, browser):
    from openpyxl import load_workbook

    gerda = reader_registration(desk, "Gerda Gruppe", "gerda@example.org", ROSTER, PITCH, 3, "Gruppe & Co")
    ida = reader_registration(desk, "Ida Einzeln", "ida@example.org", ROSTER, PITCH)  # named nobody: herself
    with store.writing(desk.engine) as conn:  # Gerda named two of her three (the third seat: not yet)
        for position, (name, email) in enumerate([("Gerda Gruppe", ""), ("Hans Helfer", "hans@example.org")], start=1):
            assert store.name_participant(conn, gerda, position, name, email, utcnow())
    where = f"offer={PITCH}&session={ROSTER.replace(':', '%3A')}"
    shots = {}
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        page.click("nav >> text=Trainings")
        page.locator("section", has_text=spoken(ROSTER, "de")).locator("text=Teilnehmende und Aktionen").click()
        assert page.locator("h1").inner_text() == f"Präsentationstraining, {spoken(ROSTER, 'de')}"
        booking = page.locator(f"#booking-{gerda}")
        assert "Gerda Gruppe, Gruppe & Co" in booking.inner_text() and "bestätigt" in booking.inner_text()
        seats = booking.locator("ul.seats > li")
        assert [seats.nth(i).inner_text().split("\n")[0].strip() for i in range(3)] == [
            "Gerda Gruppe",
            "Hans Helfer",
            "(noch nicht benannt)",
        ]
        assert "hans@example.org" in seats.nth(1).inner_text()
        page.get_by_label("Hans Helfer").check()
        page.locator(f"#booking-{ida}").get_by_label("Ida Einzeln").check()
        page.click("button:has-text('Anwesenheit speichern')")
        assert "Anwesenheit gespeichert (2 neu)" in page.locator(".said").inner_text()
        with store.reading(desk.engine) as conn:
            rows = [store.registration(conn, gerda), store.registration(conn, ida)]
            assert store.attended_keys(conn, rows) == {f"{gerda}.2", f"{ida}.1"}
        page.locator(f"#booking-{ida}").get_by_label("Ida Einzeln").uncheck()  # a mistake, corrected
        page.locator(f"#booking-{gerda}").get_by_label("Gerda Gruppe").check()
        page.click("button:has-text('Anwesenheit speichern')")
        with store.reading(desk.engine) as conn:
            assert store.attended_keys(conn, rows) == {f"{gerda}.1", f"{gerda}.2"}
        links = page.locator("a[href^='/office/trainings/certificate']")
        assert sorted(links.nth(i).get_attribute("href") for i in range(links.count())) == [
            f"/office/trainings/certificate?id={gerda}.1",
            f"/office/trainings/certificate?id={gerda}.2",
        ]
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            shots[width] = f"/tmp/roster-session-{width}.png"
            page.screenshot(path=shots[width], full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    finally:
        context.close()
    english = Browser(desk.url, "10.3.0.9", "en")
    assert english.sign_in(OFFICE_USER).status_code == 303
    assert "(not named yet)" in english.request("GET", f"/office/trainings/session?{where}").text

    office = signed_in(desk, OFFICE_USER, "10.3.0.8")
    text = office.request("GET", f"/office/trainings/export?{where}&format=csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [(r["participant"], r["participant_name"], r["name"], r["company"], r["attended"]) for r in rows] == [
        (f"{gerda}.1", "Gerda Gruppe", "Gerda Gruppe", "Gruppe & Co", "x"),
        (f"{gerda}.2", "Hans Helfer", "Gerda Gruppe", "Gruppe & Co", "x"),
        (f"{gerda}.3", "", "Gerda Gruppe", "Gruppe & Co", ""),
        (f"{ida}.1", "Ida Einzeln", "Ida Einzeln", "", ""),
    ]
    assert rows[1]["participant_email"] == "hans@example.org" and rows[1]["email"] == "gerda@example.org"
    sheet = load_workbook(io.BytesIO(office.request("GET", f"/office/trainings/export?{where}&format=xlsx").content))
    values = [[cell.value for cell in row] for row in sheet.active.iter_rows(min_row=2)]
    assert [row[:2] for row in values] == [[r["participant"], r["participant_name"] or None] for r in rows]


def test_in_chromium_today_asks_for_an_online_sessions_joining_link_and_the_office_enters_it(desk, browser):
    when = spoken(ONLINE, "de")
    context, page = office_page(browser, desk, OFFICE_USER)
    try:
        warning = page.locator("section", has_text="Online-Termine ohne Zugangslink")
        assert f"Präsentationstraining, {when}" in warning.inner_text()
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"/tmp/roster-today-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        warning.locator("a").click()
        assert page.locator("h1").inner_text() == f"Präsentationstraining, {when}"
        page.fill("#join-url", "http://meet.example/unsicher")  # the browser would refuse it; the server must too
        page.evaluate("document.querySelector('#join-url').type = 'text'")
        page.click("button:has-text('Zugangslink speichern')")
        assert "https://-Adresse" in page.content()
        page.go_back()
        page.fill("#join-url", "https://meet.example/praesentation?pwd=42")
        page.click("button:has-text('Zugangslink speichern')")
        assert "Der Zugangslink ist gespeichert" in page.locator(".said").inner_text()
        assert page.locator("#join-url").input_value() == "https://meet.example/praesentation?pwd=42"
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"/tmp/roster-join-{width}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.click("nav >> text=Heute")
        assert page.locator("section", has_text="Online-Termine ohne Zugangslink").count() == 0
    finally:
        context.close()
    with store.reading(desk.engine) as conn:
        assert store.session_join_url(conn, PITCH, ONLINE) == "https://meet.example/praesentation?pwd=42"
    trail = [(r["actor"], r["action"], r["subject"], r["detail"]) for r in desk.audit()]
    assert (OFFICE_USER, "join_url_set", f"{PITCH} {ONLINE}", "meet.example") in trail
