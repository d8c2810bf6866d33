"""Comments: a coach's word to an athlete on a set, a video analysis or a day.

Revision ID: 0006c
Revises: 0005b
Created: 2026-12-07

A new table only (plain CREATE TABLE): no existing table is rebuilt, so no row that points
to one is unlinked on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006c"
down_revision: str | None = "0005b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(80), nullable=False),
        sa.Column("target", sa.String(5), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("analysis_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_comments_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name="fk_comments_author_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name="fk_comments_set_id_sets", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["analysis_id"],
            ["video_analyses.id"],
            name="fk_comments_analysis_id_video_analyses",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint("target IN ('set', 'video', 'day')", name="ck_comments_target"),
    )
    op.create_index("ix_comments_athlete_id_day", "comments", ["athlete_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_comments_athlete_id_day", table_name="comments")
    op.drop_table("comments")
