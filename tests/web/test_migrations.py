"""The web tables migrate with Alembic: a new database, one made by the old create_all, and several workers.

Every test runs on SQLite and, when SHAREWISE_TEST_POSTGRES_URL is set, on PostgreSQL (``database_url``).
"""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from engine.records import open_store
from tests.conftest import run_together
from tests.web.conftest import PASSWORD, close_app, make_app
from web import accounts, migrate, schema
from web.db import make_engine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def revision(engine):
    with engine.connect() as connection:
        return migrate.WEB.current_revision(connection)


def made_by_create_all(engine):
    """A database as the web's start-up made it before migrations: metadata.create_all, no version table.

    Only the baseline's tables, as web.schema still defines them (later revisions add tables and change
    none of these; once one changes them, build this from a frozen copy of the baseline's tables).
    """
    schema.metadata.create_all(engine, tables=[schema.metadata.tables[name] for name in migrate.BASELINE_TABLES])
    assert revision(engine) is None


def test_a_new_database_migrates_to_the_newest_revision(engine):
    migrate.upgrade(engine)
    assert revision(engine) == migrate.WEB.head_revision()
    migrate.upgrade(engine)  # a second start-up changes nothing
    assert revision(engine) == migrate.WEB.head_revision()


def test_migrated_tables_match_the_table_definitions(engine):
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": migrate.WEB.version_table})
        assert compare_metadata(context, schema.metadata) == []


def test_the_web_and_the_records_store_keep_separate_histories(engine, database_url):
    migrate.upgrade(engine)
    open_store(database_url).close()
    names = set(sa.inspect(engine).get_table_names())
    assert {"sharewise_web_alembic_version", "sharewise_records_alembic_version"} <= names
    assert "alembic_version" not in names
    assert revision(engine) == migrate.WEB.head_revision()


def test_a_database_made_by_create_all_is_adopted_with_its_rows(engine, database_url, tmp_path, web_pack_path):
    made_by_create_all(engine)
    accounts.add_user(engine, "legacy", PASSWORD, "officer", "Old Account", "Test Constabulary", "PC", "7777")
    app = make_app(tmp_path, web_pack_path, DATABASE_URL=database_url)  # start-up migrates
    try:
        assert revision(engine) == migrate.WEB.head_revision()
        assert "web_pack_drafts" in sa.inspect(engine).get_table_names()
        client = app.test_client()
        response = client.post("/auth/login", data={"username": "legacy", "password": PASSWORD})
        assert response.status_code == 302
        assert client.post("/check/new").status_code == 302
    finally:
        close_app(app)


def test_only_some_web_tables_without_a_history_are_refused(engine):
    schema.users.create(engine)
    with pytest.raises(RuntimeError, match="missing: web_api_tokens, web_drafts, web_login_attempts"):
        migrate.upgrade(engine)
    assert revision(engine) is None


def test_several_workers_can_migrate_a_new_database_at_once(database_url, engine):
    code = "import sys; from web import db, migrate; migrate.upgrade(db.make_engine(sys.argv[1])); print('ok')"
    results = run_together(code, database_url)
    assert [result.code for result in results] == [0] * 3, results
    assert revision(engine) == migrate.WEB.head_revision()
