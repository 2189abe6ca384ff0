"""After the registration: reminders before a training session (one row per registration and
reminder, written in the transaction that queues the mail, so that a restart never sends one
twice) and the attendance the office marks (the certificates of attendance follow from it).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_reminders",
        sa.Column(
            "registration_id",
            sa.String(40),
            sa.ForeignKey("registrations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("days", sa.Integer(), primary_key=True),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("mailed", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "attendance",
        sa.Column(
            "registration_id",
            sa.String(40),
            sa.ForeignKey("registrations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("attendance")
    op.drop_table("registration_reminders")
