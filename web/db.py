"""The web app's own tables: users, API tokens, questionnaire drafts and sign-in attempts.

They live in the same database as the records store (one URL to configure and back up) but in separate
tables, written with SQLAlchemy Core so that SQLite and PostgreSQL run the same code. Justification
records themselves are never written here: they go to the append-only store in engine.records.

Drafts hold the answers server-side so that an officer can stop and resume; the session cookie carries
only the user id (nothing of the answers travels in the cookie).
"""

import datetime
import hashlib
import json
import secrets

from flask import current_app
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from engine.records import database as records_database

metadata = MetaData()

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("rank_or_role", String(100), nullable=False, default=""),
    Column("force_number", String(40), nullable=False, default=""),
    Column("force", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
)

api_tokens = Table(
    "web_api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False),
    # sha256 of the token: tokens are 256-bit random, so a fast hash is enough and allows lookup.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
)

drafts = Table(
    "web_drafts",
    metadata,
    Column("id", String(43), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False),
    # {"answers": {...}, "asked": [question ids in the order asked]}
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

login_attempts = Table(
    "web_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, index=True),
    Column("address", String(64), nullable=False, index=True),
    Column("ok", Boolean, nullable=False),
    Column("at", DateTime, nullable=False, index=True),
)

# Compared against when the username is unknown, so that a wrong username costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def utcnow():
    """Naive UTC now: stored the same way on SQLite and PostgreSQL (timestamp without time zone)."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def init_app(app):
    """Create the engine for the configured URL and make sure our tables exist."""
    app.extensions["sharewise_db"] = make_engine(app.config["DATABASE_URL"])
    create_tables(app.extensions["sharewise_db"])


def make_engine(url):
    """An engine set up exactly as the records store's own (same URL rules, SQLite WAL and busy
    timeout, a new SQLite file readable only by its owner, parameters hidden from error messages)."""
    return records_database.create_engine(records_database.normalise_url(url))


def create_tables(engine):
    """Create missing tables. Tolerates another worker creating them at the same moment."""
    try:
        metadata.create_all(engine)
    except DBAPIError:
        # Another worker may have created a table between our check and our CREATE; try once more.
        metadata.create_all(engine)


def get_engine():
    """The engine of the current app."""
    return current_app.extensions["sharewise_db"]


# Users -------------------------------------------------------------------------------------------


def add_user(engine, username, password, role, name, force, rank_or_role="", force_number="", *, password_hash=None):
    """Create a local account with a scrypt hash (Werkzeug's default). Raises ValueError if taken.

    ``password_hash`` takes an existing Werkzeug hash instead of a password (tests, migrations).
    """
    row = {
        "username": username,
        "password_hash": password_hash or generate_password_hash(password),
        "role": role,
        "name": name,
        "rank_or_role": rank_or_role,
        "force_number": force_number,
        "force": force,
        "active": True,
        "created_at": utcnow(),
    }
    try:
        with engine.begin() as conn:
            if force_number:
                # Records are attributed by force number, so it must name one person within a force.
                clash = conn.execute(
                    select(users.c.id).where(users.c.force == force, users.c.force_number == force_number)
                ).first()
                if clash is not None:
                    raise ValueError(f"force number {force_number!r} is already used in {force}")
            return conn.execute(insert(users).values(row)).inserted_primary_key[0]
    except IntegrityError:
        raise ValueError(f"the username {username!r} is already taken") from None


def set_password(engine, username, password):
    """Replace a user's password; returns False if there is no such user."""
    with engine.begin() as conn:
        result = conn.execute(
            update(users).where(users.c.username == username).values(password_hash=generate_password_hash(password))
        )
        return result.rowcount == 1


def get_user(engine, user_id):
    """A user row as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def get_user_by_username(engine, username):
    """A user row as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
    return dict(row) if row else None


def list_users(engine):
    """Every user, by username."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(users).order_by(users.c.username)).mappings()]


def count_users(engine):
    """How many accounts exist (the dev server makes demo accounts when there are none)."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(users)).scalar_one()


def authenticate(engine, username, password):
    """The active user with this username and password, or None. Takes the same time either way."""
    user = get_user_by_username(engine, username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user["password_hash"], password) or not user["active"]:
        return None
    return user


# API tokens --------------------------------------------------------------------------------------


def _token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(engine, user_id, label=""):
    """Issue a new API token for a user. The token is returned once; only its hash is stored."""
    token = "sw_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            insert(api_tokens).values(user_id=user_id, token_hash=_token_hash(token), label=label, created_at=utcnow())
        )
    return token


def user_for_token(engine, token):
    """The active user holding this API token, or None."""
    if not token or not token.startswith("sw_"):
        return None
    digest = _token_hash(token)
    with engine.begin() as conn:
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


# Drafts ------------------------------------------------------------------------------------------


def new_draft(engine, user_id):
    """Start an empty draft for a user; returns its unguessable id."""
    draft_id = secrets.token_urlsafe(16)
    now = utcnow()
    body = json.dumps({"answers": {}, "asked": []})
    with engine.begin() as conn:
        conn.execute(insert(drafts).values(id=draft_id, user_id=user_id, body=body, created_at=now, updated_at=now))
    return draft_id


def get_draft(engine, draft_id, user_id):
    """The user's draft as {"id", "answers", "asked", "created_at", "updated_at"}, or None.

    Scoped to the user: another officer's draft id is simply not found.
    """
    with engine.connect() as conn:
        row = (
            conn.execute(select(drafts).where(drafts.c.id == draft_id, drafts.c.user_id == user_id)).mappings().first()
        )
    if row is None:
        return None
    body = json.loads(row["body"])
    return {
        "id": row["id"],
        "answers": body["answers"],
        "asked": body["asked"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def save_draft(engine, draft_id, user_id, answers, asked):
    """Replace a draft's answers and the order in which they were asked."""
    body = json.dumps({"answers": answers, "asked": asked})
    with engine.begin() as conn:
        conn.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.user_id == user_id)
            .values(body=body, updated_at=utcnow())
        )


def delete_draft(engine, draft_id, user_id):
    """Forget a draft (after its record is saved, or when the officer discards it)."""
    with engine.begin() as conn:
        conn.execute(delete(drafts).where(drafts.c.id == draft_id, drafts.c.user_id == user_id))


def list_drafts(engine, user_id, retention_days):
    """The user's drafts, newest first, after deleting any older than the retention period."""
    cutoff = utcnow() - datetime.timedelta(days=retention_days)
    with engine.begin() as conn:
        conn.execute(delete(drafts).where(drafts.c.updated_at < cutoff))
        rows = conn.execute(
            select(drafts).where(drafts.c.user_id == user_id).order_by(drafts.c.updated_at.desc())
        ).mappings()
        return [
            {"id": r["id"], "answers": json.loads(r["body"])["answers"], "updated_at": r["updated_at"]} for r in rows
        ]


# Sign-in attempts --------------------------------------------------------------------------------


def record_login_attempt(engine, username, address, ok):
    """Remember a sign-in attempt for the throttle (and as a trail of who tried what from where)."""
    with engine.begin() as conn:
        conn.execute(insert(login_attempts).values(username=username[:80], address=address[:64], ok=ok, at=utcnow()))


def recent_failures(engine, username, address, window_seconds):
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
