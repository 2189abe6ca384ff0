"""The contact routes: the form and its thank-you page. Routes parse and answer; ``service`` acts."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..web import Intake, accept_form, form_stamp, form_token, intake_of, request_language
from . import rules
from .service import store_contact

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
    shown = [str(form.get(name, ""))[: rules.LIMITS[name]] for name in SHOWN_AGAIN]
    return intake.problems("contact", lang, status, problems, shown, keep="contact_problems_keep")


async def thanks(request: Request) -> Response:
    """GET /contact/thanks?lang=…: the thank-you page in the reader's language."""
    intake = intake_of(request)
    lang = request_language(request, request.query_params.get("lang"))
    t = intake.texts[lang]
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
