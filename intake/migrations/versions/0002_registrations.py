"""Registrations for training sessions, and one row per session that registrations lock.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registrations",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("offer", sa.String(100), nullable=False),
        sa.Column("session", sa.String(16), nullable=False, server_default=""),  # "" = an enquiry
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("company", sa.String(200), nullable=False, server_default=""),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False, server_default=""),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("billing_address", sa.Text(), nullable=False, server_default=""),
        sa.Column("message", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),  # confirmed | waitlist | cancelled | enquiry
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("offered_at", sa.DateTime(), nullable=True),  # a freed seat was offered by mail
        sa.Column("keep_until", sa.DateTime(), nullable=False),  # the purge deletes the row after this
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("privacy_version", sa.String(40), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
    )
    op.create_index("registrations_session", "registrations", ["offer", "session", "status"])
    op.create_index("registrations_email", "registrations", ["email"])
    op.create_index("registrations_keep_until", "registrations", ["keep_until"])
    op.create_table(
        "training_sessions",
        sa.Column("offer", sa.String(100), primary_key=True),
        sa.Column("session", sa.String(16), primary_key=True),
        sa.Column("max_participants", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("training_sessions")
    op.drop_table("registrations")
