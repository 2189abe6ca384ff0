"""Mails and hook calls: built here, queued in the outbox table, delivered by the background worker.

A mail is built with ``email.policy.SMTP``, which refuses a line break in any header value,
so no input can add a header. It is queued in the same transaction as the comment or decision
that caused it, and deleted from the outbox only once the SMTP server accepted it (or its
``.eml`` file is on disk): a crash or an SMTP outage delays a mail, it never loses one.
"""

from __future__ import annotations

import contextlib
import json
import os
import smtplib
import tempfile
import urllib.request
from email import policy
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .settings import Settings

SMTP_TIMEOUT = 20
HOOK_TIMEOUT = 10


def queued_mail(
    recipient: str,
    subject: str,
    body: str,
    unsubscribe_url: str = "",
    attachment: tuple[str, str, str] | None = None,
    reply_to: tuple[str, str] | None = None,
) -> str:
    """What the outbox keeps for one mail (JSON); the message is built when it is sent, which
    keeps the email package's header parsing out of the reader's request.

    Header values are checked here already: a line break raises ValueError, as build_message would.
    *attachment* is (file name, media type, text), e.g. a registration's ``.ics``; *reply_to* is
    (display name, address), e.g. the sender of a contact message.
    """
    for value in (recipient, subject, unsubscribe_url, *(reply_to or ())):
        if "\r" in value or "\n" in value:
            raise ValueError("Header values may not contain linefeed or carriage return characters")
    fields = {"to": recipient, "subject": subject, "body": body, "unsubscribe": unsubscribe_url}
    if attachment:
        fields["attachment"] = list(attachment)
    if reply_to:
        reply_address(*reply_to)  # refused now, not at every delivery attempt
        fields["reply_to"] = list(reply_to)
    return json.dumps(fields, ensure_ascii=False)


def reply_address(name: str, address: str) -> Address:
    """One mailbox for a Reply-To header: the name is only ever a display name (quoted or
    encoded as needed), never a second address; ValueError when *address* is not one addr-spec."""
    if any(c in name + address for c in "\r\n"):
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    try:
        mailbox = Address(display_name=name, addr_spec=address)
    except (ValueError, MessageError) as error:  # the parser raises its defects
        raise ValueError(f"not one e-mail address: {error}") from None
    if mailbox.addr_spec != address or not address.isascii():
        raise ValueError("not one plain ASCII e-mail address")
    return mailbox


def build_message(
    sender: str,
    recipient: str,
    subject: str,
    body: str,
    unsubscribe_url: str = "",
    attachment: list[str] | None = None,
    reply_to: list[str] | None = None,
) -> str:
    """The whole message as ASCII text; ValueError when a header value holds a line break."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    if reply_to:
        message["Reply-To"] = reply_address(*reply_to)
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    if attachment:
        name, media_type, text = attachment
        maintype, _, subtype = media_type.partition("/")
        message.add_attachment(text.encode("utf-8"), maintype=maintype, subtype=subtype, filename=name)
    return message.as_string()


class Postman:
    """Delivers queued messages: over one SMTP connection per batch, or as ``.eml`` files."""

    def __init__(self, settings: Settings, outbox_dir: Path) -> None:
        self.settings = settings
        self.outbox_dir = outbox_dir
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Postman:
        return self

    def __exit__(self, *_exc) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            url = urlsplit(self.settings.smtp_url)
            client = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
            smtp = client(url.hostname, url.port or (465 if url.scheme == "smtps" else 25), timeout=SMTP_TIMEOUT)
            if url.scheme == "smtp" and "starttls" in url.query:
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            self._smtp = smtp
        return self._smtp

    def send(self, queued: str, name: str) -> None:
        """Build one queued mail and hand it to the SMTP server, or write ``<name>.eml`` when none is set."""
        fields = json.loads(queued)
        recipient = fields["to"]
        payload = build_message(
            self.settings.mail_from,
            recipient,
            fields["subject"],
            fields["body"],
            fields["unsubscribe"],
            fields.get("attachment"),
            fields.get("reply_to"),
        )
        if not self.settings.smtp_url:
            self._write_eml(payload, name)
            return
        try:
            self._connection().sendmail(self.settings.mail_from, [recipient], payload.encode("ascii"))
        except (smtplib.SMTPServerDisconnected, OSError):
            self.__exit__()  # a broken connection is not reused
            raise

    def _write_eml(self, payload: str, name: str) -> None:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.outbox_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii", newline="") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.outbox_dir / f"{name}.eml")


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
