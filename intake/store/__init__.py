"""The intake's store: engine set-up, migrations and transactions here; the tables in ``schema``,
the SQL statements in one module per group of tables (``commenting``, ``mailing`` for the
outbox, ``booking``, ``messages`` for contact messages, ``reminding`` for reminders before sessions, ``attending`` for who attended, ``people`` for the participants a registration names, ``office`` for the office's desk) and what personal data becomes over time in ``retention``. Callers use ``store.<name>``.

SQLite (default) runs in WAL mode with a busy timeout; every write transaction starts with
``BEGIN IMMEDIATE``, so writers queue for the one write lock instead of failing half-way.
``synchronous=FULL`` makes each commit reach the disk before the reader gets the 303: a
``kill -9`` or a power cut loses no acknowledged comment (NORMAL would survive a killed process
but could lose the last commits on a power cut). PostgreSQL is used through psycopg 3.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for ``sqlite:///path`` (folder created) or ``postgresql://…`` (psycopg 3)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    path = url[len("sqlite:///") :]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: the driver leaves transactions to us (BEGIN IMMEDIATE below).
    # Within this process writers also queue on a lock: SQLite's busy handler would make
    # them poll with growing sleeps (up to 100 ms), which shows as a long latency tail.
    engine = sa.create_engine(
        url,
        pool_size=8,
        max_overflow=8,
        connect_args={"timeout": 30, "isolation_level": None, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    engine.intake_write_lock = threading.Lock()
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (run at every start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed at the end, rolled back on any error."""
    lock = getattr(engine, "intake_write_lock", None)
    if lock is None:
        with engine.begin() as conn:
            yield conn
        return
    with lock, engine.begin() as conn:
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction (on SQLite it does not take the write lock)."""
    with engine.connect().execution_options(read_only=True) as conn, conn.begin():
        yield conn


class GroupCommit:
    """SQLite's one writer, shared: write functions sent by many requests run one after the
    other in a single transaction, each in its own savepoint, and one commit (one fsync with
    ``synchronous=FULL``) makes the whole batch durable. Each caller's future is resolved only
    after that commit, so an acknowledged comment is on disk; a failing function rolls back
    its savepoint only.
    """

    def __init__(self, engine: Engine, max_batch: int = 100) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="intake-group-commit", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[Connection], Any]) -> Future:
        """Run *work(conn)* in the next batch; its result (or exception) after the commit."""
        future: Future = Future()
        self._queue.put((work, future))
        return future

    def close(self) -> None:
        """Finish the queued work, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            self._run(batch)

    def _run(self, batch: list[tuple[Callable, Future]]) -> None:
        outcomes = []
        try:
            with writing(self.engine) as conn:
                for work, future in batch:
                    try:
                        with conn.begin_nested():
                            outcomes.append((future, work(conn), None))
                    except Exception as error:  # noqa: BLE001 - handed to the caller
                        outcomes.append((future, None, error))
        except Exception as error:  # the commit itself failed: nobody's work is stored
            for _work, future in batch:
                future.set_exception(error)
            return
        for future, result, error in outcomes:
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)


def reachable(engine: Engine) -> bool:
    """Whether the store answers a trivial query."""
    try:
        with reading(engine) as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True


# The statements and tables, as store.<name> (each module lists what it offers in __all__).
from .attending import *  # noqa: E402, F403
from .booking import *  # noqa: E402, F403
from .commenting import *  # noqa: E402, F403
from .mailing import *  # noqa: E402, F403
from .messages import *  # noqa: E402, F403
from .office import *  # noqa: E402, F403
from .people import *  # noqa: E402, F403
from .reminding import *  # noqa: E402, F403
from .retention import *  # noqa: E402, F403
from .schema import *  # noqa: E402, F403
