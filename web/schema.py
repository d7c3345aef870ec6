"""The web app's own tables, as SQLAlchemy Core sees them: users, API tokens, drafts, sign-in attempts and
legal services' draft policy packs.

They live in the same database as the records store (one URL to configure and back up) but in separate
tables, all named ``web_*``. Justification records themselves are never written here: they go to the
append-only store in ``engine.records``.

Migrations (``web/migrations``) create these tables; they do not import them, because a migration must
stay as it was written. ``tests/web/test_migrations.py`` checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

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

# Draft policy packs uploaded by legal services (web.legal_drafts): the files, what validation found and
# the impact against the live pack. Never the live pack: publishing is done outside the web.
pack_drafts = Table(
    "web_pack_drafts",
    metadata,
    Column("id", String(43), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False),
    Column("name", String(200), nullable=False),  # the uploaded file's name, for the owner to recognise
    Column("files", Text, nullable=False),  # JSON {path in the pack: text}
    Column("problems", Text, nullable=False),  # JSON ["file:line: message", ...]; [] for a valid draft
    # invalid | queued | running | done | failed
    Column("status", String(20), nullable=False),
    Column("report", Text),  # the impact report (docs/impact.md), JSON
    Column("error", Text),  # why the impact could not be worked out
    Column("created_at", DateTime, nullable=False),
    Column("started_at", DateTime),
    Column("finished_at", DateTime),
    Index("ix_web_pack_drafts_user_id", "user_id"),
    Index("ix_web_pack_drafts_created_at", "created_at"),
)
