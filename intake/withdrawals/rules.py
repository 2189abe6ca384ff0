"""Pure rules of the withdrawal form: the form checked and cleaned, its step, its id.

No I/O here: strings in, values out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from ..rules import has_control_characters, header_safe, mail_address

LIMITS = {"name": 100, "email": 254, "contract": 300, "message": 5000}
FIELDS = ("name", "email", "contract", "message")  # what the confirmation step carries


@dataclass(frozen=True)
class WithdrawalInput:
    """A withdrawal after validation: who, their address, which contract, anything to add."""

    lang: str
    name: str
    email: str
    contract: str
    message: str


def validate_withdrawal(form: dict[str, str], lang: str) -> tuple[WithdrawalInput | None, list[str]]:
    """Check a withdrawal form sent in *lang*; the clean input or problem codes (keys of ``texts``)."""
    get = lambda name: str(form.get(name, ""))  # noqa: E731 - a short local accessor
    problems = [f"too_long_{name}" for name, limit in LIMITS.items() if len(get(name)) > limit]
    name, contract = " ".join(get("name").split()), " ".join(get("contract").split())
    email, email_problem = mail_address(get("email"))
    message = get("message").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not name:
        problems.append("missing_name")
    elif has_control_characters(get("name"), "\t\r\n") or not header_safe(name):
        problems.append("bad_name")
    if email_problem:
        problems.append(email_problem)
    if not contract:
        problems.append("missing_contract")
    elif has_control_characters(get("contract"), "\t\r\n"):
        problems.append("bad_contract")
    if has_control_characters(message, "\n\t"):
        problems.append("bad_withdrawal_message")
    if problems:
        return None, list(dict.fromkeys(problems))
    return WithdrawalInput(lang, name, email, contract, message), []


def new_withdrawal_id() -> str:
    """An unguessable, URL-safe withdrawal id (the receipt names it)."""
    return "w-" + secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")
