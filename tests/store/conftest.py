from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from hipthrust.store import Athlete, Store, open_store, resolve_athlete, transaction
from hipthrust.store.migrate import head_revision
from hipthrust.store.models import Base


@pytest.fixture(scope="session")
def _postgres_log_url(
    new_postgres_schema: Callable[[], AbstractContextManager[str]],
) -> Iterator[str]:
    # One migrated schema for the whole run; each test empties it (faster than migrating).
    with new_postgres_schema() as url:
        open_store(url).close()
        yield url


def _empty_postgres_log(url: str) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    head = head_revision()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new training log (not yet opened): a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'log.sqlite3'}"
    url: str = request.getfixturevalue("_postgres_log_url")
    _empty_postgres_log(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def me(store: Store) -> Athlete:
    """The default athlete every new log starts with."""
    with transaction(store) as session:
        return resolve_athlete(session, None)
