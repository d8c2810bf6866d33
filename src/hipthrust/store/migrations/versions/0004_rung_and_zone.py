"""Athletes: when a rung was chosen (rungs are derived, not stored by reading), their time zone.

Revision ID: 0003c
Revises: 0003b
Created: 2026-12-07

A rung recorded before this revision was written by ``hipthrust next`` or a plan; it is kept
as if chosen now, so the sessions logged before it do not move it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003c"
down_revision: str | None = "0003b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes") as batch:
        batch.add_column(sa.Column("rung_chosen_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=True))
    op.execute(
        "UPDATE athletes SET rung_chosen_at = CURRENT_TIMESTAMP WHERE current_rung IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("athletes") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("rung_chosen_at")
