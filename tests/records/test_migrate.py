"""Schema migrations run on open: once, under the write lock, even with several processes starting at once."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from engine.records import migrate, open_store
from engine.records.schema import metadata
from tests.conftest import run_together


def test_open_migrates_to_head_and_reopening_is_a_no_op(store_url):
    with open_store(store_url) as store, store._engine.connect() as connection:
        assert migrate.RECORDS.current_revision(connection) == migrate.RECORDS.head_revision() == "0002_reviews"
    with open_store(store_url) as store:
        assert store.head() is None


def test_migrated_schema_matches_the_table_definition(store_url):
    with open_store(store_url) as store, store._engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": migrate.RECORDS.version_table})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_version_table_is_our_own(store_url):
    """The web front end may keep its own Alembic history in the same database."""
    with open_store(store_url) as store:
        names = sa.inspect(store._engine).get_table_names()
    assert "sharewise_records_alembic_version" in names and "alembic_version" not in names


def test_several_processes_can_open_a_new_store_at_once(store_url):
    code = "import sys; from engine.records import open_store; open_store(sys.argv[1]).close(); print('ok')"
    results = run_together(code, store_url)
    assert [result.code for result in results] == [0] * 3, results
    with open_store(store_url) as store, store._engine.connect() as connection:
        assert migrate.RECORDS.current_revision(connection) == "0002_reviews"
