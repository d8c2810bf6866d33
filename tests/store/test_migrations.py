from __future__ import annotations

from collections.abc import Callable, Iterator

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
    "changes",
    "checkins",
    "coach_links",
    "comments",
    "invitations",
    "password_resets",
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


def _an_athlete(run: Callable[[str], object], name: str) -> None:
    """Athlete 1, named ``name``, with the columns every revision since 0002 has."""
    run(
        "INSERT INTO athletes (id, name, units, equipment, training_days, on_shift, "
        "shift_schedule, clearances, loading_allowed, notes, created_at) VALUES "
        f"(1, '{name}', 'kg', '{{}}', '[]', false, '{{}}', '{{}}', false, '', '2026-01-01')"
    )


def _sets_from_one_video(
    run: Callable[[str], object], set_ids: tuple[int, ...], faults: str = "[]"
) -> None:
    """Athlete 1's video analysis 1 and session 1, and the sets ``set_ids`` (5 reps of hip
    thrust, ``faults`` as JSON) each linked to that video."""
    run(
        "INSERT INTO video_analyses (id, athlete_id, source_filename, status, created_at) "
        "VALUES (1, 1, 'a.mp4', 'done', '2026-01-01')"
    )
    run(
        "INSERT INTO training_sessions (id, athlete_id, day, started_at, notes, created_at) "
        "VALUES (1, 1, '2026-01-01', '2026-01-01', '', '2026-01-01')"
    )
    for set_id in set_ids:
        run(
            "INSERT INTO sets (id, session_id, athlete_id, performed_at, exercise_name, "
            "reps, felt_in, faults, warmup, set_type, notes, video_analysis_id, source, "
            f"created_at) VALUES ({set_id}, 1, 1, '2026-01-01', 'hip_thrust', 5, '[]', "
            f"'{faults}', false, 'normal', '', 1, 'video', '2026-01-01')"
        )


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


def test_0003a_keeps_the_first_set_of_a_video_and_loses_no_account(engine: Engine) -> None:
    # The race 0003a closes left three sets linked to one video: the first keeps the link.
    # Nothing else is touched (on SQLite a rebuilt users table would cascade to the links).
    with engine.begin() as connection:
        upgrade(connection, "0002")
        run = connection.exec_driver_sql
        _an_athlete(run, "Alex (2)")
        run(
            "INSERT INTO users (id, email, password_hash, role, display_name, athlete_id, "
            "created_at) VALUES (1, 'a@example.com', 'x', 'athlete', 'Alex', 1, '2026-01-01'), "
            "(2, 'c@example.com', 'x', 'coach', 'Cora', NULL, '2026-01-01')"
        )
        run(
            "INSERT INTO coach_links (coach_id, athlete_id, created_at) VALUES (2, 1, '2026-01-01')"
        )
        _sets_from_one_video(run, (1, 2, 3))
    with engine.begin() as connection:
        upgrade(connection)
        run = connection.exec_driver_sql
        links = run("SELECT id, video_analysis_id FROM sets ORDER BY id")
        assert [tuple(row) for row in links] == [(1, 1), (2, None), (3, None)]
        assert [tuple(r) for r in run("SELECT id, session_epoch FROM users ORDER BY id")] == [
            (1, 0),
            (2, 0),
        ]
        assert run("SELECT COUNT(*) FROM coach_links").scalar() == 1
        # The athlete signed up as "Alex" and named "Alex (2)" in the log is shown as Alex.
        assert run("SELECT name, display_name FROM athletes").one() == ("Alex (2)", "Alex")
    with engine.begin() as connection:
        downgrade(connection, "0002")
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM coach_links").scalar() == 1
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM sets").scalar() == 3


def test_0005b_adds_the_tempo_and_keeps_every_set_and_its_video(engine: Engine) -> None:
    # Plain ADD COLUMN: the sets keep their rows and their link to the video (a rebuilt sets
    # table on SQLite would not), and a set logged before has no tempo.
    with engine.begin() as connection:
        upgrade(connection, "0004")
        run = connection.exec_driver_sql
        _an_athlete(run, "me")
        _sets_from_one_video(run, (1,))
    with engine.begin() as connection:
        upgrade(connection, "0005b")
        run = connection.exec_driver_sql
        row = run(
            "SELECT id, video_analysis_id, tempo_up_s, tempo_top_s, tempo_down_s FROM sets"
        ).one()
        assert tuple(row) == (1, 1, None, None, None)
        run("UPDATE sets SET tempo_up_s = 1, tempo_top_s = 3, tempo_down_s = 2")
    with engine.begin() as connection:
        downgrade(connection, "0004")
        run = connection.exec_driver_sql
        assert [tuple(r) for r in run("SELECT id, video_analysis_id FROM sets")] == [(1, 1)]


def test_0006m_adds_per_rep_fault_counts_and_keeps_every_set_and_its_video(
    engine: Engine,
) -> None:
    # A set logged before has no per-rep counts (NULL): the decision reads its faults per set.
    with engine.begin() as connection:
        upgrade(connection, "0005b")
        run = connection.exec_driver_sql
        _an_athlete(run, "me")
        _sets_from_one_video(run, (1,), faults='["rushing"]')
    with engine.begin() as connection:
        upgrade(connection, "0006m")
        run = connection.exec_driver_sql
        row = run("SELECT id, video_analysis_id, fault_reps FROM sets").one()
        assert tuple(row) == (1, 1, None)
    with engine.begin() as connection:
        downgrade(connection, "0005b")
        run = connection.exec_driver_sql
        assert [tuple(r) for r in run("SELECT id, video_analysis_id FROM sets")] == [(1, 1)]
