"""Athletes: when a rung was chosen (rungs are derived, not stored by reading), their time zone.

Revision ID: 0004
Revises: 0003b
Created: 2026-12-07

A rung recorded before this revision was written by ``hipthrust next`` or a plan; it is kept
as if chosen now, so the sessions logged before it do not move it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN: a rebuilt athletes table would, on SQLite with foreign keys on, take
    # every row that refers to an athlete with it.
    op.add_column("athletes", sa.Column("rung_chosen_at", sa.DateTime(timezone=True)))
    op.add_column("athletes", sa.Column("time_zone", sa.String(64)))
    op.execute(
        "UPDATE athletes SET rung_chosen_at = CURRENT_TIMESTAMP WHERE current_rung IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE athletes DROP COLUMN time_zone")  # SQLite 3.35+: no rebuild
    op.execute("ALTER TABLE athletes DROP COLUMN rung_chosen_at")
