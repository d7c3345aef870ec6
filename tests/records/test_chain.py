"""The chain logic on plain rows, without a database: hashing and naming the first bad record."""

import json

import pytest

from engine.records.builder import build_record
from engine.records.canonical import GENESIS_HASH, sha256_hex
from engine.records.chain import row_hash, row_problem, verify_rows
from engine.records.schema import index_columns
from tests.records.samples import inputs


def make_chain(count):
    """Rows exactly as the store would write them."""
    rows = []
    for seq in range(1, count + 1):
        record = build_record(**inputs())
        body = record.body
        row = {
            "seq": seq,
            "id": body["id"],
            "kind": body["kind"],
            "amends": None,
            "created_at": body["created_at"],
            "appended_at": body["created_at"],
            **index_columns(body),
            "body": record.text,
            "body_sha256": sha256_hex(record.text),
            "prev_hash": rows[-1]["hash"] if rows else GENESIS_HASH,
        }
        row["hash"] = row_hash(row)
        rows.append(row)
    return rows


def verify(rows, expect_head=None):
    by_hash = {row["hash"]: row for row in rows}
    return verify_rows(sorted(rows, key=lambda row: row["seq"]), by_hash.get, expect_head)


def test_empty_chain_is_ok():
    result = verify([])
    assert result.ok and result.checked == 0 and result.head is None
    assert result.describe() == "OK: the store holds no records"


def test_intact_chain_is_ok_and_reports_head():
    rows = make_chain(4)
    result = verify(rows)
    assert result.ok and result.checked == 4
    assert result.head["hash"] == rows[-1]["hash"]
    assert rows[0]["prev_hash"] == GENESIS_HASH
    assert all(rows[i]["prev_hash"] == rows[i - 1]["hash"] for i in range(1, 4))


def test_row_hash_covers_every_column_but_body_and_hash():
    row = make_chain(1)[0]
    for column in (
        "seq",
        "id",
        "kind",
        "amends",
        "created_at",
        "appended_at",
        "decision_maker",
        "force_number",
        "force",
        "review_date",
        "retain_until",
        "body_sha256",
        "prev_hash",
    ):
        changed = {**row, column: "x"}
        assert row_hash(changed) != row_hash(row), column


def test_body_change_is_caught_by_its_digest():
    row = make_chain(1)[0]
    body = json.loads(row["body"])
    body["necessity"] = "something else"
    assert "digest" in row_problem({**row, "body": json.dumps(body)})


def test_non_canonical_body_with_matching_digest_is_caught():
    row = make_chain(1)[0]
    spaced = json.dumps(json.loads(row["body"]), indent=1)
    assert "canonical" in row_problem({**row, "body": spaced, "body_sha256": sha256_hex(spaced)})


def test_deleted_record_names_the_gap():
    rows = make_chain(5)
    del rows[2]
    result = verify(rows)
    assert not result.ok
    assert result.first_bad == rows[2]["id"] and result.first_bad_seq == 4
    assert "seq 3" in result.reason and "missing" in result.reason


def test_deleted_first_records_are_noticed():
    rows = make_chain(3)[2:]
    result = verify(rows)
    assert not result.ok and "seq 1 to 2" in result.reason


def test_rewritten_record_with_recomputed_hash_is_named():
    rows = make_chain(4)
    target = dict(rows[1])
    target["force"] = "Another Force"
    body = json.loads(target["body"])
    body["decision_maker"]["force"] = "Another Force"
    target["body"] = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    target["body_sha256"] = sha256_hex(target["body"])
    target["hash"] = row_hash(target)
    rows[1] = target
    result = verify(rows)
    assert not result.ok and result.first_bad == target["id"] and "rewritten" in result.reason


def test_moved_record_is_named():
    rows = make_chain(4)
    rows[1] = {**rows[1], "seq": 99}
    result = verify(rows)
    assert not result.ok and result.first_bad == rows[1]["id"]


def test_anchor_detects_removed_tail():
    rows = make_chain(5)
    anchor = rows[-1]["hash"]
    assert verify(rows, expect_head=anchor).ok
    result = verify(rows[:3], expect_head=anchor)
    assert not result.ok and result.first_bad is None and "anchored head" in result.reason
    assert result.describe().startswith("FAIL after 3 records")


def test_first_record_not_starting_from_genesis_is_named():
    rows = make_chain(2)
    first = {**rows[0], "prev_hash": "1" * 64}
    first["hash"] = row_hash(first)
    result = verify([first, rows[1]])
    assert not result.ok and result.first_bad == first["id"] and "genesis" in result.reason


@pytest.mark.parametrize("broken", ["not json", '{"id": 1}'])
def test_garbage_body_is_reported_not_raised(broken):
    row = {**make_chain(1)[0], "body": broken, "body_sha256": sha256_hex(broken)}
    assert "changed" in row_problem(row)
