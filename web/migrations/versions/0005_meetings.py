"""Meetings and their agenda subjects (issue 14): an officer prepares a MARAC, MASH, MAPPA or Channel meeting.

Revision ID: 0005_meetings
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_meetings"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_meetings",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("agreement_reference", sa.String(40), nullable=True),
        sa.Column("purpose", sa.String(60), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_meeting_subjects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.String(43), sa.ForeignKey("web_meetings.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("draft_id", sa.String(43), nullable=True),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_web_meeting_subjects_meeting_id", "web_meeting_subjects", ["meeting_id"])
    op.create_index("ix_web_meeting_subjects_draft_id", "web_meeting_subjects", ["draft_id"])


def downgrade() -> None:
    raise NotImplementedError("migrations go forward only")
