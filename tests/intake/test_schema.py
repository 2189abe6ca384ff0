"""The tables the intake's statements are written against (``intake.store``) are the tables
its migrations make, on SQLite and PostgreSQL: columns, types, NULL or not, keys and indexes.

Without this a column the code treats as optional could be required in the database, and the
first reader whose form leaves it empty would get a 500 instead of a 303.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from intake import store


def test_the_migrated_schema_is_the_one_the_code_uses(store_url):
    engine = store.make_engine(store_url)
    store.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})  # defaults: spelt per dialect
        differences = compare_metadata(context, store.metadata)
    engine.dispose()
    assert differences == []
