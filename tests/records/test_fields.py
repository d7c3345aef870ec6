"""The small validators: each returns a clean value or a RecordError naming the field."""

import datetime

import pytest

from engine.records import fields
from engine.records.errors import RecordError


def field_of(call, *args, **kwargs):
    with pytest.raises(RecordError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_text_is_stripped_and_blank_means_absent():
    assert fields.text("  hi ", "f", required=True) == "hi"
    assert fields.text("   ", "f", required=False) is None
    assert field_of(fields.text, " ", "f", required=True).problem == "is required"
    assert "must be text" in field_of(fields.text, 5, "f", required=True).problem


def test_boolean_is_strict():
    assert fields.boolean(False, "f") is False
    for value in ("false", 0, None):
        assert field_of(fields.boolean, value, "f").field == "f"


def test_dates():
    assert fields.date("2026-02-28", "f", required=True) == datetime.date(2026, 2, 28)
    assert fields.date(datetime.date(2026, 1, 1), "f", required=True) == datetime.date(2026, 1, 1)
    assert fields.date("", "f", required=False) is None
    for value in ("2026-02-30", "28/02/2026", "2026-2-1", datetime.datetime(2026, 1, 1)):
        assert field_of(fields.date, value, "f", required=True).field == "f"


def test_utc_datetime_and_text():
    moment = fields.utc_datetime("2026-11-21T14:05:00+01:00", "f")
    assert fields.utc_text(moment) == "2026-11-21T13:05:00.000000Z"
    assert fields.utc_text(fields.utc_datetime("2026-11-21T13:05:00Z", "f")) == "2026-11-21T13:05:00.000000Z"
    assert "time zone" in field_of(fields.utc_datetime, "2026-11-21T14:05:00", "f").problem


def test_only_keys_names_the_unknown_key():
    assert field_of(fields.only_keys, {"a": 1, "zz": 2}, ("a",), "sec").field == "sec.zz"


def test_one_of_lists_the_choices():
    assert "one of: a, b" in field_of(fields.one_of, "c", ("a", "b"), "f").problem
