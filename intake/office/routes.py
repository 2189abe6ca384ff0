"""The office's pages: sign-in, Today, comments, trainings, messages, privacy, audit log and the
account. Routes parse and answer; ``service`` acts through the rooms' services; ``desk`` is the
one door (session, role, CSRF, headers)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import privacy, store
from ..comments import rules as comment_rules
from ..registrations import session_work
from ..registrations.service import Refused
from ..signing import TokenError
from ..web import RequestProblem, intake_of, request_language
from . import accounts, rules, service
from .desk import (
    EVERYONE,
    HEADERS,
    OFFICE,
    Desk,
    clear_session_cookie,
    cookie_value,
    door,
    first,
    foreign_origin,
    open_new_session,
    page,
    problem,
    read_pairs,
    redirect,
    set_session_cookie,
    signed_in,
    texts,
)

LOGIN_FORM_SECONDS = 3600


def _login_page(request: Request, status: int = 200, message: str = "", email: str = "") -> Response:
    token = intake_of(request).signer.make("office-login", int(time.time()))
    return page(request, "login.html", status, token=token, message=message, email=email)


async def login(request: Request) -> Response:
    """GET /office/login: the form; POST: e-mail and password, throttled per client and account."""
    intake = intake_of(request)
    t = texts(request_language(request), intake)
    if request.method == "GET":
        desk = await run_in_threadpool(signed_in, intake, cookie_value(request))
        if desk is not None and desk.stage == "in":
            return redirect("/office/")
        return _login_page(request, message=t.get(request.query_params.get("said", ""), ""))
    try:
        form = dict(await read_pairs(request))
    except RequestProblem as refused:
        return problem(request, refused.status, refused.code)
    try:
        intake.signer.open("office-login", form.get("token", ""), LOGIN_FORM_SECONDS)
    except TokenError:
        return _login_page(request, 403, t["login_expired"])
    if foreign_origin(request):
        return problem(request, 403, "csrf")
    email = form.get("email", "").strip()[:254]
    client = intake.client_key(request)
    await asyncio.sleep(await run_in_threadpool(service.throttle_delay, intake, client, email))
    account = await run_in_threadpool(service.check_password, intake, email, form.get("password", ""))
    if account is None:
        await run_in_threadpool(service.throttle_failed, intake, client, email)
        return _login_page(request, 401, t["login_failed"], email)
    await run_in_threadpool(service.throttle_succeeded, intake, client, email)
    stage = "code" if account["totp_secret"] else "in"
    value = await run_in_threadpool(open_new_session, intake, account["id"], stage, cookie_value(request))
    if stage == "in":
        await run_in_threadpool(service.note_sign_in, intake, account["id"], account["login"])
    response = redirect("/office/login/code" if stage == "code" else "/office/")
    set_session_cookie(response, request, value)
    return response


@door(*EVERYONE, code_stage=True)
async def login_code(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/login/code: the TOTP code; POST: checked (throttled; a code used once is
    refused), then a new session id."""
    intake = intake_of(request)
    t = texts(request_language(request), intake)
    if request.method == "GET":
        return page(request, "code.html", desk=desk)
    client = intake.client_key(request)
    await asyncio.sleep(await run_in_threadpool(service.throttle_delay, intake, client, desk.email))
    secret = await run_in_threadpool(service.totp_secret, intake, desk.email)
    if not await run_in_threadpool(service.code_accepted, intake, desk.account_id, secret, first(form, "code")):
        await run_in_threadpool(service.throttle_failed, intake, client, desk.email)
        return page(request, "code.html", 401, desk, message=t["code_wrong"])
    await run_in_threadpool(service.throttle_succeeded, intake, client, desk.email)
    value = await run_in_threadpool(open_new_session, intake, desk.account_id, "in", cookie_value(request))
    await run_in_threadpool(service.note_sign_in, intake, desk.account_id, desk.email)
    response = redirect("/office/")
    set_session_cookie(response, request, value)
    return response


@door(*EVERYONE)
async def logout(request: Request, desk: Desk, form: dict) -> Response:
    """POST /office/logout: this session ends; with ``everywhere`` every session of the account."""
    everywhere = first(form, "everywhere") == "1"
    await run_in_threadpool(service.sign_out, intake_of(request), desk.key, desk.account_id, everywhere)
    response = redirect("/office/login?said=signed_out")
    clear_session_cookie(response, request)
    return response


@door(*EVERYONE)
async def today(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/: what needs a decision (a moderator's desk is the comment queue)."""
    if desk.role != "office":
        return redirect("/office/comments")
    summary = await run_in_threadpool(service.today, intake_of(request), request_language(request))
    return page(request, "today.html", desk=desk, **summary)


def _comment_filters(params) -> tuple[str, str]:
    status = params.get("status", "pending")
    return (status if status in comment_rules.STATUSES else "pending"), params.get("q", "").strip()[:100]


@door(*EVERYONE)
async def comments(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/comments?status=&q=&page=: the queue; POST: a decision for the selected ones."""
    intake = intake_of(request)
    lang = request_language(request)
    t = texts(lang, intake)
    if request.method == "POST":
        decision = first(form, "decision")
        ids = [i for i in form.get("id", []) if i]
        if decision not in ("approved", "rejected", "spam") or not ids:
            return problem(request, 400, "none_selected", desk)
        counts = await intake.write(lambda conn: service.decide(intake, conn, ids, decision, desk.email))
        intake.wake.set()
        back = first(form, "back")
        query = {f"done_{name}": count for name, count in counts.items()}
        target = back if back.startswith("/office/comments") and "//" not in back else "/office/comments"
        return redirect(target + ("&" if "?" in target else "?") + urlencode(query))
    status, search = _comment_filters(request.query_params)
    titles = await run_in_threadpool(intake.articles.current) or {}
    matching = [slug for (slug, _), post in titles.items() if search and search.lower() in post.title.lower()]

    def load(offset: int):
        with store.reading(intake.engine) as conn:
            return store.comments_page(conn, status, search, matching, offset, rules.PAGE_SIZE)

    _, total = await run_in_threadpool(load, 0)
    number, pages, offset = service.page_of(total, request.query_params.get("page"))
    rows, total = await run_in_threadpool(load, offset)
    for row in rows:
        post = titles.get((row["article"], row["lang"]))
        row["title"] = post.title if post else row["article"]
        row["post_url"] = intake.settings.site_url + post.url if post else ""
    filters = {"status": status, "q": search}
    return page(
        request,
        "comments.html",
        desk=desk,
        rows=rows,
        total=total,
        number=number,
        pages=pages,
        filters=filters,
        statuses=comment_rules.STATUSES,
        said=_decided(t, request.query_params),
        here=request.url.path + "?" + urlencode({**filters, "page": number}),
        query=lambda **more: urlencode({**filters, **more}),
    )


def _decided(t: dict, params) -> str:
    """The counts of the last decision, shown after its redirect (numbers only: no text from the URL)."""
    counts = {name: params.get(f"done_{name}", "") for name in ("approved", "rejected", "spam", "unchanged")}
    if not all(value.isdigit() and len(value) < 6 for value in counts.values()):
        return ""
    return t["decided"].format(**counts)


SAID = (
    "moved",
    "decided",
    "seat_offered",
    "no_seat_offer",
    "attendance_marked",
    "session_mailed",
    "certificates_mailed",
    "join_url_saved",
)


def _trainings_said(t: dict, params) -> str:
    """What the last action on the trainings page did, after its redirect (known keys and a number
    only: no text from the URL)."""
    said, count = params.get("said", ""), params.get("n", "0")
    if said not in SAID or not count.isdigit() or len(count) > 5:
        return ""
    return t[f"said_{said}"].format(n=int(count))


def _refused_page(request: Request, desk: Desk, message: str, status: int = 409) -> Response:
    t = texts(request_language(request), intake_of(request))
    return page(request, "message.html", status, desk, title=t["refused"], message=message)


@door(*OFFICE)
async def trainings(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/trainings: upcoming (and recently ended) sessions with their registrations;
    POST: confirm, cancel or move one (``registrations-apply``'s path)."""
    intake = intake_of(request)
    lang = request_language(request)
    if request.method == "POST":
        decision = {
            "id": first(form, "id"),
            "decision": first(form, "decision"),
            "fingerprint": first(form, "fingerprint"),
        }
        if decision["decision"] == "move":
            decision["session"] = first(form, "session")
        elif decision["decision"] not in ("confirm", "confirm-overbook", "cancel"):
            return problem(request, 400, "none_selected", desk)
        try:
            await intake.write(lambda conn: service.decide_registration(intake, conn, decision, desk.email))
        except Refused as refused:
            return _refused_page(request, desk, "; ".join(e["message"] for e in refused.errors))
        intake.wake.set()
        said = "said=moved&n=1" if decision["decision"] == "move" else "said=decided&n=1"
        return redirect(_back_to(first(form, "back"), said))
    lines = await run_in_threadpool(service.upcoming_sessions, intake, lang, None, service.ENDED_DAYS)
    said = _trainings_said(texts(lang, intake), request.query_params)
    return page(request, "trainings.html", desk=desk, lines=lines, said=said)


def _back_to(back: str, said: str) -> str:
    """Where a decision sends the office: back to the page it came from (the trainings list or a
    session's page, never elsewhere), with what was done."""
    target = back if back.startswith("/office/trainings") and "//" not in back and "\\" not in back else ""
    target = target or "/office/trainings"
    return target + ("&" if "?" in target else "?") + said


def session_path(offer: str, session: str) -> str:
    """The desk page of one session."""
    return "/office/trainings/session?" + urlencode({"offer": offer, "session": session})


@door(*OFFICE)
async def session_action(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/trainings/session?offer=…&session=…: the session's page, its participants per
    booking. POST (offer, session, action): offer a freed seat to the waiting list, save attendance
    (the ``attended`` participants of the ``shown`` ones), mail every confirmed participant
    (subject, text), mail the certificates, keep the joining link (``join_url``). The admin API's
    functions (``registrations.session_work``)."""
    intake = intake_of(request)
    lang = request_language(request)
    t = texts(lang, intake)
    if request.method == "GET":
        query = request.query_params
        known = await run_in_threadpool(service.published, intake, query.get("offer", ""), query.get("session", ""))
        if known is None:
            return problem(request, 404, "not_found", desk)
        detail = await run_in_threadpool(service.session_detail, intake, known, lang)
        here = session_path(known.offer, known.session)
        return page(request, "session.html", desk=desk, said=_trainings_said(t, query), here=here, **detail)
    known = await run_in_threadpool(service.published, intake, first(form, "offer"), first(form, "session"))
    if known is None:
        return problem(request, 404, "not_found", desk)
    action = first(form, "action")
    try:
        if action == "offer_seat":
            offered = await intake.write(lambda conn: service.offer_seat(intake, conn, known, desk.email))
            said, count = ("seat_offered", 1) if offered else ("no_seat_offer", 0)
        elif action == "attendance":
            keys = [i for i in form.get("attended", []) if i]
            shown = [i for i in form.get("shown", []) if i]
            count = await intake.write(lambda conn: session_work.mark_attended(conn, known, keys, desk.email, shown))
            said = "attendance_marked"
        elif action == "join_url":
            url = session_work.check_join_url(first(form, "join_url"))
            await intake.write(lambda conn: session_work.keep_join_url(conn, known, url, desk.email))
            said, count = "join_url_saved", 1
        elif action == "mail":
            subject, text = session_work.check_session_mail(first(form, "subject"), first(form, "text"))
            count = await intake.write(
                lambda conn: session_work.queue_session_mail(intake, conn, known, subject, text, desk.email)
            )
            said = "session_mailed"
        elif action == "certificates":
            mails = await run_in_threadpool(session_work.certificate_mails, intake, known)
            count = await intake.write(
                lambda conn: session_work.queue_certificate_mails(conn, known, mails, desk.email)
            )
            said = "certificates_mailed"
        else:
            return problem(request, 400, "none_selected", desk)
    except session_work.SessionRefusal as refused:
        return _refused_page(request, desk, t[refused.key], refused.status)
    intake.wake.set()
    return redirect(f"{session_path(known.offer, known.session)}&said={said}&n={count}")


@door(*OFFICE)
async def certificate(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/trainings/certificate?id=r-….2: one participant's certificate of attendance (PDF)."""
    intake = intake_of(request)
    t = texts(request_language(request), intake)
    try:
        seat = await run_in_threadpool(session_work.seat_for_certificate, intake, request.query_params.get("id", ""))
        row = seat["registration"]
        known = await run_in_threadpool(service.published, intake, row["offer"], row["session"])
        if known is None:
            return problem(request, 404, "not_found", desk)
        content, name = await run_in_threadpool(session_work.certificate, intake, known, seat, desk.email)
    except session_work.SessionRefusal as refused:
        if refused.status == 404:
            return problem(request, 404, "not_found", desk)
        return _refused_page(request, desk, t[refused.key], refused.status)
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type="application/pdf", headers=headers)


@door(*OFFICE)
async def session_export(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/trainings/export?offer=…&session=…&format=csv|xlsx: the session's registrations
    as a spreadsheet (formula-safe cells)."""
    intake = intake_of(request)
    query = request.query_params
    kind = query.get("format", "")
    known = await run_in_threadpool(service.published, intake, query.get("offer", ""), query.get("session", ""))
    if known is None or kind not in ("csv", "xlsx"):
        return problem(request, 404, "not_found", desk)
    content, media, name = await run_in_threadpool(service.session_export, intake, known, kind, desk.email)
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=headers)


@door(*OFFICE)
async def attendance_list(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/trainings/attendance-list?offer=…&session=…: the session's attendance list (PDF)
    in the desk's language."""
    intake = intake_of(request)
    query = request.query_params
    found = await run_in_threadpool(
        service.attendance_list, intake, query.get("offer", ""), query.get("session", ""), request_language(request)
    )
    if found is None:
        return problem(request, 404, "not_found", desk)
    content, name = found
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type="application/pdf", headers=headers)


@door(*OFFICE)
async def messages(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/messages?answered=0|1&page=: the contact inbox."""
    intake = intake_of(request)
    answered = request.query_params.get("answered") == "1"

    def load(offset: int):
        with store.reading(intake.engine) as conn:
            return store.contact_page(conn, answered, offset, rules.PAGE_SIZE)

    _, total = await run_in_threadpool(load, 0)
    number, pages, offset = service.page_of(total, request.query_params.get("page"))
    rows, total = await run_in_threadpool(load, offset)
    return page(
        request,
        "messages.html",
        desk=desk,
        rows=rows,
        answered=answered,
        number=number,
        pages=pages,
        query=lambda **more: urlencode({"answered": int(answered), **more}),
    )


@door(*OFFICE)
async def message(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/messages/<id>: read; POST action=answered|reply."""
    intake = intake_of(request)
    message_id = request.path_params["message_id"]

    def load():
        with store.reading(intake.engine) as conn:
            return store.contact_message(conn, message_id)

    row = await run_in_threadpool(load)
    if row is None or row["status"] == "spam":
        return problem(request, 404, "not_found", desk)
    if request.method == "POST":
        action = first(form, "action")
        if action == "reply":
            text = first(form, "text").strip()
            if not text:
                return problem(request, 400, "reply_empty", desk)
            if not intake.settings.office:
                return problem(request, 409, "reply_needs_office", desk)
            await intake.write(lambda conn: service.reply(intake, conn, row, text[:20000], desk.email))
            intake.wake.set()
        else:
            await intake.write(lambda conn: service.mark_answered(intake, conn, message_id, desk.email))
        return redirect(f"/office/messages/{message_id}")
    return page(request, "message_read.html", desk=desk, row=row, can_reply=bool(intake.settings.office))


@door(*OFFICE)
async def privacy_page(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/privacy: an address to look up; POST action=look|export|forget (forget needs
    the confirmation box): the CLI's functions, each noted in the audit log."""
    intake = intake_of(request)
    if request.method == "GET":
        return page(request, "privacy.html", desk=desk, email="", found=None)
    email, action = first(form, "email").strip()[:254], first(form, "action")
    if "@" not in email:
        return page(request, "privacy.html", 400, desk, email=email, found=None)
    if action == "export":
        text = await run_in_threadpool(privacy.export, intake.engine, email, (), desk.email)
        return Response(
            text,
            media_type="application/json",
            headers={**HEADERS, "Content-Disposition": 'attachment; filename="export.json"'},
        )
    if action == "forget" and first(form, "confirm") == "yes":
        lines = await run_in_threadpool(privacy.forget, intake.engine, email, (), desk.email)
        return page(request, "privacy.html", desk=desk, email="", found=None, forgotten=lines)
    found = await run_in_threadpool(privacy.summary, intake.engine, email)
    return page(request, "privacy.html", desk=desk, email=email, found=found)


@door(*OFFICE)
async def audit(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/audit?action=&page=: who decided what and when, newest first."""
    intake = intake_of(request)
    action = request.query_params.get("action", "")[:40]

    def load(offset: int):
        with store.reading(intake.engine) as conn:
            return store.audit_page(conn, offset, rules.PAGE_SIZE, action)

    _, total = await run_in_threadpool(load, 0)
    number, pages, offset = service.page_of(total, request.query_params.get("page"))
    rows, _ = await run_in_threadpool(load, offset)
    return page(
        request,
        "audit.html",
        desk=desk,
        rows=rows,
        action=action,
        number=number,
        pages=pages,
        query=lambda **more: urlencode({"action": action, **more}),
    )


@door(*EVERYONE)
async def account(request: Request, desk: Desk, form: dict) -> Response:
    """GET /office/account: role and second factor (and, for the office, every account);
    POST action=start|enrol|off."""
    intake = intake_of(request)
    t = texts(request_language(request), intake)
    required = intake.settings.office_totp_required
    listed = await run_in_threadpool(service.account_list, intake) if desk.role == "office" else []
    if request.method == "GET":
        said = request.query_params.get("said", "")
        said = t[f"said_{said}"] if said in ("account_disabled", "account_enabled", "account_deleted") else ""
        return page(
            request, "account.html", desk=desk, required=required, secret="", uri="", accounts=listed, said=said
        )
    action = first(form, "action")
    if action == "start":
        secret = accounts.new_totp_secret()
        sealed = intake.signer.make("office-totp", {"s": secret, "a": desk.account_id})  # for this account only
        uri = accounts.totp_uri(secret, desk.email)
        qr = accounts.totp_qr(uri, t["totp_qr"])
        return page(request, "account.html", desk=desk, required=required, secret=secret, uri=uri, sealed=sealed, qr=qr)
    if action == "enrol":
        try:
            sealed = intake.signer.open("office-totp", first(form, "sealed"), 900).payload
        except TokenError:
            return problem(request, 400, "csrf", desk)
        if not isinstance(sealed, dict) or sealed.get("a") != desk.account_id or not isinstance(sealed.get("s"), str):
            return problem(request, 400, "csrf", desk)
        secret = sealed["s"]
        step = accounts.code_step(secret, first(form, "code"))
        if step is None:
            uri = accounts.totp_uri(secret, desk.email)
            return page(
                request,
                "account.html",
                400,
                desk,
                required=required,
                secret=secret,
                uri=uri,
                qr=accounts.totp_qr(uri, t["totp_qr"]),
                sealed=first(form, "sealed"),
                message=t["code_wrong"],
            )
        await run_in_threadpool(service.set_totp, intake, desk.account_id, desk.email, secret, step)
        return redirect("/office/account")
    if action == "off" and not required:
        await run_in_threadpool(service.set_totp, intake, desk.account_id, desk.email, "")
        return redirect("/office/account")
    return problem(request, 400, "forbidden", desk)


@door(*OFFICE)
async def account_change(request: Request, desk: Desk, form: dict) -> Response:
    """POST /office/accounts (account, action=disable|enable|delete): first a page asking to
    confirm, then with ``confirm=yes`` the change (``make office-user DISABLE=1``'s function; the
    account's sessions end at once; never one's own account, never the last office account)."""
    intake = intake_of(request)
    t = texts(request_language(request), intake)
    action, number = first(form, "action"), first(form, "account")
    known = number.isdigit() and len(number) < 10  # an id the store's integer column can hold
    target = await run_in_threadpool(service.account_by_id, intake, int(number)) if known else None
    listed = await run_in_threadpool(service.account_list, intake)
    refused = rules.account_change_problem(action, desk.account_id, target, listed)
    if refused == "not_found":
        return problem(request, 404, "not_found", desk)
    if refused:
        return _refused_page(request, desk, t[refused])
    if first(form, "confirm") != "yes":
        return page(request, "account_confirm.html", desk=desk, target=target, action=action)
    try:
        await run_in_threadpool(
            accounts.change_account, intake.engine, target["login"], action, desk.email, desk.account_id
        )
    except accounts.AccountRefused as late:  # another office person changed the accounts meanwhile
        return _refused_page(request, desk, t[late.key])
    return redirect(f"/office/account?said=account_{action}d")


async def stylesheet(_request: Request) -> Response:
    """GET /office/office.css: the desk's few styles (a file, so the CSP needs no inline style of ours)."""
    return Response(STYLES, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


STYLES = Path(__file__).with_name("office.css").read_text(encoding="utf-8")

routes = [
    Route("/office/login", login, methods=["GET", "POST"]),
    Route("/office/login/code", login_code, methods=["GET", "POST"]),
    Route("/office/logout", logout, methods=["POST"]),
    Route("/office/", today, methods=["GET"]),
    Route("/office/comments", comments, methods=["GET", "POST"]),
    Route("/office/trainings", trainings, methods=["GET", "POST"]),
    Route("/office/trainings/attendance-list", attendance_list, methods=["GET"]),
    Route("/office/trainings/session", session_action, methods=["GET", "POST"]),
    Route("/office/trainings/certificate", certificate, methods=["GET"]),
    Route("/office/trainings/export", session_export, methods=["GET"]),
    Route("/office/messages", messages, methods=["GET"]),
    Route("/office/messages/{message_id}", message, methods=["GET", "POST"]),
    Route("/office/privacy", privacy_page, methods=["GET", "POST"]),
    Route("/office/audit", audit, methods=["GET"]),
    Route("/office/account", account, methods=["GET", "POST"]),
    Route("/office/accounts", account_change, methods=["POST"]),
    Route("/office/office.css", stylesheet, methods=["GET"]),
]
