"""The web app's database: one engine per app, on the same URL (and the same rules) as the records store.

Accounts, tokens, drafts and the sign-in throttle each have a module of their own (``web.accounts``,
``web.tokens``, ``web.draft_store``, ``web.throttle``) over the tables in ``web.schema``; this module
only connects, and brings those tables up to date when the app starts (``web.migrate``).

Every write goes through ``transaction``: on SQLite it begins with ``BEGIN IMMEDIATE``, so a transaction
that reads before it writes waits for the write lock instead of failing with "database is locked"
(issue 13). ``tests/web/test_concurrency.py`` checks that no module in ``web`` begins a transaction any other way.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from flask import Flask, current_app
from sqlalchemy.engine import Connection, Engine

from engine.records import database as records_database
from web import migrate


def utcnow() -> datetime.datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL (timestamp without time zone)."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def init_app(app: Flask) -> None:
    """Create the engine for the configured URL and migrate the web tables to the newest revision."""
    app.extensions["sharewise_db"] = make_engine(app.config["DATABASE_URL"])
    migrate.upgrade(app.extensions["sharewise_db"])


def make_engine(url: str) -> Engine:
    """An engine set up exactly as the records store's own (same URL rules, SQLite WAL and busy
    timeout, a new SQLite file readable only by its owner, parameters hidden from error messages)."""
    return records_database.create_engine(records_database.normalise_url(url))


def get_engine() -> Engine:
    """The engine of the current app."""
    engine: Engine = current_app.extensions["sharewise_db"]
    return engine


@contextlib.contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Connection]:
    """A transaction for writing (``BEGIN IMMEDIATE`` on SQLite), committed when the block ends."""
    with records_database.immediate_transaction(engine or get_engine()) as connection:
        yield connection
