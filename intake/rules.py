"""Pure rules every form of the intake shares: addresses as SMTP takes them, text that stays one
line in a mail header, web addresses, the form's timing signals and the client's daily key.

No I/O here: strings and numbers in, values out, so every rule is tested by a table.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from email import policy
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import idna

LANGUAGES = ("de", "en")
BERLIN = ZoneInfo("Europe/Berlin")  # how the site names sessions and days
EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+\Z")


def has_control_characters(value: str, allowed: str = "") -> bool:
    """True when *value* holds a control or format character other than those in *allowed*."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in allowed for c in value)


def valid_email(value: str) -> bool:
    """A plausible single address: no spaces, brackets, commas or line breaks."""
    return len(value) <= EMAIL_MAX_LENGTH and bool(_EMAIL.match(value)) and not has_control_characters(value)


def header_safe(value: str) -> bool:
    """Whether *value* stays one line of text in a mail header. The e-mail package decodes RFC 2047
    encoded words in a header value, so ``=?utf-8?q?a=0D=0ABcc:_x@y.org?=`` is a line break in disguise."""
    return not has_control_characters(str(policy.default.header_factory("subject", value)), "\t")


def mail_address(value: str) -> tuple[str, str]:
    """``(address, problem)``: the address as SMTP takes it, its domain in ASCII (IDNA 2008, so
    ``straße.de`` stays itself), and "" or the problem code (a key of ``texts``). A local part
    beyond ASCII would need SMTPUTF8, which not every mail server speaks: it is refused clearly."""
    email = value.strip()
    if not email:
        return "", "missing_email"
    local, at, domain = email.rpartition("@")
    if at and not domain.isascii():
        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError:
            return email, "bad_email"
        email = f"{local}@{domain}"
    if not valid_email(email):
        return email, "bad_email"
    if not local.isascii():
        return email, "bad_email_local_part"
    return email, ""


def address_forms(value: str) -> set[str]:
    """The lower-case spellings under which *value* may be stored: as typed, with its domain in
    ASCII (how the forms store it) and in Unicode (how rows from before that were stored)."""
    email = value.strip().lower()
    local, at, domain = email.rpartition("@")
    forms = {email}
    if at:
        for convert in (idna.encode, idna.decode):
            try:
                converted = convert(domain, uts46=True)
            except (idna.IDNAError, UnicodeError):
                continue
            forms.add(f"{local}@{converted.decode('ascii') if isinstance(converted, bytes) else converted}")
    return forms


def valid_web_url(value: str) -> bool:
    """An http(s) URL with a host and no whitespace."""
    if any(c.isspace() for c in value) or has_control_characters(value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "." in parts.hostname


def timing_signals(seconds_to_submit: float | None, min_seconds: int) -> dict:
    """The form's time token as signals: sent faster than a person types, or without a valid token."""
    return {
        "too_fast": seconds_to_submit is not None and seconds_to_submit < min_seconds,
        "no_token": seconds_to_submit is None,
    }


def client_key(secret: str, address: str, day: str) -> str:
    """A keyed hash of the client's address that changes every day; the address itself is never kept."""
    return hmac.new(secret.encode(), f"{day}|{address}".encode(), hashlib.sha256).hexdigest()[:32]
