"""The registration routes: the form, the sealed answer page, the registrant's cancel and accept
links, availability for the site build, and the office's admin API. Routes parse and answer;
``service`` acts, ``rules`` decides."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import store
from ..rules import timing_signals
from ..web import (
    Intake,
    accept_form,
    admin_door,
    admin_json,
    form_stamp,
    form_token,
    intake_of,
    no_store_json,
    reader_link,
    request_language,
)
from . import contract, office_routes, review, rules
from . import people as participants
from .terms import terms_for
from .service import (
    Refused,
    apply_decisions,
    cancel_by_link,
    cancel_days,
    date_text,
    day_lines,
    day_text,
    facts,
    known_sessions,
    local_now,
    people_of,
    session_list,
    store_registration,
    take_seat,
)

logger = logging.getLogger("intake")


CANCEL_MAX_AGE = 2 * 365 * 24 * 3600  # a cancel link works until long after the session


DONE_FIELDS = ("lang", "offer", "session", "status")  # the query of the answer page, sealed


async def submit_registration(request: Request) -> Response:
    """POST /registrations: validate, count seats under the session's lock, store, mail, 303."""
    intake = intake_of(request)
    accepted = await accept_form(request, "registrations", _problem_page)
    if isinstance(accepted, Response):
        return accepted
    lang, form = accepted
    step = str(form.get("step", "")).strip()
    if step in ("review", "edit"):  # nothing is stored before the final button
        return await review.answer(intake, lang, form, step, _problem_page)
    registration, problems = rules.validate_registration(form)
    if problems:
        return _problem_page(intake, lang, 400, problems, form)
    stamp = form_stamp(intake, form.get("token", ""))
    if stamp is None:
        return _problem_page(intake, lang, 400, ["bad_token"], form)
    timing = timing_signals(stamp[1], intake.settings.min_seconds)
    sessions = await run_in_threadpool(known_sessions, intake)
    known = None
    if registration.session and sessions is not None:
        known = sessions.get((registration.offer, registration.session))
        if known is None:
            return _problem_page(intake, lang, 400, ["unknown_session"], form)
        if known.status == "cancelled":
            return _problem_page(intake, lang, 400, ["session_cancelled"], form)
    deal, problems = contract.validate_contract(form, registration.session, known)
    waitlist_only = str(form.get("intent", "")) == "waitlist"  # "Auf die Warteliste setzen": nothing binding yet
    if deal and not waitlist_only and contract.early_start_missing(deal, registration.session, local_now().date()):
        problems = ["missing_early_start"]
    if problems:
        return _problem_page(intake, lang, 400, problems, form)
    unknown = bool(registration.session) and sessions is None
    terms = await run_in_threadpool(terms_for, intake, lang)  # read now: the mail is written in the transaction
    # the version of the terms in the registration's language (each sessions.json carries its own)
    terms_version = (terms.version if terms else "") or (known.terms_version if known else "")
    row = await store_registration(
        intake, registration, known, {"unknown_session": unknown, **timing}, deal, terms_version, waitlist_only
    )
    intake.wake.set()
    outcome = [row["lang"], row["offer"], row["session"], "waitlist" if row["status"] == "spam" else row["status"]]
    query = urlencode({**dict(zip(DONE_FIELDS, outcome, strict=True)), "seal": intake.signer.seal("done", *outcome)})
    return RedirectResponse(f"/registrations/done?{query}", status_code=303)


def _problem_page(intake: Intake, lang: str, status: int, problems: list[str], form: dict) -> Response:
    offer = str(form.get("offer", ""))
    known = next((s for (o, _), s in (session_list(intake).cached() or {}).items() if o == offer), None)
    back_url = intake.settings.site_url + known.urls[lang] if known and known.urls.get(lang) else intake.home(lang)
    text = str(form.get("message", ""))[: rules.LIMITS["message"]]
    offer_page = bool(known and known.urls.get(lang))
    return intake.problems(
        "registrations", lang, status, problems, [text], back_url, "back_offer" if offer_page else "back_site"
    )


async def done(request: Request) -> Response:
    """GET /registrations/done?lang&offer&session&status&seal: confirmed, waiting list or
    enquiry, and the way back. The query is sealed by the form's answer (a changed one is a
    400), so nobody can make the page confirm an offer or a date they did not register for."""
    intake = intake_of(request)
    outcome = [request.query_params.get(name, "") for name in DONE_FIELDS]
    lang = request_language(request, outcome[0])
    if not intake.signer.sealed("done", request.query_params.get("seal", ""), *outcome):
        return intake.message(
            lang, 400, intake.texts[lang]["link_invalid"], site_label=intake.texts[lang]["registration_site"]
        )
    _, offer, session, status = outcome
    sessions = await run_in_threadpool(known_sessions, intake) or {}
    known = sessions.get((offer, session)) or next((s for (o, _), s in sessions.items() if o == offer), None)
    title, back_url = facts(intake, {"offer": offer, "lang": lang}, known)
    t = intake.texts[lang]
    text = t[f"registration_{status}_text"].format(title=title, date=date_text(session, lang))
    return intake.page(
        "registration_done.html",
        lang,
        site_label=t["registration_site"],
        title=t[f"registration_{status}_title"],
        text=text,
        outcome=status,
        days=day_lines(known, lang) if known is not None and known.session == session else [],
        back_url=back_url,
        offer_page=back_url != intake.home(lang),
    )


async def cancel_link(request: Request) -> Response:
    """POST /registrations/cancel/<token>: cancel (idempotent); the link's GET is ``booking_page``.

    A confirmed place can be cancelled by link until the offer's ``cancel_days`` (else
    ``INTAKE_CANCEL_DEADLINE_DAYS``) before the session's start day, a place on the waiting list
    until the start; later both answer 409 with the office's address.
    """
    intake = intake_of(request)
    link, lang = reader_link(request, "registration", CANCEL_MAX_AGE, "r")
    t = intake.texts[lang]
    if link is None:
        return intake.message(lang, 400, t["link_invalid"])
    sessions = await run_in_threadpool(known_sessions, intake)

    act = request.method == "POST"
    row, changed, refusal = await intake.write(lambda conn: cancel_by_link(intake, conn, link["r"], sessions, act))
    if row is None:
        return intake.message(lang, 404, t["link_invalid"])
    if refusal:  # the office can still cancel (registrations-apply)
        known = (sessions or {}).get((row["offer"], row["session"]))
        last_day = rules.last_free_cancellation_day(row["session"], cancel_days(intake, known))
        office = intake.settings.office
        return intake.page(
            "message.html",
            lang,
            409,
            site_label=t["registration_site"],
            title=t["cancel_title"],
            message=t[refusal].format(date=day_text(last_day, lang) if last_day else ""),
            contact=office[0] if office else "",
            contact_site=not office,
            back_url=intake.home(lang),
        )
    intake.wake.set()
    return intake.message(lang, 200, t["cancel_done"] if changed else t["cancel_already"], title=t["cancel_title"])


def _booking(intake: Intake, registration_id: str) -> tuple[dict | None, list[dict]]:
    with store.reading(intake.engine) as conn:
        row = store.registration(conn, registration_id)
        return row, (people_of(conn, registration_id) if row else [])


async def booking_page(request: Request) -> Response:
    """GET /registrations/cancel/<token> (the link of the registrant's mails): the booking ("Ihre
    Anmeldung"), its participants, each seat to be named or given a substitute until the session
    starts, and cancelling (its POST, ``cancel_link``). After the start: a page saying it is too late."""
    intake = intake_of(request)
    link, lang = reader_link(request, "registration", CANCEL_MAX_AGE, "r")
    if link is None:
        return intake.message(lang, 400, intake.texts[lang]["link_invalid"])
    row, people = await run_in_threadpool(_booking, intake, link["r"])
    if row is None:
        return intake.message(lang, 404, intake.texts[lang]["link_invalid"])
    saved = request.query_params.get("named", "")
    named = next((p for p in people if str(p["position"]) == saved and p["name"]), None)
    return await _booking_answer(intake, request, lang, row, people, named=named)


async def _booking_answer(
    intake: Intake,
    request: Request,
    lang: str,
    row: dict,
    people: list[dict],
    status: int = 200,
    problems: tuple[str, ...] = (),
    edited: dict | None = None,
    named: dict | None = None,
) -> Response:
    t = intake.texts[lang]
    sessions = await run_in_threadpool(known_sessions, intake)
    known = (sessions or {}).get((row["offer"], row["session"]))
    title, offer_url = facts(intake, row, known)
    office = intake.settings.office
    if row["status"] in participants.CHANGEABLE and participants.too_late(row, local_now()):
        return intake.page(
            "message.html",
            lang,
            409,
            site_label=t["registration_site"],
            title=t["booking_title"],
            message=t["booking_too_late"].format(title=title, date=date_text(row["session"], lang)),
            contact=office[0] if office else "",
            contact_site=not office,
            back_url=intake.home(lang),
        )
    refusal = rules.cancel_refusal(row["status"], row["session"], local_now(), cancel_days(intake, known))
    last_day = rules.last_free_cancellation_day(row["session"], cancel_days(intake, known))
    token = request.path_params["token"]
    return intake.page(
        "registration_booking.html",
        lang,
        status,
        review.OWN_FORMS,  # the forms post back to the intake, with its origin
        site_label=t["registration_site"],
        title=t["booking_title"],
        r=row,
        people=people,
        changeable=row["status"] in participants.CHANGEABLE,
        offer_title=title,
        offer_url=offer_url,
        date=date_text(row["session"], lang),
        days=day_lines(known, lang),
        place=("Online" if known.online else known.location) if known else "",
        saved=t["booking_saved"].format(name=named["name"], number=named["position"]) if named else "",
        problems=list(problems),
        edited=edited,
        cancel_refusal=t[refusal].format(date=day_text(last_day, lang) if last_day else "") if refusal else "",
        cancel_question=t["cancel_question"].format(title=title, date=date_text(row["session"], lang)),
        cancel_action=f"/registrations/cancel/{token}",
        people_action=f"/registrations/participants/{token}",
        contact=office[0] if office else "",
    )


async def name_participant(request: Request) -> Response:
    """POST /registrations/participants/<token> (position, name, e-mail): the booker names a seat
    or a substitute; stored, logged and mailed in one transaction, then back to the booking (303).
    Safe without cookies: the signed link names the registration, the Origin must be the intake's."""
    intake = intake_of(request)
    accepted = await accept_form(request, "registrations", _problem_page)
    if isinstance(accepted, Response):
        return accepted
    link, lang = reader_link(request, "registration", CANCEL_MAX_AGE, "r")
    t = intake.texts[lang]
    if link is None:
        return intake.message(lang, 400, t["link_invalid"])
    form = accepted[1]
    raw = str(form.get("position", "")).strip()
    position = int(raw) if raw.isdigit() and len(raw) <= 3 else 0
    person, problems = rules.person_problems(max(position, 1), str(form.get("name", "")), str(form.get("email", "")))
    row, people = await run_in_threadpool(_booking, intake, link["r"])
    if row is None:
        return intake.message(lang, 404, t["link_invalid"])
    if position not in {p["position"] for p in people}:
        problems = ["booking_no_seat"]
    if problems:
        edited = {"position": position, "name": person[0], "email": str(form.get("email", ""))}
        return await _booking_answer(intake, request, lang, row, people, 400, tuple(problems), edited)
    sessions = await run_in_threadpool(known_sessions, intake)
    row, refusal = await intake.write(
        lambda conn: participants.name_seat(intake, conn, link["r"], position, person, sessions)
    )
    if refusal:
        _, people = await run_in_threadpool(_booking, intake, link["r"])
        return await _booking_answer(intake, request, lang, row, people, 409, (refusal,))
    intake.wake.set()
    return RedirectResponse(f"/registrations/cancel/{request.path_params['token']}?named={position}", status_code=303)


async def accept_link(request: Request) -> Response:
    """GET /registrations/accept/<token>: the binding step of a registration that waited (its
    summary, price, terms, for consumers the withdrawal information, "Zahlungspflichtig
    anmelden"); POST: take the seat if it is still free."""
    intake = intake_of(request)
    link, lang = reader_link(request, "seat", intake.settings.waitlist_offer_days * 86400, "r")
    t = intake.texts[lang]
    if link is None:
        return intake.message(lang, 400, t["link_invalid"])
    sessions = await run_in_threadpool(known_sessions, intake)

    row, people = await run_in_threadpool(_booking, intake, link["r"])
    if row is None:
        return intake.message(lang, 404, t["link_invalid"])
    known = (sessions or {}).get((row["offer"], row["session"]))
    early = (
        row["status"] == "waitlist"
        and row.get("buyer") == "consumer"
        and not row.get("early_start_at")
        and contract.starts_within_withdrawal_period(row["session"], local_now().date())
    )
    if request.method == "GET":
        return await _accept_summary(intake, request, lang, row, people, known, early)
    wish = False
    if early:  # the consumer's express wish to start within the withdrawal period, asked on this page
        wish = str((await request.form()).get("early_start", "")) == "yes"
        if not wish:
            return await _accept_summary(intake, request, lang, row, people, known, early, ["missing_early_start"])
    row, outcome = await intake.write(lambda conn: take_seat(intake, conn, link["r"], sessions, True, wish))
    intake.wake.set()
    return intake.message(lang, 200, t[outcome], title=t["accept_title"])


async def _accept_summary(
    intake: Intake, request: Request, lang: str, row: dict, people: list[dict], known, early: bool, problems=()
) -> Response:
    """The accept page of a freed seat: the binding step of a registration that waited, with
    everything once more and "Zahlungspflichtig anmelden" (§ 312j (3) BGB)."""
    t = intake.texts[lang]
    if row["status"] != "waitlist":  # nothing to accept: say so (its POST answers the same)
        return intake.message(lang, 200, t["accept_not_waiting"], title=t["accept_title"])
    title, offer_url = facts(intake, row, known)
    terms = await run_in_threadpool(terms_for, intake, lang)
    return intake.page(
        "registration_accept.html",
        lang,
        400 if problems else 200,
        site_label=t["registration_site"],
        title=t["accept_title"],
        intro=t["accept_intro"].format(title=title, date=date_text(row["session"], lang)),
        problems=list(problems),
        r=row,
        people=people,
        offer_title=title,
        offer_url=offer_url,
        date=date_text(row["session"], lang),
        days=day_lines(known, lang),
        place=("Online" if known.online else known.location) if known else "",
        consumer=row.get("buyer") == "consumer",
        price=contract.price_lines(known, row["participants"], lang),
        terms=terms,
        site_url=intake.settings.site_url,
        early_start=early,
        business=intake.settings.business or ", ".join(intake.settings.office),
        withdrawal_url=f"{intake.settings.public_url}/withdrawals?lang={lang}",
        action=request.url.path,
    )


async def availability(request: Request) -> Response:
    """GET /availability: per session with registrations, seats and participants (no personal data)."""
    intake = intake_of(request)

    def load() -> list[dict]:
        with store.reading(intake.engine) as conn:
            return store.availability(conn)

    sessions = [
        {
            "offer": r["offer"],
            "session": r["session"],
            "max": r["max_participants"],
            "confirmed": int(r["confirmed"] or 0),
            "waitlist": int(r["waitlist"] or 0),
        }
        for r in await run_in_threadpool(load)
        if r["max_participants"] is not None
    ]
    return no_store_json({"sessions": sessions})


def registration_json(row: dict, people: list[dict] = ()) -> dict:
    """A stored registration as the admin API shows it, with its *people* (participants in order)."""
    shown = {
        key: row[key]
        for key in (
            "id",
            "offer",
            "session",
            "lang",
            "name",
            "company",
            "email",
            "phone",
            "participants",
            "billing_address",
            "message",
            "status",
            "signals",
            "buyer",
            "purchase_order",
            "vat_id",
            "terms_version",
        )
    }
    early = row.get("early_start_at")
    shown["early_start"] = early.replace(microsecond=0).isoformat() + "+00:00" if early else None
    shown["date"] = row["created_at"].replace(microsecond=0).isoformat() + "+00:00"
    shown["consent"] = {
        "date": row["consent_at"].replace(microsecond=0).isoformat() + "+00:00",
        "privacy_version": row["privacy_version"],
    }
    shown["fingerprint"] = rules.fingerprint(row)
    shown["people"] = [{"name": p["name"], "email": p["email"]} for p in people]
    return shown


@admin_door
async def admin_registrations(request: Request) -> Response:
    """GET /admin/registrations[?status=…]: every registration with its fingerprint."""
    intake = intake_of(request)
    status = request.query_params.get("status")
    if status is not None and status not in (*rules.STATUSES, "spam"):
        return no_store_json({"error": f"unknown status {status!r}", "statuses": list(rules.STATUSES)}, 400)

    def load() -> tuple[list[dict], dict[str, list[dict]]]:
        with store.reading(intake.engine) as conn:
            rows = [r for r in store.all_registrations(conn) if status is None or r["status"] == status]
            return rows, store.participants_of(conn, [r["id"] for r in rows])

    rows, people = await run_in_threadpool(load)
    return no_store_json({"registrations": [registration_json(r, people.get(r["id"], [])) for r in rows]})


@admin_door
async def admin_decisions(request: Request) -> Response:
    """POST /admin/registrations/decisions: confirm, cancel, move; all checked first, one bad row changes nothing.

    A plain ``confirm`` that would put more participants into a session than it has seats
    (after the request's cancellations and moves) is refused; ``confirm-overbook`` does it on purpose.
    """
    intake = intake_of(request)
    body = await admin_json(request)
    sessions = await run_in_threadpool(known_sessions, intake)

    try:
        counts = await intake.write(lambda conn: apply_decisions(intake, conn, body, sessions))
    except Refused as refused:  # nothing changed
        return no_store_json({"errors": refused.errors}, 400)
    intake.wake.set()
    return no_store_json(counts)


routes = [
    Route("/registrations", submit_registration, methods=["POST"]),
    Route("/registrations/done", done, methods=["GET"]),
    Route("/registrations/token", form_token, methods=["GET"]),
    Route("/registrations/cancel/{token}", booking_page, methods=["GET"]),  # the booking, from the mails
    Route("/registrations/cancel/{token}", cancel_link, methods=["POST"]),
    Route("/registrations/participants/{token}", name_participant, methods=["POST"]),
    Route("/registrations/accept/{token}", accept_link, methods=["GET", "POST"]),
    Route("/availability", availability, methods=["GET"]),
    Route("/admin/registrations", admin_registrations, methods=["GET"]),
    Route("/admin/registrations/decisions", admin_decisions, methods=["POST"]),
    *office_routes.routes,  # attendance list, attendance, certificates (issue 23)
]
