"""The intake's store: engine set-up, migrations, and every SQL statement (SQLAlchemy Core).

SQLite (default) runs in WAL mode with a busy timeout; every write transaction starts with
``BEGIN IMMEDIATE``, so writers queue for the one write lock instead of failing half-way.
``synchronous=FULL`` makes each commit reach the disk before the reader gets the 303: a
``kill -9`` or a power cut loses no acknowledged comment (NORMAL would survive a killed process
but could lose the last commits on a power cut). PostgreSQL is used through psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The schema as the migrations (intake/migrations/versions) make it, for the statements below;
# tests/intake/test_schema.py checks on SQLite and PostgreSQL that both agree.
metadata = sa.MetaData()


def _text(name: str, length: int, **options) -> sa.Column:
    """A required string column that is empty unless given (``server_default=""``)."""
    return sa.Column(name, sa.String(length), nullable=False, server_default="", **options)


comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("article", sa.String(200), nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("email", sa.String(254)),  # NULL: none given, or dropped (spam, forget)
    _text("website", 200),
    sa.Column("text", sa.Text(), nullable=False),
    _text("reply_to", 100),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("decided_at", sa.DateTime()),
    sa.Column("consent_at", sa.DateTime(), nullable=False),
    sa.Column("privacy_version", sa.String(40), nullable=False),
    sa.Column("signals", sa.JSON(), nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("token_nonce", sa.String(64)),
    sa.Column("announced_at", sa.DateTime()),  # when the moderators were mailed about it (NULL: not yet)
    sa.Index("comments_status_created", "status", "created_at"),
    sa.Index("comments_text_hash", "text_hash"),
    sa.Index("comments_email", "email"),
    sa.Index("comments_token_nonce", "token_nonce", unique=True),
    sa.Index("comments_unannounced", "status", "announced_at"),
)
subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("comment_id", sa.String(40), sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("consent_at", sa.DateTime(), nullable=False),
    sa.Column("privacy_version", sa.String(40), nullable=False),
    sa.Column("confirmed_at", sa.DateTime()),
    sa.Index("subscriptions_comment", "comment_id"),
    sa.Index("subscriptions_email", "email"),
)
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),  # mail | hook
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("payload", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
    sa.Column("claimed_until", sa.DateTime()),
    _text("last_error", 300),
    sa.Column("about", sa.Text(), nullable=False, server_default=""),  # " c-… r-… ": the records it tells of
    sa.Index("outbox_due", "next_attempt_at"),
)
registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("offer", sa.String(100), nullable=False),
    _text("session", 16),  # "" = an enquiry
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    _text("company", 200),
    sa.Column("email", sa.String(254), nullable=False),
    _text("phone", 50),
    sa.Column("participants", sa.Integer(), nullable=False),
    sa.Column("billing_address", sa.Text(), nullable=False, server_default=""),
    sa.Column("message", sa.Text(), nullable=False, server_default=""),
    sa.Column("status", sa.String(16), nullable=False),  # confirmed | waitlist | cancelled | enquiry
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("decided_at", sa.DateTime()),
    sa.Column("offered_at", sa.DateTime()),  # a freed seat was offered by mail
    sa.Column("keep_until", sa.DateTime(), nullable=False),  # the purge deletes the row after this
    sa.Column("consent_at", sa.DateTime(), nullable=False),
    sa.Column("privacy_version", sa.String(40), nullable=False),
    sa.Column("signals", sa.JSON(), nullable=False),
    sa.Index("registrations_session", "offer", "session", "status"),
    sa.Index("registrations_email", "email"),
    sa.Index("registrations_keep_until", "keep_until"),
)
training_sessions = sa.Table(
    "training_sessions",
    metadata,
    sa.Column("offer", sa.String(100), primary_key=True),
    sa.Column("session", sa.String(16), primary_key=True),
    sa.Column("max_participants", sa.Integer()),
)
contact_messages = sa.Table(
    "contact_messages",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),  # "": caught by the honeypot
    _text("phone", 50),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # new | spam
    sa.Column("created_at", sa.DateTime(), nullable=False),  # the purge deletes the row a while after this
    sa.Column("consent_at", sa.DateTime(), nullable=False),
    sa.Column("privacy_version", sa.String(40), nullable=False),
    sa.Column("signals", sa.JSON(), nullable=False),
    sa.Column("token_nonce", sa.String(64)),  # the form token's: a form sent twice is kept once
    sa.Index("contact_messages_email", "email"),
    sa.Index("contact_messages_created_at", "created_at"),
    sa.Index("contact_messages_token_nonce", "token_nonce", unique=True),
)
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("comment_id", sa.String(40), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),  # mail | admin
    sa.Column("decided_at", sa.DateTime(), nullable=False),
)


def make_engine(url: str) -> Engine:
    """An engine for ``sqlite:///path`` (folder created) or ``postgresql://…`` (psycopg 3)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    path = url[len("sqlite:///") :]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: the driver leaves transactions to us (BEGIN IMMEDIATE below).
    # Within this process writers also queue on a lock: SQLite's busy handler would make
    # them poll with growing sleeps (up to 100 ms), which shows as a long latency tail.
    engine = sa.create_engine(
        url,
        pool_size=8,
        max_overflow=8,
        connect_args={"timeout": 30, "isolation_level": None, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    engine.intake_write_lock = threading.Lock()
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (run at every start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed at the end, rolled back on any error."""
    lock = getattr(engine, "intake_write_lock", None)
    if lock is None:
        with engine.begin() as conn:
            yield conn
        return
    with lock, engine.begin() as conn:
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction (on SQLite it does not take the write lock)."""
    with engine.connect().execution_options(read_only=True) as conn, conn.begin():
        yield conn


class GroupCommit:
    """SQLite's one writer, shared: write functions sent by many requests run one after the
    other in a single transaction, each in its own savepoint, and one commit (one fsync with
    ``synchronous=FULL``) makes the whole batch durable. Each caller's future is resolved only
    after that commit, so an acknowledged comment is on disk; a failing function rolls back
    its savepoint only.
    """

    def __init__(self, engine: Engine, max_batch: int = 100) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="intake-group-commit", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[Connection], Any]) -> Future:
        """Run *work(conn)* in the next batch; its result (or exception) after the commit."""
        future: Future = Future()
        self._queue.put((work, future))
        return future

    def close(self) -> None:
        """Finish the queued work, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            self._run(batch)

    def _run(self, batch: list[tuple[Callable, Future]]) -> None:
        outcomes = []
        try:
            with writing(self.engine) as conn:
                for work, future in batch:
                    try:
                        with conn.begin_nested():
                            outcomes.append((future, work(conn), None))
                    except Exception as error:  # noqa: BLE001 - handed to the caller
                        outcomes.append((future, None, error))
        except Exception as error:  # the commit itself failed: nobody's work is stored
            for _work, future in batch:
                future.set_exception(error)
            return
        for future, result, error in outcomes:
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)


def reachable(engine: Engine) -> bool:
    """Whether the store answers a trivial query."""
    try:
        with reading(engine) as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True


# -- comments --------------------------------------------------------------------------------

# The statements of the comment endpoint are built once; each request only binds values.
_BY_NONCE = sa.select(comments).where(comments.c.token_nonce == sa.bindparam("nonce"))
_TEXT_SEEN = sa.select(comments.c.id).where(comments.c.text_hash == sa.bindparam("digest")).limit(1)
_INSERT_COMMENT = comments.insert()
_ENQUEUE = outbox.insert()


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


# -- outbox ------------------------------------------------------------------------------------


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


# -- registrations -----------------------------------------------------------------------------


def lock_session(conn: Connection, offer: str, session: str, max_participants: int | None) -> int | None:
    """Take the session's lock for the rest of the transaction; the seats it has (None: unlimited).

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


# -- contact messages --------------------------------------------------------------------------


def insert_contact_message(conn: Connection, row: dict) -> None:
    """Store one message from the contact form."""
    conn.execute(contact_messages.insert().values(**row))


def contact_message_by_nonce(conn: Connection, nonce: str) -> dict | None:
    """The contact message sent with this form token, if any."""
    query = sa.select(contact_messages).where(contact_messages.c.token_nonce == nonce)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def all_contact_messages(conn: Connection) -> list[dict]:
    """Every stored contact message, oldest first."""
    query = sa.select(contact_messages).order_by(contact_messages.c.created_at, contact_messages.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]


# -- privacy -----------------------------------------------------------------------------------


def purge(
    conn: Connection,
    email_expiry: datetime,
    unconfirmed_expiry: datetime,
    now: datetime,
    contact_expiry: datetime | None = None,
) -> dict:
    """Drop e-mail addresses of approved comments older than *email_expiry* unless subscribed,
    subscriptions never confirmed before *unconfirmed_expiry*, registrations kept until before *now*,
    and contact messages sent before *contact_expiry* (None: none)."""
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
    registrations_deleted = conn.execute(registrations.delete().where(registrations.c.keep_until < now)).rowcount
    contacts_deleted = 0
    if contact_expiry is not None:
        contacts_deleted = conn.execute(
            contact_messages.delete().where(contact_messages.c.created_at < contact_expiry)
        ).rowcount
    return {
        "emails_cleared": cleared,
        "unconfirmed_subscriptions_deleted": dropped,
        "registrations_deleted": registrations_deleted,
        "contact_messages_deleted": contacts_deleted,
    }


def _outbox_of(forms: set[str], record_ids: list[str]):
    """The queued entries to an address of *forms*, or that tell of it or of one of *record_ids*."""
    told = [outbox.c.about.contains(f" {token} ", autoescape=True) for token in (*forms, *record_ids)]
    return sa.or_(sa.func.lower(outbox.c.recipient).in_(forms), *told)


def about_address(conn: Connection, forms: set[str]) -> dict:
    """Everything stored about the address written in any of *forms* (lower case; right of access)."""

    def rows(table: sa.Table, *order) -> list[dict]:
        query = sa.select(table).where(sa.func.lower(table.c.email).in_(forms)).order_by(*order)
        return [dict(r) for r in conn.execute(query).mappings()]

    found = {
        "comments": rows(comments, comments.c.created_at),
        "subscriptions": rows(subscriptions, subscriptions.c.created_at),
        "registrations": rows(registrations, registrations.c.created_at),
        "contact_messages": rows(contact_messages, contact_messages.c.created_at),
    }
    record_ids = [r["id"] for kind in ("comments", "registrations", "contact_messages") for r in found[kind]]
    found["queued_mails"] = conn.execute(
        sa.select(sa.func.count()).select_from(outbox).where(_outbox_of(forms, record_ids))
    ).scalar_one()
    return found


def forget(conn: Connection, forms: set[str]) -> dict:
    """Delete every comment, subscription, registration, contact message and queued mail of the
    address (any of *forms*), the mails to others that tell of them included; say what went.

    A moderators' digest that told of one of the forgotten comments goes too; the other comments
    it held count as not yet announced again, so the next digest tells of them.
    """
    found = about_address(conn, forms)
    ids = [c["id"] for c in found["comments"]]
    record_ids = ids + [r["id"] for kind in ("registrations", "contact_messages") for r in found[kind]]
    queued = _outbox_of(forms, record_ids)
    told_of = {
        record_id
        for about in conn.execute(sa.select(outbox.c.about).where(queued)).scalars()
        for record_id in about.split()
    }
    conn.execute(outbox.delete().where(queued))
    conn.execute(subscriptions.delete().where(sa.func.lower(subscriptions.c.email).in_(forms)))
    if ids:
        conn.execute(subscriptions.delete().where(subscriptions.c.comment_id.in_(ids)))
        conn.execute(comments.delete().where(comments.c.id.in_(ids)))
    conn.execute(registrations.delete().where(sa.func.lower(registrations.c.email).in_(forms)))
    conn.execute(contact_messages.delete().where(sa.func.lower(contact_messages.c.email).in_(forms)))
    if told_of - set(ids):
        conn.execute(
            comments.update()
            .where(comments.c.id.in_(sorted(told_of - set(ids))), comments.c.status == "pending")
            .values(announced_at=None)
        )
    return found


def clear_all(conn: Connection) -> None:
    """Empty every table (tests and the benchmark only)."""
    for table in (decisions, outbox, subscriptions, comments, registrations, training_sessions, contact_messages):
        conn.execute(table.delete())
