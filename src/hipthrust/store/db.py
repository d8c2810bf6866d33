"""Where the training log lives, and opening it: URL resolution, engines, transactions.

A new database needs no setup step: ``open_store`` creates it, migrates it to the newest
schema and adds the default athlete, all in one transaction under a lock, so two processes
starting at once on a new database cannot both do it.

Where the database is, first match wins:

1. the ``url`` argument;
2. a ``home`` directory argument (``<home>/hipthrust.sqlite3``);
3. ``HIPTHRUST_DATABASE_URL``, any SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``;
4. ``HIPTHRUST_HOME`` (``$HIPTHRUST_HOME/hipthrust.sqlite3``);
5. the user's data directory (``platformdirs.user_data_path("hipthrust")/hipthrust.sqlite3``).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from hipthrust.errors import InputError
from hipthrust.store import migrate
from hipthrust.store.athletes import ensure_default_athlete
from hipthrust.store.checks import (
    plain_driver_error,
    refuse_unstorable_parameters,
    refuse_unstorable_text,
)

__all__ = [
    "DATABASE_FILE",
    "ENV_DATABASE_URL",
    "ENV_HOME",
    "Store",
    "create_store_engine",
    "data_dir",
    "database_url",
    "open_store",
    "read_transaction",
    "transaction",
]

ENV_DATABASE_URL = "HIPTHRUST_DATABASE_URL"
ENV_HOME = "HIPTHRUST_HOME"
DATABASE_FILE = "hipthrust.sqlite3"
_BACKENDS = ("sqlite", "postgresql")
_SQLITE_BUSY_TIMEOUT_S = 30.0
_READ_ONLY = "hipthrust_read"  # execution option of the engine that reading sessions use
_QUERY_ONLY = "hipthrust_query_only"  # a driver connection's PRAGMA query_only, once set
# Pool sizes, stated (docs/storage.md): SQLite 5 connections (+10 overflow) per process, one
# writer at a time (the process's write queue, then the file's lock) and readers alongside it
# (WAL); PostgreSQL 10 (+10 overflow), enough for the web server's thread pool on 2 cores.
_SQLITE_POOL_SIZE = 5
_SQLITE_MAX_OVERFLOW = 10
_PG_POOL_SIZE = 10
_PG_MAX_OVERFLOW = 10
# "off" turns the SQLite write queue off (``_WriteQueue``): only to measure what it changes.
ENV_SQLITE_WRITE_QUEUE = "HIPTHRUST_SQLITE_WRITE_QUEUE"


@dataclass(frozen=True)
class Store:
    """An open training log: the engine and a factory of sessions bound to it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def reader(self) -> Engine:
        """The same engine and pool, for transactions that only read: on SQLite they begin
        deferred (plain ``BEGIN``), so in WAL mode they neither wait for nor block a writer."""
        return self.engine.execution_options(**{_READ_ONLY: True})

    @property
    def url(self) -> str:
        """The database URL with any password hidden (safe to show)."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def data_dir(home: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The directory of the default SQLite file: ``home``, ``$HIPTHRUST_HOME`` or the user's."""
    environ = os.environ if env is None else env
    if home is not None:
        return home
    if environ.get(ENV_HOME):
        return Path(environ[ENV_HOME]).expanduser()
    return platformdirs.user_data_path("hipthrust")


def database_url(
    url: str | None = None, *, home: Path | None = None, env: Mapping[str, str] | None = None
) -> str | URL:
    """The database URL to use (see the module docstring for the order).

    A text URL given or found in the environment is returned as is; the SQLite file in a data
    directory as a ``URL`` object (a path may hold characters a text URL cannot).
    """
    environ = os.environ if env is None else env
    if url:
        return url
    if home is None and environ.get(ENV_DATABASE_URL):
        return environ[ENV_DATABASE_URL]
    return URL.create("sqlite", database=str(data_dir(home, environ) / DATABASE_FILE))


def open_store(
    url: str | None = None, *, home: Path | None = None, env: Mapping[str, str] | None = None
) -> Store:
    """Open (creating and migrating when needed) the training log; close it when done."""
    engine = create_store_engine(database_url(url, home=home, env=env))
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection)
            _ensure_default_athlete(connection)
    except OperationalError as error:
        engine.dispose()
        raise InputError(f"cannot open the database {_shown(engine)}: {_reason(error)}") from None
    except BaseException:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "before_flush", refuse_unstorable_text)
    return Store(engine=engine, sessions=sessions)


@contextmanager
def transaction(store: Store) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on an error."""
    with store.sessions.begin() as session:
        yield session


@contextmanager
def read_transaction(store: Store) -> Iterator[Session]:
    """A session for reading only, in one deferred transaction (SQLite: ``BEGIN``, a snapshot
    taken at the first read; it never takes the write lock). Rolled back at the end, so a
    write slipped into it by mistake is never kept."""
    with store.sessions(bind=store.reader) as session:
        yield session  # closing the session rolls its transaction back


def create_store_engine(url: str | URL) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, full sync and write-ahead locking."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend not in _BACKENDS:
            raise InputError(f"hipthrust keeps its log in SQLite or PostgreSQL, not {backend}")
        engine = (
            _sqlite_engine(parsed)
            if backend == "sqlite"
            else create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=_PG_POOL_SIZE,
                max_overflow=_PG_MAX_OVERFLOW,
            )
        )
        event.listen(engine, "before_cursor_execute", refuse_unstorable_parameters)
        event.listen(engine, "handle_error", plain_driver_error)
        return engine
    except ArgumentError as error:
        raise InputError(f"cannot use the database URL {str(url)!r}: {error}") from None


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        try:
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot create the folder for {url.database}: {error}") from None
    in_memory = (
        not url.database or url.database == ":memory:" or "memory" in url.query.get("mode", "")
    )
    # A database in memory lives in one connection (SQLAlchemy's one-per-thread pool).
    pool: dict[str, Any] = (
        {} if in_memory else {"pool_size": _SQLITE_POOL_SIZE, "max_overflow": _SQLITE_MAX_OVERFLOW}
    )
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT_S}, **pool)
    event.listen(engine, "connect", _sqlite_connected)
    queue = _WriteQueue() if os.environ.get(ENV_SQLITE_WRITE_QUEUE, "on") != "off" else None
    event.listen(engine, "begin", functools.partial(_sqlite_begin, queue))
    if queue is not None:
        queue.watch(engine)
    return engine


class _WriteQueue:
    """The engine's writers, one at a time, queued in this process (issue 15).

    SQLite lets one transaction write at a time; one waiting for the lock polls, sleeping
    longer and longer between tries (up to 0.1 s), so under load a few writes waited far
    longer than the write ahead of them took. Here a writing transaction takes this lock
    before ``BEGIN IMMEDIATE`` and gives it up once its COMMIT or ROLLBACK has returned: the
    writers of one process wait on the lock and start the moment it is free, and only another
    process's writers (a CLI import beside the web server) meet SQLite's own wait. A writer
    that waits longer than the busy timeout fails as SQLite's would ("database is locked").
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: object | None = None  # the driver connection in its turn

    def watch(self, engine: Engine) -> None:
        """Give the turn up when the holder's transaction ends, however it ends."""
        dialect = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(dbapi_connection: Any) -> None:
            try:
                commit(dbapi_connection)
            finally:
                self.release(dbapi_connection)

        def do_rollback(dbapi_connection: Any) -> None:
            try:
                rollback(dbapi_connection)
            finally:
                self.release(dbapi_connection)

        dialect.do_commit = do_commit  # type: ignore[method-assign]
        dialect.do_rollback = do_rollback  # type: ignore[method-assign]
        # A connection returned to the pool or dropped with its transaction open.
        event.listen(engine.pool, "reset", self._released)
        event.listen(engine.pool, "invalidate", self._released)
        event.listen(engine.pool, "close", self._released)

    def acquire(self, dbapi_connection: object) -> None:
        if self._holder is dbapi_connection:
            return
        if not self._lock.acquire(timeout=_SQLITE_BUSY_TIMEOUT_S):
            raise sqlite3.OperationalError("database is locked")
        self._holder = dbapi_connection

    def release(self, dbapi_connection: object) -> None:
        if dbapi_connection is not None and self._holder is dbapi_connection:
            self._holder = None
            self._lock.release()

    def _released(self, dbapi_connection: Any, *rest: Any) -> None:
        self.release(dbapi_connection)


def _sqlite_connected(connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the driver would only begin before
    # the first INSERT, leaving DDL and reads outside the transaction).
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    _use_wal(cursor)
    # FULL with WAL: a committed set survives a power cut, not only a crash of the process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    # WAL is a property of the file, set once. Switching needs an exclusive lock, and SQLite
    # answers "database is locked" at once (no busy wait) while another process holds any
    # lock, as when several processes open a new log together; so retry until the timeout.
    # (A database that cannot use WAL, such as one in memory, keeps its mode.)
    deadline = time.monotonic() + _SQLITE_BUSY_TIMEOUT_S
    while cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(queue: _WriteQueue | None, connection: Connection) -> None:
    # Reads begin deferred: in WAL mode they read a snapshot while a writer writes. Writes take
    # the write lock at the start: a transaction that reads and then writes can then never fail
    # half-way because another process wrote in between (it waits instead); the process's own
    # writers queue first for their turn (``_WriteQueue``).
    # query_only makes a write slipped into a read fail loudly instead of being rolled back.
    # The mode is a property of the driver connection, so it is set only when it changes
    # (remembered in the pool entry's ``info``, which lives as long as the driver connection):
    # one statement less per request for a connection that keeps reading or writing.
    if connection.get_execution_options().get(_READ_ONLY):
        _query_only(connection, True)
        connection.exec_driver_sql("BEGIN")
        return
    driver = connection.connection.dbapi_connection
    if queue is not None:
        queue.acquire(driver)
    try:
        _query_only(connection, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if queue is not None:
            queue.release(driver)
        raise


def _query_only(connection: Connection, on: bool) -> None:
    info = connection.connection.info
    if info.get(_QUERY_ONLY) is on:
        return
    info.pop(_QUERY_ONLY, None)  # unknown until the PRAGMA has returned
    connection.exec_driver_sql(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
    info[_QUERY_ONLY] = on


def _ensure_default_athlete(connection: Connection) -> None:
    with Session(bind=connection) as session:
        ensure_default_athlete(session)
        session.flush()


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _reason(error: DBAPIError) -> str:
    text: Any = error.orig if error.orig is not None else error
    lines = str(text).strip().splitlines()
    return lines[0] if lines else type(text).__name__
