"""The filters a supervisor searches records with, as SQL over the store's table.

Most filters read copies of body fields kept in columns (officer, force, date). What the review queue
needs (the final and advised decisions, whether the advice was accepted, the urgency answer) is read
from the record's JSON body by the database itself: ``json_extract``/``json_type`` on SQLite,
``jsonb_extract_path_text`` on PostgreSQL, so a page of results never parses every body in Python.
"""

from __future__ import annotations

import dataclasses
import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from engine.records.reviews import EMERGENCY
from engine.records.schema import records
from engine.records.sections import DECISIONS
from engine.vocabulary import SHARING_DECISIONS

RECORD_KINDS = ("decision", "amendment")


@dataclasses.dataclass(frozen=True)
class Filters:
    """What to look for. Every field is optional; ``None`` means "any".

    Attributes:
        decision_maker: the officer's force number (exact) or name (exact, any case).
        force: the force name (exact, any case).
        text: words anywhere in the record (any case; ASCII case-folding on SQLite).
        final_decision: the officer's final decision (``share`` ... ``refer``).
        overridden: True for records where the advice was overridden, False where it was accepted.
        date_from, date_to: UTC days of ``created_at``, both included.
        needs_review: True for the review queue (see ``engine.records.reviews.needs_review``).
        reviewed: True for records with at least one review, False for those with none.
    """

    decision_maker: str | None = None
    force: str | None = None
    text: str | None = None
    final_decision: str | None = None
    overridden: bool | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    needs_review: bool | None = None
    reviewed: bool | None = None


def _text(dialect: str, *path: str) -> sa.ColumnElement[str]:
    """A text value inside the body, e.g. ``("decision", "final")``."""
    if dialect == "postgresql":
        return sa.func.jsonb_extract_path_text(sa.cast(records.c.body, postgresql.JSONB), *path)
    return sa.func.json_extract(records.c.body, "$." + ".".join(path))


def _is_false(dialect: str, *path: str) -> sa.ColumnElement[bool]:
    """A JSON ``false`` inside the body (not a missing value, not 0)."""
    if dialect == "postgresql":
        return _text(dialect, *path) == "false"
    return sa.func.json_type(records.c.body, "$." + ".".join(path)) == "false"


def conditions(filters: Filters, dialect: str) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses for ``filters`` on this database (``sqlite`` or ``postgresql``)."""
    where: list[sa.ColumnElement[bool]] = [records.c.kind.in_(RECORD_KINDS)]
    if filters.decision_maker:
        who = filters.decision_maker.strip()
        where.append(sa.or_(records.c.force_number == who, sa.func.lower(records.c.decision_maker) == who.lower()))
    if filters.force:
        where.append(sa.func.lower(records.c.force) == filters.force.strip().lower())
    if filters.text:
        where.append(records.c.body.icontains(filters.text.strip(), autoescape=True))
    if filters.final_decision in DECISIONS:
        where.append(_text(dialect, "decision", "final") == filters.final_decision)
    overridden = _is_false(dialect, "decision", "accepted")
    if filters.overridden is not None:
        where.append(overridden if filters.overridden else sa.not_(overridden))
    if filters.date_from is not None:
        where.append(records.c.created_at >= filters.date_from.isoformat())
    if filters.date_to is not None:
        where.append(records.c.created_at < (filters.date_to + datetime.timedelta(days=1)).isoformat())
    if filters.needs_review:
        shared = _text(dialect, "decision", "final").in_(SHARING_DECISIONS)
        where.append(
            sa.or_(
                overridden,
                sa.and_(shared, _text(dialect, "decision", "advised").in_(("refer", "do_not_share"))),
                sa.and_(shared, _text(dialect, "answers", "urgency") == EMERGENCY),
            )
        )
    if filters.reviewed is not None:
        reviews = sa.alias(records, "review_entries")
        has_review = sa.exists().where(reviews.c.reviews == records.c.id)
        where.append(has_review if filters.reviewed else sa.not_(has_review))
    return where
