"""Sets: how many reps of a set read from a video showed each form fault.

Revision ID: 0006m
Revises: 0006s
Created: 2026-12-07

One nullable JSON column, ``{"fault_id": reps}``: a set logged before this revision (and any
typed or imported set) has none, and the decision's form rule reads its faults per set, as it
did (docs/decision.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006m"
down_revision: str | None = "0006s"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild: on SQLite a rebuilt sets table would unlink the
    # rows that point to it.
    op.add_column("sets", sa.Column("fault_reps", sa.JSON()))


def downgrade() -> None:
    op.execute("ALTER TABLE sets DROP COLUMN fault_reps")  # SQLite 3.35+: no rebuild
