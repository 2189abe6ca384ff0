"""The store's SQLite settings and its group commit (one writer, batched commits)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from intake import store
from intake.web import utcnow


@pytest.fixture
def engine(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    store.upgrade(engine)
    yield engine
    engine.dispose()


def test_sqlite_runs_in_wal_with_full_sync(engine):
    with store.reading(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def insert(number: int):
    def work(conn):
        if number % 7 == 0:
            raise ValueError(f"refused {number}")
        store.enqueue(conn, "mail", f"r{number}@example.org", "{}", utcnow())
        return number

    return work


def test_group_commit_batches_and_isolates_failures(engine):
    group = store.GroupCommit(engine)
    start = threading.Barrier(20)

    def submit(number: int):
        if number < 20:
            start.wait()  # the first twenty arrive at once
        future = group.submit(insert(number))
        try:
            return future.result(timeout=30)
        except ValueError as error:
            return str(error)

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(submit, range(200)))
    group.close()
    assert results == [f"refused {n}" if n % 7 == 0 else n for n in range(200)]
    with store.reading(engine) as conn:
        stored = sorted(int(r[0][1:].split("@")[0]) for r in conn.execute(sa.select(store.outbox.c.recipient)))
    assert stored == [n for n in range(200) if n % 7]
