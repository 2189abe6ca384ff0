"""Signed tokens: the form's timing token and the links mailed to moderators and readers.

itsdangerous signs with HMAC and compares signatures in constant time. Every purpose has its
own salt, so a token made for one purpose is worthless for another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

FORM_TOKEN_MAX_AGE = 24 * 3600
PURPOSES = ("form", "moderate", "confirm", "unsubscribe", "registration", "seat", "office-login", "office-totp")


@dataclass(frozen=True)
class Opened:
    """A token that was checked: its payload, and when it was made (Unix seconds)."""

    payload: object
    issued_at: float


class TokenError(ValueError):
    """A token is forged, malformed, or (``expired`` True) too old."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


class Signer:
    """Makes and opens the tokens of every purpose with one secret."""

    def __init__(self, secret: str) -> None:
        self._serializers = {p: URLSafeTimedSerializer(secret, salt=f"intake-{p}") for p in PURPOSES}
        self._secret = secret.encode()

    def make(self, purpose: str, payload: object) -> str:
        """A URL-safe signed token holding *payload* and the current time."""
        return self._serializers[purpose].dumps(payload)

    def open(self, purpose: str, token: str, max_age: int) -> Opened:
        """The payload of a genuine token not older than *max_age* seconds; else TokenError."""
        if not token or len(token) > 1000:
            raise TokenError(expired=False)
        try:
            payload, issued = self._serializers[purpose].loads(token, max_age=max_age, return_timestamp=True)
        except SignatureExpired:
            raise TokenError(expired=True) from None
        except BadSignature:
            raise TokenError(expired=False) from None
        return Opened(payload, issued.timestamp())

    def seal(self, purpose: str, *values: str) -> str:
        """A signature of *values* (no time in it): the query of a link that nobody may change."""
        message = json.dumps([f"intake-{purpose}", *values]).encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]

    def sealed(self, purpose: str, seal: str, *values: str) -> bool:
        """Whether *seal* is the signature of *values* (compared in constant time)."""
        return hmac.compare_digest(seal.encode(), self.seal(purpose, *values).encode())

    def form_token(self) -> str:
        """The token a form fetches at page load: a random nonce, signed with the time."""
        return self.make("form", secrets.token_urlsafe(12))
