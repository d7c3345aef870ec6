"""Local accounts: create them, change passwords, roles and state, look them up and check a password.

Passwords are kept as Werkzeug scrypt hashes. A user is a ``web_users`` row as a dict (``id``,
``username``, ``password_hash``, ``role``, ``name``, ``rank_or_role``, ``force_number``, ``force``,
``active``, ``created_at``, and the normalised ``username_key``, ``force_key``, ``number_key``); the rank,
number and force go on every justification record the user saves.

Usernames, forces and numbers are unique and looked up in their normalised form (``web.identity``). What
ending sessions, revoking tokens and auditing go with each change is ``web.account_actions``' business.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from web import identity
from web.db import transaction, utcnow
from web.schema import users

User = dict[str, Any]

# Compared against when the username is unknown, so that a wrong username costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class IdentityTaken(ValueError):
    """The username, or the force number within the force, belongs to another account (``field`` says which).

    The message is the command line's; a page words it as ``words.form_error("taken." + code, *values)``.
    """

    def __init__(self, field: str, message: str, code: str, *values: str) -> None:
        super().__init__(message)
        self.field, self.code, self.values = field, code, values


def add_user(
    engine: Engine,
    username: str,
    password: str | None,
    role: str,
    name: str,
    force: str,
    rank_or_role: str = "",
    force_number: str = "",
    *,
    password_hash: str | None = None,
) -> int:
    """Create a local account with a scrypt hash (Werkzeug's default); returns its id.

    ``password_hash`` takes an existing Werkzeug hash instead of a password (tests, migrations).

    Raises:
        IdentityTaken: the username, or the number within the force, is another account's in any case.
    """
    if not password_hash:
        if password is None:
            raise TypeError("add_user needs a password or a password_hash")
        password_hash = generate_password_hash(password)
    username, force_number = username.strip(), force_number.strip()
    row = {
        "username": username,
        "password_hash": password_hash,
        "role": role,
        "name": name,
        "rank_or_role": rank_or_role,
        "force_number": force_number,
        "force": force.strip(),
        "active": True,
        "created_at": utcnow(),
        "username_key": identity.username_key(username),
        "force_key": identity.force_key(force),
        "number_key": identity.number_key(force_number),
    }
    try:
        with transaction(engine) as conn:
            _refuse_clashes(conn, row)
            user_id: int = conn.execute(insert(users).values(row).returning(users.c.id)).scalar_one()
            return user_id
    except IntegrityError:  # a clash committed between the check and the insert (PostgreSQL)
        raise IdentityTaken(
            "username", f"the username {username!r} or its number is already taken", "username_or_number", username
        ) from None


def _refuse_clashes(conn: Connection, row: dict[str, Any]) -> None:
    taken = conn.execute(select(users.c.id).where(users.c.username_key == row["username_key"])).first()
    if taken is not None:
        raise IdentityTaken(
            "username", f"the username {row['username']!r} is already taken", "username", row["username"]
        )
    if row["number_key"] is not None:
        # Records are attributed by force number, so it must name one person within a force.
        clash = conn.execute(
            select(users.c.id).where(users.c.force_key == row["force_key"], users.c.number_key == row["number_key"])
        ).first()
        if clash is not None:
            raise IdentityTaken(
                "force_number",
                f"force number {row['force_number']!r} is already used in {row['force']}",
                "force_number",
                row["force_number"],
                row["force"],
            )


def set_password(engine: Engine, username: str, password: str) -> bool:
    """Replace a user's password; returns False if there is no such user."""
    user = get_user_by_username(engine, username)
    return user is not None and set_password_hash(engine, user["id"], generate_password_hash(password))


def set_password_hash(engine: Engine | Connection, user_id: int, password_hash: str) -> bool:
    """Replace a user's password hash; returns False if there is no such user."""
    return _update(engine, user_id, password_hash=password_hash, password_changed_at=utcnow())


def set_active(engine: Engine | Connection, user_id: int, active: bool) -> bool:
    """Disable or re-enable an account; returns False if there is no such user."""
    return _update(engine, user_id, active=active)


def set_role(engine: Engine | Connection, user_id: int, role: str) -> bool:
    """Give an account another role; returns False if there is no such user."""
    return _update(engine, user_id, role=role)


def _update(target: Engine | Connection, user_id: int, **values: Any) -> bool:
    statement = update(users).where(users.c.id == user_id).values(**values)
    if isinstance(target, Connection):
        return target.execute(statement).rowcount == 1
    with transaction(target) as conn:
        return conn.execute(statement).rowcount == 1


def get_user(engine: Engine, user_id: int) -> User | None:
    """A user row as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def get_user_by_username(engine: Engine, username: str) -> User | None:
    """The user whose username is this one in its normalised form (any case or width), or None."""
    key = identity.username_key(username)
    if not key:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username_key == key)).mappings().first()
    return dict(row) if row else None


def list_users(engine: Engine) -> list[User]:
    """Every user, by username."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(users).order_by(users.c.username_key, users.c.id)).mappings()]


def count_users(engine: Engine) -> int:
    """How many accounts exist (the dev server makes demo accounts when there are none)."""
    with engine.connect() as conn:
        count: int = conn.execute(select(func.count()).select_from(users)).scalar_one()
        return count


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The active user with this username and password, or None. Takes the same time either way."""
    user = get_user_by_username(engine, username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user["password_hash"], password) or not user["active"]:
        return None
    return user
