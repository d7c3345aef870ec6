"""Alembic environment for the records store.

Migrations are only ever run through ``engine.records.migrate.upgrade``, which passes an open
connection (already holding the store's write lock) in ``config.attributes["connection"]``. There is
no alembic.ini and no logging configuration: Alembic's own log lines name revisions, never records.
"""

from alembic import context

from engine.records.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by migrate.upgrade
    raise RuntimeError("run records migrations through engine.records.migrate.upgrade(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table="sharewise_records_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
