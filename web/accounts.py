"""Local accounts: create them, change passwords, look them up and check a password.

Passwords are kept as Werkzeug scrypt hashes. A user is a ``web_users`` row as a dict (``id``,
``username``, ``password_hash``, ``role``, ``name``, ``rank_or_role``, ``force_number``, ``force``,
``active``, ``created_at``); the rank, number and force go on every justification record the user saves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from web.db import transaction, utcnow
from web.schema import users

User = dict[str, Any]

# Compared against when the username is unknown, so that a wrong username costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


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
    """Create a local account with a scrypt hash (Werkzeug's default); returns its id. Raises ValueError if taken.

    ``password_hash`` takes an existing Werkzeug hash instead of a password (tests, migrations).
    """
    if not password_hash:
        if password is None:
            raise TypeError("add_user needs a password or a password_hash")
        password_hash = generate_password_hash(password)
    row = {
        "username": username,
        "password_hash": password_hash,
        "role": role,
        "name": name,
        "rank_or_role": rank_or_role,
        "force_number": force_number,
        "force": force,
        "active": True,
        "created_at": utcnow(),
    }
    try:
        with transaction(engine) as conn:
            if force_number:
                # Records are attributed by force number, so it must name one person within a force.
                clash = conn.execute(
                    select(users.c.id).where(users.c.force == force, users.c.force_number == force_number)
                ).first()
                if clash is not None:
                    raise ValueError(f"force number {force_number!r} is already used in {force}")
            user_id: int = conn.execute(insert(users).values(row).returning(users.c.id)).scalar_one()
            return user_id
    except IntegrityError:
        raise ValueError(f"the username {username!r} is already taken") from None


def set_password(engine: Engine, username: str, password: str) -> bool:
    """Replace a user's password; returns False if there is no such user."""
    with transaction(engine) as conn:
        result = conn.execute(
            update(users).where(users.c.username == username).values(password_hash=generate_password_hash(password))
        )
        return result.rowcount == 1


def get_user(engine: Engine, user_id: int) -> User | None:
    """A user row as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def get_user_by_username(engine: Engine, username: str) -> User | None:
    """A user row as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
    return dict(row) if row else None


def list_users(engine: Engine) -> list[User]:
    """Every user, by username."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(users).order_by(users.c.username)).mappings()]


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
