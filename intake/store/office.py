"""The statements of the office's desk: accounts, server-side sessions, the audit log, and the
paged lists its pages show (comments, contact messages, registrations per session)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import (
    comments,
    contact_messages,
    office_accounts,
    office_audit,
    office_login_failures,
    office_sessions,
    registrations,
)

__all__ = [
    "save_account",
    "account_by_email",
    "set_totp_secret",
    "take_totp_step",
    "all_accounts",
    "account_by_id",
    "set_account_disabled",
    "delete_account",
    "note_account_sign_in",
    "login_failures",
    "note_login_failure",
    "forget_login_failures",
    "open_session",
    "session_of",
    "touch_session",
    "close_session",
    "close_sessions_of",
    "close_idle_sessions",
    "close_old_sessions",
    "record",
    "audit_page",
    "comments_page",
    "contact_page",
    "contact_message",
    "mark_answered",
    "registrations_of_session",
    "counts_for_today",
]


def save_account(conn: Connection, email: str, role: str, password_hash: str, now: datetime) -> bool:
    """Create the account, or give an existing one this role and password (its sessions end);
    True when it is new."""
    existing = account_by_email(conn, email)
    if existing is None:
        conn.execute(
            office_accounts.insert().values(login=email, role=role, password_hash=password_hash, created_at=now)
        )
        return True
    conn.execute(
        office_accounts.update()
        .where(office_accounts.c.id == existing["id"])
        .values(role=role, password_hash=password_hash)
    )
    close_sessions_of(conn, existing["id"])
    return False


def account_by_email(conn: Connection, email: str) -> dict | None:
    """The account of *email* (compared in lower case), or None."""
    query = sa.select(office_accounts).where(sa.func.lower(office_accounts.c.login) == email.lower())
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def set_totp_secret(conn: Connection, account_id: int, secret: str) -> None:
    """Turn the second factor on (a secret) or off ("")."""
    conn.execute(
        office_accounts.update()
        .where(office_accounts.c.id == account_id)
        .values(totp_secret=secret, totp_last_step=None)
    )


def take_totp_step(conn: Connection, account_id: int, step: int) -> bool:
    """Accept a TOTP code of time step *step* once: True when it is later than every step the
    account used before (then it is the last one), False for a replay. One statement, so two
    workers given the same code cannot both accept it."""
    later = sa.or_(office_accounts.c.totp_last_step.is_(None), office_accounts.c.totp_last_step < step)
    query = office_accounts.update().where(office_accounts.c.id == account_id, later).values(totp_last_step=step)
    return conn.execute(query).rowcount == 1


def all_accounts(conn: Connection) -> list[dict]:
    """Every account, by address, without its password hash or TOTP secret."""
    columns = [c for c in office_accounts.c if c.name not in ("password_hash", "totp_secret")]
    query = sa.select(*columns, (office_accounts.c.totp_secret != "").label("totp")).order_by(office_accounts.c.login)
    return [dict(row) for row in conn.execute(query).mappings()]


def account_by_id(conn: Connection, account_id: int) -> dict | None:
    row = conn.execute(sa.select(office_accounts).where(office_accounts.c.id == account_id)).mappings().first()
    return dict(row) if row else None


def set_account_disabled(conn: Connection, account_id: int, disabled_at: datetime | None) -> None:
    """Disable the account (its sessions end now) or enable it again (None)."""
    conn.execute(office_accounts.update().where(office_accounts.c.id == account_id).values(disabled_at=disabled_at))
    if disabled_at is not None:
        close_sessions_of(conn, account_id)


def delete_account(conn: Connection, account_id: int) -> None:
    """Delete the account and end its sessions (the audit log keeps what it did)."""
    close_sessions_of(conn, account_id)
    conn.execute(office_accounts.delete().where(office_accounts.c.id == account_id))


def note_account_sign_in(conn: Connection, account_id: int, now: datetime) -> None:
    conn.execute(office_accounts.update().where(office_accounts.c.id == account_id).values(last_sign_in_at=now))


def login_failures(conn: Connection, keys: list[str], since: datetime) -> dict[str, int]:
    """The failed sign-ins counted under each of *keys* whose last failure is after *since*."""
    query = sa.select(office_login_failures).where(
        office_login_failures.c.key.in_(keys), office_login_failures.c.last_at >= since
    )
    return {row["key"]: row["failures"] for row in conn.execute(query).mappings()}


def note_login_failure(conn: Connection, keys: list[str], now: datetime, forget_before: datetime) -> None:
    """One more failure under each of *keys* (a count last failed before *forget_before* starts
    again at one); counts nobody added to since *forget_before* go."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(office_login_failures.delete().where(office_login_failures.c.last_at < forget_before))
    for key in keys:
        statement = insert(office_login_failures).values(key=key, failures=1, last_at=now)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["key"],
                set_={"failures": office_login_failures.c.failures + 1, "last_at": now},
            )
        )


def forget_login_failures(conn: Connection, keys: list[str]) -> None:
    conn.execute(office_login_failures.delete().where(office_login_failures.c.key.in_(keys)))


def open_session(conn: Connection, key: str, account_id: int, stage: str, csrf: str, now: datetime) -> None:
    """A new session under *key* (the hash of the cookie's value)."""
    conn.execute(
        office_sessions.insert().values(
            id=key, account_id=account_id, stage=stage, csrf=csrf, created_at=now, last_seen_at=now
        )
    )


def session_of(conn: Connection, key: str) -> dict | None:
    """The session under *key* with its account's email, role and TOTP secret, or None (also
    when the account is disabled)."""
    query = (
        sa.select(
            office_sessions,
            office_accounts.c.login.label("email"),
            office_accounts.c.role,
            office_accounts.c.totp_secret,
        )
        .join(office_accounts, office_accounts.c.id == office_sessions.c.account_id)
        .where(office_sessions.c.id == key, office_accounts.c.disabled_at.is_(None))
    )
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def touch_session(conn: Connection, key: str, now: datetime) -> None:
    """The session was used now (the idle timeout counts from here)."""
    conn.execute(office_sessions.update().where(office_sessions.c.id == key).values(last_seen_at=now))


def close_session(conn: Connection, key: str) -> None:
    """End one session."""
    conn.execute(office_sessions.delete().where(office_sessions.c.id == key))


def close_sessions_of(conn: Connection, account_id: int) -> int:
    """End every session of an account (sign out everywhere); how many."""
    return conn.execute(office_sessions.delete().where(office_sessions.c.account_id == account_id)).rowcount


def close_idle_sessions(conn: Connection, last_seen_before: datetime) -> int:
    """End the sessions idle since before *last_seen_before*."""
    return conn.execute(office_sessions.delete().where(office_sessions.c.last_seen_at < last_seen_before)).rowcount


def close_old_sessions(conn: Connection, created_before: datetime) -> int:
    """End the sessions opened before *created_before* (the absolute lifetime), however active."""
    return conn.execute(office_sessions.delete().where(office_sessions.c.created_at < created_before)).rowcount


def record(conn: Connection, actor: str, action: str, subject: str, detail: str, now: datetime) -> None:
    """One line of the audit log (in the transaction of the change it tells of)."""
    conn.execute(
        office_audit.insert().values(at=now, actor=actor[:254], action=action, subject=subject[:100], detail=detail)
    )


def audit_page(conn: Connection, offset: int, limit: int, action: str = "") -> tuple[list[dict], int]:
    """The newest audit lines first (of *action* when given), and how many there are."""
    where = office_audit.c.action == action if action else sa.true()
    total = conn.execute(sa.select(sa.func.count()).select_from(office_audit).where(where)).scalar_one()
    query = sa.select(office_audit).where(where).order_by(office_audit.c.id.desc()).offset(offset).limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()], total


def comments_page(
    conn: Connection, status: str, search: str, articles: list[str], offset: int, limit: int
) -> tuple[list[dict], int]:
    """Comments of *status*, oldest first; *search* matches the post's slug, the author or the
    address, *articles* the slugs whose title matched; and how many there are."""
    where = comments.c.status == status
    if search:
        pattern = f"%{search.lower()}%"
        where = sa.and_(
            where,
            sa.or_(
                sa.func.lower(comments.c.article).like(pattern),
                sa.func.lower(comments.c.email).like(pattern),
                sa.func.lower(comments.c.author).like(pattern),
                comments.c.article.in_(articles),
            ),
        )
    total = conn.execute(sa.select(sa.func.count()).select_from(comments).where(where)).scalar_one()
    query = sa.select(comments).where(where).order_by(comments.c.created_at, comments.c.id).offset(offset).limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()], total


def contact_page(conn: Connection, answered: bool, offset: int, limit: int) -> tuple[list[dict], int]:
    """Contact messages (not spam), answered or not, newest first; and how many there are."""
    done = contact_messages.c.answered_at.is_not(None)
    where = sa.and_(contact_messages.c.status != "spam", done if answered else sa.not_(done))
    total = conn.execute(sa.select(sa.func.count()).select_from(contact_messages).where(where)).scalar_one()
    query = (
        sa.select(contact_messages)
        .where(where)
        .order_by(contact_messages.c.created_at.desc(), contact_messages.c.id)
        .offset(offset)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(query).mappings()], total


def contact_message(conn: Connection, message_id: str) -> dict | None:
    """One contact message, or None."""
    row = conn.execute(sa.select(contact_messages).where(contact_messages.c.id == message_id)).mappings().first()
    return dict(row) if row else None


def mark_answered(conn: Connection, message_id: str, now: datetime) -> bool:
    """Mark a message answered (once); whether it changed."""
    query = (
        contact_messages.update()
        .where(contact_messages.c.id == message_id, contact_messages.c.answered_at.is_(None))
        .values(answered_at=now)
    )
    return conn.execute(query).rowcount == 1


def registrations_of_session(conn: Connection, offer: str, session: str) -> list[dict]:
    """Every registration of one session, in the order they came."""
    query = (
        sa.select(registrations)
        .where(registrations.c.offer == offer, registrations.c.session == session)
        .order_by(registrations.c.created_at, registrations.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def counts_for_today(conn: Connection, since: datetime) -> dict[str, int]:
    """What waits for a decision: pending comments, registrations since *since*, waiting ones,
    unanswered contact messages."""

    def count(table: sa.Table, *where) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()

    return {
        "pending_comments": count(comments, comments.c.status == "pending"),
        "new_registrations": count(registrations, registrations.c.created_at >= since),
        "waiting": count(registrations, registrations.c.status == "waitlist"),
        "unanswered": count(
            contact_messages, contact_messages.c.status != "spam", contact_messages.c.answered_at.is_(None)
        ),
    }
