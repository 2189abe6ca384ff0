"""The statements of a session's participants for the office's documents: who is confirmed, each
seat of their bookings, and who attended (per participant: ``participants.attended_at``).

A registration stored before its participants were named (before 0009's rows, or a form that
named nobody) is read as the migration reads it: the booker in seat 1, the other seats unnamed.
Marking such a seat writes those rows first, so every mark belongs to a participant's row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .people import participants_of
from .schema import participants, registrations

__all__ = [
    "confirmed_of_session",
    "seats_of",
    "seat_key",
    "parse_seat_key",
    "attended_keys",
    "set_attended",
]


def confirmed_of_session(conn: Connection, offer: str, session: str) -> list[dict]:
    """The session's confirmed registrations, by the booker's name."""
    query = (
        sa.select(registrations)
        .where(
            registrations.c.offer == offer, registrations.c.session == session, registrations.c.status == "confirmed"
        )
        .order_by(registrations.c.name, registrations.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def seat_key(registration_id: str, position: int) -> str:
    """A participant's key as the desk, the admin API and the CLI name it: ``r-….2``."""
    return f"{registration_id}.{position}"


def parse_seat_key(key: str) -> tuple[str, int | None]:
    """``r-….2`` -> (``r-…``, 2); a bare registration id -> (id, None): every seat of it."""
    registration_id, dot, position = key.rpartition(".")
    if dot and position.isdigit() and 0 < len(position) < 4:
        return registration_id, int(position)
    return key, None


def _seats(row: dict, stored: list[dict]) -> list[dict]:
    """The registration's seats: its stored participants, and for seats without a row the booker
    (seat 1) or an unnamed person, as 0009 writes them."""
    by_position = {person["position"]: person for person in stored}
    seats = []
    for position in range(1, max(row["participants"], len(stored), 1) + 1):
        person = by_position.get(position)
        if person is None:
            booker = position == 1
            person = {
                "position": position,
                "name": row["name"] if booker else "",
                "email": row["email"] if booker else "",
                "named_at": row["created_at"],
                "attended_at": None,
            }
        seats.append(
            {
                "key": seat_key(row["id"], position),
                "registration_id": row["id"],
                "position": position,
                "name": person["name"],
                "email": person["email"],
                "named_at": person["named_at"],
                "attended_at": person["attended_at"],
                "registration": row,
            }
        )
    return seats


def seats_of(conn: Connection, rows: Iterable[dict]) -> list[dict]:
    """Every seat of these registrations, in their order and the booker's order of the seats:
    ``key``, ``registration_id``, ``position``, ``name`` ("" unnamed), ``email`` ("" none of its
    own), ``named_at``, ``attended_at`` and the ``registration`` row."""
    rows = list(rows)
    stored = participants_of(conn, [row["id"] for row in rows])
    return [seat for row in rows for seat in _seats(row, stored.get(row["id"], []))]


def attended_keys(conn: Connection, rows: Iterable[dict]) -> set[str]:
    """The keys of the seats of these registrations whose participant attended."""
    return {seat["key"] for seat in seats_of(conn, rows) if seat["attended_at"] is not None}


def _write_missing_rows(conn: Connection, seats: list[dict]) -> None:
    """Rows for these seats where they were read from their registration only (see the module's note)."""
    stored = participants_of(conn, {seat["registration_id"] for seat in seats})
    missing = [
        {key: seat[key] for key in ("registration_id", "position", "name", "email", "named_at")}
        for seat in seats
        if seat["position"] not in {p["position"] for p in stored.get(seat["registration_id"], [])}
    ]
    if missing:
        conn.execute(participants.insert(), missing)


def set_attended(
    conn: Connection, seats: list[dict], considered: set[str], attended: set[str], now: datetime
) -> tuple[int, int]:
    """Of the *considered* ones of these *seats* (``seats_of``), those whose key is in *attended*
    attended (marked now, unless marked before), the others did not; (newly marked, unmarked).
    Every seat of a registration with a considered seat gets its row."""
    touched = {seat["registration_id"] for seat in seats if seat["key"] in considered}
    _write_missing_rows(conn, [seat for seat in seats if seat["registration_id"] in touched])
    marked = unmarked = 0
    for seat in (seat for seat in seats if seat["key"] in considered):
        where = (participants.c.registration_id == seat["registration_id"], participants.c.position == seat["position"])
        if seat["key"] in attended:
            query = participants.update().where(*where, participants.c.attended_at.is_(None)).values(attended_at=now)
            marked += conn.execute(query).rowcount
        else:
            query = (
                participants.update().where(*where, participants.c.attended_at.is_not(None)).values(attended_at=None)
            )
            unmarked += conn.execute(query).rowcount
    return marked, unmarked
