"""The tables the intake's statements are written against (``intake.store``) are the tables
its migrations make, on SQLite and PostgreSQL: columns, types, NULL or not, keys and indexes.

Without this a column the code treats as optional could be required in the database, and the
first reader whose form leaves it empty would get a 500 instead of a 303.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
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


def test_registrations_from_before_keep_their_seats_as_participants(store_url):
    """0009 names the booker as participant 1 and keeps the other seats, unnamed, for the booker to
    name; attendance marked per registration is carried to each of its participants, and the old
    table goes (a downgrade brings it back with the registrations anyone of which attended)."""
    engine = store.make_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        at = datetime(2027, 3, 1, 9, 0)
        row = dict(
            offer="o",
            session="2027-03-09",
            lang="de",
            company="",
            phone="",
            billing_address="",
            message="",
            status="confirmed",
            created_at=at,
            keep_until=at,
            consent_at=at,
            privacy_version="1",
            signals="{}",
        )
        conn.execute(
            sa.text(
                "INSERT INTO registrations (id, offer, session, lang, name, company, email, phone, participants,"
                " billing_address, message, status, created_at, keep_until, consent_at, privacy_version, signals)"
                " VALUES (:id, :offer, :session, :lang, :name, :company, :email, :phone, :participants,"
                " :billing_address, :message, :status, :created_at, :keep_until, :consent_at, :privacy_version,"
                " :signals)"
            ),
            [
                {**row, "id": "r-group", "name": "Ada Booker", "email": "ada@example.org", "participants": 3},
                {**row, "id": "r-single", "name": "Bo Single", "email": "bo@example.org", "participants": 1},
            ],
        )
        conn.execute(sa.text("INSERT INTO attendance (registration_id, marked_at) VALUES ('r-group', :at)"), {"at": at})
        conn.execute(
            sa.text(
                "INSERT INTO registration_reminders (registration_id, days, done_at, mailed) VALUES ('r-group', 7, :at, :yes)"
            ),
            {"at": at, "yes": True},
        )
        command.upgrade(config, "head")
        people = store.participants_of(conn, ["r-group", "r-single"])
        reminded = store.reminders_done(conn, ["r-group"])
        tables_at_head = set(sa.inspect(conn).get_table_names())
        command.downgrade(config, "0008")  # and back: the marks per registration again
        marks = conn.execute(sa.text("SELECT registration_id FROM attendance")).scalars().all()
        command.upgrade(config, "head")
    engine.dispose()
    assert "attendance" not in tables_at_head  # attendance is marked per participant now
    assert reminded == {("r-group", hashlib.sha256(b"ada@example.org").hexdigest()): {7}}  # the booker was reminded
    assert marks == ["r-group"]
    assert [(p["position"], p["name"], p["email"]) for p in people["r-group"]] == [
        (1, "Ada Booker", "ada@example.org"),
        (2, "", ""),
        (3, "", ""),
    ]
    assert all(p["attended_at"] == at for p in people["r-group"])
    assert [(p["name"], p["attended_at"]) for p in people["r-single"]] == [("Bo Single", None)]
