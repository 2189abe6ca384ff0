"""Mails and hook calls: built here, queued in the outbox table, delivered by the background worker.

No input can add or change a header: a line break in a value is refused when the mail is
queued, and every message is read back after it was written, as a mail client reads it, and
refused unless it has exactly the headers set here, one recipient and at most one Reply-To
(the e-mail package of some Python builds turns an RFC 2047 encoded word into a real line
break). A mail is queued in the same transaction as the comment or decision that caused it,
and deleted from the outbox only once the SMTP server accepted it (or its ``.eml`` file is on
disk): a crash or an SMTP outage delays a mail, it never loses one. Delivery is at least once:
a crash between the server's "accepted" and the deletion sends that mail again, with the same
``Message-ID``.
"""

from __future__ import annotations

import contextlib
import base64
import json
import os
import re
import secrets
import smtplib
import tempfile
import urllib.request
from collections import Counter
from email import message_from_string, policy
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .rules import header_safe
from .settings import Settings

SMTP_TIMEOUT = 20
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')
HOOK_TIMEOUT = 10


def queued_mail(
    recipient: str,
    subject: str,
    body: str,
    unsubscribe_url: str = "",
    attachment: tuple[str, ...] | None = None,
    reply_to: tuple[str, str] | None = None,
    delivery_report: bool = False,
) -> str:
    """What the outbox keeps for one mail (JSON); the message is built when it is sent, which
    keeps the email package's header parsing out of the reader's request.

    Header values are checked here already: a line break raises ValueError, as build_message would.
    *attachment* is (file name, media type, text), e.g. a registration's ``.ics``, or (file name,
    media type, base64 text, "base64") for binary content, e.g. a certificate's PDF; *reply_to* is
    (display name, address), e.g. the sender of a contact message; *delivery_report* marks the
    office's report about mails that failed (its own failure is not reported again).
    """
    for value in (recipient, subject, unsubscribe_url, *(reply_to or ())):
        if "\r" in value or "\n" in value:
            raise ValueError("Header values may not contain linefeed or carriage return characters")
    fields = {
        "to": recipient,
        "subject": subject,
        "body": body,
        "unsubscribe": unsubscribe_url,
        "message_id": secrets.token_hex(16),  # the same at every attempt: a repeat is recognisable
    }
    if attachment:
        fields["attachment"] = list(attachment)
    if reply_to:
        reply_address(*reply_to)  # refused now, not at every delivery attempt
        fields["reply_to"] = list(reply_to)
    if delivery_report:
        fields["delivery_report"] = True
    return json.dumps(fields, ensure_ascii=False)


def is_delivery_report(queued: str) -> bool:
    """Whether a queued mail is the office's report about failed mails."""
    try:
        return json.loads(queued).get("delivery_report", False) is True
    except (ValueError, AttributeError):
        return False


def reply_address(name: str, address: str) -> Address:
    """One mailbox for a Reply-To header: the name is only ever a display name, never a second
    address; ValueError when *address* is not one addr-spec.

    The display name keeps words only: RFC 5322's specials (``,`` ``.`` ``<`` ``@`` …) become
    spaces, so it never needs quotes, which some Python builds drop when they fold a long header
    (a long name with ``<x@y>`` in it then became the address). The exact name is in the body.
    """
    if any(c in name + address for c in "\r\n"):
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    name = " ".join(_SPECIALS.sub(" ", name).split())
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
    message_id: str = "",
) -> str:
    """The whole message as ASCII text; ValueError when a header value holds a line break or
    the written message does not read back with exactly the headers set here."""
    if not header_safe(subject) or (reply_to and not header_safe(reply_to[0])):
        raise ValueError("a header value holds an encoded line break")
    domain = sender.rpartition("@")[2] or "localhost"
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    if reply_to:
        message["Reply-To"] = reply_address(*reply_to)
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    if attachment:
        name, media_type, text, *encoding = attachment  # a 4th item "base64": *text* holds binary content (a PDF)
        maintype, _, subtype = media_type.partition("/")
        content = base64.b64decode(text) if encoding == ["base64"] else text.encode("utf-8")
        charset = {"charset": "utf-8"} if maintype == "text" else {}  # or clients guess ("f\ufffd\ufffdr")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name, params=charset)
    return read_back(message, recipient, reply_to[1] if reply_to else None)


def read_back(message: EmailMessage, recipient: str, reply_to: str | None) -> str:
    """*message* written out, once it reads back as a mail client reads it with the same header
    names, To only *recipient* and Reply-To only *reply_to*; ValueError otherwise."""
    written = message.as_string()
    parsed = message_from_string(written, policy=policy.default)
    if Counter(name.lower() for name in parsed) != Counter(name.lower() for name in message):
        raise ValueError("a header value turned into another header when the mail was written")
    if [a.addr_spec for a in parsed["To"].addresses] != [recipient]:
        raise ValueError("the To header does not name exactly the recipient")
    if reply_to is not None and [a.addr_spec for a in parsed["Reply-To"].addresses] != [reply_to]:
        raise ValueError("the Reply-To header does not name exactly one sender")
    return written


def permanent(error: Exception) -> bool:
    """Whether trying again cannot help: the server refused the recipient or the message for
    good (a 5xx answer), or the mail cannot be written (a header that would change, an address
    SMTP cannot carry). A refused sender is the operator's setting: that is tried again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)  # UnicodeEncodeError and json's errors included


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
            fields.get("message_id", ""),
        )
        if not self.settings.smtp_url:
            self._write_eml(payload, name)
            return
        try:
            self._connection().sendmail(self.settings.mail_from, [recipient], payload.encode("ascii"))
        except Exception:
            self._recover()
            raise

    def _recover(self) -> None:
        """After a failed send the connection may still be inside that mail's transaction (the
        server took MAIL FROM): reset it for the next mail, or drop it when even that fails."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.__exit__()

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
