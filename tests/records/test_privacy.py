"""Records hold sensitive personal data: none of it may reach a log or an error message."""

import logging

import pytest
import sqlalchemy as sa

from engine.records import RecordError, StoreError, build_record, open_store
from engine.records.database import operational_errors
from engine.records.schema import records
from tests.records.conftest import append_samples
from tests.records.samples import MARKER, inputs


def test_nothing_personal_is_logged(store_url, caplog, records_cli):
    caplog.set_level(logging.DEBUG)
    with open_store(store_url) as store:
        stored = append_samples(store, 2)
        store.get(stored[0]["id"])
        store.list(text=MARKER)
        list(store.export())
        store.verify()
    records_cli("show", stored[0]["id"], "--database", store_url)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "appended" in logged  # the log is not simply empty
    for secret in (MARKER, "PC Ada Example", "Call-back via the MASH"):
        assert secret not in logged


def test_database_errors_never_carry_record_content(store_url):
    with open_store(store_url) as store:
        record = build_record(**inputs())
        with pytest.raises(StoreError) as caught, operational_errors("append"), store._engine.begin() as connection:
            row = {column.name: MARKER for column in records.columns}
            row.update(seq=1, kind=MARKER)
            connection.execute(sa.insert(records).values(**row))
            connection.execute(sa.insert(records).values(**row))  # duplicate key
        assert MARKER not in str(caught.value)
        assert record.id not in str(caught.value)


def test_validation_errors_never_carry_record_content():
    with pytest.raises(RecordError) as caught:
        build_record(**inputs(officer={"force_number": MARKER * 20}))
    assert MARKER not in str(caught.value)
