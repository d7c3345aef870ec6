"""Settings from the environment, with defaults that need no setup."""

import datetime

import pytest

from engine.records.config import RetentionPolicy, add_years, default_database_url
from engine.records.errors import RecordError


def test_default_store_is_sqlite_in_the_instance_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "inst"))
    assert default_database_url() == f"sqlite:///{tmp_path / 'inst' / 'sharewise.sqlite3'}"
    monkeypatch.delenv("SHAREWISE_INSTANCE_DIR")
    monkeypatch.chdir(tmp_path)
    assert default_database_url() == f"sqlite:///{tmp_path / 'instance' / 'sharewise.sqlite3'}"


def test_database_url_from_env(monkeypatch):
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", "postgresql://db.example/records")
    assert default_database_url() == "postgresql://db.example/records"


def test_retention_defaults_and_env(monkeypatch):
    assert RetentionPolicy.from_env() == RetentionPolicy(365, 6)
    monkeypatch.setenv("SHAREWISE_RECORD_REVIEW_DAYS", "90")
    assert RetentionPolicy.from_env().review_after_days == 90


@pytest.mark.parametrize("value", ["ten", "0", "-3"])
def test_bad_retention_setting_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("SHAREWISE_RECORD_RETAIN_YEARS", value)
    with pytest.raises(RecordError) as caught:
        RetentionPolicy.from_env()
    assert caught.value.field == "SHAREWISE_RECORD_RETAIN_YEARS"


def test_add_years_handles_leap_day():
    assert add_years(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert add_years(datetime.date(2026, 5, 4), 6) == datetime.date(2032, 5, 4)
