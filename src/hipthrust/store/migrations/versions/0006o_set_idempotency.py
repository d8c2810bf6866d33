"""Sets: the idempotency key a client sends with a set, so a set sent twice is stored once.

Revision ID: 0006o
Revises: 0006c
Created: 2026-12-07

Two nullable columns (plain ADD COLUMN, no rebuild): ``idempotency_key``, the key the client
chose (a UUID from the page, say), and ``idempotency_hash``, a fingerprint of what was sent
with it, so the same key with other values is refused. A unique index on
(athlete_id, idempotency_key) lets one row per athlete hold a key; rows without a key (every
set logged before this revision, the CLI's, imported ones) stay NULL, which never collides.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006o"
down_revision: str | None = "0006c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_sets_athlete_id_idempotency_key"


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild: on SQLite a rebuilt sets table would unlink the
    # rows that point to it.
    op.add_column("sets", sa.Column("idempotency_key", sa.String(100)))
    op.add_column("sets", sa.Column("idempotency_hash", sa.String(64)))
    op.create_index(_INDEX, "sets", ["athlete_id", "idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="sets")
    op.execute("ALTER TABLE sets DROP COLUMN idempotency_hash")  # SQLite 3.35+: no rebuild
    op.execute("ALTER TABLE sets DROP COLUMN idempotency_key")
