"""Bring a store's schema up to date when it is opened, safely with several processes at once.

Alembic runs programmatically (no alembic.ini) inside the store's write transaction, so two web
workers starting together on an empty database cannot both create the table, and no append can run
against a half-migrated schema. Both SQLite and PostgreSQL run DDL inside a transaction, so a failed
migration leaves nothing behind.
"""

import pathlib

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from engine.records.database import write_transaction

MIGRATIONS = pathlib.Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "sharewise_records_alembic_version"


def _config(connection=None):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision():
    """The newest schema revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(connection):
    """The schema revision the database is at, or None for an empty database."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(engine):
    """Migrate the store to the newest revision, holding the write lock while doing so."""
    target = head_revision()
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return
    with write_transaction(engine) as connection:
        if current_revision(connection) != target:  # another process may have just done it
            command.upgrade(_config(connection), "head")
