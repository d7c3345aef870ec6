"""The sign-in throttle: every attempt is remembered, and recent failures decide whether to try the next.

Kept in the database rather than in memory so that the limits hold across web workers and restarts; the
rows are also a trail of which account was tried from where. Usernames are kept in their normalised form.

Three limits, checked before the password is (``verdict``):

* per account and address: LOGIN_MAX_FAILURES failures in LOGIN_WINDOW_SECONDS since the last success;
* per address: LOGIN_MAX_FAILURES_PER_ADDRESS failures in the window, whatever the account;
* per account, across addresses: after LOGIN_ACCOUNT_FAILURES failures since the account's last success
  (within a day), each further attempt waits LOGIN_BACKOFF_SECONDS, doubling with each failure up to
  LOGIN_BACKOFF_MAX_SECONDS after the last one. Refused attempts are not failures, so they do not extend
  the wait; the cap bounds it.

A browser carrying the account's device cookie (``web.devices``) is instead limited on its own: per account
and device, LOGIN_MAX_FAILURES in the window. Neither the backoff nor the address's limit applies to it, and
its failures do not count towards them, so an attacker cannot lock out an owner who has signed in before,
and a stolen device cookie still gives only a few guesses per window.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from web.db import transaction, utcnow
from web.schema import login_attempts as attempts

BACKOFF_MEMORY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Whether an attempt may be checked; if not, which limit refused it and for how many seconds."""

    allowed: bool
    limit: str = ""
    retry_after: int = 0


ALLOWED = Verdict(True)


def record_login_attempt(engine: Engine, username: str, address: str, ok: bool, device: str | None = None) -> None:
    """Remember a sign-in attempt (``username`` in its normalised form) for the throttle and as a trail."""
    with transaction(engine) as conn:
        conn.execute(
            insert(attempts).values(username=username[:80], address=address[:64], ok=ok, at=utcnow(), device=device)
        )


def verdict(engine: Engine, config: Mapping[str, Any], username: str, address: str, device: str | None) -> Verdict:
    """Whether the next attempt at ``username`` (normalised) from ``address`` may be checked (see the docstring)."""
    now, window = utcnow(), datetime.timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    with engine.connect() as conn:
        if device is not None:
            mine = (attempts.c.username == username) & (attempts.c.device == device)
            if _failures_since_success(conn, mine, now - window) >= config["LOGIN_MAX_FAILURES"]:
                return Verdict(False, "device", int(window.total_seconds()))
            return ALLOWED
        pair = (attempts.c.username == username) & (attempts.c.address == address)
        if _failures_since_success(conn, pair, now - window) >= config["LOGIN_MAX_FAILURES"]:
            return Verdict(False, "account_and_address", int(window.total_seconds()))
        by_address = conn.execute(
            select(func.count()).where(
                attempts.c.address == address,
                attempts.c.ok.is_(False),
                attempts.c.device.is_(None),
                attempts.c.at > now - window,
            )
        ).scalar_one()
        if by_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
            return Verdict(False, "address", int(window.total_seconds()))
        account = (attempts.c.username == username) & attempts.c.device.is_(None)
        failures = _failures_since_success(conn, account, now - BACKOFF_MEMORY, any_success=username)
        beyond = failures - config["LOGIN_ACCOUNT_FAILURES"]
        if beyond < 0:
            return ALLOWED
        last = conn.execute(select(func.max(attempts.c.at)).where(account, attempts.c.ok.is_(False))).scalar_one()
    delay = min(config["LOGIN_BACKOFF_SECONDS"] * 2.0 ** min(beyond, 32), config["LOGIN_BACKOFF_MAX_SECONDS"])
    wait = (last + datetime.timedelta(seconds=delay) - now).total_seconds()
    return Verdict(False, "account_backoff", math.ceil(wait)) if wait > 0 else ALLOWED


def _failures_since_success(
    conn: Connection, scope: Any, since: datetime.datetime, any_success: str | None = None
) -> int:
    """Failures in ``scope`` after ``since`` and after the last success (in ``scope``, or for the account
    named by ``any_success``, from anywhere: an owner who signs in ends the account's backoff)."""
    success_scope = (attempts.c.username == any_success) if any_success is not None else scope
    last_ok = conn.execute(select(func.max(attempts.c.at)).where(success_scope, attempts.c.ok.is_(True))).scalar_one()
    start = max(since, last_ok) if last_ok else since
    count: int = conn.execute(
        select(func.count()).where(scope, attempts.c.ok.is_(False), attempts.c.at > start)
    ).scalar_one()
    return count
