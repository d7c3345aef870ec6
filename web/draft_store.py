"""Questionnaire drafts in the database: the answers so far, kept server-side, one officer's each.

Drafts let an officer stop and resume. The session cookie carries only the user id, so nothing of the
answers travels in the cookie. Every read and write is scoped to the draft's owner: another officer's
draft id is simply not found.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any, TypedDict

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import drafts


class Draft(TypedDict):
    """A draft as the pages use it."""

    id: str
    answers: dict[str, Any]
    # Question ids in the order the officer met them (it drives the back link).
    asked: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DraftSummary(TypedDict):
    """A draft as the lists of unfinished checks show it."""

    id: str
    answers: dict[str, Any]
    updated_at: datetime.datetime


def new_draft(engine: Engine, user_id: int) -> str:
    """Start an empty draft for a user; returns its unguessable id."""
    draft_id = secrets.token_urlsafe(16)
    now = utcnow()
    body = json.dumps({"answers": {}, "asked": []})
    with transaction(engine) as conn:
        conn.execute(insert(drafts).values(id=draft_id, user_id=user_id, body=body, created_at=now, updated_at=now))
    return draft_id


def get_draft(engine: Engine, draft_id: str, user_id: int) -> Draft | None:
    """The user's draft, or None (also for another user's draft)."""
    with engine.connect() as conn:
        row = (
            conn.execute(select(drafts).where(drafts.c.id == draft_id, drafts.c.user_id == user_id)).mappings().first()
        )
    if row is None:
        return None
    body = json.loads(row["body"])
    return {
        "id": row["id"],
        "answers": body["answers"],
        "asked": body["asked"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def save_draft(engine: Engine, draft_id: str, user_id: int, answers: dict[str, Any], asked: list[str]) -> None:
    """Replace a draft's answers and the order in which they were asked."""
    body = json.dumps({"answers": answers, "asked": asked})
    with transaction(engine) as conn:
        conn.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.user_id == user_id)
            .values(body=body, updated_at=utcnow())
        )


def delete_draft(engine: Engine, draft_id: str, user_id: int) -> None:
    """Forget a draft (after its record is saved, or when the officer discards it)."""
    with transaction(engine) as conn:
        conn.execute(delete(drafts).where(drafts.c.id == draft_id, drafts.c.user_id == user_id))


def list_drafts(engine: Engine, user_id: int, retention_days: int) -> list[DraftSummary]:
    """The user's drafts still within the retention period, newest first. Reads only.

    Expired drafts are left out even before ``purge_expired_drafts`` deletes them.
    """
    with engine.connect() as conn:
        rows = conn.execute(
            select(drafts)
            .where(drafts.c.user_id == user_id, drafts.c.updated_at >= _retention_cutoff(retention_days))
            .order_by(drafts.c.updated_at.desc())
        ).mappings()
        return [
            {"id": r["id"], "answers": json.loads(r["body"])["answers"], "updated_at": r["updated_at"]} for r in rows
        ]


def purge_expired_drafts(engine: Engine, retention_days: int) -> int:
    """Delete every user's drafts not touched within the retention period; returns how many went."""
    with transaction(engine) as conn:
        result = conn.execute(delete(drafts).where(drafts.c.updated_at < _retention_cutoff(retention_days)))
        return result.rowcount


def _retention_cutoff(retention_days: int) -> datetime.datetime:
    """Drafts last touched before this have outlived the retention period."""
    return utcnow() - datetime.timedelta(days=retention_days)
