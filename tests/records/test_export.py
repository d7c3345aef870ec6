"""Export formats: CSV safety, the CSV columns, and the text layout."""

import io
import json

import pytest

from engine.records.export import CSV_COLUMNS, as_text, safe_cell, write_json


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (True, "true"),
        (3, "3"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_csv_covers_the_part_d2_fields():
    for column in (
        "decision_maker",
        "force_number",
        "authoriser",
        "request_direction",
        "requester",
        "identity_verification",
        "recipient",
        "data_subjects",
        "data_categories",
        "purpose",
        "legal_power",
        "data_protection_regime",
        "necessity",
        "proportionality",
        "consent",
        "what_was_shared",
        "redactions_applied",
        "method",
        "final_decision",
        "override_reason",
        "review_date",
        "retain_until",
        "pack_name",
        "pack_version",
        "pack_sha256",
        "as_at",
        "engine_version",
        "hash",
    ):
        assert column in CSV_COLUMNS, column


def test_text_is_in_reading_order_with_indented_continuations():
    text = as_text(
        {
            "necessity": "line one\nline two",
            "id": "abc",
            "answers": {"consent": "given"},
            "data_categories": ["identity", "address_contact"],
            "amends": None,
        },
        {"seq": 9, "hash": "h" * 64},
    )
    assert text.splitlines() == [
        "id: abc",
        "amends: -",
        "data_categories: identity, address_contact",
        "necessity: line one",
        "    line two",
        "answers.consent: given",
        f"chain_head: seq 9 hash {'h' * 64}",
    ]


def test_json_export_is_one_valid_document_even_when_empty():
    out = io.StringIO()
    write_json(out, iter([]), None, None, None)
    assert json.loads(out.getvalue())["records"] == []
