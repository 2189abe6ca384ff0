"""The review step of a registration, in the intake and without JavaScript: the site's form posts
``step=review``; the answer is a page with everything once more (offer, date, place, participants,
total price, billing data, the terms, for consumers the withdrawal information) and two forms
carrying every field as hidden inputs: "Ändern" (``step=edit``: the form again, filled in) and
"Zahlungspflichtig anmelden" (``step=final``: stored by ``routes.submit_registration``).
Nothing is stored here."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from .. import store
from ..web import Intake, form_stamp
from . import contract, rules
from .service import date_text, day_lines, facts, known_sessions, local_now
from .terms import terms_for

# The review's forms post back to the intake; with the service's usual no-referrer policy Chromium
# would send ``Origin: null``, which accept_form refuses. same-origin sends the intake's own origin
# with its own forms, and still nothing to another site.
OWN_FORMS = {"Referrer-Policy": "same-origin"}
CARRIED = (  # what the review's two forms carry, as the site's form sent it
    "offer",
    "session",
    "lang",
    "token",
    "name",
    "email",
    "participants",
    "company",
    "phone",
    "billing_address",
    "message",
    "consent",
    "homepage",
    *contract.CONTRACT_FIELDS,
)


def carried(form: dict) -> dict[str, str]:
    """The fields the review's forms carry, as text (the first of each, as read); of the
    participants' rows those the form sent filled in (the first always, when there are rows)."""
    people = {
        name: str(form[name])
        for name in rules.PARTICIPANT_FIELDS
        if name in form and (str(form[name]).strip() or name == rules.participant_field(1, "name"))
    }
    return {name: str(form.get(name, "")) for name in CARRIED} | people


async def answer(intake: Intake, lang: str, form: dict, step: str, problem_page) -> Response:
    """POST /registrations with ``step=review`` or ``step=edit``: the review page, or the form
    again (with its problems when there are); *problem_page* answers what no form can fix."""
    registration, problems = rules.validate_registration(form)
    if form_stamp(intake, str(form.get("token", ""))) is None:
        return problem_page(intake, lang, 400, ["bad_token"], form)
    sessions = await run_in_threadpool(known_sessions, intake)
    session = str(form.get("session", "")).strip()
    known = (sessions or {}).get((str(form.get("offer", "")).strip(), session))
    if session and sessions is not None and (known is None or known.status == "cancelled"):
        return problem_page(intake, lang, 400, ["unknown_session" if known is None else "session_cancelled"], form)
    terms = await run_in_threadpool(terms_for, intake, lang)
    deal, more = contract.validate_contract({**form, "step": "review"}, session, known)
    problems += more
    if problems or step == "edit" or registration is None or deal is None:
        return form_page(intake, lang, form, problems, known, terms)
    return await review_page(intake, lang, form, registration, deal, known, terms)


def _facts(intake: Intake, lang: str, form: dict, known) -> dict:
    title, offer_url = facts(intake, {"offer": str(form.get("offer", "")), "lang": lang}, known)
    return {
        "offer_title": title,
        "offer_url": offer_url,
        "date": date_text(str(form.get("session", "")), lang),
        "days": day_lines(known, lang),  # each day or module with its times, when the session is known
        "place": ("Online" if known.online else known.location) if known else "",
    }


def form_page(intake: Intake, lang: str, form: dict, problems: list[str], known, terms) -> Response:
    """The registration form in the intake, every field as the reader left it ("Ändern")."""
    t = intake.texts[lang]
    return intake.page(
        "registration_form.html",
        lang,
        400 if problems else 200,
        OWN_FORMS,
        site_label=t["registration_site"],
        title=t["form_title"],
        problems=list(dict.fromkeys(problems)),
        fields={**dict.fromkeys(rules.PARTICIPANT_FIELDS, ""), **carried(form)},
        business_only=bool(known and known.buyers == "business"),
        rows=min(known.max if known and known.max else rules.PARTICIPANT_ROWS, rules.PARTICIPANT_ROWS),
        terms_url=intake.settings.site_url + terms.url if terms else "",
        **_facts(intake, lang, form, known),
    )


def no_free_seat(intake: Intake, known, participants: int) -> bool:
    """Whether the session has no seats left for *participants* now (read without the lock: the
    final POST counts again under it)."""
    if known is None or known.seats is None:
        return False
    with store.reading(intake.engine) as conn:
        confirmed = store.confirmed_participants(conn, known.offer, known.session)
    return rules.seat_status(known.seats, confirmed, participants) != "confirmed"


async def review_page(intake: Intake, lang: str, form: dict, registration, deal, known, terms) -> Response:
    """Everything once more, the price to pay, the terms, and the one binding button; when no seat
    is free for them, the button puts them on the waiting list, which binds nobody (the binding
    step is the accept page of a freed seat, ``summary_page``)."""
    t = intake.texts[lang]
    consumer = deal.buyer == "consumer"
    full = await run_in_threadpool(no_free_seat, intake, known, registration.participants)
    return intake.page(
        "registration_review.html",
        lang,
        headers=OWN_FORMS,
        site_label=t["registration_site"],
        title=t["review_title"],
        fields=carried(form),
        registration=registration,
        deal=deal,
        consumer=consumer,
        price=contract.price_lines(known, registration.participants, lang),
        full=full,
        terms=terms,
        site_url=intake.settings.site_url,
        early_start=consumer and contract.starts_within_withdrawal_period(registration.session, local_now().date()),
        business=intake.settings.business or ", ".join(intake.settings.office),
        withdrawal_url=f"{intake.settings.public_url}/withdrawals?lang={lang}",
        **_facts(intake, lang, form, known),
    )
