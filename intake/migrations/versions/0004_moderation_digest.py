"""Comments remember when moderators were told about them (``announced_at``), for the digest.

Comments stored before this migration were mailed one by one already: they count as announced.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("announced_at", sa.DateTime(), nullable=True))  # NULL: not yet in a mail
    op.execute("UPDATE comments SET announced_at = created_at")
    op.create_index("comments_unannounced", "comments", ["status", "announced_at"])


def downgrade() -> None:
    op.drop_index("comments_unannounced", "comments")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("announced_at")
