"""Pure rules of the contact form: the form checked and cleaned, its spam signals, its id.

No I/O here: strings and numbers in, values out.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from ..mail import reply_address
from ..rules import has_control_characters, header_safe, mail_address, timing_signals

LIMITS = {"name": 100, "email": 254, "phone": 50, "subject": 200, "message": 5000}
_PHONE = re.compile(r"[0-9+()/. -]*\Z")


@dataclass(frozen=True)
class ContactInput:
    """A contact message after validation: one-line name, phone and subject, the message's lines kept."""

    lang: str
    name: str
    email: str
    phone: str
    subject: str
    message: str
    honeypot: bool


def _replyable(name: str, email: str) -> bool:
    try:
        reply_address(name, email)
    except ValueError:
        return False
    return True


def validate_contact(form: dict[str, str], lang: str) -> tuple[ContactInput | None, list[str]]:
    """Check a contact form sent in *lang*; the clean input or problem codes (keys of ``texts``).

    Line breaks in the name and subject become spaces (they end up in mail headers); any other
    control character is refused.
    """
    get = lambda name: str(form.get(name, ""))  # noqa: E731 - a short local accessor
    problems = [f"too_long_{name}" for name, limit in LIMITS.items() if len(get(name)) > limit]
    name, subject = " ".join(get("name").split()), " ".join(get("subject").split())
    (email, email_problem), phone = mail_address(get("email")), " ".join(get("phone").split())
    message = get("message").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not name:
        problems.append("missing_name")
    elif has_control_characters(get("name"), "\t\r\n") or not header_safe(name):
        problems.append("bad_name")
    if email_problem:
        problems.append(email_problem)
    elif not _replyable(name, email):
        problems.append("bad_email")
    if not _PHONE.match(phone):
        problems.append("bad_phone")
    if not subject:
        problems.append("missing_subject")
    elif has_control_characters(get("subject"), "\t\r\n") or not header_safe(subject):
        problems.append("bad_subject")
    if not message:
        problems.append("missing_message")
    elif has_control_characters(message, "\n\t"):
        problems.append("bad_message")
    if get("consent") != "yes":
        problems.append("missing_consent_contact")
    if problems:
        return None, list(dict.fromkeys(problems))
    return ContactInput(lang, name, email, phone, subject, message, honeypot=bool(get("homepage").strip())), []


def spam_signals(contact: ContactInput, seconds_to_submit: float | None, min_seconds: int) -> dict:
    """What the office sees beside the message; *seconds_to_submit* None means no valid form token."""
    return {
        "honeypot": contact.honeypot,
        **timing_signals(seconds_to_submit, min_seconds),
    }


def new_contact_id() -> str:
    """An unguessable, URL-safe message id."""
    return "k-" + secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")
