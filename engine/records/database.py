"""Connections to the store: SQLite by default, PostgreSQL for forces with several web workers.

The one thing that matters here is that appends are serialised, or two writers could both extend the
same head and fork the chain:

* SQLite: each write transaction starts with ``BEGIN IMMEDIATE``, which takes the database's single
  write lock before the head is read. The driver's own transaction handling is switched off so that
  SQLAlchemy emits exactly the BEGIN we ask for. WAL lets readers carry on while a writer works;
  ``synchronous=FULL`` means an acknowledged record survives a power cut, not only a crash.
* PostgreSQL: each write transaction first takes ``pg_advisory_xact_lock`` on a fixed key, released
  at commit or rollback, including when the client is killed.

Engines are created with ``hide_parameters=True`` so that a database error message never carries a
record's content into a log.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pathlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

from engine.records.errors import RecordError, StoreError

BUSY_TIMEOUT_SECONDS = 60
_WRITE = "sharewise_write"
_SQLITE_NEEDS_A_FILE = "SQLite needs a file path: sqlite:///path/to/records.sqlite3"


def advisory_lock_key(name: str) -> int:
    """A fixed 64-bit key for pg_advisory_xact_lock, derived from a name so that it cannot collide by
    accident with another application's small integer keys."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


APPEND_LOCK_KEY = advisory_lock_key("sharewise.justification_records.append")


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL, choosing psycopg 3 for PostgreSQL; refuse anything else by name."""
    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises ArgumentError; the message may quote the URL (and a password).
        raise RecordError(
            "--database", "is not a database URL (e.g. sqlite:///path or postgresql://user@host/db)"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
            return parsed.set(drivername="postgresql+psycopg")
        raise RecordError("--database", "PostgreSQL is supported through psycopg 3 only (postgresql+psycopg://)")
    if backend == "sqlite":
        if parsed.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise RecordError("--database", "SQLite is supported through the standard sqlite3 driver only")
        if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
            raise RecordError("--database", _SQLITE_NEEDS_A_FILE)
        return parsed
    raise RecordError("--database", f"unsupported database {backend!r}: use sqlite or postgresql")


def sqlite_path(url: URL) -> pathlib.Path:
    """The file a normalised SQLite URL names."""
    if not url.database:  # normalise_url refuses such URLs; a caller may not have used it
        raise RecordError("--database", _SQLITE_NEEDS_A_FILE)
    return pathlib.Path(url.database)


def _prepare_sqlite_file(path: pathlib.Path) -> None:
    """Create the folder and an empty file readable only by this user, before SQLite opens it.

    SQLite gives its -wal and -shm files the permissions of the database file, so this covers them too.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_engine(url: URL) -> Engine:
    _prepare_sqlite_file(sqlite_path(url))
    engine = sa.create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; _on_begin emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_engine(url: URL) -> Engine:
    """Return a SQLAlchemy engine for a normalised store URL, set up for safe appends."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return sa.create_engine(url, hide_parameters=True, pool_pre_ping=True)


@contextlib.contextmanager
def immediate_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction for anything that writes: on SQLite it takes the write lock before its first statement.

    A deferred SQLite transaction that reads and then writes fails at once with "database is locked" when
    another connection committed in between (WAL cannot upgrade a stale snapshot, and the busy timeout does
    not apply); ``BEGIN IMMEDIATE`` waits for the lock instead, up to the busy timeout. PostgreSQL needs
    nothing more: its row locks and READ COMMITTED make such a read-then-write wait, not fail.
    """
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


@contextlib.contextmanager
def write_transaction(engine: Engine, lock_key: int = APPEND_LOCK_KEY) -> Iterator[Connection]:
    """A transaction that holds the store's write lock from its first statement until it ends."""
    with immediate_transaction(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key})
        yield connection


@contextlib.contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction with one consistent snapshot for all its statements (used by verify and export)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


@contextlib.contextmanager
def operational_errors(action: str) -> Iterator[None]:
    """Turn driver errors into StoreError with a message that carries no record content."""
    try:
        yield
    except sa.exc.IntegrityError as error:
        raise StoreError(f"{action}: the database refused the write ({type(error.orig).__name__})") from None
    except sa.exc.DBAPIError as error:
        detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
        raise StoreError(f"{action}: {detail}") from None
