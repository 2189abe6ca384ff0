"""Pure rules of a registration as a contract (German law; the texts are samples for the
client's lawyer): who books (business § 14 BGB or consumer § 13 BGB), the invoice data (purchase
order number, an EU VAT ID valid by format), the step of the form (review, change, final), the
price to pay (gross for consumers, § 3 PAngV) and whether a consumer's session starts within the
withdrawal period (§ 355 (2) BGB: 14 days), which needs their express wish to start early.

No I/O here: strings, numbers and published sessions in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.eu import vat

from common.prices import BUYER_TYPES, Amounts
from common.training_sessions import TrainingSession, session_start

from ..rules import has_control_characters

STEPS = ("review", "edit", "final")  # the site's form asks for the review; "" (an older page): final
WITHDRAWAL_DAYS = 14  # § 355 (2) BGB
LIMITS = {"buyer": 16, "purchase_order": 100, "vat_id": 20, "step": 8, "terms_version": 40}
CONTRACT_FIELDS = ("buyer", "purchase_order", "vat_id")  # kept across review and change
_SPACES = re.compile(r"[\s.-]")


@dataclass(frozen=True)
class ContractInput:
    """What makes a registration a contract, after validation."""

    step: str  # review, edit, final, or "" (a form without the review step)
    buyer: str  # business, consumer, or "" (an enquiry, a form without the review step)
    purchase_order: str
    vat_id: str  # compact, upper case: DE123456789
    early_start: bool  # the consumer's express wish to start within the withdrawal period


def validate_contract(
    form: dict[str, str], session: str, known: TrainingSession | None
) -> tuple[ContractInput | None, list[str]]:
    """Check the contract fields of a registration form for *session* ("" for an enquiry) of the
    published *known* session (None when unknown); the clean input or problem codes (keys of ``texts``).

    A form with a ``step`` (the site's registration form and the review page) must say who books,
    and a business must name its company; an offer for businesses only refuses consumers."""
    get = lambda name: str(form.get(name, "")).strip()  # noqa: E731 - a short local accessor
    problems = [f"too_long_{name}" for name, limit in LIMITS.items() if len(get(name)) > limit]
    step, buyer = get("step"), get("buyer")
    purchase_order = " ".join(get("purchase_order").split())
    vat_id = _SPACES.sub("", get("vat_id")).upper()
    if step and step not in STEPS:
        problems.append("bad_step")
    if step and session:
        if buyer not in BUYER_TYPES:
            problems.append("missing_buyer")
        elif buyer == "consumer" and known is not None and known.buyers == "business":
            problems.append("business_only")
        elif buyer == "business" and not " ".join(get("company").split()):
            problems.append("missing_company")
        if not get("billing_address"):
            problems.append("missing_billing_address")
    elif buyer and buyer not in BUYER_TYPES:
        problems.append("missing_buyer")
    if has_control_characters(get("purchase_order"), "\t"):
        problems.append("bad_purchase_order")
    if vat_id and not vat.is_valid(vat_id):
        problems.append("bad_vat_id")
    if problems:
        return None, list(dict.fromkeys(problems))
    return ContractInput(step, buyer, purchase_order, vat_id, get("early_start") == "yes"), []


def contract_columns(deal: ContractInput | None, terms_version: str, now) -> dict:
    """The registration's contract columns (migration 0006) from *deal*; empty ones without it."""
    return {
        "buyer": deal.buyer if deal else "",
        "purchase_order": deal.purchase_order if deal else "",
        "vat_id": deal.vat_id if deal else "",
        "terms_version": terms_version[:40],
        "early_start_at": now if deal and deal.early_start and deal.buyer == "consumer" else None,
    }


def starts_within_withdrawal_period(session: str, today: date) -> bool:
    """Whether *session* (``YYYY-MM-DDTHH:MM``) starts before a withdrawal period beginning *today* ends."""
    start = session_start(session)
    return start is not None and start.date() <= today + timedelta(days=WITHDRAWAL_DAYS)


def early_start_missing(contract: ContractInput, session: str, today: date) -> bool:
    """A consumer's final registration for a session within the withdrawal period without the
    express wish to start early, which the issue asks for (docs/operations.md: the lawyer confirms
    the wording and its consequences)."""
    return (
        contract.buyer == "consumer"
        and contract.step == "final"
        and not contract.early_start
        and starts_within_withdrawal_period(session, today)
    )


def total(known: TrainingSession | None, participants: int) -> Amounts | None:
    """What the registration costs (net, VAT, gross), or None when the session's price is unknown."""
    if known is None or known.price is None:
        return None
    return known.price.total(participants)


def money(amount, currency: str, lang: str) -> str:
    """An amount as the reader's language writes it: ``1.416,10 €`` / ``€1,416.10`` (other
    currencies by their code: ``1.416,10 CHF``)."""
    text = f"{amount:,.2f}"
    if lang == "de":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{text}\u00a0{'€' if currency == 'EUR' else currency}"
    return f"€{text}" if currency == "EUR" else f"{currency}\u00a0{text}"


def price_lines(known: TrainingSession | None, participants: int, lang: str) -> dict[str, str]:
    """The total of a registration as the review page and the mail show it: ``net``, ``vat``,
    ``gross`` (money in *lang*) and the ``rate``; empty when the session's price is unknown."""
    amounts = total(known, participants)
    if amounts is None:
        return {}
    currency = known.price.currency
    rate = f"{amounts.rate.normalize():f}"
    return {
        "net": money(amounts.net, currency, lang),
        "vat": money(amounts.vat, currency, lang),
        "gross": money(amounts.gross, currency, lang),
        "rate": rate.replace(".", ",") if lang == "de" else rate,
    }
