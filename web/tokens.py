"""API tokens: issued per user, shown once, stored only as a SHA-256 digest; each has a scope and an expiry.

Tokens are 256-bit random, so a fast hash is enough to keep them safe at rest and still lets a request's
token be looked up directly. A token works only while it is unexpired, unrevoked and its account active;
disabling an account revokes its tokens (``web.account_actions``), so re-enabling it brings none back.

Scopes (``SCOPES``): ``decide`` (``POST /api/v1/decide``) and ``records`` (read the records the account may
read, ``GET /api/v1/records``). ``last_used_at`` is noted at most once a minute, by one UPDATE that needs no
read first, so a busy token does not turn every call into a write (issue 13, defect 1).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import secrets
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Connection, Engine

from web.accounts import User
from web.db import transaction, utcnow
from web.schema import api_tokens, users

PREFIX = "sw_"
SCOPES = ("decide", "records")  # worded by words.scope
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 366
NOTE_USE_EVERY = datetime.timedelta(seconds=60)


@dataclasses.dataclass(frozen=True)
class TokenCheck:
    """The outcome of presenting a token: the user and token row when it works, else why not."""

    user: User | None
    token_id: int | None = None
    scopes: frozenset[str] = frozenset()
    refused: str = ""  # "", "unknown", "expired", "revoked", "account_disabled"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(
    engine: Engine,
    user_id: int,
    label: str = "",
    *,
    scopes: tuple[str, ...] = ("decide",),
    expires_days: int = DEFAULT_EXPIRY_DAYS,
) -> str:
    """Issue a new API token for a user. The token is returned once; only its hash is stored."""
    return issue(engine, user_id, label, scopes=scopes, expires_days=expires_days)[1]


def issue(engine: Engine, user_id: int, label: str, *, scopes: tuple[str, ...], expires_days: int) -> tuple[int, str]:
    """Issue a token; returns ``(token id, token)``. Raises ValueError for an unknown scope or bad expiry."""
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise ValueError(f"scope must be one or more of {', '.join(SCOPES)}")
    if not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"a token expires after 1 to {MAX_EXPIRY_DAYS} days")
    token = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    with transaction(engine) as conn:
        token_id: int = conn.execute(
            insert(api_tokens)
            .values(
                user_id=user_id,
                token_hash=_token_hash(token),
                label=label.strip()[:200],
                created_at=now,
                scope=" ".join(scope for scope in SCOPES if scope in scopes),
                expires_at=now + datetime.timedelta(days=expires_days),
            )
            .returning(api_tokens.c.id)
        ).scalar_one()
    return token_id, token


def check(engine: Engine, token: str) -> TokenCheck:
    """What a presented token is worth (see ``TokenCheck``); notes its use at most once a minute."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return TokenCheck(None, refused="unknown")
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(
                    users,
                    api_tokens.c.id.label("token_id"),
                    api_tokens.c.scope,
                    api_tokens.c.expires_at,
                    api_tokens.c.revoked_at,
                    api_tokens.c.last_used_at,
                )
                .join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == _token_hash(token))
            )
            .mappings()
            .first()
        )
    if row is None:
        return TokenCheck(None, refused="unknown")
    now = utcnow()
    refused = (
        "revoked"
        if row["revoked_at"] is not None
        else "expired"
        if row["expires_at"] is not None and row["expires_at"] <= now
        else "account_disabled"
        if not row["active"]
        else ""
    )
    if refused:
        return TokenCheck(None, row["token_id"], refused=refused)
    if row["last_used_at"] is None or now - row["last_used_at"] >= NOTE_USE_EVERY:
        with transaction(engine) as conn:
            conn.execute(
                update(api_tokens)
                .where(
                    api_tokens.c.id == row["token_id"],
                    or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < now - NOTE_USE_EVERY),
                )
                .values(last_used_at=now)
            )
    user = {key: value for key, value in row.items() if key in users.c}
    return TokenCheck(user, row["token_id"], frozenset(row["scope"].split()))


def user_for_token(engine: Engine, token: str) -> User | None:
    """The active user holding this working API token, or None."""
    return check(engine, token).user


def list_tokens(engine: Engine, user_id: int | None = None) -> list[dict[str, Any]]:
    """Tokens (of one user, or everyone's) with label, scope, dates and state, newest first; never the token."""
    query = (
        select(
            api_tokens.c.id,
            api_tokens.c.user_id,
            users.c.username,
            api_tokens.c.label,
            api_tokens.c.scope,
            api_tokens.c.created_at,
            api_tokens.c.expires_at,
            api_tokens.c.last_used_at,
            api_tokens.c.revoked_at,
        )
        .join(users, users.c.id == api_tokens.c.user_id)
        .order_by(api_tokens.c.id.desc())
    )
    if user_id is not None:
        query = query.where(api_tokens.c.user_id == user_id)
    now = utcnow()
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        row["state"] = (
            "revoked"
            if row["revoked_at"]
            else "expired"
            if row["expires_at"] is not None and row["expires_at"] <= now
            else "active"
        )
    return rows


def get_token(engine: Engine, token_id: int) -> dict[str, Any] | None:
    """One token's row (without its hash), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).mappings().first()
    return {key: value for key, value in row.items() if key != "token_hash"} if row else None


def revoke(target: Engine | Connection, token_id: int) -> bool:
    """Revoke one token now; returns False if it was already revoked or does not exist."""
    return _revoke(target, api_tokens.c.id == token_id) == 1


def revoke_all(target: Engine | Connection, user_id: int) -> int:
    """Revoke every live token of a user; returns how many."""
    return _revoke(target, api_tokens.c.user_id == user_id)


def _revoke(target: Engine | Connection, where: Any) -> int:
    statement = update(api_tokens).where(where, api_tokens.c.revoked_at.is_(None)).values(revoked_at=utcnow())
    if isinstance(target, Connection):
        return target.execute(statement).rowcount
    with transaction(target) as conn:
        return conn.execute(statement).rowcount
