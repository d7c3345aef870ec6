"""Canonical JSON must give the same bytes for the same data, whatever the key order or platform."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.records.canonical import GENESIS_HASH, canonical_json, check_json, sha256_hex
from engine.records.errors import RecordError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


def test_keys_sorted_no_whitespace_unicode_kept():
    assert canonical_json({"b": 1, "a": ["é", None]}) == '{"a":["é",null],"b":1}'


def test_sha256_of_utf8_text():
    assert sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert GENESIS_HASH == "0" * 64


@given(json_values)
def test_round_trip_is_stable(value):
    text = canonical_json(value)
    check_json(value, "value")
    assert canonical_json(json.loads(text)) == text


@given(st.dictionaries(st.text(), st.integers(), min_size=2))
def test_key_order_does_not_matter(mapping):
    reordered = dict(reversed(list(mapping.items())))
    assert canonical_json(reordered) == canonical_json(mapping)


def test_control_characters_are_escaped_so_postgresql_text_can_hold_them():
    assert canonical_json("a\x00b") == '"a\\u0000b"'


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"a": float("nan")}, "value.a"),
        ({"a": [1, object()]}, "value.a[1]"),
        ({"a": {"b": "\ud800"}}, "value.a.b"),
        ({1: "x"}, "value"),
    ],
)
def test_check_json_names_the_bad_part(value, field):
    with pytest.raises(RecordError) as caught:
        check_json(value, "value")
    assert caught.value.field == field
