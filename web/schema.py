"""The web app's own tables, as SQLAlchemy Core sees them: users, API tokens, drafts, sign-in attempts, meetings.

They live in the same database as the records store (one URL to configure and back up) but in separate
tables, all named ``web_*``. Justification records themselves are never written here: they go to the
append-only store in ``engine.records``.

Migrations (``web/migrations``) create these tables; they do not import them, because a migration must
stay as it was written. ``tests/web/test_migrations.py`` checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

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

# A meeting an officer prepares for (MARAC, MASH, MAPPA, Channel panel): what it fixes for every agenda
# subject (the forum, which is the recipient; the date; the agreement it runs under; the purpose).
meetings = Table(
    "web_meetings",
    metadata,
    Column("id", String(43), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False),
    # the pack's recipient option for the forum, e.g. "marac"
    Column("kind", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    # None until chosen; "" when the meeting runs under no agreement on the register
    Column("agreement_reference", String(40)),
    # None until chosen: the pack's purpose option
    Column("purpose", String(60)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# One agenda subject of a meeting: its check (a questionnaire draft) and, once saved, its justification record.
meeting_subjects = Table(
    "web_meeting_subjects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", String(43), ForeignKey("web_meetings.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("label", String(200), nullable=False),
    Column("draft_id", String(43), index=True),
    Column("record_id", String(36)),
    Column("created_at", DateTime, nullable=False),
)
