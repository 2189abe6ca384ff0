"""The office's desk (intake/office/): its accounts, their server-side sessions, the audit log of
every decision, and when a contact message was answered.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_accounts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(254), nullable=False),  # the staff member's e-mail address
        sa.Column("role", sa.String(16), nullable=False),  # moderator | office
        sa.Column("password_hash", sa.String(200), nullable=False),  # Argon2id
        sa.Column("totp_secret", sa.String(64), nullable=False, server_default=""),  # "": no second factor
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("office_accounts_login", "office_accounts", ["login"], unique=True)
    op.create_table(
        "office_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's value, never the value
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("office_accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),  # code (password given, TOTP awaited) | in
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    )
    op.create_index("office_sessions_account", "office_sessions", ["account_id"])
    op.create_table(
        "office_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),  # an account's address, "mail link", "admin API", "CLI"
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False, server_default=""),  # a record's id, never an address
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("office_audit_at", "office_audit", ["at"])
    with op.batch_alter_table("contact_messages") as batch:
        batch.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_messages") as batch:
        batch.drop_column("answered_at")
    op.drop_table("office_audit")
    op.drop_table("office_sessions")
    op.drop_table("office_accounts")
