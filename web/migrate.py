"""The web app's tables (``web_*``) migrate with Alembic, as the records store's do, in the same database.

The web keeps a history of its own (``web/migrations``, version table ``sharewise_web_alembic_version``,
its own lock) run by the records package's ``Migrations``, so that the engine never needs to know the
web's tables and each package's schema moves at its own pace. Migrations run when the app starts,
under the lock, so several workers may start at once.

Before this history existed, the app made its tables with ``metadata.create_all``. Such a database
has the tables of the first revision and no version row, so it is adopted: the first revision is
stamped, and any later ones run as usual.
"""

from __future__ import annotations

import pathlib

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from engine.records.database import advisory_lock_key
from engine.records.migrate import Migrations

WEB = Migrations(
    scripts=pathlib.Path(__file__).resolve().parent / "migrations",
    version_table="sharewise_web_alembic_version",
    lock_key=advisory_lock_key("sharewise.web.migrate"),
)

# The first revision, and the tables create_all made before there were migrations (exactly its tables).
BASELINE = "0001"
BASELINE_TABLES = frozenset({"web_users", "web_api_tokens", "web_drafts", "web_login_attempts"})


def upgrade(engine: Engine) -> None:
    """Bring the web tables up to date, adopting tables made before they had migrations."""
    WEB.upgrade(engine, adopt=tables_made_by_create_all)


def tables_made_by_create_all(connection: Connection) -> str | None:
    """``BASELINE`` for a database whose web tables predate migrations, None for one with none of them.

    Raises:
        RuntimeError: only some of the tables are there, which the old start-up code never left; a
            person should look before anything is created on top.
    """
    present = BASELINE_TABLES & set(sa.inspect(connection).get_table_names())
    if not present:
        return None
    if present != BASELINE_TABLES:
        missing = ", ".join(sorted(BASELINE_TABLES - present))
        raise RuntimeError(f"the web tables are incomplete and have no migration history (missing: {missing})")
    return BASELINE
