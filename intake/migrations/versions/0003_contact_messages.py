"""Messages sent through the site's contact form.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_messages",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False, server_default=""),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # new | spam
        sa.Column("created_at", sa.DateTime(), nullable=False),  # the purge deletes the row a while after this
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("privacy_version", sa.String(40), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("token_nonce", sa.String(64), nullable=True),  # the form token's: a form sent twice is kept once
    )
    op.create_index("contact_messages_email", "contact_messages", ["email"])
    op.create_index("contact_messages_created_at", "contact_messages", ["created_at"])
    op.create_index("contact_messages_token_nonce", "contact_messages", ["token_nonce"], unique=True)


def downgrade() -> None:
    op.drop_table("contact_messages")
