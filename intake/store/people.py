"""The participants of a registration: the people it books seats for, each with a name and
an optional e-mail address. The booker (the registration's name and address) stays the contact;
``registrations.participants`` stays the number of seats, the number of these rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import participants

__all__ = ["add_participants", "participants_of", "name_participant"]


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
