"""Messages from the site's contact form: the form endpoint, its thank-you page, and the mail to
the office (Reply-To the sender). The form's timing token comes from ``/contact/token`` (web.form_token).

Routes parse and answer; the pure rules are in ``contact_rules``, the SQL in ``store``.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import mail, store
from . import contact_rules as rules
from .texts import TEXTS
from .web import Intake, accept_form, form_stamp, form_token, intake_of, one_line, request_language, utcnow

logger = logging.getLogger("intake")
SHOWN_AGAIN = ("name", "email", "phone", "subject", "message")  # re-shown on the problem page, escaped


async def submit_contact(request: Request) -> Response:
    """POST /contact: validate, store (honeypot: as spam, no mail), queue the office's mail, 303 to thanks."""
    intake = intake_of(request)
    accepted = await accept_form(request, "contact", _problem_page)
    if isinstance(accepted, Response):
        return accepted
    lang, form = accepted
    contact, problems = rules.validate_contact(form, lang)
    if problems:
        return _problem_page(intake, lang, 400, problems, form)
    stamp = form_stamp(intake, form.get("token", ""))
    if stamp is None:
        return _problem_page(intake, lang, 400, ["bad_token"], form)
    nonce, seconds = stamp
    signals = rules.spam_signals(contact, seconds, intake.settings.min_seconds)
    outcome = await store_contact(intake, contact, signals, nonce)
    if outcome == "reused":
        return _problem_page(intake, lang, 400, ["token_reused"], form)
    if outcome == "stored":
        intake.wake.set()
    return RedirectResponse(f"/contact/thanks?lang={lang}", status_code=303)


def _problem_page(intake: Intake, lang: str, status: int, problems: list[str], form: dict) -> Response:
    shown = {name: str(form.get(name, ""))[: rules.LIMITS[name]] for name in SHOWN_AGAIN}
    return intake.page(
        "contact_problems.html",
        lang,
        status,
        site_label=TEXTS[lang]["contact_site"],
        problems=problems,
        shown=shown if any(shown.values()) else {},
        back_url=intake.home(lang),
    )


def _same(row: dict, contact: rules.ContactInput) -> bool:
    """Whether *row* holds the message *contact* again (a spam row keeps no address to compare)."""
    same_text = (row["name"], row["subject"], row["message"]) == (contact.name, contact.subject, contact.message)
    return same_text and row["email"] in ("", contact.email)


def _by_nonce(intake: Intake, nonce: str) -> dict | None:
    with store.reading(intake.engine) as conn:
        return store.contact_message_by_nonce(conn, nonce)


async def store_contact(intake: Intake, contact: rules.ContactInput, signals: dict, nonce: str | None) -> str:
    """Store the message and, unless it is spam, the office's mail in one transaction: "stored",
    "spam", "replayed" (the same form sent again, e.g. a double click: kept and mailed once) or
    "reused" (the form's token already sent another message)."""
    settings = intake.settings
    now = utcnow()
    row = {
        "id": rules.new_contact_id(),
        "lang": contact.lang,
        "name": contact.name,
        "email": "" if contact.honeypot else contact.email,  # a bot's: no way back is kept (as for comments)
        "phone": "" if contact.honeypot else contact.phone,
        "subject": contact.subject,
        "message": contact.message,
        "status": "spam" if contact.honeypot else "new",
        "created_at": now,
        "consent_at": now,
        "privacy_version": settings.privacy_version,
        "signals": signals,
        "token_nonce": nonce,
    }

    def store_it(conn: Connection) -> str:
        if nonce and (earlier := store.contact_message_by_nonce(conn, nonce)):
            return "replayed" if _same(earlier, contact) else "reused"
        store.insert_contact_message(conn, row)
        if row["status"] == "spam":
            return "spam"
        _queue_office_mail(intake, conn, row)
        return "stored"

    try:
        outcome = await intake.write(store_it)
    except IntegrityError:
        # The same token arrived twice at the same moment (PostgreSQL): the other one won.
        earlier = await run_in_threadpool(_by_nonce, intake, nonce) if nonce else None
        if earlier is None:
            raise
        return "replayed" if _same(earlier, contact) else "reused"
    logger.debug("contact message %s: %s", row["id"], outcome)
    return outcome


def _queue_office_mail(intake: Intake, conn: Connection, row: dict) -> None:
    """The message to every office address, Reply-To the sender: answering it answers them."""
    settings = intake.settings
    lang = settings.moderator_lang
    body = intake.mails.get_template(f"contact.{lang}.txt").render(
        m=row, retention_days=settings.contact_retention_days
    )
    label = "Kontakt" if lang == "de" else "Contact"
    subject = one_line(f"[{label}] {row['subject']} – {row['name']}")[:200]
    for address in settings.office:
        store.enqueue(
            conn,
            "mail",
            address,
            mail.queued_mail(address, subject, body, reply_to=(row["name"], row["email"])),
            row["created_at"],
            about=(row["id"], row["email"]),
        )


async def thanks(request: Request) -> Response:
    """GET /contact/thanks?lang=…: the thank-you page in the reader's language."""
    intake = intake_of(request)
    lang = request_language(request, request.query_params.get("lang"))
    t = TEXTS[lang]
    return intake.page(
        "contact_thanks.html",
        lang,
        site_label=t["contact_site"],
        title=t["contact_thanks_title"],
        text=t["contact_thanks_text"],
        back_url=intake.home(lang),
    )


routes = [
    Route("/contact", submit_contact, methods=["POST"]),
    Route("/contact/thanks", thanks, methods=["GET"]),
    Route("/contact/token", form_token, methods=["GET"]),
]
