"""Account safety: sessions that can be ended, one set per video, one-time reset links.

- ``users.session_epoch``: every signed session carries it; bumping it ends them all.
- ``sets.video_analysis_id`` unique: two taps on "Log this set" cannot link two sets to one
  video. Sets already linked twice (the race this closes) keep the first link; the others
  stay in the log, unlinked.
- ``password_resets``: one-time links to choose a new password, stored as hashes.
- ``athletes.display_name``: the name people see, which need not be unique (two people
  called Alex are both "Alex"); ``athletes.name`` stays the log's unique handle. Filled from
  the web account's own name, so an athlete signed up as "Alex (2)" is shown as "Alex".

On SQLite no table that others reference is rebuilt: with foreign keys on (they cannot be
turned off inside the migration's transaction), dropping the old copy of ``users`` would
cascade to invitations and coach links. ``users`` changes with a plain ``ADD``/``DROP
COLUMN`` (so do ``athletes``); only ``sets``, which nothing references, is rebuilt.

Revision ID: 0003a
Revises: 0002
Created: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003a"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(
        "UPDATE sets SET video_analysis_id = NULL WHERE video_analysis_id IS NOT NULL AND id > "
        "(SELECT MIN(first.id) FROM sets AS first "
        "WHERE first.video_analysis_id = sets.video_analysis_id)"
    )
    with op.batch_alter_table("sets") as batch:
        batch.create_unique_constraint("uq_sets_video_analysis_id", ["video_analysis_id"])
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_password_resets"),
        sa.UniqueConstraint("token_hash", name="uq_password_resets_token_hash"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_password_resets_user_id_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])
    op.add_column("athletes", sa.Column("display_name", sa.String(80), nullable=True))
    op.execute(
        "UPDATE athletes SET display_name = (SELECT users.display_name FROM users "
        "WHERE users.athlete_id = athletes.id)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE athletes DROP COLUMN display_name")
    op.drop_index("ix_password_resets_user_id", table_name="password_resets")
    op.drop_table("password_resets")
    with op.batch_alter_table("sets") as batch:
        batch.drop_constraint("uq_sets_video_analysis_id", type_="unique")
    op.execute("ALTER TABLE users DROP COLUMN session_epoch")  # SQLite 3.35+: no rebuild
