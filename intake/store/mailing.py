"""The statements of the outbox: mails and hook calls queued with what caused them."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import outbox

__all__ = ["enqueue", "claim_due", "extend_claims", "outbox_done", "outbox_failed", "outbox_size"]

_ENQUEUE = outbox.insert()


def enqueue(
    conn: Connection, kind: str, recipient: str, payload: str, now: datetime, about: tuple[str, ...] = ()
) -> None:
    """Queue a mail or a hook call in the same transaction as what caused it; *about* names the
    records (ids) and addresses whose personal data it carries to someone else: forgetting one
    deletes the mail. Addresses are kept in lower case."""
    conn.execute(
        _ENQUEUE,
        {
            "kind": kind,
            "recipient": recipient,
            "payload": payload,
            "created_at": now,
            "attempts": 0,
            "next_attempt_at": now,
            "claimed_until": None,
            "last_error": "",
            "about": "".join(f" {token.lower() if '@' in token else token} " for token in about if token),
        },
    )


def claim_due(conn: Connection, now: datetime, lease: timedelta, limit: int = 50) -> list[dict]:
    """Due outbox entries, each claimed for *lease* so that another instance skips it."""
    query = (
        sa.select(outbox)
        .where(
            outbox.c.next_attempt_at <= now,
            sa.or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
        )
        .order_by(outbox.c.id)
        .limit(limit)
    )
    claimed = []
    for row in conn.execute(query).mappings():
        update = (
            outbox.update()
            .where(outbox.c.id == row["id"], sa.or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now))
            .values(claimed_until=now + lease)
        )
        if conn.execute(update).rowcount == 1:
            claimed.append(dict(row))
    return claimed


def extend_claims(conn: Connection, entry_ids: list[int], until: datetime) -> None:
    """Keep claiming these entries until *until* (a batch that takes longer than one lease)."""
    if entry_ids:
        conn.execute(outbox.update().where(outbox.c.id.in_(entry_ids)).values(claimed_until=until))


def outbox_done(conn: Connection, entry_ids: list[int]) -> None:
    """Mails or hook calls succeeded: forget them (mails hold addresses)."""
    if entry_ids:
        conn.execute(outbox.delete().where(outbox.c.id.in_(entry_ids)))


def outbox_failed(conn: Connection, entry_id: int, attempts: int, retry_at: datetime, error: str) -> None:
    """Try again later."""
    conn.execute(
        outbox.update()
        .where(outbox.c.id == entry_id)
        .values(
            attempts=attempts,
            next_attempt_at=retry_at,
            claimed_until=None,
            last_error=error[:300],
        )
    )


def outbox_size(conn: Connection) -> int:
    """How many mails and hook calls wait."""
    return conn.execute(sa.select(sa.func.count()).select_from(outbox)).scalar_one()
