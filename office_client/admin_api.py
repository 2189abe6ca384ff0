"""The intake's admin API as seen by the office's commands: pending and approved comments and
their decisions (``python -m comments``), registrations and build notices (``python -m office_client``).
Standard library only (``urllib``); every failure is one line.

Configured from the environment: ``INTAKE_URL`` (the intake's base URL) and
``INTAKE_ADMIN_TOKEN``. Without both, the comment commands work on the comment files alone.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

TIMEOUT_SECONDS = 20


class IntakeError(Exception):
    """The intake cannot be used (unreachable, wrong token, unexpected answer): one line."""


class IntakeRefused(IntakeError):
    """The intake refused the decisions as a whole; ``errors`` are its ``{id, message}`` records."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(f"the intake refused the decisions ({len(errors)} problem(s)); nothing was changed there")
        self.errors = errors


class OfficeError(Exception):
    """The office's file or the intake cannot be used: one line (or one per row) for the office."""


@dataclass(frozen=True)
class IntakeAccess:
    """Where the intake is and the admin token it wants."""

    url: str
    token: str

    @classmethod
    def from_environment(cls, environ) -> IntakeAccess | None:
        """The access configured in *environ*; None when neither variable is set."""
        url = str(environ.get("INTAKE_URL") or "").strip().rstrip("/")
        token = str(environ.get("INTAKE_ADMIN_TOKEN") or "").strip()
        if not url and not token:
            return None
        if not url or not token:
            missing = "INTAKE_URL" if not url else "INTAKE_ADMIN_TOKEN"
            raise IntakeError(
                f"{missing} is not set: set both INTAKE_URL and INTAKE_ADMIN_TOKEN, or neither to work on the comment files only"
            )
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise IntakeError(f"INTAKE_URL {url!r} is not an http(s) address, e.g. https://kommentare.example.com")
        return cls(url, token)


def fetch_comments(access: IntakeAccess, status: str) -> list[dict]:
    """The intake's comments with *status* (``pending`` or ``approved``)."""
    answer = call_admin(access, "GET", f"/admin/comments?{urlencode({'status': status})}")
    comments = answer.get("comments") if isinstance(answer, dict) else None
    if not isinstance(comments, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) for c in comments
    ):
        raise IntakeError(f"the intake at {access.url} answered GET /admin/comments without a list of comments")
    return comments


def send_decisions(access: IntakeAccess, decisions: list[dict]) -> dict:
    """POST *decisions* (``{id, decision, fingerprint}``); the intake's counts. Raises IntakeRefused."""
    answer = call_admin(access, "POST", "/admin/comments/decisions", {"decisions": decisions})
    if not isinstance(answer, dict):
        raise IntakeError(f"the intake at {access.url} answered the decisions without a summary")
    return answer


def call_admin(access: IntakeAccess, method: str, path: str, body: dict | None = None, as_bytes: bool = False):
    """One request to the intake's admin API (bearer token, JSON): the answer as parsed JSON (or,
    *as_bytes*, as it came: a PDF)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        access.url + path, data=data, method=method
    )  # an http(s) URL: checked in from_environment
    request.add_header("Authorization", f"Bearer {access.token}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    where = f"{method} {access.url}{path.split('?')[0]}"
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raw = error.read()
        if error.code in (401, 403):
            raise IntakeError(
                f"the intake refused INTAKE_ADMIN_TOKEN ({error.code} on {where}): check the token"
            ) from None
        if error.code == 400 and body is not None:
            errors = _json(raw, where).get("errors") if raw else None
            if isinstance(errors, list):
                raise IntakeRefused([e for e in errors if isinstance(e, dict)]) from None
        said = _said(raw)
        raise IntakeError(f"the intake answered {error.code} {error.reason} to {where}{said}") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
        reason = getattr(error, "reason", None) or error
        raise IntakeError(
            f"the intake cannot be reached ({where}: {reason}); is it running, is INTAKE_URL right?"
        ) from None
    return raw if as_bytes else _json(raw, where)


def _said(raw: bytes) -> str:
    """The intake's own reason in an error answer (``{"error": …}``), as ``: reason``, or nothing."""
    try:
        error = json.loads(raw.decode("utf-8")).get("error")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return ""
    return f": {error}" if isinstance(error, str) and error else ""


def _json(raw: bytes, where: str):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IntakeError(
            f"the intake did not answer {where} with JSON (is INTAKE_URL the intake's address?)"
        ) from None


def access_from(environ) -> IntakeAccess:
    """The admin API's address and token, for the commands that need both."""
    try:
        access = IntakeAccess.from_environment(environ)
    except IntakeError as error:
        raise OfficeError(str(error)) from None
    if access is None:
        raise OfficeError("set INTAKE_URL and INTAKE_ADMIN_TOKEN (the intake's address and admin token)")
    return access
