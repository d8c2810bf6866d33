"""Sets: the tempo of a set (lift, top hold and lowering, in seconds), typed or from a video.

Revision ID: 0005b
Revises: 0005a
Created: 2026-12-07

Three nullable columns: a set logged before this revision has no tempo, and counts toward a
gate on its reps and hold alone, as it did (docs/tempo.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005b"
down_revision: str | None = "0005a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("tempo_up_s", "tempo_top_s", "tempo_down_s")


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild: on SQLite a rebuilt sets table would unlink the
    # rows that point to it.
    for name in _COLUMNS:
        op.add_column("sets", sa.Column(name, sa.Double()))


def downgrade() -> None:
    for name in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE sets DROP COLUMN {name}")  # SQLite 3.35+: no rebuild
