"""The office's admin API after the registration: a session's attendance list (PDF), marking who
attended, the certificates of attendance (PDF, downloaded or mailed), and a text mailed to every
confirmed participant of a session. Behind the admin door (bearer
``INTAKE_ADMIN_TOKEN``); the documents are rendered by ``documents``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import store
from ..web import AdminProblem, Intake, admin_door, admin_json, intake_of, no_store_json
from . import documents, session_work
from .reminders import clock
from .rules import TrainingSession, session_start
from .service import known_sessions

logger = logging.getLogger("intake")
LANGS = ("de", "en")
ACTOR = "admin API"


@contextmanager
def refused_as_problem() -> Iterator[None]:
    """A refusal of :mod:`session_work` answered as the admin API's JSON problem."""
    try:
        yield
    except session_work.SessionRefusal as refused:
        raise AdminProblem(refused.status, refused.message) from None


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
    """GET /admin/registrations/attendance?offer=…&session=…: every participant of the session's
    confirmed registrations (id ``r-….2``, registration, name ("" not named yet), booker, lang)
    and whether each attended."""
    intake = intake_of(request)
    known = await published_session(intake, request.query_params.get("offer"), request.query_params.get("session"))

    def load() -> list[dict]:
        with store.reading(intake.engine) as conn:
            seats = session_work.confirmed_seats(conn, known)
        return [
            {
                "id": seat["key"],
                "registration": seat["registration_id"],
                "name": seat["name"],
                "booker": seat["registration"]["name"],
                "lang": seat["registration"]["lang"],
                "attended": seat["attended_at"] is not None,
            }
            for seat in seats
        ]

    return no_store_json(
        {"offer": known.offer, "session": known.session, "participants": await run_in_threadpool(load)}
    )


@admin_door
async def mark_attendance(request: Request) -> Response:
    """POST /admin/registrations/attendance ``{offer, session, attended: [ids]}``: marks them
    attended (an id ``r-….2`` is one participant, a registration id all of its participants);
    every id must be of a confirmed registration of that session (else 400, nothing marked)."""
    intake = intake_of(request)
    body = await admin_json(request)
    if not isinstance(body, dict):
        raise AdminProblem(400, "send {offer, session, attended: [ids]}")
    known = await published_session(intake, body.get("offer"), body.get("session"))
    attended = body.get("attended")
    if not isinstance(attended, list) or not all(isinstance(i, str) for i in attended):
        raise AdminProblem(400, "attended must be a list of participant or registration ids")
    with refused_as_problem():
        marked = await intake.write(lambda conn: session_work.mark_attended(conn, known, attended, ACTOR))
    return no_store_json({"marked": marked, "attended": len(set(attended))})


@admin_door
async def certificate(request: Request) -> Response:
    """GET /admin/registrations/certificate?id=r-….2: the participant's certificate of attendance
    (PDF, in the registration's language; a registration id: its first participant); 409 before
    the session's end, when not marked attended or not named yet."""
    intake = intake_of(request)
    with refused_as_problem():
        seat = await run_in_threadpool(session_work.seat_for_certificate, intake, request.query_params.get("id", ""))
        row = seat["registration"]
        known = await published_session(intake, row["offer"], row["session"])
        content, name = await run_in_threadpool(session_work.certificate, intake, known, seat, ACTOR)
    return pdf(content, name)


@admin_door
async def mail_certificates(request: Request) -> Response:
    """POST /admin/registrations/certificates ``{offer, session}``: mail every participant marked
    attended their certificate through the outbox (to their own address, else to the booker);
    409 before the session's end or when nobody is marked."""
    intake = intake_of(request)
    body = await admin_json(request)
    if not isinstance(body, dict):
        raise AdminProblem(400, "send {offer, session}")
    known = await published_session(intake, body.get("offer"), body.get("session"))
    with refused_as_problem():
        mails = await run_in_threadpool(session_work.certificate_mails, intake, known)
    mailed = await intake.write(lambda conn: session_work.queue_certificate_mails(conn, known, mails, ACTOR))
    intake.wake.set()
    logger.info("certificates of %s %s: %d mailed", known.offer, known.session, mailed)
    return no_store_json({"mailed": mailed})


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
    with refused_as_problem():
        subject, text = session_work.check_session_mail(body.get("subject"), body.get("text"))
    mailed = await intake.write(lambda conn: session_work.queue_session_mail(intake, conn, known, subject, text, ACTOR))
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
