from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from hipthrust.store.db import create_store_engine
from hipthrust.store.migrate import current_revision, downgrade, head_revision, upgrade
from hipthrust.store.models import Base

TABLES = {
    "alembic_version",
    "assessments",
    "athletes",
    "checkins",
    "coach_links",
    "invitations",
    "plans",
    "sets",
    "training_sessions",
    "users",
    "video_analyses",
}


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    engine = create_store_engine(empty_database_url)
    yield engine
    engine.dispose()


def _differences(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_an_empty_database_upgrades_to_head_with_every_table(engine: Engine) -> None:
    with engine.begin() as connection:
        assert current_revision(connection) is None
        upgrade(connection)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert set(inspect(connection).get_table_names()) == TABLES


def test_the_migrations_build_exactly_the_models(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade(connection)
    assert _differences(engine) == []


def test_the_comparison_sees_what_the_migrations_lack(engine: Engine) -> None:
    # The test above can fail: against an empty database every table is a difference.
    added = {diff[1].name for diff in _differences(engine) if diff[0] == "add_table"}  # type: ignore[attr-defined]
    assert added == TABLES - {"alembic_version"}


def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade(connection)
    with engine.begin() as connection:
        downgrade(connection, "base")
    with engine.connect() as connection:
        assert current_revision(connection) is None
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
    with engine.begin() as connection:
        upgrade(connection)
    assert _differences(engine) == []
