"""Alembic environment for the records store.

Migrations are only ever run through ``engine.records.migrate.RECORDS.upgrade``, which passes an open
connection (already holding the store's write lock); see ``engine.records.migrate.run_environment``.
"""

from engine.records.migrate import run_environment
from engine.records.schema import metadata

run_environment(metadata)
