"""Video analyses count how many times a worker took them up, so a video that keeps stopping
its worker is marked failed instead of being queued for ever.

Revision ID: 0003b
Revises: 0003a
Created: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003b"
down_revision: str | None = "0003a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: on SQLite a rebuilt video_analyses would, with foreign keys on,
    # unlink every set from its video (ON DELETE SET NULL) on the way.
    op.add_column(
        "video_analyses",
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE video_analyses DROP COLUMN attempts")  # SQLite 3.35+: no rebuild
