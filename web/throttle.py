"""The sign-in throttle's memory: every attempt, and how many recent ones failed.

Kept in the database rather than in memory so that the limit holds across web workers and restarts;
the rows are also a trail of who tried to sign in as whom, and from where.
"""

from __future__ import annotations

import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import login_attempts


def record_login_attempt(engine: Engine, username: str, address: str, ok: bool) -> None:
    """Remember a sign-in attempt for the throttle (and as a trail of who tried what from where)."""
    with transaction(engine) as conn:
        conn.execute(insert(login_attempts).values(username=username[:80], address=address[:64], ok=ok, at=utcnow()))


def recent_failures(engine: Engine, username: str, address: str, window_seconds: int) -> tuple[int, int]:
    """Failed attempts in the window: (for this username from this address, from this address at all).

    A success for the username from the address resets its count, so an officer who mistypes once
    and then signs in is not left closer to the limit.
    """
    since = utcnow() - datetime.timedelta(seconds=window_seconds)
    with engine.connect() as conn:
        last_ok = conn.execute(
            select(func.max(login_attempts.c.at)).where(
                login_attempts.c.username == username,
                login_attempts.c.address == address,
                login_attempts.c.ok.is_(True),
            )
        ).scalar_one()
        pair_since = max(since, last_ok) if last_ok else since
        pair = conn.execute(
            select(func.count())
            .select_from(login_attempts)
            .where(
                login_attempts.c.username == username,
                login_attempts.c.address == address,
                login_attempts.c.ok.is_(False),
                login_attempts.c.at > pair_since,
            )
        ).scalar_one()
        by_address = conn.execute(
            select(func.count())
            .select_from(login_attempts)
            .where(
                login_attempts.c.address == address,
                login_attempts.c.ok.is_(False),
                login_attempts.c.at > since,
            )
        ).scalar_one()
    return pair, by_address
