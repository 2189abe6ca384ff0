"""The participants of a registration: the people it books seats for, each with a name and
an optional e-mail address. The booker (the registration's name and address) stays the contact;
``registrations.participants`` stays the number of seats, the number of these rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import participants

__all__ = ["add_participants", "participants_of", "name_participant", "participants_at", "forget_participants"]


def add_participants(conn: Connection, registration_id: str, people: Iterable[tuple[str, str]], now: datetime) -> None:
    """Store *people* ((name, e-mail or "") in the booker's order) as the registration's participants."""
    rows = [
        {"registration_id": registration_id, "position": n, "name": name, "email": email, "named_at": now}
        for n, (name, email) in enumerate(people, start=1)
    ]
    if rows:
        conn.execute(participants.insert(), rows)


def participants_of(conn: Connection, registration_ids: Iterable[str]) -> dict[str, list[dict]]:
    """Per registration id, its participants in the booker's order (ids without any: absent)."""
    ids = list(dict.fromkeys(registration_ids))
    if not ids:
        return {}
    query = (
        sa.select(participants)
        .where(participants.c.registration_id.in_(ids))
        .order_by(participants.c.registration_id, participants.c.position)
    )
    found: dict[str, list[dict]] = {}
    for row in conn.execute(query).mappings():
        found.setdefault(row["registration_id"], []).append(dict(row))
    return found


def name_participant(
    conn: Connection, registration_id: str, position: int, name: str, email: str, now: datetime
) -> bool:
    """Name the person in seat *position* of the registration (a substitute takes the seat: its
    attendance starts anew); whether that seat exists."""
    done = conn.execute(
        participants.update()
        .where(participants.c.registration_id == registration_id, participants.c.position == position)
        .values(name=name, email=email, named_at=now, attended_at=None)
    )
    return done.rowcount == 1


def participants_at(conn: Connection, forms: set[str]) -> list[dict]:
    """Every participant whose address is written in any of *forms* (lower case), oldest first."""
    query = (
        sa.select(participants)
        .where(sa.func.lower(participants.c.email).in_(forms))
        .order_by(participants.c.named_at, participants.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def forget_participants(conn: Connection, forms: set[str]) -> list[dict]:
    """Blank the name and address of every participant with the address (any of *forms*): the
    seat stays booked (the registration's count does not change); the rows as they were."""
    found = participants_at(conn, forms)
    if found:
        ids = [row["id"] for row in found]
        conn.execute(participants.update().where(participants.c.id.in_(ids)).values(name="", email=""))
    return found
