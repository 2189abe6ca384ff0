"""The statements of registrations and the seats of training sessions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import registrations, training_sessions

__all__ = [
    "purge_registrations",
    "lock_session",
    "confirmed_participants",
    "insert_registration",
    "registration",
    "all_registrations",
    "update_registration",
    "waiting_list",
    "availability",
]


def lock_session(conn: Connection, offer: str, session: str, max_participants: int | None) -> int | None:
    """Take the session's lock for the rest of the transaction; the seats it has (None: unlimited).

    *max_participants* is what the intake may confirm (``TrainingSession.seats``: the offer file's
    seats left, none when booked out, else its capacity); the column keeps the last one given.

    The session's row is created on demand. On PostgreSQL ``SELECT … FOR UPDATE`` makes every
    other registration for the same session wait here until this transaction ends, so the count
    read next is never stale. SQLite has one writer (``BEGIN IMMEDIATE``), which already
    serialises whole transactions.
    """
    key = {"offer": offer, "session": session}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(training_sessions).values(**key, max_participants=max_participants).on_conflict_do_nothing())
    row = (
        conn.execute(
            sa.select(training_sessions)
            .where(training_sessions.c.offer == offer, training_sessions.c.session == session)
            .with_for_update()
        )
        .mappings()
        .one()
    )
    if max_participants is not None and row["max_participants"] != max_participants:
        conn.execute(
            training_sessions.update()
            .where(
                training_sessions.c.offer == offer,
                training_sessions.c.session == session,
            )
            .values(max_participants=max_participants)
        )
        return max_participants
    return row["max_participants"]


def confirmed_participants(conn: Connection, offer: str, session: str) -> int:
    """Participants confirmed for one session, summed."""
    query = sa.select(sa.func.coalesce(sa.func.sum(registrations.c.participants), 0)).where(
        registrations.c.offer == offer, registrations.c.session == session, registrations.c.status == "confirmed"
    )
    return int(conn.execute(query).scalar_one())


def insert_registration(conn: Connection, row: dict) -> None:
    """Store one registration."""
    conn.execute(registrations.insert().values(**row))


def registration(conn: Connection, registration_id: str) -> dict | None:
    """One registration by id."""
    row = conn.execute(sa.select(registrations).where(registrations.c.id == registration_id)).mappings().first()
    return dict(row) if row else None


def all_registrations(conn: Connection) -> list[dict]:
    """Every registration, by session then arrival."""
    query = sa.select(registrations).order_by(
        registrations.c.offer, registrations.c.session, registrations.c.created_at, registrations.c.id
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def update_registration(conn: Connection, registration_id: str, **values) -> None:
    """Change one registration's fields (status, session, decided_at, offered_at)."""
    conn.execute(registrations.update().where(registrations.c.id == registration_id).values(**values))


def waiting_list(conn: Connection, offer: str, session: str) -> list[dict]:
    """The session's waiting list, first come first."""
    query = (
        sa.select(registrations)
        .where(
            registrations.c.offer == offer,
            registrations.c.session == session,
            registrations.c.status == "waitlist",
        )
        .order_by(registrations.c.created_at, registrations.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def availability(conn: Connection) -> list[dict]:
    """Per session with registrations: max, confirmed and waiting participants."""
    counted = (
        sa.select(
            registrations.c.offer,
            registrations.c.session,
            sa.func.sum(sa.case((registrations.c.status == "confirmed", registrations.c.participants), else_=0)).label(
                "confirmed"
            ),
            sa.func.sum(sa.case((registrations.c.status == "waitlist", registrations.c.participants), else_=0)).label(
                "waitlist"
            ),
        )
        .where(registrations.c.session != "")
        .group_by(registrations.c.offer, registrations.c.session)
        .subquery()
    )
    query = (
        sa.select(counted, training_sessions.c.max_participants)
        .join(
            training_sessions,
            sa.and_(training_sessions.c.offer == counted.c.offer, training_sessions.c.session == counted.c.session),
            isouter=True,
        )
        .order_by(counted.c.offer, counted.c.session)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def purge_registrations(conn: Connection, now: datetime) -> dict[str, int]:
    """Delete the registrations kept until before *now*."""
    return {
        "registrations_deleted": conn.execute(registrations.delete().where(registrations.c.keep_until < now)).rowcount
    }
