"""API tokens: issued per user for the decide API, shown once, stored only as a SHA-256 digest.

Tokens are 256-bit random, so a fast hash is enough to keep them safe at rest and still lets a request's
token be looked up directly.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from web.accounts import User
from web.db import transaction, utcnow
from web.schema import api_tokens, users

PREFIX = "sw_"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(engine: Engine, user_id: int, label: str = "") -> str:
    """Issue a new API token for a user. The token is returned once; only its hash is stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction(engine) as conn:
        conn.execute(
            insert(api_tokens).values(user_id=user_id, token_hash=_token_hash(token), label=label, created_at=utcnow())
        )
    return token


def user_for_token(engine: Engine, token: str) -> User | None:
    """The active user holding this API token, or None. Notes when the token was last used."""
    if not token or not token.startswith(PREFIX):
        return None
    digest = _token_hash(token)
    with transaction(engine) as conn:
        row = (
            conn.execute(
                select(users, api_tokens.c.id.label("token_id"))
                .join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == digest)
            )
            .mappings()
            .first()
        )
        if row is None or not row["active"]:
            return None
        conn.execute(update(api_tokens).where(api_tokens.c.id == row["token_id"]).values(last_used_at=utcnow()))
    return dict(row)
