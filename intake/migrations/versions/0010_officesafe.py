"""The office's accounts can be disabled, remember their last sign-in and the last TOTP time step
accepted (a code is good once); the login throttle's failed attempts live in the store, so they
survive a restart and count across worker processes.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office_accounts") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime()))  # None: the account may sign in
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime()))
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger()))  # pyotp's TOTP.timecode of the last code
    op.create_table(
        "office_login_failures",
        sa.Column("key", sa.String(64), primary_key=True),  # SHA-256 of "client:…" or "account:…", never either
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
    )
    op.create_index("office_login_failures_last_at", "office_login_failures", ["last_at"])


def downgrade() -> None:
    op.drop_table("office_login_failures")
    with op.batch_alter_table("office_accounts") as batch:
        for column in ("totp_last_step", "last_sign_in_at", "disabled_at"):
            batch.drop_column(column)
