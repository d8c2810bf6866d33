"""The training log: athletes, assessments, plans, training sessions, sets, check-ins, videos.

Revision ID: 0001
Revises:
Created: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def _id(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def _created_at() -> sa.Column[datetime]:
    return sa.Column("created_at", UTC_TIME, nullable=False)


def _athlete(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=f"fk_{table}_athlete_id_athletes",
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "athletes",
        *_id("athletes"),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("units", sa.String(2), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("goal", sa.String(20), nullable=True),
        sa.Column("training_days", sa.JSON(), nullable=False),
        sa.Column("deadlift_day", sa.String(3), nullable=True),
        sa.Column("on_shift", sa.Boolean(), nullable=False),
        sa.Column("shift_schedule", sa.JSON(), nullable=False),
        sa.Column("clearances", sa.JSON(), nullable=False),
        sa.Column("current_rung", sa.Integer(), nullable=True),
        sa.Column("loading_allowed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        _created_at(),
        sa.UniqueConstraint("name", name="uq_athletes_name"),
        sa.CheckConstraint("units IN ('kg', 'lb')", name="ck_athletes_units"),
        sa.CheckConstraint(
            "current_rung IS NULL OR current_rung BETWEEN 0 AND 6", name="ck_athletes_rung"
        ),
    )
    op.create_table(
        "assessments",
        *_id("assessments"),
        *_athlete("assessments"),
        sa.Column("taken_at", UTC_TIME, nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("start_rung", sa.Integer(), nullable=True),
        _created_at(),
    )
    op.create_index("ix_assessments_athlete_id_taken_at", "assessments", ["athlete_id", "taken_at"])
    op.create_table(
        "plans",
        *_id("plans"),
        *_athlete("plans"),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _created_at(),
    )
    op.create_index("ix_plans_athlete_id", "plans", ["athlete_id"])
    op.create_index(
        "uq_plans_one_active",
        "plans",
        ["athlete_id"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "training_sessions",
        *_id("training_sessions"),
        *_athlete("training_sessions"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("plan_week", sa.Integer(), nullable=True),
        sa.Column("plan_day", sa.Integer(), nullable=True),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name="fk_training_sessions_plan_id_plans",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("athlete_id", "day", name="uq_training_sessions_athlete_id_day"),
    )
    op.create_table(
        "video_analyses",
        *_id("video_analyses"),
        *_athlete("video_analyses"),
        sa.Column("source_filename", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _created_at(),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'done', 'failed')", name="ck_video_analyses_status"
        ),
    )
    op.create_index("ix_video_analyses_athlete_id", "video_analyses", ["athlete_id"])
    op.create_table(
        "sets",
        *_id("sets"),
        sa.Column("session_id", sa.Integer(), nullable=False),
        *_athlete("sets"),
        sa.Column("performed_at", UTC_TIME, nullable=False),
        sa.Column("exercise_name", sa.Text(), nullable=False),
        sa.Column("variation", sa.String(40), nullable=True),
        sa.Column("load_kg", sa.Double(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("reps_right", sa.Integer(), nullable=True),
        sa.Column("hold_s", sa.Double(), nullable=True),
        sa.Column("rpe", sa.Double(), nullable=True),
        sa.Column("rir", sa.Integer(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("felt_in", sa.JSON(), nullable=False),
        sa.Column("faults", sa.JSON(), nullable=False),
        sa.Column("full_extension", sa.Boolean(), nullable=True),
        sa.Column("warmup", sa.Boolean(), nullable=False),
        sa.Column("set_type", sa.String(10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("video_analysis_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=True),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name="fk_sets_session_id_training_sessions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["video_analysis_id"],
            ["video_analyses.id"],
            name="fk_sets_video_analysis_id_video_analyses",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("athlete_id", "source_key", name="uq_sets_athlete_id_source_key"),
        sa.CheckConstraint(
            "set_type IN ('normal', 'warmup', 'dropset', 'failure')", name="ck_sets_set_type"
        ),
    )
    op.create_index("ix_sets_athlete_id_performed_at", "sets", ["athlete_id", "performed_at"])
    op.create_index("ix_sets_session_id", "sets", ["session_id"])
    op.create_table(
        "checkins",
        *_id("checkins"),
        *_athlete("checkins"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("next_morning_pain", sa.Integer(), nullable=True),
        sa.Column("bodyweight_kg", sa.Double(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        _created_at(),
        sa.UniqueConstraint("athlete_id", "day", name="uq_checkins_athlete_id_day"),
    )


def downgrade() -> None:
    op.drop_table("checkins")
    op.drop_index("ix_sets_session_id", table_name="sets")
    op.drop_index("ix_sets_athlete_id_performed_at", table_name="sets")
    op.drop_table("sets")
    op.drop_index("ix_video_analyses_athlete_id", table_name="video_analyses")
    op.drop_table("video_analyses")
    op.drop_table("training_sessions")
    op.drop_index("uq_plans_one_active", table_name="plans")
    op.drop_index("ix_plans_athlete_id", table_name="plans")
    op.drop_table("plans")
    op.drop_index("ix_assessments_athlete_id_taken_at", table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("athletes")
