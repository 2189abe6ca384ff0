"""The office's accounts: passwords hashed with Argon2id (argon2-cffi), the optional second
factor (TOTP, pyotp), and the server command that creates an account (``make office-user``)."""

from __future__ import annotations

import getpass
import hmac
import os
import time

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup
from sqlalchemy.engine import Engine

from .. import store
from ..web import utcnow
from .rules import ROLES, account_change_problem, account_problem

# Argon2id as the OWASP Password Storage Cheat Sheet's minimum: 19 MiB, 2 iterations, 1 lane. The
# library's default (64 MiB, 4 lanes) took a second per check on a busy 2-core machine, and every
# guess at the login costs the server that much memory. The parameters are kept in each hash.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
UNKNOWN_ACCOUNT_HASH = HASHER.hash("no account has this password")  # verified against to take as long
ISSUER = "Albrecht Büro"


def hash_password(password: str) -> str:
    """The Argon2id hash kept for *password*."""
    return HASHER.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether *password* is the account's (an unknown account costs the same time and fails)."""
    try:
        return HASHER.verify(password_hash or UNKNOWN_ACCOUNT_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` address an authenticator app reads (typed in or pasted; no QR service)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def totp_qr(uri: str, title: str) -> Markup:
    """The ``otpauth://`` address as a QR code for the app's camera: inline SVG made here (segno),
    no image from a QR service."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, title=title))


def code_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (pyotp's ``TOTP.timecode``) of *code* when it is *secret*'s current code or
    the one before or after, else None. The caller accepts a step once (``store.take_totp_step``)."""
    code = "".join(code.split())
    if not secret or not code.isdigit():
        return None
    totp, now = pyotp.TOTP(secret), time.time() if now is None else now
    for offset in (-1, 0, 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            return totp.timecode(now) + offset
    return None


def create_account(engine: Engine, email: str, role: str, password: str) -> str:
    """Create or update the account; one line saying which (ValueError with the problem)."""
    problem = account_problem(email, role, password)
    if problem:
        raise ValueError(problem)
    with store.writing(engine) as conn:
        new = store.save_account(conn, email.strip(), role, hash_password(password), utcnow())
        store.record(
            conn, "CLI", "account_created" if new else "account_changed", "", f"{email.strip()} ({role})", utcnow()
        )
    return f"office account {email.strip()} ({role}) {'created' if new else 'updated; its sessions ended'}"


class AccountRefused(ValueError):
    """An account change the rules refuse: the desk's text key, the CLI's line."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


CHANGE_PROBLEMS = {
    "not_found": "there is no office account {email}",
    "account_not_yourself": "an account cannot disable or delete itself",
    "account_last_office": "{email} is the last enabled office account (create or enable another first)",
}


def change_account(engine: Engine, email: str, action: str, actor: str = "CLI", actor_id: int = 0) -> str:
    """Disable, enable or delete the account of *email* (a disabled or deleted account's sessions
    end at once); one line saying so (ValueError with the problem: unknown, one's own, the last
    enabled office account). The desk and ``make office-user DISABLE=1`` both come here."""
    with store.writing(engine) as conn:
        target = store.account_by_email(conn, email.strip())
        problem = account_change_problem(action, actor_id, target, store.all_accounts(conn))
        if problem:
            raise AccountRefused(problem, CHANGE_PROBLEMS[problem].format(email=email.strip()))
        if action == "delete":
            store.delete_account(conn, target["id"])
        else:
            store.set_account_disabled(conn, target["id"], utcnow() if action == "disable" else None)
        store.record(conn, actor, f"account_{action}d", "", f"{target['login']} ({target['role']})", utcnow())
    return f"office account {target['login']} {action}d" + ("; its sessions ended" if action != "enable" else "")


def password_from_user(environ: dict | None = None) -> str:
    """``OFFICE_PASSWORD`` (for scripts), else asked twice without echo; ValueError when they differ."""
    env = os.environ if environ is None else environ
    if env.get("OFFICE_PASSWORD"):
        return env["OFFICE_PASSWORD"]
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise ValueError("the two passwords differ")
    return first


__all__ = ["ROLES", "create_account", "change_account", "password_from_user", "password_matches", "code_step"]
