"""The record of corrections: every edit or removal of a set or a check-in, who, when, what.

Revision ID: 0005a
Revises: 0004
Created: 2026-12-07

A new table only (plain CREATE TABLE): no existing table is rebuilt, so no row that points
to one is unlinked on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005a"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_by_name", sa.String(80), nullable=False),
        sa.Column("subject", sa.String(10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_changes_athlete_id_athletes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["users.id"], name="fk_changes_changed_by_users", ondelete="SET NULL"
        ),
        sa.CheckConstraint("subject IN ('set', 'checkin')", name="ck_changes_subject"),
        sa.CheckConstraint("action IN ('edit', 'delete', 'undo')", name="ck_changes_action"),
    )
    op.create_index("ix_changes_athlete_id_changed_at", "changes", ["athlete_id", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_changes_athlete_id_changed_at", table_name="changes")
    op.drop_table("changes")
