"""What happens to a contact message, without a request: stored once per form token, mailed to
the office with Reply-To the sender, deleted when its retention ends."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from .. import store
from ..settings import Settings
from ..web import Intake, utcnow
from . import rules

logger = logging.getLogger("intake")


def _same(row: dict, contact: rules.ContactInput) -> bool:
    """Whether *row* holds the message *contact* again (a spam row keeps no address to compare)."""
    same_text = (row["name"], row["subject"], row["message"]) == (contact.name, contact.subject, contact.message)
    return same_text and row["email"] in ("", contact.email)


def _by_nonce(intake: Intake, nonce: str) -> dict | None:
    with store.reading(intake.engine) as conn:
        return store.contact_message_by_nonce(conn, nonce)


async def store_contact(intake: Intake, contact: rules.ContactInput, signals: dict, nonce: str | None) -> str:
    """Store the message and, unless it is spam, the office's mail in one transaction: "stored",
    "spam", "replayed" (the same form sent again, e.g. a double click: kept and mailed once) or
    "reused" (the form's token already sent another message)."""
    settings = intake.settings
    now = utcnow()
    row = {
        "id": rules.new_contact_id(),
        "lang": contact.lang,
        "name": contact.name,
        "email": "" if contact.honeypot else contact.email,  # a bot's: no way back is kept (as for comments)
        "phone": "" if contact.honeypot else contact.phone,
        "subject": contact.subject,
        "message": contact.message,
        "status": "spam" if contact.honeypot else "new",
        "created_at": now,
        "consent_at": now,
        "privacy_version": settings.privacy_version,
        "signals": signals,
        "token_nonce": nonce,
    }

    def store_it(conn: Connection) -> str:
        if nonce and (earlier := store.contact_message_by_nonce(conn, nonce)):
            return "replayed" if _same(earlier, contact) else "reused"
        store.insert_contact_message(conn, row)
        if row["status"] == "spam":
            return "spam"
        _queue_office_mail(intake, conn, row)
        return "stored"

    try:
        outcome = await intake.write(store_it)
    except IntegrityError:
        # The same token arrived twice at the same moment (PostgreSQL): the other one won.
        earlier = await run_in_threadpool(_by_nonce, intake, nonce) if nonce else None
        if earlier is None:
            raise
        return "replayed" if _same(earlier, contact) else "reused"
    logger.debug("contact message %s: %s", row["id"], outcome)
    return outcome


def _queue_office_mail(intake: Intake, conn: Connection, row: dict) -> None:
    """The message to every office address, Reply-To the sender: answering it answers them."""
    settings = intake.settings
    lang = settings.office_lang  # the office's mail, in the office's language (INTAKE_OFFICE_LANG)
    subject, body = intake.mail_text(f"contact.{lang}.txt", m=row, retention_days=settings.contact_retention_days)
    intake.mail_office(
        conn, subject, body, row["created_at"], about=(row["id"], row["email"]), reply_to=(row["name"], row["email"])
    )


def purge(conn: Connection, settings: Settings, now: datetime) -> dict[str, int]:
    """Contact messages go INTAKE_CONTACT_RETENTION_DAYS after they came."""
    return store.purge_contact_messages(conn, now - timedelta(days=settings.contact_retention_days))
