"""Create the append-only justification records table.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

The database itself refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of records: triggers on both
databases, and on PostgreSQL the privileges are also revoked from PUBLIC and from the role running this
migration (the table owner), so the refusal does not depend on a trigger alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLE = "justification_records"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'justification records are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'justification records are append-only: DELETE refused'); END""",
)

POSTGRES_GUARDS = (
    """CREATE FUNCTION sharewise_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'justification records are append-only: % refused', TG_OP
               USING ERRCODE = 'insufficient_privilege';
       END $$""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION sharewise_records_append_only()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION sharewise_records_append_only()""",
    f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC",
    f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM CURRENT_USER",
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amends", sa.String(36), nullable=True),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("appended_at", sa.String(27), nullable=False),
        sa.Column("decision_maker", sa.Text(), nullable=False),
        sa.Column("force_number", sa.String(64), nullable=False),
        sa.Column("force", sa.Text(), nullable=False),
        sa.Column("review_date", sa.String(10), nullable=False),
        sa.Column("retain_until", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
        sa.UniqueConstraint("hash"),
    )
    op.create_index("ix_justification_records_created_at", TABLE, ["created_at"])
    op.create_index("ix_justification_records_force_number", TABLE, ["force_number"])
    op.create_index("ix_justification_records_force", TABLE, ["force"])
    guards = POSTGRES_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the records store is append-only: migrations go forward only")
