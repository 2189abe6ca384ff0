"""Every table of the intake, as the migrations (intake/migrations/versions) make them, for the
statements of this package; tests/intake/test_schema.py checks on SQLite and PostgreSQL that both agree."""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "comments",
    "subscriptions",
    "outbox",
    "registrations",
    "training_sessions",
    "registration_reminders",
    "participants",
    "contact_messages",
    "withdrawals",
    "decisions",
    "office_accounts",
    "office_sessions",
    "office_audit",
    "office_login_failures",
    "metadata",
]

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
    _text("buyer", 16),  # business | consumer; "" for an enquiry or a row from before 0008
    _text("purchase_order", 100),
    _text("vat_id", 20),  # an EU VAT ID, valid by format (python-stdnum)
    _text("terms_version", 40),  # the terms of participation accepted
    sa.Column("early_start_at", sa.DateTime()),  # a consumer asked to start within the withdrawal period
    sa.Index("registrations_session", "offer", "session", "status"),
    sa.Index("registrations_email", "email"),
    sa.Index("registrations_keep_until", "keep_until"),
)
registration_reminders = sa.Table(  # a reminder done per recipient: never again (goes with its registration)
    "registration_reminders",
    metadata,
    sa.Column(
        "registration_id", sa.String(40), sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("days", sa.Integer(), primary_key=True),  # days before the start
    sa.Column("recipient", sa.String(64), primary_key=True),  # SHA-256 of the address reminded, never the address
    sa.Column("done_at", sa.DateTime(), nullable=False),
    sa.Column("mailed", sa.Boolean(), nullable=False),  # False: passed over (a later reminder was due as well)
)
participants = sa.Table(  # the people a registration books seats for; the booker stays the contact
    "participants",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "registration_id",
        sa.String(40),
        sa.ForeignKey("registrations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer(), nullable=False),  # 1, 2, … as the booker listed them
    sa.Column("name", sa.String(100), nullable=False),  # "": not named yet (booked before 0009)
    _text("email", 254),  # optional: "" = the booker's mails reach this person
    sa.Column("named_at", sa.DateTime(), nullable=False),  # when the booker named this person (a substitute: later)
    sa.Column("attended_at", sa.DateTime()),  # the office marked this person attended
    sa.UniqueConstraint("registration_id", "position", name="participants_place"),
    sa.Index("participants_email", "email"),
)
training_sessions = sa.Table(
    "training_sessions",
    metadata,
    sa.Column("offer", sa.String(100), primary_key=True),
    sa.Column("session", sa.String(16), primary_key=True),
    sa.Column("max_participants", sa.Integer()),
    _text("join_url", 500),  # an online session's joining link the office entered (never in the public sessions.json)
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
    sa.Column("answered_at", sa.DateTime()),  # the office marked it answered (NULL: not yet)
    sa.Index("contact_messages_email", "email"),
    sa.Index("contact_messages_created_at", "created_at"),
    sa.Index("contact_messages_token_nonce", "token_nonce", unique=True),
)
withdrawals = sa.Table(
    "withdrawals",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("contract", sa.String(300), nullable=False),  # which contract: training, date, registration number
    sa.Column("message", sa.Text(), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(), nullable=False),  # when the withdrawal was confirmed: the receipt's time
    sa.Column("keep_until", sa.DateTime(), nullable=False),  # the purge deletes the row after this
    sa.Column("signals", sa.JSON(), nullable=False),
    sa.Index("withdrawals_email", "email"),
    sa.Index("withdrawals_keep_until", "keep_until"),
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
office_accounts = sa.Table(
    "office_accounts",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "login", sa.String(254), nullable=False
    ),  # the staff member's e-mail address (no reader's: not a kind's table)
    sa.Column("role", sa.String(16), nullable=False),  # moderator | office
    sa.Column("password_hash", sa.String(200), nullable=False),  # Argon2id
    _text("totp_secret", 64),  # "": no second factor
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("disabled_at", sa.DateTime()),  # None: the account may sign in
    sa.Column("last_sign_in_at", sa.DateTime()),
    sa.Column("totp_last_step", sa.BigInteger()),  # pyotp's TOTP.timecode of the last code accepted
    sa.Index("office_accounts_login", "login", unique=True),
)
office_sessions = sa.Table(
    "office_sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's value, never the value
    sa.Column("account_id", sa.Integer(), sa.ForeignKey("office_accounts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),  # code (password given, TOTP awaited) | in
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    sa.Index("office_sessions_account", "account_id"),
)
office_audit = sa.Table(
    "office_audit",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("actor", sa.String(254), nullable=False),  # an account's address, "mail link", "admin API", "CLI"
    sa.Column("action", sa.String(40), nullable=False),
    _text("subject", 100),  # a record's id, never an address
    sa.Column("detail", sa.Text(), nullable=False, server_default=""),
    sa.Index("office_audit_at", "at"),
)
office_login_failures = sa.Table(  # the login throttle's counts, shared by every worker process
    "office_login_failures",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),  # SHA-256 of "client:…" or "account:…", never either
    sa.Column("failures", sa.Integer(), nullable=False),
    sa.Column("last_at", sa.DateTime(), nullable=False),
    sa.Index("office_login_failures_last_at", "last_at"),
)
