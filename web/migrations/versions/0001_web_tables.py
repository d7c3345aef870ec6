"""Create the web app's tables: users, API tokens, questionnaire drafts and sign-in attempts.

Revision ID: 0001
Revises:
Create Date: 2026-12-01

Exactly the tables ``metadata.create_all`` made at start-up before the web had migrations, so that a
database made that way is adopted by stamping this revision (see ``web.migrate``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rank_or_role", sa.String(100), nullable=False),
        sa.Column("force_number", sa.String(40), nullable=False),
        sa.Column("force", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "web_api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "web_drafts",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    for column in ("username", "address", "at"):
        op.create_index(f"ix_web_login_attempts_{column}", "web_login_attempts", [column])


def downgrade() -> None:
    raise NotImplementedError("migrations go forward only")
