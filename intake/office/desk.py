"""The one door of every office page: the session cookie read and checked against the store
(idle timeout, role, the second factor the office may require), the CSRF token of every POST,
the headers of every office page, and the pages themselves in the user's language."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from common.training_sessions import session_start

from .. import store
from ..web import Intake, RequestProblem, content_type, intake_of, read_body, request_language, utcnow
from . import rules
from .texts import TEXTS

MAX_FORM = 64 * 1024
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",  # no-referrer makes browsers send "Origin: null" with our own forms
}


@dataclass(frozen=True)
class Desk:
    """Who is signed in on this request: the session's key and CSRF token, the account."""

    key: str
    account_id: int
    email: str
    role: str
    csrf: str
    stage: str
    totp: bool


def is_https(request: Request) -> bool:
    """Whether the browser talks HTTPS to us (directly, or through the proxy uvicorn trusts)."""
    return request.url.scheme == "https"


def cookie_value(request: Request) -> str:
    """The session cookie's value, or ""."""
    return request.cookies.get(rules.cookie_name(is_https(request)), "")


def set_session_cookie(response: Response, request: Request, value: str) -> None:
    """The intake's own cookie: host-only, HttpOnly, Secure, SameSite=Strict, a session cookie."""
    response.set_cookie(
        rules.cookie_name(is_https(request)), value, path="/", secure=True, httponly=True, samesite="strict"
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        rules.cookie_name(is_https(request)), path="/", secure=True, httponly=True, samesite="strict"
    )


def signed_in(intake: Intake, value: str) -> Desk | None:
    """The session of a cookie value, still fresh (touched now), or None (an idle one, or one older
    than the absolute lifetime however active, ends here; a disabled account has none)."""
    if not value or len(value) > 100:
        return None
    key = rules.session_key(value)
    now = utcnow()
    with store.writing(intake.engine) as conn:
        row = store.session_of(conn, key)
        if row is None:
            return None
        idle = row["last_seen_at"] < now - timedelta(minutes=intake.settings.office_idle_minutes)
        if idle or row["created_at"] < now - timedelta(hours=intake.settings.office_session_hours):
            store.close_session(conn, key)
            return None
        store.touch_session(conn, key, now)
    return Desk(key, row["account_id"], row["email"], row["role"], row["csrf"], row["stage"], bool(row["totp_secret"]))


def open_new_session(intake: Intake, account_id: int, stage: str, old_value: str) -> str:
    """A fresh session id for the account (the one the browser brought ends: no fixation); the
    cookie's value. Every idle or too old session of any account goes now too, so the table stays small."""
    value = secrets.token_urlsafe(32)
    now = utcnow()
    with store.writing(intake.engine) as conn:
        if old_value:
            store.close_session(conn, rules.session_key(old_value))
        store.close_idle_sessions(conn, now - timedelta(minutes=intake.settings.office_idle_minutes))
        store.close_old_sessions(conn, now - timedelta(hours=intake.settings.office_session_hours))
        store.open_session(conn, rules.session_key(value), account_id, stage, secrets.token_urlsafe(24), now)
    return value


def texts(lang: str, intake: Intake) -> dict:
    """The shared texts with the office's over them."""
    return {**intake.texts[lang], **TEXTS[lang]}


def page(request: Request, template: str, status: int = 200, desk: Desk | None = None, **context) -> HTMLResponse:
    """An office page in the user's language with the office's headers."""
    intake = intake_of(request)
    lang = request_language(request)
    t = texts(lang, intake)
    shell = intake.look.shell(lang) if intake.look else None  # the site's look, as the reader's pages wear it
    html = intake.pages.get_template(f"office/{template}").render(
        lang=lang,
        t=t,
        site_label=t["office"],
        desk=desk,
        path=request.url.path,
        shell=shell,
        when=functools.partial(when, lang=lang),
        stamp=functools.partial(rules.stamp_label, lang=lang),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=page_headers(intake.settings.site_origin if shell else ""))


def when(moment: str | datetime, lang: str) -> str:
    """A session's start (``YYYY-MM-DDTHH:MM``) or a local datetime as the office reads it."""
    start = session_start(moment) if isinstance(moment, str) else moment
    return rules.moment_label(start, lang) if start else str(moment)


def page_headers(site_origin: str) -> dict[str, str]:
    """HEADERS, with the site's stylesheet, images and fonts allowed when the page wears its look."""
    if not site_origin:
        return HEADERS
    site = f" {site_origin}"
    policy = (
        f"default-src 'none'; style-src 'self' 'unsafe-inline'{site}; img-src 'self'{site}; font-src 'self'{site}; "
        f"form-action 'self'{site}; frame-ancestors 'none'; base-uri 'none'"
    )
    return {**HEADERS, "Content-Security-Policy": policy}


def problem(request: Request, status: int, text_key: str, desk: Desk | None = None, **values) -> HTMLResponse:
    """An error as a page in the user's language."""
    t = texts(request_language(request), intake_of(request))
    return page(request, "message.html", status, desk, title=t["error_title"], message=t[text_key].format(**values))


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=HEADERS)


async def read_pairs(request: Request) -> list[tuple[str, str]]:
    """An office form (urlencoded, UTF-8) as its pairs: repeated fields (selected rows) kept."""
    if content_type(request) != "application/x-www-form-urlencoded":
        raise RequestProblem(415, "error_415")
    body = await read_body(request, MAX_FORM)
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=500)
    except (UnicodeDecodeError, ValueError):
        raise RequestProblem(400, "bad_encoding") from None


def foreign_origin(request: Request) -> bool:
    """A POST whose Origin is another site's (browsers send it; a missing one is checked by the token)."""
    origin = request.headers.get("origin")
    return origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}"


Handler = Callable[[Request, Desk, dict], Awaitable[Response]]


def door(*roles: str, code_stage: bool = False) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap an office route: signed out -> the login page (GET) or 403 (POST); a role not in
    *roles* -> 403; a POST without the session's CSRF token or from another origin -> 403; an
    account without the required second factor -> its account page. The handler gets the
    request, the Desk and, for a POST, the form (``{name: [values]}``)."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def guarded(request: Request) -> Response:
            intake = intake_of(request)
            desk = await run_in_threadpool(signed_in, intake, cookie_value(request))
            wanted_stage = "code" if code_stage else "in"
            if desk is None or desk.stage != wanted_stage:
                if request.method == "GET":
                    return redirect("/office/login")
                return problem(request, 403, "csrf")
            if desk.role not in roles:
                return problem(request, 403, "forbidden", desk)
            form: dict[str, list[str]] = {}
            if request.method == "POST":
                try:
                    pairs = await read_pairs(request)
                except RequestProblem as refused:
                    return problem(request, refused.status, refused.code, desk)
                for name, value in pairs:
                    form.setdefault(name, []).append(value)
                given = (form.get("csrf") or [""])[0]
                if foreign_origin(request) or not hmac.compare_digest(given.encode(), desk.csrf.encode()):
                    return problem(request, 403, "csrf", desk)
            enrol = intake.settings.office_totp_required and not desk.totp and not code_stage
            if enrol and not request.url.path.startswith(("/office/account", "/office/logout")):
                return redirect("/office/account")
            return await handler(request, desk, form)

        return guarded

    return wrap


def first(form: dict, name: str) -> str:
    """The first value of a form field, or ""."""
    return (form.get(name) or [""])[0]


EVERYONE = rules.ROLES
OFFICE = ("office",)
