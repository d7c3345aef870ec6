"""The web app's own tables, as SQLAlchemy Core sees them: users, API tokens, drafts, sign-in attempts,
sessions, the security audit log, the API's rate-limit counters, meetings, training and legal services'
draft policy packs.

They live in the same database as the records store (one URL to configure and back up) but in separate
tables, all named ``web_*``. Justification records themselves are never written here: they go to the
append-only store in ``engine.records``.

Migrations (``web/migrations``) create these tables; they do not import them, because a migration must
stay as it was written. ``tests/web/test_migrations.py`` checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    # The normalised forms every comparison uses (web.identity), unique where they name one person: a
    # username in any case or width is one account; a force number names one person within a force.
    # NULL only for an account the 0004 migration found clashing with an earlier one (it was disabled).
    Column("username_key", String(80)),
    Column("force_key", String(200), nullable=False, default=""),
    Column("number_key", String(40)),
    Column("password_changed_at", DateTime),
    Index("ix_web_users_username_key", "username_key", unique=True),
    Index("ix_web_users_force_number_key", "force_key", "number_key", unique=True),
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
    # Noted at most once a minute (web.tokens), so a busy token does not write on every call.
    Column("last_used_at", DateTime),
    # Space-separated scopes: "decide", and "records" to read records as well (web.tokens.SCOPES).
    Column("scope", String(100), nullable=False, default="decide"),
    Column("expires_at", DateTime),
    Column("revoked_at", DateTime),
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
    # The signed device cookie's id when the browser had signed in to this account before (web.devices).
    Column("device", String(32)),
)

sessions = Table(
    "web_sessions",
    metadata,
    # sha256 of the random token the signed session cookie carries: a copied cookie names this row, and
    # an ended row refuses it.
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("end_reason", String(40)),
    Column("address", String(64), nullable=False, default=""),
)

audit_log = Table(
    "web_audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("event", String(60), nullable=False, index=True),
    Column("outcome", String(20), nullable=False),
    # Who acted: an account (id and username at the time), or "cli:<system user>"; "" when unknown.
    Column("actor_id", Integer),
    Column("actor", String(120), nullable=False, default=""),
    # What was acted on: an account, a token, a record.
    Column("subject_id", Integer),
    Column("token_id", Integer),
    Column("record_id", String(64)),
    Column("address", String(64), nullable=False, default=""),
    # A JSON object of structured fields only (codes, roles, scopes, dates): never free text.
    Column("details", Text, nullable=False, default="{}"),
)

rate_limits = Table(
    "web_rate_limits",
    metadata,
    # "token:<id>": decisions counted in fixed windows starting at window_start (seconds since the epoch).
    Column("key", String(80), primary_key=True),
    Column("window_start", Integer, primary_key=True),
    Column("count", Integer, nullable=False),
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

# Training (web.training_store, web.attempt_store). Practice is kept apart from real checks: attempts have
# tables of their own and never reach the records store.

# A named group of trainees (accounts of the trainer's force), joined by the trainer or with a join code.
training_cohorts = Table(
    "web_training_cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("force", String(200), nullable=False),
    Column("join_code", String(16), unique=True),
    Column("created_by", Integer, ForeignKey("web_users.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

training_members = Table(
    "web_training_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", Integer, ForeignKey("web_training_cohorts.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False),
    Column("added_at", DateTime, nullable=False),
    UniqueConstraint("cohort_id", "user_id", name="uq_web_training_members_cohort_user"),
)

# Scenarios written in the web: {"scenario": {...in the scenario file's form}, "asked": [question ids]}.
training_scenarios = Table(
    "web_training_scenarios",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("force", String(200), nullable=False),
    Column("created_by", Integer, ForeignKey("web_users.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# An exercise: scenarios, the date the law is applied as at, and the cohort it is open to.
# status: draft (being composed), open (trainees play it), closed (feedback only).
training_exercises = Table(
    "web_training_exercises",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("force", String(200), nullable=False),
    Column("created_by", Integer, ForeignKey("web_users.id"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("as_at", Date, nullable=False),
    Column("cohort_id", Integer, ForeignKey("web_training_cohorts.id")),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("opened_at", DateTime),
)

# The scenarios of an exercise, copied when added (body: the scenario file's form), so that an exercise
# stays what its trainees played. source: where it came from (a pack file and line, or the web).
training_exercise_scenarios = Table(
    "web_training_exercise_scenarios",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("exercise_id", Integer, ForeignKey("web_training_exercises.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("source", String(300), nullable=False),
    Column("body", Text, nullable=False),
    UniqueConstraint("exercise_id", "name", name="uq_web_training_exercise_scenarios_name"),
)

# One trainee's practice run at one scenario of an exercise. body: {"answers", "asked"} while answering,
# then also "decision", "items", "power"; marking: engine.training's Marking.to_dict() once decided.
training_attempts = Table(
    "web_training_attempts",
    metadata,
    Column("id", String(43), primary_key=True),
    Column("exercise_scenario_id", Integer, ForeignKey("web_training_exercise_scenarios.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("marking", Text),
    Column("score", Integer),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    UniqueConstraint("exercise_scenario_id", "user_id", name="uq_web_training_attempts_scenario_user"),
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
