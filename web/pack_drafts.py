"""Draft policy packs in the database: one legal user's each, kept until discarded or the retention ends.

A draft holds the files read from the upload (text only), what validation found (``file:line:
message``), and the state and result of its impact against the live pack: ``invalid`` (the draft has
problems; no impact is worked out), ``queued``, ``running``, ``done`` (the report is kept) or ``failed``
(why is kept). Every read and write by a page is scoped to the owner; the impact worker updates by id.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import pack_drafts

INVALID, QUEUED, RUNNING, DONE, FAILED = "invalid", "queued", "running", "done", "failed"
SUMMARY_COLUMNS = ("id", "name", "status", "created_at", "started_at", "finished_at")


def new_draft(engine: Engine, user_id: int, name: str, files: dict[str, str], problems: list[str]) -> str:
    """Keep an uploaded draft; returns its unguessable id. A draft with problems is ``invalid``."""
    draft_id = secrets.token_urlsafe(24)
    with transaction(engine) as conn:
        conn.execute(
            insert(pack_drafts).values(
                id=draft_id,
                user_id=user_id,
                name=name[:200],
                files=json.dumps(files),
                problems=json.dumps(problems),
                status=INVALID if problems else QUEUED,
                created_at=utcnow(),
            )
        )
    return draft_id


def get_draft(engine: Engine, draft_id: str, user_id: int | None) -> dict[str, Any] | None:
    """The draft (its files, problems and report decoded), or None; ``user_id`` None is the worker's read."""
    where = [pack_drafts.c.id == draft_id]
    if user_id is not None:
        where.append(pack_drafts.c.user_id == user_id)
    with engine.connect() as conn:
        row = conn.execute(select(pack_drafts).where(*where)).mappings().first()
    if row is None:
        return None
    draft = dict(row)
    draft["files"] = json.loads(row["files"])
    draft["problems"] = json.loads(row["problems"])
    draft["report"] = json.loads(row["report"]) if row["report"] else None
    return draft


def list_drafts(engine: Engine, user_id: int, retention_days: int) -> list[dict[str, Any]]:
    """The user's drafts within the retention period, newest first (without their files or reports)."""
    columns = [pack_drafts.c[name] for name in SUMMARY_COLUMNS]
    with engine.connect() as conn:
        rows = conn.execute(
            select(*columns)
            .where(pack_drafts.c.user_id == user_id, pack_drafts.c.created_at >= _cutoff(retention_days))
            .order_by(pack_drafts.c.created_at.desc())
        ).mappings()
        return [dict(row) for row in rows]


def set_state(engine: Engine, draft_id: str, status: str, **values: Any) -> None:
    """Move a draft's impact to `status`, with its report (as JSON), error or times."""
    if "report" in values and values["report"] is not None:
        values["report"] = json.dumps(values["report"])
    with transaction(engine) as conn:
        conn.execute(update(pack_drafts).where(pack_drafts.c.id == draft_id).values(status=status, **values))


def claim(engine: Engine, draft_id: str, stale_before: datetime.datetime) -> bool:
    """Mark a queued draft (or one whose run stopped before `stale_before`) running; False if another
    worker has it, so that two processes never work out the same impact at once."""
    with transaction(engine) as conn:
        result = conn.execute(
            update(pack_drafts)
            .where(
                pack_drafts.c.id == draft_id,
                (pack_drafts.c.status == QUEUED)
                | ((pack_drafts.c.status == RUNNING) & (pack_drafts.c.started_at < stale_before)),
            )
            .values(status=RUNNING, started_at=utcnow(), finished_at=None, report=None, error=None)
        )
        return bool(result.rowcount)


def delete_draft(engine: Engine, draft_id: str, user_id: int) -> bool:
    """Discard a draft; False if the user has no such draft."""
    with transaction(engine) as conn:
        result = conn.execute(delete(pack_drafts).where(pack_drafts.c.id == draft_id, pack_drafts.c.user_id == user_id))
        return bool(result.rowcount)


def purge_expired(engine: Engine, retention_days: int) -> int:
    """Delete every draft uploaded before the retention period; returns how many went."""
    with transaction(engine) as conn:
        return conn.execute(delete(pack_drafts).where(pack_drafts.c.created_at < _cutoff(retention_days))).rowcount


def _cutoff(retention_days: int) -> datetime.datetime:
    return utcnow() - datetime.timedelta(days=retention_days)
