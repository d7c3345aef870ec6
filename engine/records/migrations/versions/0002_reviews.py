"""Supervisors' reviews: a column pointing a review entry at the record it reviews.

Revision ID: 0002_reviews
Revises: 0001
Create Date: 2026-12-01

A review is its own entry in the chain (``kind: review``), never a change to the record it reviews. Its
``reviews`` column copies the id of that record out of the body, like ``amends``, so that a record's
reviews can be found without reading every body. Earlier rows keep NULL there, and the chain hash takes
the column in only when it holds a value, so every existing hash still verifies. Adding a nullable column
changes no row, so the append-only guards (which refuse UPDATE and DELETE) are not touched.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_reviews"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLE = "justification_records"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("reviews", sa.String(36), nullable=True))
    op.create_index("ix_justification_records_reviews", TABLE, ["reviews"])


def downgrade() -> None:
    raise NotImplementedError("the records store is append-only: migrations go forward only")
