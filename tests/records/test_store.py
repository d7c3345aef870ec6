"""The store on a real database (SQLite file, and PostgreSQL when available): append, read, refuse change."""

import datetime

import pytest
import sqlalchemy as sa

from engine.records import RecordError, build_record, open_store
from engine.records.canonical import GENESIS_HASH
from engine.records.schema import records
from tests.records.conftest import append_samples
from tests.records.samples import inputs


def test_append_returns_the_stored_record_on_the_chain(store):
    first, second = append_samples(store, 2)
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["prev_hash"] == GENESIS_HASH and second["prev_hash"] == first["hash"]
    assert first["id"] != second["id"] and first["created_at"] <= second["created_at"]
    assert first["decision_maker"]["name"] == "PC Ada Example"
    assert store.head() == {"seq": 2, "id": second["id"], "hash": second["hash"], "created_at": second["created_at"]}
    assert store.verify().ok


def test_store_stamps_its_own_time_which_cannot_be_backdated(store):
    backdated = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    before = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    stored = store.append(build_record(**inputs(), now=backdated))
    assert stored["created_at"] == "2001-01-01T00:00:00.000000Z"
    assert stored["appended_at"] >= before and stored["appended_at"].endswith("Z")
    assert store.get(stored["id"])["appended_at"] == stored["appended_at"]


def test_empty_store(store):
    assert store.head() is None
    assert store.list() == []
    assert store.verify().ok


def test_get_returns_the_record_as_stored(store):
    stored = append_samples(store, 1)[0]
    assert store.get(stored["id"]) == {**stored, "amended_by": [], "reviewed_by": []}
    assert store.get("00000000-0000-0000-0000-000000000000") is None
    with pytest.raises(RecordError):
        store.get("")


def test_appending_the_same_record_twice_stores_it_once(store):
    record = build_record(**inputs())
    assert store.append(record) == store.append(record)
    assert store.head()["seq"] == 1


def test_only_built_records_can_be_appended(store):
    with pytest.raises(RecordError) as caught:
        store.append({"id": "x"})
    assert caught.value.field == "record"


def test_amendment_is_a_new_record_referencing_the_old(store):
    original = append_samples(store, 1)[0]
    amendment = store.append(build_record(**inputs(), amends=original["id"], amendment_reason="Wrong team."))
    assert amendment["seq"] == 2 and amendment["amends"] == {"id": original["id"], "reason": "Wrong team."}
    assert store.get(original["id"])["amended_by"] == [amendment["id"]]
    assert store.get(original["id"])["hash"] == original["hash"]
    with pytest.raises(RecordError) as caught:
        store.append(build_record(**inputs(), amends="11111111-1111-4111-8111-111111111111", amendment_reason="x"))
    assert caught.value.field == "amends"
    assert store.verify().ok


def test_list_filters_by_officer_force_and_text(store):
    append_samples(store, 2)
    other = {
        "name": "DC Cy Other",
        "rank_or_role": "Detective Constable",
        "force_number": "DC77",
        "force": "Otherwick Constabulary",
    }
    append_samples(store, 1, officer=other, sharing={"what_was_shared": "A 100% match, from the_registry"})
    assert [r["seq"] for r in store.list()] == [3, 2, 1]
    assert [r["seq"] for r in store.list(decision_maker="PC1234")] == [2, 1]
    assert [r["seq"] for r in store.list(decision_maker="dc cy other")] == [3]
    assert [r["seq"] for r in store.list(force="exampleshire police")] == [2, 1]
    assert [r["seq"] for r in store.list(text="100% match")] == [3]
    assert [r["seq"] for r in store.list(text="the_registry")] == [3]
    assert store.list(text="the%registry") == []
    assert [r["seq"] for r in store.list(limit=1, offset=1)] == [2]


@pytest.mark.parametrize(
    ("limit", "offset", "field"), [(0, 0, "limit"), (5000, 0, "limit"), (10, -1, "offset"), ("10", 0, "limit")]
)
def test_list_paging_is_checked(store, limit, offset, field):
    with pytest.raises(RecordError) as caught:
        store.list(limit=limit, offset=offset)
    assert caught.value.field == field


def test_export_by_utc_day(store):
    days = [datetime.datetime(2026, 3, day, 23, 59, 59, tzinfo=datetime.UTC) for day in (1, 2, 3)]
    for moment in days:
        store.append(build_record(**inputs(), now=moment))

    def seqs(date_from=None, date_to=None):
        return [r["seq"] for r in store.export(date_from, date_to)]

    assert seqs() == [1, 2, 3]
    assert seqs(datetime.date(2026, 3, 2)) == [2, 3]
    assert seqs(None, datetime.date(2026, 3, 2)) == [1, 2]
    assert seqs(datetime.date(2026, 3, 2), datetime.date(2026, 3, 2)) == [2]


def test_export_pages_through_a_large_store(store, monkeypatch):
    monkeypatch.setattr("engine.records.store.PAGE", 3)
    append_samples(store, 7)
    assert [r["seq"] for r in store.export()] == list(range(1, 8))
    assert store.verify().checked == 7


def _raw_engine(store):
    return store._engine  # the store's own engine: the same privileges the application has


def test_database_refuses_update(store):
    append_samples(store, 2)
    with pytest.raises(sa.exc.DBAPIError) as caught, _raw_engine(store).begin() as connection:
        connection.execute(sa.update(records).values(force="Elsewhere"))
    assert "append-only" in str(caught.value) or "permission denied" in str(caught.value)
    assert store.verify().ok


def test_database_refuses_delete(store):
    append_samples(store, 2)
    with pytest.raises(sa.exc.DBAPIError), _raw_engine(store).begin() as connection:
        connection.execute(sa.delete(records).where(records.c.seq == 2))
    with pytest.raises(sa.exc.DBAPIError), _raw_engine(store).begin() as connection:
        connection.execute(sa.delete(records))
    assert store.head()["seq"] == 2 and store.verify().ok


@pytest.mark.postgres
def test_postgresql_trigger_refuses_even_when_privileges_are_granted_back(postgres_url):
    """On PostgreSQL two locks guard the rows: revoked privileges, and behind them a trigger."""
    with open_store(postgres_url) as store:
        append_samples(store, 1)
        for statement in (
            "UPDATE justification_records SET force = 'x'",
            "DELETE FROM justification_records",
            "TRUNCATE justification_records",
        ):
            with pytest.raises(sa.exc.DBAPIError) as caught, _raw_engine(store).begin() as connection:
                connection.exec_driver_sql("GRANT UPDATE, DELETE, TRUNCATE ON justification_records TO CURRENT_USER")
                connection.exec_driver_sql(statement)
            assert "append-only" in str(caught.value)
        assert store.verify().ok


def test_sqlite_truncate_is_refused_too(sqlite_url):
    with open_store(sqlite_url) as store:
        append_samples(store, 3)
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), _raw_engine(store).begin() as connection:
            connection.exec_driver_sql("DELETE FROM justification_records")
        assert store.head()["seq"] == 3


def test_records_survive_reopening(store_url):
    with open_store(store_url) as store:
        stored = append_samples(store, 3)
    with open_store(store_url, create=False) as store:
        assert store.get(stored[1]["id"])["hash"] == stored[1]["hash"]
        assert store.verify().ok
