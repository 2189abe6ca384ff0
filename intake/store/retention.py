"""Everything stored about an address, across the tables the form kinds name (export, forget).
What expires when is each kind's own purge (``purge_*`` beside its statements)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import (
    comments,
    contact_messages,
    decisions,
    office_accounts,
    office_audit,
    office_login_failures,
    office_sessions,
    outbox,
    registrations,
    subscriptions,
    training_sessions,
    withdrawals,
)

__all__ = ["about_address", "forget", "clear_all"]


def _outbox_of(forms: set[str], record_ids: list[str]):
    """The queued entries to an address of *forms*, or that tell of it or of one of *record_ids*."""
    told = [outbox.c.about.contains(f" {token} ", autoescape=True) for token in (*forms, *record_ids)]
    return sa.or_(sa.func.lower(outbox.c.recipient).in_(forms), *told)


def about_address(conn: Connection, forms: set[str], tables: tuple[sa.Table, ...]) -> dict:
    """Every row of *tables* (each with an ``email`` and an ``id`` column) whose address is written
    in any of *forms* (lower case), by table name, and how many queued mails are to or about it."""
    found = {
        table.name: [
            dict(r)
            for r in conn.execute(
                sa.select(table).where(sa.func.lower(table.c.email).in_(forms)).order_by(table.c.created_at)
            ).mappings()
        ]
        for table in tables
    }
    record_ids = [row["id"] for rows in found.values() for row in rows]
    found["queued_mails"] = conn.execute(
        sa.select(sa.func.count()).select_from(outbox).where(_outbox_of(forms, record_ids))
    ).scalar_one()
    return found


def forget(conn: Connection, forms: set[str], tables: tuple[sa.Table, ...]) -> dict:
    """Delete every row of *tables* with the address (any of *forms*) and every queued mail to it or
    telling of one of those rows (the mails to the office and the moderators); say what went.

    A moderators' digest that told of one of the forgotten comments goes too; the other comments
    it held count as not yet announced again, so the next digest tells of them.
    """
    found = about_address(conn, forms, tables)
    record_ids = [row["id"] for table in tables for row in found[table.name]]
    queued = _outbox_of(forms, record_ids)
    told_of = {
        token for about in conn.execute(sa.select(outbox.c.about).where(queued)).scalars() for token in about.split()
    }
    conn.execute(outbox.delete().where(queued))
    for table in tables:
        ids = [row["id"] for row in found[table.name]]
        if ids:
            conn.execute(table.delete().where(table.c.id.in_(ids)))  # a comment's subscriptions cascade
    if others := sorted(told_of - set(record_ids)):
        conn.execute(
            comments.update().where(comments.c.id.in_(others), comments.c.status == "pending").values(announced_at=None)
        )
    return found


def clear_all(conn: Connection) -> None:
    """Empty every table (tests and the benchmark only)."""
    tables = (
        decisions,
        outbox,
        subscriptions,
        comments,
        registrations,
        training_sessions,
        contact_messages,
        withdrawals,
    )
    for table in (*tables, office_audit, office_login_failures, office_sessions, office_accounts):
        conn.execute(table.delete())
