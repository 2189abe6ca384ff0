"""What every route shares: the Intake object (settings, store, signer, limits, templates),
reading a form safely, pages in the reader's language, admin authentication, and the outer
middleware that adds security headers and logs one line per request.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from . import mail, rules, store
from .articles import ArticleList
from .look import SiteLook
from .kinds import FormKind, merged_texts, registry
from .ratelimit import RateLimit
from .settings import Settings
from .signing import FORM_TOKEN_MAX_AGE, Signer, TokenError
from .texts import language

logger = logging.getLogger("intake")
T = TypeVar("T")
TEMPLATES = Path(__file__).resolve().parent / "templates"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FIELDS = 60  # a registration: about 20 fields of its own and 2 per participant row (up to 10)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def content_security_policy(site_origin: str = "") -> tuple[bytes, bytes]:
    """Nothing but the page itself and, from the site whose look the pages wear (look.py), its
    stylesheet, images and fonts, and its search form: no other origin, no script."""
    site = f" {site_origin}" if site_origin else ""
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline'{site}; img-src 'self'{site}; font-src 'self'{site}; "
        f"form-action 'self'{site}; frame-ancestors 'none'; base-uri 'none'"
    )
    return (b"content-security-policy", policy.encode())


class RequestProblem(Exception):  # noqa: N818 - it is an answer, not a failure of ours
    """A 4xx answer decided while reading the request; *code* names the page text."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def utcnow() -> datetime:
    """The current UTC time without tzinfo (how the store keeps times)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Intake:
    """One running service: built by create_app, handed to every route through app.state."""

    settings: Settings
    engine: Engine
    signer: Signer
    client_limit: RateLimit
    article_limit: RateLimit
    articles: ArticleList
    pages: Environment
    mails: Environment
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    group_commit: store.GroupCommit | None = None  # SQLite: one writer thread, batched commits
    too_many_pages: dict[tuple[str, str], bytes] = field(default_factory=dict)  # the 429 page per form and language
    sessions: ArticleList | None = None  # the bookable sessions (trainings/sessions.json; registrations.service)
    terms: ArticleList | None = None  # the terms of participation in sessions.json (registrations.review)
    kinds: tuple[FormKind, ...] = ()  # the registry (kinds.py)
    texts: dict[str, dict] = field(default_factory=dict)  # per language: the shared texts and every kind's
    look: SiteLook | None = None  # the site's page shells (look.py); None: the plain base

    async def write(self, work: Callable[[Connection], T]) -> T:
        """Run *work(conn)* in a write transaction without blocking the event loop; return once committed."""
        if self.group_commit is not None:
            return await asyncio.wrap_future(self.group_commit.submit(work))

        def direct() -> T:
            with store.writing(self.engine) as conn:
                return work(conn)

        return await run_in_threadpool(direct)

    @classmethod
    def build(cls, settings: Settings, engine: Engine, kinds: tuple[FormKind, ...] = ()) -> Intake:
        """Everything the routes need, from the settings and the registry of form kinds."""
        kinds = kinds or registry()
        pages = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"], default=True),
            undefined=StrictUndefined,
        )
        # Mails are plain text: nothing in them is interpreted as HTML, so nothing is escaped.
        mails = Environment(
            loader=FileSystemLoader(TEMPLATES / "mail"),
            autoescape=False,  # noqa: S701
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        return cls(
            settings=settings,
            engine=engine,
            signer=Signer(settings.secret),
            client_limit=RateLimit(settings.rate_limit),
            article_limit=RateLimit(settings.article_rate_limit),
            articles=ArticleList(settings.articles_source),
            pages=pages,
            mails=mails,
            kinds=kinds,
            texts=merged_texts(kinds),
            look=SiteLook(settings.look_source, settings.site_url),
        )

    def kind(self, name: str) -> FormKind:
        """The form kind *name* of the registry."""
        return next(kind for kind in self.kinds if kind.name == name)

    def page(self, template: str, lang: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
        """A page in *lang* (German or English)."""
        shell = self.look.shell(lang) if self.look else None
        html = self.pages.get_template(template).render(lang=lang, t=self.texts[lang], shell=shell, **context)
        all_headers = {"Cache-Control": "no-store"} | (headers or {})
        return HTMLResponse(html, status_code=status, headers=all_headers)

    def problems(
        self,
        kind: str,
        lang: str,
        status: int,
        problems: list[str],
        shown: list[str],
        back_url: str = "",
        back: str = "back_site",
        keep: str = "",
    ) -> HTMLResponse:
        """The one problem page of every form (400, 413, 415): the problems of the form *kind* in
        the reader's language, what they typed (*shown*, escaped) below the text key *keep*, and a
        link *back* (a text key) to *back_url* (the site's home page when empty)."""
        t = self.texts[lang]
        return self.page(
            "problems.html",
            lang,
            status,
            site_label=t[self.kind(kind).label],
            title=f"{kind}_problems_title",
            problems=problems,
            shown=[value for value in shown if value],
            keep=keep,
            back_url=back_url or self.home(lang),
            back=back,
        )

    def mail_text(self, template: str, **context) -> tuple[str, str]:
        """Subject and body of a mail: its template sets ``subject`` at the top (the subject lives
        with its text), cut to one line of at most 200 characters, and renders the body."""
        module = self.mails.get_template(template).make_module(context)
        return one_line(str(module.subject))[:200], str(module)

    def mail_office(self, conn, subject: str, body: str, at, about: tuple, reply_to: tuple | None = None) -> None:
        """Queue one mail to every office address (INTAKE_OFFICE); *reply_to* (name, address) makes
        an answer reach the person who wrote."""
        for address in self.settings.office:
            queued = mail.queued_mail(address, subject, body, reply_to=reply_to)
            store.enqueue(conn, "mail", address, queued, at, about=about)

    def message(
        self, lang: str, status: int, message: str, title: str = "", back: bool = True, **context
    ) -> HTMLResponse:
        """A short page with one message (errors, done pages); *context* goes to the template."""
        back_url = self.home(lang) if back else ""
        title = title or self.texts[lang]["error_title"]
        return self.page("message.html", lang, status, title=title, message=message, back_url=back_url, **context)

    def refusal(self, kind: str, lang: str, status: int) -> HTMLResponse:
        """The 403 (foreign origin) or 429 (too many) page of the form *kind* (a name of the
        registry), in words about what the reader sent: a comment, a registration, a message."""
        t = self.texts[lang]
        label = t[self.kind(kind).label]
        return self.message(lang, status, t[f"error_{status}_{kind}"], back=status != 429, site_label=label)

    def home(self, lang: str) -> str:
        """The site's home page in *lang* (English lives below /en/)."""
        return self.settings.site_url + ("/en/" if lang == "en" else "/")

    def client_key(self, request: Request) -> str:
        """The keyed, daily rotating hash of the client's address; the address is not kept."""
        return self.client_key_for(request.client.host if request.client else "unknown")

    def client_key_for(self, address: str) -> str:
        """The keyed, daily rotating hash of *address*."""
        return rules.client_key(self.settings.secret, address, utcnow().strftime("%Y-%m-%d"))

    def admin_allowed(self, request: Request) -> bool:
        """Whether the request carries the admin token (compared in constant time)."""
        given = request.headers.get("authorization", "")
        expected = f"Bearer {self.settings.admin_token}"
        return hmac.compare_digest(given.encode(), expected.encode())


def request_language(request: Request, value: str | None = None) -> str:
    """The reader's language: the form's ``lang``, else the browser's preference, else German."""
    return language(value, request.headers.get("accept-language", ""))


def content_type(request: Request) -> str:
    """The media type without parameters, lower case."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it exceeds *limit* (by Content-Length before reading)."""
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > limit):
        raise RequestProblem(413, "error_413")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestProblem(413, "error_413")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request: Request, limit: int) -> dict[str, str]:
    """A form sent as urlencoded or multipart (no files), strictly UTF-8; the first of repeated fields."""
    kind = content_type(request)
    if kind not in FORM_TYPES:
        raise RequestProblem(415, "error_415")
    body = await read_body(request, limit)
    try:
        body.decode("utf-8")
        if kind == "application/x-www-form-urlencoded":
            pairs = parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
                max_num_fields=MAX_FIELDS,
            )
        else:
            pairs = await _multipart_pairs(request, body)
    except (UnicodeDecodeError, ValueError):
        raise RequestProblem(400, "bad_encoding") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form


async def _multipart_pairs(request: Request, body: bytes) -> list[tuple[str, str]]:
    async def replay() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=0, max_fields=MAX_FIELDS)
    except Exception as error:  # starlette raises HTTPException or MultiPartException for broken parts
        raise ValueError(str(error)) from None
    pairs = []
    for name, value in form.multi_items():
        if not isinstance(value, str):
            raise ValueError("files are not accepted")
        pairs.append((name, value))
    return pairs


def no_store_json(content: object, status: int = 200, headers: dict | None = None) -> JSONResponse:
    """A JSON answer that no cache keeps."""
    return JSONResponse(content, status_code=status, headers={"Cache-Control": "no-store"} | (headers or {}))


def plain_error(status: int) -> Response:
    """A last-resort answer when not even a page can be rendered."""
    return Response(f"{status}\n", status_code=status, media_type="text/plain")


_SECRET_SEGMENT = re.compile(r"/[A-Za-z0-9_.~-]{24,}")


def loggable_path(path: str) -> str:
    """The path with tokens (long segments) masked; the query string is never logged."""
    return _SECRET_SEGMENT.sub("/…", path)


TARPIT_SECONDS = 1.0  # a refused client's 429 is held this long: a flooder waits instead of spinning the loop
TARPIT_MAX_HELD = 256  # at most this many held at once (beyond: answered at once), so memory stays bounded


class OuterMiddleware:
    """Security headers on every response (errors included), one log line per request, and the
    per-client limit of the form endpoints (one budget per form: comments sent from an office's
    network do not use up its registrations).

    It wraps the whole Starlette app, so even a 500 made by Starlette's last-resort handler
    gets the headers and is logged. The line holds method, path (tokens masked), status and
    time: no address, no query string, no form content.

    A client over its limit is answered here, before routing, before a Request object exists
    and before the body is read, with a page rendered once per language. The answer is held
    for up to TARPIT_SECONDS (never longer than Retry-After), so a client flooding over a few
    connections waits for each 429 instead of making the event loop answer it thousands of
    times a second; at most TARPIT_MAX_HELD are held, the rest are answered at once.
    """

    def __init__(self, app, hsts: bool, intake: Intake | None = None) -> None:
        self.app = app
        self.intake = intake
        self.headers = [*SECURITY_HEADERS, content_security_policy(intake.settings.site_origin if intake else "")]
        self.headers += [(b"strict-transport-security", b"max-age=31536000")] if hsts else []
        self.held = 0
        self.forms = {kind.path: kind.name for kind in intake.kinds} if intake else {}  # where forms arrive

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                known = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.headers if h[0] not in known]
            await send(message)

        try:
            if scope["method"] == "POST" and scope["path"] in self.forms:
                address = scope["client"][0] if scope.get("client") else "unknown"
                key = f"{self.forms[scope['path']]}:{self.intake.client_key_for(address)}"  # a budget per form
                retry = self.intake.client_limit.hit(key, time.monotonic())
                if retry:
                    status = 429
                    await self._refuse(scope, send, retry)
                    return
            await self.app(scope, receive, send_with_headers)
        finally:
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                loggable_path(scope["path"]),
                status,
                (time.perf_counter() - started) * 1000,
            )

    async def _refuse(self, scope, send, retry: int) -> None:
        """The form's 429 page in the reader's language, after the tarpit's wait."""
        body = too_many_page(self.intake, self.forms[scope["path"]], header_language(scope))
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry).encode()),
            (b"cache-control", b"no-store"),
            *self.headers,
        ]
        if self.held < TARPIT_MAX_HELD:
            self.held += 1
            try:
                await asyncio.sleep(min(TARPIT_SECONDS, retry))
            finally:
                self.held -= 1
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def header_language(scope) -> str:
    """The browser's preferred language for error pages made outside a route."""
    return language(None, Headers(scope=scope).get("accept-language", ""))


# -- what every kind of submission shares ----------------------------------------------------------

ADMIN_MAX_BODY = 1_000_000


class AdminProblem(Exception):  # noqa: N818 - it is an answer, not a failure of ours
    """An admin request that cannot be carried out: the status and what to say (as JSON)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def admin_door(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The one door of every admin route: the bearer token (a 401 otherwise), and an
    AdminProblem the route raises answered as JSON with its status."""

    @functools.wraps(handler)
    async def door(request: Request) -> Response:
        if not intake_of(request).admin_allowed(request):
            return no_store_json({"error": "missing or wrong admin token"}, 401, {"WWW-Authenticate": "Bearer"})
        try:
            return await handler(request)
        except AdminProblem as problem:
            errors = [{"id": None, "message": problem.message}]
            return no_store_json({"error": problem.message, "errors": errors}, problem.status)

    return door


async def admin_json(request: Request, limit: int = ADMIN_MAX_BODY) -> object:
    """The JSON body of an admin request, at most *limit* bytes; AdminProblem says why there is none."""
    if content_type(request) != "application/json":
        raise AdminProblem(415, "send application/json")
    try:
        return json.loads(await read_body(request, limit))
    except RequestProblem:
        raise AdminProblem(413, f"body larger than {limit} bytes") from None
    except ValueError:
        raise AdminProblem(400, "body is not JSON") from None


def intake_of(request: Request) -> Intake:
    """The service this request belongs to."""
    return request.app.state.intake


def one_line(value: str) -> str:
    """Text for a mail header: line breaks and runs of spaces become one space."""
    return " ".join(value.split())


def too_many_page(intake: Intake, kind: str, lang: str) -> bytes:
    """The 429 page of a form, rendered once per kind and language: a flood costs as little as possible."""
    html = intake.too_many_pages.get((kind, lang))
    if html is None:
        html = intake.too_many_pages[(kind, lang)] = intake.refusal(kind, lang, 429).body
    return html


def too_many(intake: Intake, kind: str, lang: str, retry: int) -> Response:
    """The 429 answer of a route (the per-article limit)."""
    return Response(
        too_many_page(intake, kind, lang),
        status_code=429,
        media_type="text/html",
        headers={"Retry-After": str(retry), "Cache-Control": "no-store"},
    )


async def accept_form(
    request: Request, kind: str, problem_page: Callable[[Intake, str, int, list[str], dict], Response]
) -> tuple[str, dict] | Response:
    """The checks before a reader's form of *kind* (a name of the registry) is read: the Origin (the
    site's, or the intake's own for the forms of its pages), the
    content type and size (the per-client limit was checked before routing, in OuterMiddleware).
    ``(lang, form)``, or the answer to send instead (403, or the kind's *problem_page* for a
    413/415, with an empty form)."""
    intake = intake_of(request)
    lang = request_language(request)
    origin = request.headers.get("origin")
    if origin is not None and origin not in (intake.settings.site_origin, intake.settings.public_origin):
        return intake.refusal(kind, lang, 403)  # the site's forms, or the intake's own (the review step)
    try:
        form = await read_form(request, intake.settings.max_body_bytes)
    except RequestProblem as problem:
        return problem_page(intake, lang, problem.status, [problem.code], {})
    return request_language(request, form.get("lang")), form


async def form_token(request: Request) -> Response:
    """GET /<form>/token: a signed timestamp for a reader's form, readable by the site's script."""
    intake = intake_of(request)
    return no_store_json(
        {"token": intake.signer.form_token()}, headers={"Access-Control-Allow-Origin": intake.settings.site_origin}
    )


def form_stamp(intake: Intake, token: str) -> tuple[str | None, float | None] | None:
    """``(nonce, seconds since the form was loaded)`` of a form's time token; ``(None, None)``
    without a token or with an expired one (the reader may have left the page open); ``None``
    when it is forged."""
    if not token:
        return None, None
    try:
        opened = intake.signer.open("form", token, FORM_TOKEN_MAX_AGE)
    except TokenError as error:
        return (None, None) if error.expired else None
    return str(opened.payload)[:64], time.time() - opened.issued_at


def open_link(intake: Intake, purpose: str, token: str, max_age: int) -> dict | None:
    """The payload of a signed link from a mail, or None when it is forged, expired or malformed."""
    try:
        payload = intake.signer.open(purpose, token, max_age).payload
    except TokenError:
        return None
    return payload if isinstance(payload, dict) else None


def reader_link(request: Request, purpose: str, max_age: int, key: str) -> tuple[dict | None, str]:
    """A link mailed to a reader (confirm, unsubscribe, cancel, accept): its payload when it is
    genuine and names a record under *key* (else None), and the reader's language (the link's,
    else the browser's)."""
    link = open_link(intake_of(request), purpose, request.path_params["token"], max_age)
    link = link if link and isinstance(link.get(key), str) else None
    return link, request_language(request, link.get("l") if link else None)
