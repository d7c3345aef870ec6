"""The hash chain: how a row's hash is made, and how a whole chain is checked.

Each row's hash is SHA-256 over canonical JSON of every column except ``body`` and ``hash`` itself;
the body enters through ``body_sha256``. Keeping the body out of the chain material directly means a
body could one day be disposed of at the end of its retention period while the chain still verifies
(not done yet: see docs/records.md). Because ``prev_hash`` is part of the material, each hash commits
to the whole history before it.

This module knows nothing about databases: ``verify_rows`` takes rows in ``seq`` order and a function
that finds a row by its hash, so the same code checks SQLite, PostgreSQL or an export file.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from engine.records.canonical import GENESIS_HASH, canonical_json, sha256_hex
from engine.records.schema import index_columns

CHAIN_FORMAT = 1

# A stored row (or an exported one): column name -> value. Keys are Any because SQLAlchemy's RowMapping,
# which store.py passes in, also accepts Column objects as keys.
Row = Mapping[Any, Any]

# The columns the row hash covers, in the order they are documented (order does not matter: canonical
# JSON sorts keys).
HASHED_COLUMNS = (
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
)

# Columns added after the first records were written: hashed only when they hold a value, so that rows
# written before them (where they are NULL) keep the hash they were given.
LATER_COLUMNS = ("reviews",)


def row_hash(row: Row) -> str:
    """Return the hash a row with these column values must carry."""
    material = {name: row[name] for name in HASHED_COLUMNS}
    material.update({name: row[name] for name in LATER_COLUMNS if row.get(name) is not None})
    material["chain_format"] = CHAIN_FORMAT
    return sha256_hex(canonical_json(material))


def row_problem(row: Row) -> str | None:
    """Return why a row is not consistent with itself, or None if it is.

    This catches any change to a single stored value: the body against its digest, the copied columns
    against the body, and every column against the row hash.
    """
    body_text = row["body"]
    if not isinstance(body_text, str) or sha256_hex(body_text) != row["body_sha256"]:
        return "its content does not match the digest recorded with it (the record was changed)"
    try:
        body = json.loads(body_text)
        canonical = canonical_json(body)
    except ValueError:
        return "its content is not valid JSON (the record was changed)"
    if canonical != body_text:
        return "its content is not in canonical form (the record was changed)"
    try:
        expected = {
            "id": body["id"],
            "kind": body["kind"],
            "amends": body["amends"]["id"] if body["amends"] else None,
            "reviews": body["reviews"]["id"] if body.get("reviews") else None,
            "created_at": body["created_at"],
            **index_columns(body),
        }
    except (KeyError, TypeError):
        return "its content lacks the fields every record has (the record was changed)"
    for name, value in expected.items():
        if row.get(name) != value:
            return f"its {name} column does not match its content (the record was changed)"
    if row_hash(row) != row["hash"]:
        return "its hash does not match its contents (the record was changed)"
    return None


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking a chain.

    Attributes:
        ok: True when every record is intact and linked, and the anchor (if given) was found.
        checked: how many records were read.
        first_bad: the id of the first record found to be bad, or None.
        first_bad_seq: its position in the chain, or None.
        reason: plain-English explanation of the first problem, or None.
        head: ``{"seq", "id", "hash", "created_at"}`` of the last record read, or None for an empty chain.
    """

    ok: bool
    checked: int
    first_bad: str | None = None
    first_bad_seq: int | None = None
    reason: str | None = None
    head: dict[str, Any] | None = None

    def describe(self) -> str:
        """One line for a person: what was checked and, on failure, which record and why."""
        if self.ok:
            if self.head is None:
                return "OK: the store holds no records"
            return f"OK: {self.checked} records verified; chain head seq {self.head['seq']} hash {self.head['hash']}"
        if self.first_bad is None and self.first_bad_seq is None:
            return f"FAIL after {self.checked} records: {self.reason}"
        return f"FAIL: record {self.first_bad} (seq {self.first_bad_seq}): {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, for machine consumers such as a SIEM."""
        return dataclasses.asdict(self)


def _head_of(row: Row) -> dict[str, Any]:
    return {"seq": row["seq"], "id": row["id"], "hash": row["hash"], "created_at": row["created_at"]}


def _fail(checked: int, row: Row, reason: str, head: dict[str, Any] | None) -> VerifyResult:
    return VerifyResult(False, checked, row["id"], row["seq"], reason, head)


def _link_failure(
    row: Row, previous: Row | None, find_by_hash: Callable[[str], Row | None], checked: int, head: dict[str, Any]
) -> VerifyResult:
    """Explain a broken link between ``previous`` (or the start) and ``row``, blaming the right record.

    Every row read so far is self-consistent, so the break means a record was removed, moved, or
    rewritten with recomputed hashes. The record blamed is the earliest one that must have changed.
    """
    expected_seq = 1 if previous is None else previous["seq"] + 1
    if row["seq"] == expected_seq:
        if previous is None:
            return _fail(
                checked,
                row,
                "it is first in the chain but does not start from the genesis hash (the record was rewritten)",
                head,
            )
        return _fail(
            checked,
            previous,
            f"its hash no longer matches the one the next record (seq {row['seq']}) "
            "recorded for it: this record, or the next, was rewritten",
            head,
        )
    culprit = find_by_hash(row["prev_hash"])
    if culprit is not None:
        reason = row_problem(culprit) or (
            f"it is stored at seq {culprit['seq']} but belongs at seq {row['seq'] - 1} (the record was moved)"
        )
        return _fail(checked, culprit, reason, head)
    if row["seq"] < expected_seq:
        return _fail(checked, row, f"its seq repeats or goes backwards (expected {expected_seq})", head)
    missing = f"seq {expected_seq}" if row["seq"] - 1 == expected_seq else f"seq {expected_seq} to {row['seq'] - 1}"
    return _fail(checked, row, f"the record(s) before it ({missing}) are missing: deleted from the store", head)


def verify_rows(
    rows: Iterable[Row],
    find_by_hash: Callable[[str], Row | None],
    expect_head: str | None = None,
    anchors: Mapping[int, str] | None = None,
) -> VerifyResult:
    """Check a chain and name the first bad record.

    Args:
        rows: mappings with every column, in ascending ``seq`` order.
        find_by_hash: ``f(hash) -> row or None``, used only to explain a broken link.
        expect_head: optional hash published earlier (printed on a record, sent to a SIEM). If given,
            it must still be in the chain, which detects records removed from the end.
        anchors: ``{seq: hash}`` from verified signed checkpoints (``engine.records.checkpoint``): the
            record at each seq must still carry that hash (a rewritten chain fails), and the chain must
            reach every seq (a truncated one fails). Seq 0 stands for the empty chain.

    Returns:
        VerifyResult
    """
    anchors = dict(anchors or {})
    if anchors.get(0, GENESIS_HASH) != GENESIS_HASH:
        return VerifyResult(
            False, 0, None, None, "a signed checkpoint of the empty chain has a hash other than genesis"
        )
    anchors.pop(0, None)
    previous: Row | None = None
    checked = 0
    anchor_seen = expect_head is None
    for row in rows:
        checked += 1
        head = _head_of(row)
        problem = row_problem(row)
        if problem is not None:
            return _fail(checked, row, problem, head)
        expected_prev = GENESIS_HASH if previous is None else previous["hash"]
        expected_seq = 1 if previous is None else previous["seq"] + 1
        if row["prev_hash"] != expected_prev or row["seq"] != expected_seq:
            return _link_failure(row, previous, find_by_hash, checked, head)
        if row["hash"] == expect_head:
            anchor_seen = True
        signed = anchors.pop(row["seq"], None)
        if signed is not None and signed != row["hash"]:
            return _fail(
                checked,
                row,
                "its hash is not the one a signed checkpoint recorded for this seq: the chain was rewritten "
                "here or before (every hash recomputed)",
                head,
            )
        previous = row
    last_head = _head_of(previous) if previous is not None else None
    if anchors:
        last_seq = previous["seq"] if previous is not None else 0
        return VerifyResult(
            False,
            checked,
            None,
            None,
            f"the store ends at seq {last_seq}, but a signed checkpoint vouches for seq {max(anchors)}: "
            "records have been removed from the end (the store was truncated)",
            last_head,
        )
    if not anchor_seen:
        return VerifyResult(
            False,
            checked,
            None,
            None,
            f"the anchored head hash {expect_head} is not in the chain: records after it "
            "have been removed, or it belongs to another store",
            last_head,
        )
    return VerifyResult(True, checked, head=last_head)
