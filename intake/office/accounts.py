"""The office's accounts: passwords hashed with Argon2id (argon2-cffi), the optional second
factor (TOTP, pyotp), and the server command that creates an account (``make office-user``)."""

from __future__ import annotations

import getpass
import os

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup
from sqlalchemy.engine import Engine

from .. import store
from ..web import utcnow
from .rules import ROLES, account_problem

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


def code_matches(secret: str, code: str) -> bool:
    """Whether *code* is the current TOTP code of *secret* (or the one before or after)."""
    code = "".join(code.split())
    return bool(secret) and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


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


def password_from_user(environ: dict | None = None) -> str:
    """``OFFICE_PASSWORD`` (for scripts), else asked twice without echo; ValueError when they differ."""
    env = os.environ if environ is None else environ
    if env.get("OFFICE_PASSWORD"):
        return env["OFFICE_PASSWORD"]
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise ValueError("the two passwords differ")
    return first


__all__ = ["ROLES", "create_account", "password_from_user", "password_matches", "code_matches"]
