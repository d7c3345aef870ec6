"""Alembic environment for the web app's tables.

Migrations are only ever run through ``web.migrate.upgrade`` (at app start-up), which passes an open
connection already holding the web's migration lock; see ``engine.records.migrate.run_environment``.
"""

from engine.records.migrate import run_environment
from web.schema import metadata

run_environment(metadata)
