"""Mails and hook calls: built here, queued in the outbox table, delivered by the background worker.

A mail is built with ``email.policy.SMTP``, which refuses a line break in any header value,
so no input can add a header. It is queued in the same transaction as the comment or decision
that caused it, and deleted from the outbox only once the SMTP server accepted it (or its
``.eml`` file is on disk): a crash or an SMTP outage delays a mail, it never loses one.
"""

from __future__ import annotations

import json
import os
import smtplib
import tempfile
import urllib.request
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .settings import Settings

SMTP_TIMEOUT = 20
HOOK_TIMEOUT = 10


def build_message(sender: str, recipient: str, subject: str, body: str, unsubscribe_url: str = "") -> str:
    """The whole message as ASCII text; ValueError when a header value holds a line break."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    return message.as_string()


def send_mail(settings: Settings, recipient: str, payload: str, outbox_dir: Path, name: str) -> None:
    """Hand one queued message to the SMTP server, or write it as ``<name>.eml`` when none is set."""
    if not settings.smtp_url:
        outbox_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=outbox_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii", newline="") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, outbox_dir / f"{name}.eml")
        return
    url = urlsplit(settings.smtp_url)
    client = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with client(url.hostname, url.port or (465 if url.scheme == "smtps" else 25), timeout=SMTP_TIMEOUT) as smtp:
        if url.scheme == "smtp" and "starttls" in url.query:
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.sendmail(settings.mail_from, [recipient], payload.encode("ascii"))


def call_hook(settings: Settings, url: str, payload: str) -> None:
    """POST the deploy hook (e.g. GitHub's repository_dispatch); any non-2xx answer raises."""
    headers = {"Content-Type": "application/json", "Accept": "application/vnd.github+json", "User-Agent": "intake"}
    if settings.deploy_hook_token:
        headers["Authorization"] = f"Bearer {settings.deploy_hook_token}"
    request = urllib.request.Request(url, data=payload.encode(), headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=HOOK_TIMEOUT) as answer:  # noqa: S310 - URL from the operator
        answer.read()


def hook_payload(comment_ids: list[str]) -> str:
    """What the deploy hook receives: GitHub's repository_dispatch shape."""
    return json.dumps({"event_type": "comment-approved", "client_payload": {"comments": comment_ids}})
