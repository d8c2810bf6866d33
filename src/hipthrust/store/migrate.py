"""Alembic, configured from Python: the migrations ship inside the package, no alembic.ini.

Every function takes a connection that is already inside a transaction; the migration runs in
that transaction, so it commits whole or not at all (PostgreSQL and SQLite both have
transactional DDL). ``upgrade`` first takes a lock so that two processes opening a new
database at once apply the migrations one after the other, never both.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text

from hipthrust.errors import InputError

__all__ = [
    "MIGRATIONS",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "upgrade",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Key of the PostgreSQL advisory lock held while migrating ("HIPT" in ASCII).
_MIGRATION_LOCK = 0x48495054


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations, using ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the database to ``revision``; does nothing when it is there already."""
    _lock(connection)
    current = current_revision(connection)
    _check_known(current)
    if revision == "head" and current == head_revision():
        return
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    """Take the database back to ``revision`` (``"base"``: no tables at all)."""
    _lock(connection)
    _check_known(current_revision(connection))
    command.downgrade(alembic_config(connection), revision)


def _lock(connection: Connection) -> None:
    # SQLite: the transaction began with BEGIN IMMEDIATE (see db.py), which holds the write
    # lock already. PostgreSQL: a transaction-scoped advisory lock, released at commit.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def _check_known(current: str | None) -> None:
    if current is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except CommandError:
        raise InputError(
            f"the database is at schema revision {current}, which this version of hipthrust "
            "does not know: it was written by a newer hipthrust, so upgrade hipthrust"
        ) from None
