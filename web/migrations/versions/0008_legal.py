"""Draft policy packs uploaded by legal services, with their validation problems and impact.

Revision ID: 0008_legal
Revises: 0007_training
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_legal"
down_revision = "0007_training"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_pack_drafts",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_web_pack_drafts_user_id", "web_pack_drafts", ["user_id"])
    op.create_index("ix_web_pack_drafts_created_at", "web_pack_drafts", ["created_at"])


def downgrade() -> None:
    raise NotImplementedError("migrations go forward only")
