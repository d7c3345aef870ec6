"""What an administrator (on the Users pages or with ``sharewise users``) can do to an account, each audited.

Each action makes its change, ends what must end with it, and writes an audit event (``web.audit``):

* disable: the account's sessions end and its API tokens are revoked at once; re-enabling brings neither
  back (the person signs in again and is issued new tokens);
* enable; change role (the next request already sees the new role);
* set a new password: every session of the account ends;
* sign out everywhere: every session ends;
* issue and revoke API tokens.

``audit`` carries what the audit event needs outside a request (the command line): ``actor`` (``cli:<system
user>``) and ``path`` (the JSON lines' file). In a request both are filled in from the request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from werkzeug.security import generate_password_hash

from web import accounts, audit, sessions, tokens
from web.db import transaction


def create(engine: Engine, form: dict[str, str], password: str, **who: Any) -> int:
    """Create an account (``web.accounts.add_user``'s fields); raises ``accounts.IdentityTaken``."""
    user_id = accounts.add_user(engine, password=password, **form)
    audit.record("account.created", engine=engine, subject_id=user_id, role=form["role"], **who)
    return user_id


def disable(engine: Engine, user_id: int, **who: Any) -> bool:
    """Disable an account: its sessions end and its tokens are revoked, in one transaction."""
    with transaction(engine) as conn:
        if not accounts.set_active(conn, user_id, False):
            return False
        ended = sessions.end_all(conn, user_id, sessions.DISABLED)
        revoked = tokens.revoke_all(conn, user_id)
    audit.record(
        "account.disabled", engine=engine, subject_id=user_id, sessions_ended=ended, tokens_revoked=revoked, **who
    )
    return True


def enable(engine: Engine, user_id: int, **who: Any) -> bool:
    """Re-enable a disabled account (no session or token comes back)."""
    if not accounts.set_active(engine, user_id, True):
        return False
    audit.record("account.enabled", engine=engine, subject_id=user_id, **who)
    return True


def change_role(engine: Engine, user_id: int, role: str, **who: Any) -> bool:
    """Give an account another role."""
    user = accounts.get_user(engine, user_id)
    if user is None or not accounts.set_role(engine, user_id, role):
        return False
    audit.record("account.role_changed", engine=engine, subject_id=user_id, role_from=user["role"], role_to=role, **who)
    return True


def set_password(engine: Engine, user_id: int, password: str, event: str = "account.password_set", **who: Any) -> bool:
    """Set a new password; every session of the account ends (``event`` names who did it in the log)."""
    with transaction(engine) as conn:
        if not accounts.set_password_hash(conn, user_id, generate_password_hash(password)):
            return False
        ended = sessions.end_all(conn, user_id, sessions.PASSWORD)
    audit.record(event, engine=engine, subject_id=user_id, sessions_ended=ended, **who)
    return True


def sign_out_everywhere(
    engine: Engine, user_id: int, reason: str = sessions.BY_ADMIN, event: str = "account.sessions_ended", **who: Any
) -> int:
    """End every session of an account; returns how many ended."""
    ended = sessions.end_all(engine, user_id, reason)
    audit.record(event, engine=engine, subject_id=user_id, sessions_ended=ended, **who)
    return ended


def issue_token(
    engine: Engine, user_id: int, label: str, scopes: tuple[str, ...], expires_days: int, **who: Any
) -> tuple[int, str]:
    """Issue an API token (shown once); raises ValueError for a bad scope or expiry."""
    token_id, token = tokens.issue(engine, user_id, label, scopes=scopes, expires_days=expires_days)
    audit.record(
        "token.issued",
        engine=engine,
        subject_id=user_id,
        token_id=token_id,
        scope=" ".join(scopes).replace(" ", "+"),
        expires_days=expires_days,
        **who,
    )
    return token_id, token


def revoke_token(engine: Engine, token_id: int, **who: Any) -> bool:
    """Revoke one API token; False if it does not exist or was already revoked."""
    row = tokens.get_token(engine, token_id)
    if row is None or not tokens.revoke(engine, token_id):
        return False
    audit.record("token.revoked", engine=engine, subject_id=row["user_id"], token_id=token_id, **who)
    return True
