"""Security (issue 13): normalised identities, server-side sessions, token expiry and scope, the audit log,
the sign-in throttle's device column and the API's rate-limit counters.

Revision ID: 0006_security
Revises: 0005_meetings
Create Date: 2026-12-01

Existing accounts get their normalised username, force and number (the same rule as ``web.identity``, copied
here because a migration must stay as it was written). Where two accounts turn out to be one identity (the
same username in another case, or the same force number in a case variant of the force), the earlier keeps
it and each later one is disabled with that key left empty, and the migration says which by account id: a
person must decide who they are. Existing API tokens get an expiry 90 days from the migration and the
``decide`` scope they always had. The audit log refuses UPDATE and DELETE, as the records store does.
"""

import datetime
import logging
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006_security"
down_revision = "0005_meetings"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

AUDIT_GUARDS_SQLITE = (
    """CREATE TRIGGER web_audit_log_no_update BEFORE UPDATE ON web_audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER web_audit_log_no_delete BEFORE DELETE ON web_audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END""",
)
AUDIT_GUARDS_POSTGRES = (
    """CREATE FUNCTION web_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP; END $$""",
    """CREATE TRIGGER web_audit_log_no_change BEFORE UPDATE OR DELETE ON web_audit_log
       FOR EACH ROW EXECUTE FUNCTION web_audit_log_append_only()""",
    """CREATE TRIGGER web_audit_log_no_truncate BEFORE TRUNCATE ON web_audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION web_audit_log_append_only()""",
)


def _fold(text):
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    return re.sub(r"\s+", " ", folded).strip()


def _number(text):
    folded = re.sub(r"\s+", "", _fold(text))
    return folded or None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite cannot rebuild web_users while other tables refer to it.
    op.add_column("web_users", sa.Column("username_key", sa.String(80), nullable=True))
    op.add_column("web_users", sa.Column("force_key", sa.String(200), nullable=False, server_default=""))
    op.add_column("web_users", sa.Column("number_key", sa.String(40), nullable=True))
    op.add_column("web_users", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    _fill_identity_keys()
    op.create_index("ix_web_users_username_key", "web_users", ["username_key"], unique=True)
    op.create_index("ix_web_users_force_number_key", "web_users", ["force_key", "number_key"], unique=True)

    op.add_column("web_api_tokens", sa.Column("scope", sa.String(100), nullable=False, server_default="decide"))
    op.add_column("web_api_tokens", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.add_column("web_api_tokens", sa.Column("revoked_at", sa.DateTime(), nullable=True))
    expiry = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=90)
    tokens = sa.table("web_api_tokens", sa.column("expires_at", sa.DateTime()))
    op.execute(tokens.update().values(expires_at=expiry))

    op.add_column("web_login_attempts", sa.Column("device", sa.String(32), nullable=True))

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(40), nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "web_audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(60), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
    )
    op.create_index("ix_web_audit_log_at", "web_audit_log", ["at"])
    op.create_index("ix_web_audit_log_event", "web_audit_log", ["event"])
    for statement in AUDIT_GUARDS_POSTGRES if op.get_context().dialect.name == "postgresql" else AUDIT_GUARDS_SQLITE:
        op.execute(statement)
    op.create_table(
        "web_rate_limits",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("window_start", sa.Integer(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def _fill_identity_keys() -> None:
    users = sa.table(
        "web_users",
        sa.column("id", sa.Integer()),
        sa.column("username", sa.String()),
        sa.column("force", sa.String()),
        sa.column("force_number", sa.String()),
        sa.column("active", sa.Boolean()),
        sa.column("username_key", sa.String()),
        sa.column("force_key", sa.String()),
        sa.column("number_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(users).order_by(users.c.id)).mappings().all()
    usernames, numbers = set(), set()
    for row in rows:
        username, force, number = _fold(row["username"]), _fold(row["force"]), _number(row["force_number"])
        values = {"username_key": username, "force_key": force, "number_key": number, "active": row["active"]}
        if username in usernames:
            log.warning("web account id %s: its username clashes with an earlier account's; disabled", row["id"])
            values.update(username_key=None, active=False)
        if number is not None and (force, number) in numbers:
            log.warning("web account id %s: its force number clashes with an earlier account's; disabled", row["id"])
            values.update(number_key=None, active=False)
        usernames.add(username)
        if number is not None:
            numbers.add((force, number))
        connection.execute(users.update().where(users.c.id == row["id"]).values(**values))


def downgrade() -> None:
    raise NotImplementedError("migrations go forward only")
