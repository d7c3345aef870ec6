"""Connections: which URLs are accepted, and the SQLite settings the chain relies on."""

import sqlite3
import stat

import pytest
import sqlalchemy as sa

from engine.records import RecordError, StoreError, open_store
from engine.records.database import normalise_url, write_transaction
from tests.records.conftest import append_samples


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///records.sqlite3", "sqlite"),
    ],
)
def test_supported_urls(url, driver):
    assert normalise_url(url).drivername == driver


@pytest.mark.parametrize(
    "url",
    [
        "nonsense",
        "mysql://h/db",
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql+psycopg2://h/db",
        "sqlite+aiosqlite:///x.db",
    ],
)
def test_unsupported_urls_name_the_option(url):
    with pytest.raises(RecordError) as caught:
        normalise_url(url)
    assert caught.value.field == "--database"


def test_bad_url_message_does_not_echo_a_password():
    with pytest.raises(RecordError) as caught:
        normalise_url("mysql://user:s3cret@host/db")
    assert "s3cret" not in str(caught.value)


def test_sqlite_store_is_created_private_with_wal(tmp_path):
    path = tmp_path / "deep" / "er" / "records.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        append_samples(store, 1)
        with store._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30000
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_default_store_lives_in_the_instance_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "inst"))
    with open_store() as store:
        append_samples(store, 1)
    assert (tmp_path / "inst" / "sharewise.sqlite3").is_file()


def test_create_false_does_not_create(tmp_path):
    with pytest.raises(RecordError) as caught:
        open_store(f"sqlite:///{tmp_path / 'typo.sqlite3'}", create=False)
    assert caught.value.field == "--database"
    assert not (tmp_path / "typo.sqlite3").exists()
    sqlite3.connect(tmp_path / "other.sqlite3").close()
    with pytest.raises(RecordError, match="holds no records store"):
        open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}", create=False)


def test_unusable_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{blocker / 'records.sqlite3'}")


def test_unreachable_postgresql_is_a_store_error():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://nobody:pw@127.0.0.1:1/none")
    assert "pw" not in str(caught.value).replace("pwd", "")


def test_sqlite_write_transaction_takes_the_write_lock_at_begin(sqlite_url):
    """BEGIN IMMEDIATE: the lock is held before the head is read, so two appends cannot share a head."""
    with open_store(sqlite_url) as store, write_transaction(store._engine):
        other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT count(*) FROM justification_records").fetchone() == (0,)  # readers go on
        finally:
            other.close()


@pytest.mark.postgres
def test_postgresql_write_transaction_holds_the_advisory_lock(postgres_url):
    with open_store(postgres_url) as store, write_transaction(store._engine):
        probe = sa.create_engine(postgres_url)
        try:
            with probe.connect() as connection:
                granted = connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                ).scalar()
        finally:
            probe.dispose()
        assert granted >= 1


def test_database_errors_do_not_carry_record_content(sqlite_url):
    with open_store(sqlite_url) as store:
        assert store._engine.hide_parameters
