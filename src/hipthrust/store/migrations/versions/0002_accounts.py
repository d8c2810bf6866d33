"""Web accounts: users, coaches' invitations and links; uploads analysed in the background.

Revision ID: 0002
Revises: 0001
Created: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def _user_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("athlete_id", name="uq_users_athlete_id"),
        sa.ForeignKeyConstraint(
            ["athlete_id"], ["athletes.id"], name="fk_users_athlete_id_athletes", ondelete="CASCADE"
        ),
        sa.CheckConstraint("role IN ('athlete', 'coach')", name="ck_users_role"),
        sa.CheckConstraint(
            "role = 'coach' OR athlete_id IS NOT NULL", name="ck_users_athlete_owner"
        ),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("accepted_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
        _user_fk("invitations", "coach_id", "CASCADE"),
        _user_fk("invitations", "accepted_by", "SET NULL"),
    )
    op.create_index("ix_invitations_coach_id", "invitations", ["coach_id"])
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coach_links"),
        sa.UniqueConstraint("coach_id", "athlete_id", name="uq_coach_links_coach_id_athlete_id"),
        _user_fk("coach_links", "coach_id", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_coach_links_athlete_id_athletes",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    with op.batch_alter_table("video_analyses") as batch:
        batch.add_column(sa.Column("video_path", sa.Text(), nullable=True))
        batch.add_column(sa.Column("output_dir", sa.Text(), nullable=True))
        batch.add_column(sa.Column("stage", sa.String(20), nullable=True))
        batch.add_column(sa.Column("progress", sa.Double(), nullable=True))
        batch.add_column(sa.Column("settings", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("uploaded_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("updated_at", UTC_TIME, nullable=True))
        batch.create_foreign_key(
            "fk_video_analyses_uploaded_by_users",
            "users",
            ["uploaded_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("video_analyses") as batch:
        batch.drop_constraint("fk_video_analyses_uploaded_by_users", type_="foreignkey")
        for column in (
            "updated_at",
            "uploaded_by",
            "settings",
            "progress",
            "stage",
            "output_dir",
            "video_path",
        ):
            batch.drop_column(column)
    op.drop_index("ix_coach_links_athlete_id", table_name="coach_links")
    op.drop_table("coach_links")
    op.drop_index("ix_invitations_coach_id", table_name="invitations")
    op.drop_table("invitations")
    op.drop_table("users")
