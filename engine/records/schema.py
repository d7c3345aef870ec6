"""The records table, as SQLAlchemy Core sees it.

One row per record. ``body`` holds the record's canonical JSON text exactly as hashed; the other
columns are chain bookkeeping (``seq``, ``prev_hash``, ``hash``) or copies of body fields kept only so
that search and export need not parse every body (``decision_maker`` ... ``retain_until``). The chain
hash covers every column, so a copy cannot drift from its body unnoticed.

Migrations (``engine/records/migrations``) create this table; they do not import it, because a
migration must stay as it was written. ``tests/records/test_schema.py`` checks the two agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

records = sa.Table(
    "justification_records",
    metadata,
    # Position in the chain: 1, 2, 3 ... with no gaps, assigned while the append lock is held.
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    # The id of the record this one amends. Checked by the store under the append lock rather than by a
    # foreign key: on PostgreSQL a foreign-key check locks the referenced row, which needs the UPDATE
    # privilege that is revoked here, and a record can never be deleted anyway.
    sa.Column("amends", sa.String(36), nullable=True),
    # A supervisor's review entry (kind "review"): the id of the record it reviews, copied from the body.
    # Added by migration 0002; NULL on every other entry.
    sa.Column("reviews", sa.String(36), nullable=True),
    # UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ": fixed width, so text order is time order on every database.
    sa.Column("created_at", sa.String(27), nullable=False),
    # When the store accepted the record, from the store's clock while holding the append lock. Unlike
    # created_at (set by whoever built the record), a caller cannot backdate it.
    sa.Column("appended_at", sa.String(27), nullable=False),
    sa.Column("decision_maker", sa.Text(), nullable=False),
    sa.Column("force_number", sa.String(64), nullable=False),
    sa.Column("force", sa.Text(), nullable=False),
    sa.Column("review_date", sa.String(10), nullable=False),
    sa.Column("retain_until", sa.String(10), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("body_sha256", sa.String(64), nullable=False),
    # UNIQUE prev_hash is the database's own guarantee that the chain cannot fork: two records can never
    # name the same predecessor, even if the append lock were somehow bypassed.
    sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Index("ix_justification_records_created_at", "created_at"),
    sa.Index("ix_justification_records_force_number", "force_number"),
    sa.Index("ix_justification_records_force", "force"),
    sa.Index("ix_justification_records_reviews", "reviews"),
)

# The columns copied out of the body, and where each comes from.
INDEX_COLUMNS = ("decision_maker", "force_number", "force", "review_date", "retain_until")


def index_columns(body: dict[str, Any]) -> dict[str, Any]:
    """Return the searchable copies of ``body`` fields, as stored next to it.

    A review entry keeps the review and retention dates of the record it reviews (``retention``), so
    that it lives exactly as long as that record; every other entry has its own (``review``).
    """
    maker = body["decision_maker"]
    schedule = body["retention"] if body["kind"] == "review" else body["review"]
    return {
        "decision_maker": maker["name"],
        "force_number": maker["force_number"],
        "force": maker["force"],
        "review_date": schedule["review_date"],
        "retain_until": schedule["retain_until"],
    }
