"""The withdrawal routes: the form (GET), the confirmation step and the confirmed withdrawal
(POST), the receipt page. Routes parse and answer; ``service`` acts."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..web import Intake, accept_form, form_stamp, intake_of, request_language
from . import rules
from .service import received_at, store_withdrawal

OWN_FORMS = {"Referrer-Policy": "same-origin"}  # its forms post back here with the intake's Origin
DONE_FIELDS = ("lang", "id", "at")  # no address in a URL


def _form_page(intake: Intake, lang: str, form: dict, problems: list[str], status: int = 200) -> Response:
    t = intake.texts[lang]
    fields = {name: str(form.get(name, ""))[: rules.LIMITS[name]] for name in rules.FIELDS}
    return intake.page(
        "withdrawal.html",
        lang,
        status,
        OWN_FORMS,
        site_label=t["withdrawal_site"],
        title=t["withdrawal_title"],
        step="form",
        fields=fields,
        problems=problems,
        token=str(form.get("token") or intake.signer.form_token()),
    )


async def withdrawal_form(request: Request) -> Response:
    """GET /withdrawals?lang=de|en: the form "Vertrag widerrufen"."""
    intake = intake_of(request)
    return _form_page(intake, request_language(request, request.query_params.get("lang")), {}, [])


def _problem_page(intake: Intake, lang: str, status: int, problems: list[str], form: dict) -> Response:
    return _form_page(intake, lang, form, problems, status)


async def submit_withdrawal(request: Request) -> Response:
    """POST /withdrawals: ``step=check`` shows the confirmation; ``step=confirm`` stores, mails the
    receipt and answers 303 to the receipt page; ``step=change`` gives the form back."""
    intake = intake_of(request)
    accepted = await accept_form(request, "withdrawals", _problem_page)
    if isinstance(accepted, Response):
        return accepted
    lang, form = accepted
    withdrawal, problems = rules.validate_withdrawal(form, lang)
    stamp = form_stamp(intake, str(form.get("token", "")))
    if stamp is None:
        problems = ["bad_token", *problems]
    step = str(form.get("step", ""))
    if problems or step == "change" or withdrawal is None:
        return _form_page(intake, lang, form, problems, 400 if problems else 200)
    if step != "confirm":
        t = intake.texts[lang]
        return intake.page(
            "withdrawal.html",
            lang,
            200,
            OWN_FORMS,
            site_label=t["withdrawal_site"],
            title=t["withdrawal_check_title"],
            step="check",
            fields={name: getattr(withdrawal, name) for name in rules.FIELDS},
            problems=[],
            token=str(form.get("token", "")),
        )
    row = await store_withdrawal(intake, withdrawal, {"no_token": stamp[0] is None})
    intake.wake.set()
    outcome = [lang, row["id"], row["created_at"].strftime("%Y-%m-%dT%H:%M:%S")]
    query = urlencode(
        {**dict(zip(DONE_FIELDS, outcome, strict=True)), "seal": intake.signer.seal("withdrawn", *outcome)}
    )
    return RedirectResponse(f"/withdrawals/done?{query}", status_code=303)


async def done(request: Request) -> Response:
    """GET /withdrawals/done?…&seal: the receipt page (date, time, address), sealed like the registration's."""
    intake = intake_of(request)
    outcome = [request.query_params.get(name, "") for name in DONE_FIELDS]
    lang = request_language(request, outcome[0])
    t = intake.texts[lang]
    if not intake.signer.sealed("withdrawn", request.query_params.get("seal", ""), *outcome):
        return intake.message(lang, 400, t["link_invalid"], site_label=t["withdrawal_site"])
    date, time = received_at(datetime.strptime(outcome[2], "%Y-%m-%dT%H:%M:%S"), lang)
    text = t["withdrawal_done_text"].format(date=date, time=time)
    return intake.message(lang, 200, text, title=t["withdrawal_done_title"], site_label=t["withdrawal_site"])


routes = [
    Route("/withdrawals", withdrawal_form, methods=["GET"]),
    Route("/withdrawals", submit_withdrawal, methods=["POST"]),
    Route("/withdrawals/done", done, methods=["GET"]),
]
