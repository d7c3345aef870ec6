"""Server-side sessions: a signed cookie names a row here, and a session ends when its row says so.

The session cookie (signed by Flask) carries a random token; the database keeps only its SHA-256 as the
row's id. So a cookie copied before sign-out is refused after it: sign-out ends the row. Rows also end on
a password change, on "sign out everywhere", when an account is disabled, after IDLE_TIMEOUT_MINUTES
without a request and after SESSION_ABSOLUTE_HOURS whatever happens.

``last_seen_at`` is written at most once a minute per session, with one UPDATE that needs no read, so
pages that only read do not become writes (issue 13, defect 1).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from web.db import transaction, utcnow
from web.schema import sessions

TOUCH_EVERY = datetime.timedelta(seconds=60)

# Why a session ended (web_sessions.end_reason, and the audit log).
SIGNED_OUT, EVERYWHERE, PASSWORD, DISABLED, IDLE, EXPIRED, BY_ADMIN = (
    "signed_out",
    "signed_out_everywhere",
    "password_changed",
    "account_disabled",
    "idle",
    "absolute_lifetime",
    "ended_by_administrator",
)


def _id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(engine: Engine, user_id: int, address: str) -> str:
    """A new session for a user; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with transaction(engine) as conn:
        conn.execute(
            insert(sessions).values(
                id=_id(token), user_id=user_id, created_at=now, last_seen_at=now, address=address[:64]
            )
        )
    return token


def check(engine: Engine, token: Any, user_id: Any, idle_seconds: int, absolute_seconds: int) -> str | None:
    """None if the session is live (noting the request), else why it is not (an end reason or "unknown")."""
    if not isinstance(token, str) or not token:
        return "unknown"
    session_id, now = _id(token), utcnow()
    with engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
    if row is None or row["user_id"] != user_id:
        return "unknown"
    if row["ended_at"] is not None:
        return str(row["end_reason"] or "ended")
    reason = None
    if now - row["created_at"] > datetime.timedelta(seconds=absolute_seconds):
        reason = EXPIRED
    elif now - row["last_seen_at"] > datetime.timedelta(seconds=idle_seconds) + TOUCH_EVERY:
        reason = IDLE
    if reason is not None:
        end(engine, token, reason)
        return reason
    if now - row["last_seen_at"] >= TOUCH_EVERY:
        with transaction(engine) as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.last_seen_at < now - TOUCH_EVERY)
                .values(last_seen_at=now)
            )
    return None


def end(engine: Engine, token: Any, reason: str) -> None:
    """End one session (the one this token names)."""
    if isinstance(token, str) and token:
        with transaction(engine) as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.id == _id(token), sessions.c.ended_at.is_(None))
                .values(ended_at=utcnow(), end_reason=reason)
            )


def end_all(target: Engine | Connection, user_id: int, reason: str) -> int:
    """End every live session of a user; returns how many were ended."""
    statement = (
        update(sessions)
        .where(sessions.c.user_id == user_id, sessions.c.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    if isinstance(target, Connection):
        return target.execute(statement).rowcount
    with transaction(target) as conn:
        return conn.execute(statement).rowcount


def live(engine: Engine, user_id: int, idle_seconds: int, absolute_seconds: int) -> list[dict[str, Any]]:
    """A user's sessions that have not ended or timed out, newest first (started, last seen, address)."""
    now = utcnow()
    with engine.connect() as conn:
        rows = conn.execute(
            select(sessions.c.created_at, sessions.c.last_seen_at, sessions.c.address)
            .where(
                sessions.c.user_id == user_id,
                sessions.c.ended_at.is_(None),
                sessions.c.created_at > now - datetime.timedelta(seconds=absolute_seconds),
                sessions.c.last_seen_at > now - datetime.timedelta(seconds=idle_seconds) - TOUCH_EVERY,
            )
            .order_by(sessions.c.created_at.desc())
        ).mappings()
        return [dict(row) for row in rows]
