"""The statements of comments, their reply subscriptions and the moderators' decisions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import comments, decisions, subscriptions

__all__ = [
    "purge_comments",
    "comment_by_nonce",
    "text_seen",
    "insert_comment",
    "comment",
    "comments_with_status",
    "comment_states",
    "set_status",
    "unannounced_comments",
    "oldest_unannounced",
    "mark_announced",
    "insert_subscription",
    "subscription",
    "confirm_subscription",
    "delete_subscription",
    "confirmed_subscriptions",
]

# The statements of the comment endpoint are built once; each request only binds values.
_BY_NONCE = sa.select(comments).where(comments.c.token_nonce == sa.bindparam("nonce"))
_TEXT_SEEN = sa.select(comments.c.id).where(comments.c.text_hash == sa.bindparam("digest")).limit(1)
_INSERT_COMMENT = comments.insert()


def comment_by_nonce(conn: Connection, nonce: str) -> dict | None:
    """The comment sent with this form token, if any."""
    row = conn.execute(_BY_NONCE, {"nonce": nonce}).mappings().first()
    return dict(row) if row else None


def text_seen(conn: Connection, digest: str) -> bool:
    """Whether a comment with the same normalised text is stored already."""
    return conn.execute(_TEXT_SEEN, {"digest": digest}).first() is not None


def insert_comment(conn: Connection, row: dict) -> None:
    """Store one comment row."""
    conn.execute(_INSERT_COMMENT, row)


def comment(conn: Connection, comment_id: str) -> dict | None:
    """One comment by id."""
    row = conn.execute(sa.select(comments).where(comments.c.id == comment_id)).mappings().first()
    return dict(row) if row else None


def comments_with_status(conn: Connection, status: str) -> list[dict]:
    """Every comment with *status*, oldest first."""
    query = sa.select(comments).where(comments.c.status == status).order_by(comments.c.created_at, comments.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]


def comment_states(conn: Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """id -> (status, fingerprint) for those of *ids* that exist."""
    if not ids:
        return {}
    query = sa.select(comments.c.id, comments.c.status, comments.c.fingerprint).where(comments.c.id.in_(ids))
    return {r.id: (r.status, r.fingerprint) for r in conn.execute(query)}


def set_status(conn: Connection, comment_id: str, status: str, source: str, now: datetime) -> None:
    """Record a decision; rejected and spam comments lose their e-mail address and subscriptions."""
    values = {"status": status, "decided_at": now}
    if status in ("rejected", "spam"):
        values["email"] = None
        conn.execute(subscriptions.delete().where(subscriptions.c.comment_id == comment_id))
    conn.execute(comments.update().where(comments.c.id == comment_id).values(**values))
    conn.execute(decisions.insert().values(comment_id=comment_id, status=status, source=source, decided_at=now))


def unannounced_comments(conn: Connection) -> list[dict]:
    """Pending comments no moderation mail has told about yet, oldest first (the digest's)."""
    query = (
        sa.select(comments)
        .where(comments.c.status == "pending", comments.c.announced_at.is_(None))
        .order_by(comments.c.created_at, comments.c.id)
        .with_for_update(skip_locked=True)  # PostgreSQL: another instance's digest skips them
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def oldest_unannounced(conn: Connection) -> datetime | None:
    """When the oldest pending comment not yet announced came in (None: there is none)."""
    query = sa.select(sa.func.min(comments.c.created_at)).where(
        comments.c.status == "pending", comments.c.announced_at.is_(None)
    )
    return conn.execute(query).scalar_one()


def mark_announced(conn: Connection, ids: list[str], now: datetime) -> None:
    """Record that the moderators were mailed about these comments (with the mail, in one transaction)."""
    if ids:
        conn.execute(comments.update().where(comments.c.id.in_(ids)).values(announced_at=now))


# -- subscriptions ---------------------------------------------------------------------------


def insert_subscription(conn: Connection, row: dict) -> None:
    """Store a reply subscription (unconfirmed until the reader follows the mailed link)."""
    conn.execute(subscriptions.insert().values(**row))


def subscription(conn: Connection, subscription_id: str) -> dict | None:
    """One subscription by id."""
    row = conn.execute(sa.select(subscriptions).where(subscriptions.c.id == subscription_id)).mappings().first()
    return dict(row) if row else None


def confirm_subscription(conn: Connection, subscription_id: str, now: datetime) -> None:
    """Mark a subscription confirmed (double opt-in done)."""
    query = subscriptions.update().where(subscriptions.c.id == subscription_id, subscriptions.c.confirmed_at.is_(None))
    conn.execute(query.values(confirmed_at=now))


def delete_subscription(conn: Connection, subscription_id: str) -> None:
    """Forget a subscription (unsubscribe)."""
    conn.execute(subscriptions.delete().where(subscriptions.c.id == subscription_id))


def confirmed_subscriptions(conn: Connection, comment_id: str) -> list[dict]:
    """The confirmed subscriptions on one comment."""
    query = sa.select(subscriptions).where(
        subscriptions.c.comment_id == comment_id, subscriptions.c.confirmed_at.is_not(None)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def purge_comments(conn: Connection, email_expiry: datetime, unconfirmed_expiry: datetime) -> dict[str, int]:
    """Drop the addresses of approved comments older than *email_expiry* unless subscribed, and
    subscriptions never confirmed before *unconfirmed_expiry*."""
    dropped = conn.execute(
        subscriptions.delete().where(
            subscriptions.c.confirmed_at.is_(None), subscriptions.c.created_at < unconfirmed_expiry
        )
    ).rowcount
    subscribed = sa.select(subscriptions.c.comment_id).where(subscriptions.c.confirmed_at.is_not(None))
    cleared = conn.execute(
        comments.update()
        .where(
            comments.c.status == "approved",
            comments.c.email.is_not(None),
            comments.c.created_at < email_expiry,
            comments.c.id.not_in(subscribed),
        )
        .values(email=None)
    ).rowcount
    return {"emails_cleared": cleared, "unconfirmed_subscriptions_deleted": dropped}
