"""Bring a schema up to date when it is opened, safely with several processes at once.

Alembic runs programmatically (no alembic.ini) inside a write transaction, so two web workers starting
together on an empty database cannot both create the tables, and (for the records store) no append can
run against a half-migrated schema. Both SQLite and PostgreSQL run DDL inside a transaction, so a failed
migration leaves nothing behind.

One database holds more than one history: the records store's (``RECORDS``, here) and the web app's
(``web.migrate``), each with its own scripts, version table and lock, so that neither package needs
to know the other's tables. ``Migrations`` is one such history; ``run_environment`` is what each
history's ``env.py`` runs.
"""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from engine.records.database import APPEND_LOCK_KEY, write_transaction


@dataclasses.dataclass(frozen=True)
class Migrations:
    """One Alembic history in a shared database.

    Attributes:
        scripts: the folder holding ``env.py`` and ``versions/``.
        version_table: the table that records how far this database has come in this history.
        lock_key: the PostgreSQL advisory lock held while migrating (SQLite takes its one write lock).
    """

    scripts: pathlib.Path
    version_table: str
    lock_key: int

    def config(self, connection: Connection | None = None) -> Config:
        """An Alembic configuration for this history, handing ``env.py`` the connection to use."""
        config = Config()
        config.set_main_option("script_location", str(self.scripts))
        config.attributes["connection"] = connection
        config.attributes["version_table"] = self.version_table
        return config

    def head_revision(self) -> str | None:
        """The newest revision this code knows."""
        return ScriptDirectory.from_config(self.config()).get_current_head()

    def current_revision(self, connection: Connection) -> str | None:
        """The revision the database is at, or None when this history has never run on it."""
        migration = MigrationContext.configure(connection, opts={"version_table": self.version_table})
        return migration.get_current_revision()

    def upgrade(self, engine: Engine, adopt: Callable[[Connection], str | None] | None = None) -> None:
        """Migrate to the newest revision, holding the write lock while doing so.

        Args:
            engine: the database.
            adopt: for tables made before this history existed. Called when the database has no
                revision yet, it returns the revision those tables already match (stamped, then
                upgraded from), or None when there are none and the history starts from scratch.
        """
        target = self.head_revision()
        with engine.connect() as connection:
            if self.current_revision(connection) == target:
                return
        with write_transaction(engine, self.lock_key) as connection:
            current = self.current_revision(connection)
            if current == target:  # another process has just done it
                return
            config = self.config(connection)
            if current is None and adopt is not None and (baseline := adopt(connection)) is not None:
                command.stamp(config, baseline)
            command.upgrade(config, "head")


def run_environment(target_metadata: sa.MetaData) -> None:
    """The body of a history's ``env.py``: run its migrations on the connection ``upgrade`` holds.

    There is no alembic.ini and no logging configuration: Alembic's own log lines name revisions, never
    records. Batch mode lets the same migration alter tables on SQLite.
    """
    connection = context.config.attributes.get("connection")
    if connection is None:  # pragma: no cover - guarded by Migrations.upgrade
        raise RuntimeError("run these migrations through Migrations.upgrade(), not the alembic command line")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table=context.config.attributes["version_table"],
    )
    with context.begin_transaction():
        context.run_migrations()


# The records store's history. Its lock is the append lock, so no append runs while it migrates.
RECORDS = Migrations(
    scripts=pathlib.Path(__file__).resolve().parent / "migrations",
    version_table="sharewise_records_alembic_version",
    lock_key=APPEND_LOCK_KEY,
)
