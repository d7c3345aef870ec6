"""Fixtures for the records tests: a real store on SQLite, and on PostgreSQL when one is available.

No database is mocked. Store tests take ``store_url`` (or ``store``) and so run twice: against a SQLite
file in tmp_path, and against PostgreSQL in a schema of its own (dropped afterwards) when
SHAREWISE_TEST_POSTGRES_URL is set, as CI does through .ci/postgres.sh (``postgres_url``, in tests/conftest.py).
"""

import argparse

import pytest
import sqlalchemy as sa

from engine.records import build_record, open_store
from tests.records.samples import inputs


@pytest.fixture(autouse=True)
def _no_ambient_store(monkeypatch, tmp_path):
    """Keep tests off any store named in the developer's environment."""
    monkeypatch.delenv("SHAREWISE_DATABASE_URL", raising=False)
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "instance"))
    for name in ("SHAREWISE_RECORD_REVIEW_DAYS", "SHAREWISE_RECORD_RETAIN_YEARS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sqlite_url(tmp_path):
    """A SQLite store URL in this test's own folder."""
    return f"sqlite:///{tmp_path / 'records.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request):
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue({"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param])


@pytest.fixture
def store(store_url):
    """An open, empty store."""
    with open_store(store_url) as opened:
        yield opened


def append_samples(store, count, **changes):
    """Append ``count`` sample records and return them as stored."""
    return [store.append(build_record(**inputs(**changes))) for _ in range(count)]


@pytest.fixture
def records_cli(capsys):
    """Run ``sharewise records ...`` through this package's own ``register``; return (status, out, err).

    This is the same parser wiring engine/cli.py does for every entry point, without depending on the
    package having been re-installed since the entry point was added.
    """
    from engine.records.cli import register

    def run(*argv):
        parser = argparse.ArgumentParser(prog="sharewise")
        register(parser.add_subparsers())
        try:
            args = parser.parse_args(["records", *map(str, argv)])
            status = args.handler(args)
        except SystemExit as exit_:
            status = exit_.code
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def tamper(store_url, statement, **params):
    """Change stored rows the way an attacker with database access would: around the guards.

    SQLite: drop the triggers (anyone with the file can). PostgreSQL: as the table owner, grant the
    privileges back and disable the trigger. Then run ``statement``.
    """
    engine = sa.create_engine(store_url)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS justification_records_no_update")
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS justification_records_no_delete")
            else:
                connection.exec_driver_sql("GRANT UPDATE, DELETE ON justification_records TO CURRENT_USER")
                connection.exec_driver_sql("ALTER TABLE justification_records DISABLE TRIGGER USER")
            connection.execute(sa.text(statement), params)
    finally:
        engine.dispose()
