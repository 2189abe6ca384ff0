"""Messages from the site's contact form: the form endpoint, its thank-you page, and the mail to
the office (Reply-To the sender). The form's timing token is the comments' (``/contact/token``).

Routes parse and answer; the pure rules are in ``contact_rules``, the SQL in ``store``.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy.engine import Connection
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import comments, mail, store
from . import contact_rules as rules
from .signing import FORM_TOKEN_MAX_AGE, TokenError
from .texts import TEXTS
from .web import Intake, accept_form, intake_of, one_line, request_language, utcnow

logger = logging.getLogger("intake")
SHOWN_AGAIN = ("name", "email", "phone", "subject", "message")  # re-shown on the problem page, escaped


async def submit_contact(request: Request) -> Response:
    """POST /contact: validate, store (honeypot: as spam, no mail), queue the office's mail, 303 to thanks."""
    intake = intake_of(request)
    accepted = await accept_form(
        request, lambda lang, problem: _problem_page(intake, lang, problem.status, [problem.code], {})
    )
    if isinstance(accepted, Response):
        return accepted
    lang, form = accepted
    contact, problems = rules.validate_contact(form, lang)
    if problems:
        return _problem_page(intake, lang, 400, problems, form)
    seconds = None
    if form.get("token"):
        try:
            opened = intake.signer.open("form", form["token"], FORM_TOKEN_MAX_AGE)
        except TokenError as error:
            if not error.expired:
                return _problem_page(intake, lang, 400, ["bad_token"], form)
        else:
            seconds = time.time() - opened.issued_at
    row = await store_contact(intake, contact, rules.spam_signals(contact, seconds, intake.settings.min_seconds))
    if row["status"] != "spam":
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


async def store_contact(intake: Intake, contact: rules.ContactInput, signals: dict) -> dict:
    """Store the message and, unless it is spam, the office's mail in one transaction; the stored row."""
    settings = intake.settings
    now = utcnow()
    row = {
        "id": rules.new_contact_id(),
        "lang": contact.lang,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "subject": contact.subject,
        "message": contact.message,
        "status": "spam" if contact.honeypot else "new",
        "created_at": now,
        "consent_at": now,
        "privacy_version": settings.privacy_version,
        "signals": signals,
    }

    def store_it(conn: Connection) -> dict:
        store.insert_contact_message(conn, row)
        if row["status"] != "spam":
            _queue_office_mail(intake, conn, row)
        return row

    stored = await intake.write(store_it)
    logger.debug("contact message %s stored as %s", stored["id"], stored["status"])
    return stored


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
    Route("/contact/token", comments.form_token, methods=["GET"]),
]
