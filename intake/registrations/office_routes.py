"""The office's admin API after the registration: a session's attendance list (PDF), marking who
attended, the certificates of attendance (PDF, downloaded or mailed), and a text mailed to every
confirmed participant of a session. Behind the admin door (bearer
``INTAKE_ADMIN_TOKEN``); the documents are rendered by ``documents``."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import mail, store
from ..rules import header_safe
from ..web import AdminProblem, Intake, admin_door, admin_json, intake_of, no_store_json, utcnow
from . import documents
from .reminders import clock
from .rules import TrainingSession, session_start
from .service import date_text, facts, known_sessions

logger = logging.getLogger("intake")
LANGS = ("de", "en")


def pdf(content: bytes, filename: str) -> Response:
    """A PDF the office downloads; never cached."""
    headers = {"Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type="application/pdf", headers=headers)


async def published_session(intake: Intake, offer: object, session: object) -> TrainingSession:
    """The session the site publishes as *offer* and *session*; AdminProblem (400/404) otherwise."""
    if not isinstance(offer, str) or not isinstance(session, str) or session_start(session) is None:
        raise AdminProblem(400, "name the offer and the session (its start, YYYY-MM-DDTHH:MM)")
    sessions = await run_in_threadpool(known_sessions, intake)
    if sessions is None:
        raise AdminProblem(503, "the list of sessions (INTAKE_OFFERS) cannot be read")
    known = sessions.get((offer, session))
    if known is None:
        raise AdminProblem(404, f"no session {session} of the offer {offer!r} in the site's list")
    return known


@admin_door
async def attendance_list(request: Request) -> Response:
    """GET /admin/registrations/attendance-list?offer=…&session=…[&lang=de]: the PDF."""
    intake = intake_of(request)
    query = request.query_params
    lang = query.get("lang", "de")
    if lang not in LANGS:
        raise AdminProblem(400, f"lang must be one of {', '.join(LANGS)}")
    known = await published_session(intake, query.get("offer"), query.get("session"))
    content = await run_in_threadpool(documents.session_attendance_list, intake, known, lang, clock(intake))
    return pdf(content, documents.attendance_list_name(known, lang))


@admin_door
async def attendance(request: Request) -> Response:
    """GET /admin/registrations/attendance?offer=…&session=…: the confirmed registrations of the
    session (id, name, lang, participants) and whether each attended."""
    intake = intake_of(request)
    known = await published_session(intake, request.query_params.get("offer"), request.query_params.get("session"))

    def load() -> list[dict]:
        with store.reading(intake.engine) as conn:
            rows = store.confirmed_of_session(conn, known.offer, known.session)
            attended = store.attended_ids(conn, [row["id"] for row in rows])
        return [
            {key: row[key] for key in ("id", "name", "lang", "participants")} | {"attended": row["id"] in attended}
            for row in rows
        ]

    return no_store_json(
        {"offer": known.offer, "session": known.session, "participants": await run_in_threadpool(load)}
    )


@admin_door
async def mark_attendance(request: Request) -> Response:
    """POST /admin/registrations/attendance ``{offer, session, attended: [registration ids]}``:
    marks them attended; every id must be a confirmed registration of that session (else 400, nothing marked)."""
    intake = intake_of(request)
    body = await admin_json(request)
    if not isinstance(body, dict):
        raise AdminProblem(400, "send {offer, session, attended: [ids]}")
    known = await published_session(intake, body.get("offer"), body.get("session"))
    attended = body.get("attended")
    if not isinstance(attended, list) or not all(isinstance(i, str) for i in attended):
        raise AdminProblem(400, "attended must be a list of registration ids")

    def mark(conn) -> int:
        confirmed = {row["id"] for row in store.confirmed_of_session(conn, known.offer, known.session)}
        if unknown := [i for i in attended if i not in confirmed]:
            raise AdminProblem(400, f"not confirmed for this session: {', '.join(unknown[:10])}")
        return store.mark_attended(conn, attended, utcnow())

    marked = await intake.write(mark)
    return no_store_json({"marked": marked, "attended": len(set(attended))})


@admin_door
async def certificate(request: Request) -> Response:
    """GET /admin/registrations/certificate?id=…: the participant's certificate of attendance
    (PDF, in the registration's language); 409 before the session's end or when not marked attended."""
    intake = intake_of(request)
    registration_id = request.query_params.get("id", "")

    def load() -> tuple[dict | None, bool]:
        with store.reading(intake.engine) as conn:
            row = store.registration(conn, registration_id)
            return row, bool(row) and registration_id in store.attended_ids(conn, [registration_id])

    row, attended = await run_in_threadpool(load)
    if row is None or not row["session"]:
        raise AdminProblem(404, f"no registration {registration_id!r} for a session")
    known = await published_session(intake, row["offer"], row["session"])
    if clock(intake) < session_start(known.end):
        raise AdminProblem(409, f"the session ends {known.end}: certificates after it")
    if not attended or row["status"] != "confirmed":
        raise AdminProblem(409, f"{registration_id} is not marked as attended")
    title, _ = facts(intake, row, known)
    content = await run_in_threadpool(documents.certificate, intake, known, title, row, clock(intake))
    kind = "teilnahmebescheinigung" if row["lang"] == "de" else "certificate"
    return pdf(content, documents.file_name(kind, known, f"-{row['id']}"))


@admin_door
async def mail_certificates(request: Request) -> Response:
    """POST /admin/registrations/certificates ``{offer, session}``: mail every participant marked
    attended their certificate through the outbox; 409 before the session's end or when nobody is marked."""
    intake = intake_of(request)
    body = await admin_json(request)
    if not isinstance(body, dict):
        raise AdminProblem(400, "send {offer, session}")
    known = await published_session(intake, body.get("offer"), body.get("session"))
    now = clock(intake)
    if now < session_start(known.end):
        raise AdminProblem(409, f"the session ends {known.end}: certificates after it")
    titles = {lang: facts(intake, {"offer": known.offer, "lang": lang}, known)[0] for lang in LANGS}
    dates = {lang: date_text(known.session, lang) for lang in LANGS}

    def render() -> list[tuple[str, str]]:
        with store.reading(intake.engine) as conn:
            rows = documents.attended_rows(conn, known)
        return documents.certificate_mails(intake, known, titles, dates, rows, now)

    mails = await run_in_threadpool(render)
    if not mails:
        raise AdminProblem(409, "nobody of this session is marked as attended")

    def queue(conn) -> None:
        for address, message in mails:
            store.enqueue(conn, "mail", address, message, utcnow())

    await intake.write(queue)
    intake.wake.set()
    logger.info("certificates of %s %s: %d mailed", known.offer, known.session, len(mails))
    return no_store_json({"mailed": len(mails)})


MAX_TEXT = 20_000


@admin_door
async def mail_participants(request: Request) -> Response:
    """POST /admin/registrations/session-mail ``{offer, session, text, subject?}``: the office's text
    to every confirmed participant of the session (not the waiting list), through the outbox, each
    in their registration's language; 400 for an empty or overlong text or a subject with a line break."""
    intake = intake_of(request)
    body = await admin_json(request)
    if not isinstance(body, dict):
        raise AdminProblem(400, "send {offer, session, text, subject?}")
    known = await published_session(intake, body.get("offer"), body.get("session"))
    text, subject = body.get("text"), body.get("subject") or ""
    if not isinstance(text, str) or not text.strip():
        raise AdminProblem(400, "the text is empty: nothing was mailed")
    if len(text) > MAX_TEXT or not isinstance(subject, str) or len(subject) > 200:
        raise AdminProblem(400, f"the text may have at most {MAX_TEXT} characters, the subject 200")
    if "\r" in subject or "\n" in subject or not header_safe(subject):
        raise AdminProblem(400, "the subject must be one line of plain text")

    def queue(conn) -> int:
        rows = store.confirmed_of_session(conn, known.offer, known.session)
        for row in rows:
            title, offer_url = facts(intake, row, known)
            mail_subject, mail_body = intake.mail_text(
                f"session_mail.{row['lang']}.txt",
                r=row,
                text=text.strip(),
                given_subject=subject.strip(),
                title=title,
                date=date_text(known.session, row["lang"]),
                offer_url=offer_url,
            )
            message = mail.queued_mail(row["email"], mail_subject, mail_body)
            store.enqueue(conn, "mail", row["email"], message, utcnow())
        return len(rows)

    mailed = await intake.write(queue)
    intake.wake.set()
    logger.info("session mail of %s %s: %d participant(s) mailed", known.offer, known.session, mailed)
    return no_store_json({"mailed": mailed})


routes = [
    Route("/admin/registrations/attendance-list", attendance_list, methods=["GET"]),
    Route("/admin/registrations/attendance", attendance, methods=["GET"]),
    Route("/admin/registrations/attendance", mark_attendance, methods=["POST"]),
    Route("/admin/registrations/certificate", certificate, methods=["GET"]),
    Route("/admin/registrations/certificates", mail_certificates, methods=["POST"]),
    Route("/admin/registrations/session-mail", mail_participants, methods=["POST"]),
]
