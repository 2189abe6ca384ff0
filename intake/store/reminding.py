"""The statements of reminders before training sessions: who is confirmed for a coming session,
which of their reminders are done, and marking them done (once: the key is registration, days
and recipient, the SHA-256 of the address reminded); the joining link the office entered for a
session, which the reminders carry."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import registration_reminders, registrations, training_sessions

__all__ = [
    "confirmed_for_coming_sessions",
    "reminders_done",
    "mark_reminders",
    "session_join_url",
    "join_urls",
    "set_session_join_url",
]


def confirmed_for_coming_sessions(conn: Connection, after: str) -> list[dict]:
    """The confirmed registrations of sessions starting after *after* (``YYYY-MM-DDTHH:MM``), by session."""
    query = (
        sa.select(registrations)
        .where(registrations.c.status == "confirmed", registrations.c.session > after)
        .order_by(registrations.c.offer, registrations.c.session, registrations.c.created_at, registrations.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def reminders_done(conn: Connection, registration_ids: list[str]) -> dict[tuple[str, str], set[int]]:
    """Per (registration id, recipient digest) the reminders (days before the start) already done."""
    done: dict[tuple[str, str], set[int]] = {}
    if registration_ids:
        query = sa.select(
            registration_reminders.c.registration_id, registration_reminders.c.recipient, registration_reminders.c.days
        ).where(registration_reminders.c.registration_id.in_(registration_ids))
        for registration_id, recipient, days in conn.execute(query):
            done.setdefault((registration_id, recipient), set()).add(days)
    return done


def mark_reminders(
    conn: Connection, registration_id: str, recipient: str, days: list[int], mailed: int | None, now: datetime
) -> bool:
    """Mark these reminders of one registration's recipient (*recipient*: the address's digest)
    done (*mailed*: the one whose mail goes out now); whether *mailed* was still open (False:
    another instance did it meanwhile, send nothing)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    was_open = False
    for day in days:
        row = {"registration_id": registration_id, "recipient": recipient, "days": day, "done_at": now}
        row["mailed"] = day == mailed
        inserted = conn.execute(insert(registration_reminders).values(**row).on_conflict_do_nothing()).rowcount
        was_open = was_open or (day == mailed and inserted == 1)
    return was_open


def session_join_url(conn: Connection, offer: str, session: str) -> str:
    """The joining link the office entered for the session ("" none)."""
    query = sa.select(training_sessions.c.join_url).where(
        training_sessions.c.offer == offer, training_sessions.c.session == session
    )
    return conn.execute(query).scalar() or ""


def join_urls(conn: Connection) -> dict[tuple[str, str], str]:
    """Every joining link the office entered: (offer, session) -> link."""
    query = sa.select(training_sessions.c.offer, training_sessions.c.session, training_sessions.c.join_url).where(
        training_sessions.c.join_url != ""
    )
    return {(offer, session): url for offer, session, url in conn.execute(query)}


def set_session_join_url(conn: Connection, offer: str, session: str, url: str) -> None:
    """Keep *url* ("" removes it) as the session's joining link (its row made on demand, without a
    seat count: the next registration's lock sets that)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    row = {"offer": offer, "session": session, "max_participants": None, "join_url": url}
    conn.execute(
        insert(training_sessions)
        .values(**row)
        .on_conflict_do_update(index_elements=["offer", "session"], set_={"join_url": url})
    )
