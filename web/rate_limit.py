"""The API's rate limit per token, counted in the database so that every worker shares one count.

Why not Flask-Limiter: its storage backends (``limits``) are in-process memory, which each gunicorn worker
would keep on its own, or Redis, Memcached, MongoDB and the like, a service the embedded default does not
have and a force would run only for this. The database is already shared by every worker, on SQLite and on
PostgreSQL, so the count lives there: one row per token and fixed window (``web_rate_limits``), raised by
one upsert in a write transaction (``web.db.transaction``), which serialises concurrent requests on SQLite
and is atomic on PostgreSQL. The row is written only when a decision is about to be made, and old windows
of the same token are deleted in the same transaction.

The limit counts decisions, not requests: a list of five answer sets costs five (API_RATE_LIMIT per
API_RATE_WINDOW_SECONDS). A request that would go over is refused whole and costs nothing.
"""

from __future__ import annotations

import time

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from web.db import transaction
from web.schema import rate_limits


class _OverLimit(Exception):
    pass


def spend(engine: Engine, key: str, cost: int, limit: int, window_seconds: int) -> int:
    """Spend ``cost`` of ``key``'s allowance in the current window; 0 if allowed, else seconds to wait."""
    now = int(time.time())
    start = now - now % window_seconds
    wait = start + window_seconds - now
    if cost > limit:
        return wait
    insert = (postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert)(rate_limits)
    statement = (
        insert.values(key=key, window_start=start, count=cost)
        .on_conflict_do_update(
            index_elements=[rate_limits.c.key, rate_limits.c.window_start],
            set_={"count": rate_limits.c.count + cost},
        )
        .returning(rate_limits.c.count)
    )
    try:
        with transaction(engine) as conn:
            if conn.execute(statement).scalar_one() > limit:
                raise _OverLimit  # rolls the spending back: a refused request costs nothing
            conn.execute(delete(rate_limits).where(rate_limits.c.key == key, rate_limits.c.window_start < start))
    except _OverLimit:
        return max(wait, 1)
    return 0
