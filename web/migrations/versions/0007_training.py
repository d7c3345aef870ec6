"""Training: cohorts and their members, scenarios written in the web, exercises, their scenarios and
trainees' practice attempts (kept apart from drafts and from the records store).

Revision ID: 0007_training
Revises: 0006_security
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_training"
down_revision = "0006_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_training_cohorts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("force", sa.String(200), nullable=False),
        sa.Column("join_code", sa.String(16), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("join_code"),
    )
    op.create_table(
        "web_training_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cohort_id", sa.Integer(), sa.ForeignKey("web_training_cohorts.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("cohort_id", "user_id", name="uq_web_training_members_cohort_user"),
    )
    op.create_table(
        "web_training_scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("force", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_training_exercises",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("force", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), sa.ForeignKey("web_training_cohorts.id"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "web_training_exercise_scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("exercise_id", sa.Integer(), sa.ForeignKey("web_training_exercises.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("exercise_id", "name", name="uq_web_training_exercise_scenarios_name"),
    )
    op.create_table(
        "web_training_attempts",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column(
            "exercise_scenario_id",
            sa.Integer(),
            sa.ForeignKey("web_training_exercise_scenarios.id"),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("marking", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("exercise_scenario_id", "user_id", name="uq_web_training_attempts_scenario_user"),
    )
    op.create_index("ix_web_training_attempts_user_id", "web_training_attempts", ["user_id"])


def downgrade() -> None:
    raise NotImplementedError("migrations go forward only")
