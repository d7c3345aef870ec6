"""Alembic migrations for the records store, run by ``engine.records.migrate`` when a store is opened."""
