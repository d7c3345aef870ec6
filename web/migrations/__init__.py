"""Alembic migrations for the web app's tables, run by ``web.migrate.upgrade`` when the app starts."""
