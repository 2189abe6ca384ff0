"""A registration as a contract: who booked (business or consumer), the invoice data (purchase
order number, EU VAT ID), the version of the terms of participation accepted, and when a consumer
asked for a session within the withdrawal period; and the withdrawals declared through the
withdrawal function (``intake/withdrawals``).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("buyer", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("purchase_order", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("vat_id", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("terms_version", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("early_start_at", sa.DateTime()))
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("contract", sa.String(300), nullable=False),
        sa.Column("message", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("keep_until", sa.DateTime(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
    )
    op.create_index("withdrawals_email", "withdrawals", ["email"])
    op.create_index("withdrawals_keep_until", "withdrawals", ["keep_until"])


def downgrade() -> None:
    op.drop_table("withdrawals")
    with op.batch_alter_table("registrations") as batch:
        for column in ("early_start_at", "terms_version", "vat_id", "purchase_order", "buyer"):
            batch.drop_column(column)
