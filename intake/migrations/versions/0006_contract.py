"""A registration as a contract: who booked (business or consumer), the invoice data (purchase
order number, EU VAT ID), the version of the terms of participation accepted, and when a consumer
asked for a session within the withdrawal period.

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
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("buyer", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("purchase_order", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("vat_id", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("terms_version", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("early_start_at", sa.DateTime()))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        for column in ("early_start_at", "terms_version", "vat_id", "purchase_order", "buyer"):
            batch.drop_column(column)
