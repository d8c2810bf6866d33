"""Sets: an index on (athlete, variation, warm-up, time) for the decision's summary reads.

Revision ID: 0006s
Revises: 0006o
Created: 2026-12-07

The decision reads its recent weeks through the (athlete, time) index, and asks one question
of the whole log before them: which hip thrust variations were trained (working sets). With
this index that is one short probe per variation instead of a read of every earlier set
(``store.training.family_working_variations``; docs/storage.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006s"
down_revision: str | None = "0006o"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_sets_athlete_id_variation_warmup_performed_at"


def upgrade() -> None:
    op.create_index(INDEX, "sets", ["athlete_id", "variation", "warmup", "performed_at"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="sets")
