"""Pure rules of the office's desk: roles and what each may open, accounts checked, the login
throttle (a growing delay, never a lockout), pages of a list, the session cookie."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

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


@dataclass
class LoginThrottle:
    """Failed sign-ins slow down the next attempts of the same client and of the same account:
    after FREE failures each attempt waits BASE·2ⁿ seconds, up to a cap. A stranger guessing an
    account's password slows its owner by at most ACCOUNT_CAP seconds and never locks them out;
    the guesser's own client waits up to CLIENT_CAP. A success forgets the account's failures."""

    FREE = 3
    BASE = 0.25
    CLIENT_CAP = 30.0
    ACCOUNT_CAP = 4.0
    failures: dict[str, int] = field(default_factory=dict)

    def delay(self, client: str, account: str) -> float:
        """Seconds the next attempt of *client* for *account* waits before it is checked."""
        return max(
            self._wait(self.failures.get(f"c:{client}", 0), self.CLIENT_CAP),
            self._wait(self.failures.get(f"a:{account}", 0), self.ACCOUNT_CAP),
        )

    def failed(self, client: str, account: str) -> None:
        for key in (f"c:{client}", f"a:{account}"):
            self.failures[key] = self.failures.get(key, 0) + 1
        if len(self.failures) > 10_000:  # bounded memory under a flood of names
            self.failures.clear()

    def succeeded(self, client: str, account: str) -> None:
        self.failures.pop(f"a:{account}", None)
        self.failures.pop(f"c:{client}", None)

    def _wait(self, count: int, cap: float) -> float:
        return 0.0 if count < self.FREE else min(cap, self.BASE * 2 ** (count - self.FREE))
