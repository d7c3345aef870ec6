"""Meetings in the database: what a meeting fixes, its agenda subjects, their checks and their records.

A meeting belongs to the officer who opened it; every read and write is scoped to them, so another officer's
meeting id is simply not found. A subject's check is an ordinary questionnaire draft (``web.draft_store``)
prefilled with what the meeting fixes; once its justification record is saved the subject keeps the record's
id, which is how the meeting pack finds it (the record itself names the meeting too).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any, TypedDict

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import meeting_subjects, meetings


class Subject(TypedDict):
    id: int
    position: int
    label: str
    draft_id: str | None
    record_id: str | None


class Meeting(TypedDict):
    id: str
    kind: str
    held_on: datetime.date
    agreement_reference: str | None  # None until chosen; "" for no agreement on the register
    purpose: str | None
    subjects: list[Subject]


def new_meeting(engine: Engine, user_id: int, kind: str, held_on: datetime.date) -> str:
    """Open a meeting; returns its unguessable id."""
    meeting_id = secrets.token_urlsafe(16)
    now = utcnow()
    with transaction(engine) as conn:
        conn.execute(
            insert(meetings).values(
                id=meeting_id, user_id=user_id, kind=kind, held_on=held_on, created_at=now, updated_at=now
            )
        )
    return meeting_id


def get_meeting(engine: Engine, meeting_id: str, user_id: int) -> Meeting | None:
    """The user's meeting with its subjects in agenda order, or None (also for another user's)."""
    with engine.connect() as conn:
        row = (
            conn.execute(select(meetings).where(meetings.c.id == meeting_id, meetings.c.user_id == user_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        subjects = conn.execute(
            select(meeting_subjects)
            .where(meeting_subjects.c.meeting_id == meeting_id)
            .order_by(meeting_subjects.c.position)
        ).mappings()
        return {
            "id": row["id"],
            "kind": row["kind"],
            "held_on": row["held_on"],
            "agreement_reference": row["agreement_reference"],
            "purpose": row["purpose"],
            "subjects": [
                {
                    "id": s["id"],
                    "position": s["position"],
                    "label": s["label"],
                    "draft_id": s["draft_id"],
                    "record_id": s["record_id"],
                }
                for s in subjects
            ],
        }


def list_meetings(engine: Engine, user_id: int) -> list[dict[str, Any]]:
    """The user's meetings, the most recent date first, each with its number of subjects."""
    counts = (
        select(meeting_subjects.c.meeting_id, func.count().label("subjects"))
        .group_by(meeting_subjects.c.meeting_id)
        .subquery()
    )
    with engine.connect() as conn:
        rows = conn.execute(
            select(meetings, func.coalesce(counts.c.subjects, 0).label("subjects"))
            .outerjoin(counts, counts.c.meeting_id == meetings.c.id)
            .where(meetings.c.user_id == user_id)
            .order_by(meetings.c.held_on.desc(), meetings.c.created_at.desc())
        ).mappings()
        return [dict(row) for row in rows]


def set_terms(engine: Engine, meeting_id: str, user_id: int, **terms: Any) -> None:
    """Set what the meeting fixes: ``agreement_reference`` and/or ``purpose``."""
    allowed = {key: value for key, value in terms.items() if key in ("agreement_reference", "purpose")}
    with transaction(engine) as conn:
        conn.execute(
            update(meetings)
            .where(meetings.c.id == meeting_id, meetings.c.user_id == user_id)
            .values(**allowed, updated_at=utcnow())
        )


def add_subject(engine: Engine, meeting_id: str, label: str) -> int:
    """Add an agenda subject at the end of the agenda; returns its id. The caller owns the meeting."""
    with transaction(engine) as conn:
        last = conn.execute(
            select(func.max(meeting_subjects.c.position)).where(meeting_subjects.c.meeting_id == meeting_id)
        ).scalar()
        result = conn.execute(
            insert(meeting_subjects).values(
                meeting_id=meeting_id, position=(last or 0) + 1, label=label, created_at=utcnow()
            )
        )
        conn.execute(update(meetings).where(meetings.c.id == meeting_id).values(updated_at=utcnow()))
        key = result.inserted_primary_key
        return int(key[0]) if key else 0


def link_draft(engine: Engine, meeting_id: str, subject_id: int, draft_id: str) -> None:
    """Attach a subject's check (a draft) to it."""
    with transaction(engine) as conn:
        conn.execute(
            update(meeting_subjects)
            .where(meeting_subjects.c.id == subject_id, meeting_subjects.c.meeting_id == meeting_id)
            .values(draft_id=draft_id)
        )


def subject_for_draft(engine: Engine, draft_id: str, user_id: int) -> tuple[Meeting, Subject] | None:
    """The user's meeting and subject whose check is this draft, or None for an ordinary check."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(meeting_subjects.c.id, meeting_subjects.c.meeting_id)
                .join(meetings, meetings.c.id == meeting_subjects.c.meeting_id)
                .where(meeting_subjects.c.draft_id == draft_id, meetings.c.user_id == user_id)
            )
            .mappings()
            .first()
        )
    if row is None:
        return None
    meeting = get_meeting(engine, row["meeting_id"], user_id)
    if meeting is None:  # pragma: no cover - the join above found it
        return None
    subject = next(s for s in meeting["subjects"] if s["id"] == row["id"])
    return meeting, subject


def subject_labels(engine: Engine, draft_ids: list[str], user_id: int) -> dict[str, str]:
    """The agenda subject of each of these drafts that is a check for one of the user's meetings, by draft id
    (a list of unfinished checks names the subject: a meeting's checks otherwise all read the same)."""
    if not draft_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(meeting_subjects.c.draft_id, meeting_subjects.c.label)
            .join(meetings, meetings.c.id == meeting_subjects.c.meeting_id)
            .where(meeting_subjects.c.draft_id.in_(draft_ids), meetings.c.user_id == user_id)
        )
        return {row.draft_id: row.label for row in rows}


def link_record(engine: Engine, subject_id: int, record_id: str) -> None:
    """Keep the justification record saved for a subject (its draft is gone once the record is saved)."""
    with transaction(engine) as conn:
        conn.execute(update(meeting_subjects).where(meeting_subjects.c.id == subject_id).values(record_id=record_id))
