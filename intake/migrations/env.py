"""Alembic environment of the intake: runs on the connection the app hands over (store.upgrade)."""

from alembic import context
from sqlalchemy import text

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Several instances may start at once: one migrates, the others wait for it.
    connection.execute(text("SELECT pg_advisory_xact_lock(715150)"))
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
