"""The statements of a session's participants for the office's documents: who is confirmed, and
who attended (the attendance list, the certificates of attendance)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import attendance, registrations

__all__ = ["confirmed_of_session", "attended_ids", "mark_attended"]


def confirmed_of_session(conn: Connection, offer: str, session: str) -> list[dict]:
    """The session's confirmed registrations, by name."""
    query = (
        sa.select(registrations)
        .where(
            registrations.c.offer == offer, registrations.c.session == session, registrations.c.status == "confirmed"
        )
        .order_by(registrations.c.name, registrations.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def attended_ids(conn: Connection, registration_ids: list[str]) -> set[str]:
    """Which of these registrations the office marked as attended."""
    if not registration_ids:
        return set()
    query = sa.select(attendance.c.registration_id).where(attendance.c.registration_id.in_(registration_ids))
    return set(conn.execute(query).scalars())


def mark_attended(conn: Connection, registration_ids: list[str], now: datetime) -> int:
    """Mark these registrations attended (again: no change); how many were new."""
    known = attended_ids(conn, registration_ids)
    new = [i for i in dict.fromkeys(registration_ids) if i not in known]
    if new:
        conn.execute(attendance.insert(), [{"registration_id": i, "marked_at": now} for i in new])
    return len(new)
