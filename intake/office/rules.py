"""Pure rules of the office's desk: roles and what each may open, accounts checked and changed,
the login throttle (a growing delay, never a lockout), pages of a list, the session cookie, a
moment as the office reads it."""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

ROLES = ("moderator", "office")
MIN_PASSWORD = 12
PAGE_SIZE = 25


def account_problem(email: str, role: str, password: str) -> str:
    """What is wrong with a new account, or ""."""
    email = email.strip()
    if "@" not in email or any(c in email for c in " \r\n<>,") or len(email) > 254:
        return f"{email!r} is not an e-mail address"
    if role not in ROLES:
        return f"ROLE={role!r} must be moderator or office"
    if len(password) < MIN_PASSWORD:
        return f"the password needs at least {MIN_PASSWORD} characters"
    return ""


# A moment as the office reads it: "Di., 9. März 2027, 09:00 Uhr", "Tue, 9 March 2027, 09:00".
MOMENT_PATTERNS = {"de": "EEE, d. MMMM y, HH:mm 'Uhr'", "en": "EEE, d MMMM y, HH:mm"}


BERLIN = ZoneInfo("Europe/Berlin")

# When something was stored or done, shorter: "07.12.2026, 07:45", "7 Dec 2026, 07:45" (German time).
STAMP_PATTERNS = {"de": "dd.MM.y, HH:mm", "en": "d MMM y, HH:mm"}


def stamp_label(moment_utc: datetime, lang: str) -> str:
    """A stored moment (naive UTC) in German local time, as the office reads it."""
    local = moment_utc.replace(tzinfo=UTC).astimezone(BERLIN)
    return format_datetime(local, STAMP_PATTERNS.get(lang, STAMP_PATTERNS["de"]), locale=lang)


def moment_label(moment: datetime, lang: str) -> str:
    """*moment* (local time) in the words of *lang*, never ISO."""
    return format_datetime(moment, MOMENT_PATTERNS.get(lang, MOMENT_PATTERNS["de"]), locale=lang)


def session_key(cookie_value: str) -> str:
    """What the store keeps of a session's cookie value: its SHA-256 (a leaked table opens nothing)."""
    return hashlib.sha256(cookie_value.encode()).hexdigest()


def cookie_name(https: bool) -> str:
    """``__Host-office`` over HTTPS (host-only, Secure, path /), ``office`` on a plain local address."""
    return "__Host-office" if https else "office"


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages *total* rows fill (at least one)."""
    return max(1, math.ceil(total / size))


def page_number(value: str | None, pages: int | None = None) -> int:
    """The requested page, 1 when it is no positive whole number, at most *pages*."""
    number = int(value) if value and value.isdigit() and 0 < len(value) < 6 else 1
    return max(1, min(number, pages)) if pages else max(1, number)


class LoginThrottle:
    """Failed sign-ins slow down the next attempts of the same client and of the same account:
    after FREE failures each attempt waits BASE·2ⁿ seconds, up to a cap. A stranger guessing an
    account's password slows its owner by at most ACCOUNT_CAP seconds and never locks them out;
    the guesser's own client waits up to CLIENT_CAP. A success forgets the failures; a count not
    added to for MEMORY_MINUTES is forgotten. The counts live in the store (every worker process
    sees them, a restart keeps them) under ``keys``: hashes, never an address or a client's IP."""

    FREE = 3
    BASE = 0.25
    CLIENT_CAP = 30.0
    ACCOUNT_CAP = 4.0
    MEMORY_MINUTES = 60

    @staticmethod
    def keys(client: str, account: str) -> tuple[str, str]:
        """The store's keys of *client*'s and *account*'s counts (the account in lower case)."""
        return session_key(f"client:{client}"), session_key(f"account:{account.strip().lower()}")

    @classmethod
    def delay(cls, client_failures: int, account_failures: int) -> float:
        """Seconds the next attempt waits, given the failures counted for its client and account."""
        return max(cls._wait(client_failures, cls.CLIENT_CAP), cls._wait(account_failures, cls.ACCOUNT_CAP))

    @classmethod
    def _wait(cls, count: int, cap: float) -> float:
        return 0.0 if count < cls.FREE else min(cap, cls.BASE * 2 ** (count - cls.FREE))


ACCOUNT_ACTIONS = ("disable", "enable", "delete")


def account_change_problem(action: str, actor_id: int, target: dict | None, accounts: list[dict]) -> str:
    """Why *action* on *target* may not happen (a text key), or "": never on one's own account,
    never leaving no enabled office account behind."""
    if action not in ACCOUNT_ACTIONS or target is None:
        return "not_found"
    if target["id"] == actor_id:
        return "account_not_yourself"
    enabled_office = [a for a in accounts if a["role"] == "office" and a["disabled_at"] is None]
    last = target["role"] == "office" and target["disabled_at"] is None and len(enabled_office) <= 1
    if action in ("disable", "delete") and last:
        return "account_last_office"
    return ""
