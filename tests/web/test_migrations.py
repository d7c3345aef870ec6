"""The web tables migrate with Alembic: a new database, one made by the old create_all, and several workers.

Every test runs on SQLite and, when SHAREWISE_TEST_POSTGRES_URL is set, on PostgreSQL (``database_url``).
"""

import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from engine.records import open_store
from tests.conftest import run_together
from tests.web.conftest import PASSWORD, PASSWORD_HASH, close_app, make_app
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


def baseline_metadata():
    """The tables as the web's start-up made them before migrations (revision 0001), frozen here now that
    later revisions have changed web.schema."""
    metadata = sa.MetaData()
    sa.Table(
        "web_users",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rank_or_role", sa.String(100), nullable=False),
        sa.Column("force_number", sa.String(40), nullable=False),
        sa.Column("force", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "web_api_tokens",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_at", sa.DateTime),
    )
    sa.Table(
        "web_drafts",
        metadata,
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "web_login_attempts",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False, index=True),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
    )
    return metadata


BASELINE_TABLES = baseline_metadata()


def made_by_create_all(engine):
    """A database as the web's start-up made it before migrations: the 0001 tables, no version table."""
    BASELINE_TABLES.create_all(engine)
    assert revision(engine) is None


def legacy_user(engine, username, force, number, *, when):
    """An account row as the 0001 tables held it (no normalised columns)."""
    users = BASELINE_TABLES.tables["web_users"]
    with engine.begin() as connection:
        return connection.execute(
            users.insert()
            .values(
                username=username,
                password_hash=PASSWORD_HASH,
                role="officer",
                name=username,
                rank_or_role="PC",
                force_number=number,
                force=force,
                active=True,
                created_at=when,
            )
            .returning(users.c.id)
        ).scalar_one()


HEAD = migrate.WEB.head_revision()


def test_a_new_database_migrates_to_the_newest_revision(engine):
    migrate.upgrade(engine)
    assert revision(engine) == HEAD != migrate.BASELINE
    migrate.upgrade(engine)  # a second start-up changes nothing
    assert revision(engine) == HEAD


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
    assert revision(engine) == HEAD


def test_a_database_made_by_create_all_is_adopted_with_its_rows(engine, database_url, tmp_path, web_pack_path):
    made_by_create_all(engine)
    legacy_user(engine, "legacy", "Test Constabulary", "7777", when=datetime.datetime(2026, 1, 1))
    app = make_app(tmp_path, web_pack_path, DATABASE_URL=database_url)  # start-up migrates
    try:
        assert revision(engine) == HEAD  # the baseline stamped, then the later revisions run
        assert {"web_meetings", "web_meeting_subjects", "web_training_attempts", "web_pack_drafts"} <= set(
            sa.inspect(engine).get_table_names()
        )
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
    assert revision(engine) == HEAD


def test_identities_that_clash_once_normalised_are_disabled_not_merged(engine):
    made_by_create_all(engine)
    when = datetime.datetime(2026, 1, 1)
    first = legacy_user(engine, "jbloggs", "Test Constabulary", "7777", when=when)
    same_name = legacy_user(engine, "JBloggs", "Other Constabulary", "1", when=when)
    same_number = legacy_user(engine, "imposter", "test  constabulary", " 7777", when=when)
    migrate.upgrade(engine)
    by_id = {user["id"]: user for user in accounts.list_users(engine)}
    assert by_id[first]["active"] and by_id[first]["username_key"] == "jbloggs"
    assert by_id[first]["number_key"] == "7777" and by_id[first]["force_key"] == "test constabulary"
    assert not by_id[same_name]["active"] and by_id[same_name]["username_key"] is None
    assert not by_id[same_number]["active"] and by_id[same_number]["number_key"] is None
    assert accounts.get_user_by_username(engine, "JBLOGGS")["id"] == first


def test_existing_tokens_get_an_expiry_and_the_decide_scope(engine):
    made_by_create_all(engine)
    owner = legacy_user(engine, "owner", "Test Constabulary", "1", when=datetime.datetime(2026, 1, 1))
    tokens_table = BASELINE_TABLES.tables["web_api_tokens"]
    with engine.begin() as connection:
        connection.execute(
            tokens_table.insert().values(
                user_id=owner, token_hash="0" * 64, label="old", created_at=datetime.datetime(2026, 1, 1)
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(schema.api_tokens.select()).mappings().one()
    assert row["scope"] == "decide"
    assert row["expires_at"] > datetime.datetime.now() + datetime.timedelta(days=80)
    assert row["revoked_at"] is None


def test_the_audit_log_refuses_update_and_delete(engine):
    migrate.upgrade(engine)
    table = schema.audit_log
    with engine.begin() as connection:
        connection.execute(
            table.insert().values(
                at=datetime.datetime(2026, 1, 1), event="auth.sign_in", outcome="ok", actor="", address="", details="{}"
            )
        )
    for statement in (table.update().values(outcome="failed"), table.delete()):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(statement)
