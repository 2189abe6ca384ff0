"""The statements of contact messages and of withdrawals."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import contact_messages, withdrawals

__all__ = [
    "purge_contact_messages",
    "insert_contact_message",
    "contact_message_by_nonce",
    "all_contact_messages",
    "insert_withdrawal",
    "purge_withdrawals",
]


def insert_contact_message(conn: Connection, row: dict) -> None:
    """Store one message from the contact form."""
    conn.execute(contact_messages.insert().values(**row))


def contact_message_by_nonce(conn: Connection, nonce: str) -> dict | None:
    """The contact message sent with this form token, if any."""
    query = sa.select(contact_messages).where(contact_messages.c.token_nonce == nonce)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def all_contact_messages(conn: Connection) -> list[dict]:
    """Every stored contact message, oldest first."""
    query = sa.select(contact_messages).order_by(contact_messages.c.created_at, contact_messages.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]


def purge_contact_messages(conn: Connection, expiry: datetime) -> dict[str, int]:
    """Delete the contact messages sent before *expiry*."""
    deleted = conn.execute(contact_messages.delete().where(contact_messages.c.created_at < expiry)).rowcount
    return {"contact_messages_deleted": deleted}


def insert_withdrawal(conn: Connection, row: dict) -> None:
    """Store one withdrawal declared through the withdrawal function."""
    conn.execute(withdrawals.insert().values(**row))


def purge_withdrawals(conn: Connection, now: datetime) -> dict[str, int]:
    """Delete the withdrawals whose keeping time is over."""
    deleted = conn.execute(withdrawals.delete().where(withdrawals.c.keep_until < now)).rowcount
    return {"withdrawals_deleted": deleted}
