"""The decision's reads go through indexes, whatever the log's length (migration 0006s).

SQLite's own plan (``EXPLAIN QUERY PLAN``) of the statements the decision sends: the window of
recent weeks is a range of the (athlete, time) index, and "which variations were trained
before it" probes the (athlete, variation, warm-up, time) index; neither reads the table
from end to end. The probes answer what the old whole-history query answered.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, text

from hipthrust.coaching.records import SetRecord
from hipthrust.store import (
    Athlete,
    SourcedSet,
    Store,
    add_sets_bulk,
    logged_sets,
    open_store,
    read_transaction,
    resolve_athlete,
    transaction,
)
from hipthrust.store.training import HIP_THRUST_FAMILY, family_sets, family_working_variations

START = datetime(2020, 1, 1, 18, tzinfo=UTC)
NAMES = (*sorted(HIP_THRUST_FAMILY), "deadlift", "Bench Press (Barbell)", "Plank")


@pytest.fixture
def log(tmp_path: Path) -> Iterator[tuple[Store, Athlete]]:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite3'}") as store:
        with transaction(store) as session:
            me = resolve_athlete(session, None)
        yield store, me


def _fill(store: Store, athlete: Athlete, seed: int, days: int) -> None:
    rng = random.Random(seed)
    records = [
        SetRecord(
            START + timedelta(days=day, minutes=number),
            rng.choice(NAMES),
            rng.randint(5, 15),
            warmup=rng.random() < 0.2,
        )
        for day in range(days)
        for number in range(rng.randint(0, 4))
    ]
    with transaction(store) as session:
        add_sets_bulk(session, athlete.id, [SourcedSet(r) for r in records], source="test")
        # A family name kept as free text (no variation id): written by hand, as no door does.
        session.execute(
            text(
                "UPDATE sets SET variation = NULL, exercise_name = 'glute_bridge' "
                "WHERE id IN (SELECT id FROM sets WHERE variation = 'deadlift' "
                "AND warmup = 0 LIMIT 1)"
            )
        )


def _plans(store: Store, read: object) -> list[str]:
    """The query plan lines of every statement ``read(session)`` sends."""
    sent: list[tuple[str, object]] = []

    def seen(conn: object, cursor: object, statement: str, parameters: object, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with read_transaction(store) as session:
            read(session)  # type: ignore[operator]
            connection = session.connection()
            return [
                row[3]
                for statement, parameters in sent
                for row in connection.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}",
                    parameters,  # type: ignore[arg-type]
                )
            ]
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def test_the_window_and_the_earlier_variations_are_index_reads(
    log: tuple[Store, Athlete],
) -> None:
    store, me = log
    _fill(store, me, 1, 400)
    end = START + timedelta(days=400)
    window = _plans(store, lambda s: family_sets(s, me.id, end - timedelta(weeks=14), end))
    assert any(
        "USING INDEX ix_sets_athlete_id_performed_at (athlete_id=? AND performed_at>? AND "
        "performed_at<?)" in line
        for line in window
    ), window
    earlier = _plans(
        store, lambda s: family_working_variations(s, me.id, None, end - timedelta(weeks=9))
    )
    index = "ix_sets_athlete_id_variation_warmup_performed_at"
    probes = [line for line in earlier if index in line]
    assert len(probes) == len(HIP_THRUST_FAMILY) + 1, earlier
    assert all("athlete_id=? AND variation=? AND warmup=? AND performed_at<?" in p for p in probes)
    for line in window + earlier:
        assert not line.startswith("SCAN sets"), line  # never the whole table


@pytest.mark.parametrize("seed", range(6))
def test_the_probes_find_the_variations_every_set_would_show(
    log: tuple[Store, Athlete], seed: int
) -> None:
    store, me = log
    _fill(store, me, seed, 60)
    rng = random.Random(seed)
    for _ in range(5):
        since = None if rng.random() < 0.5 else START + timedelta(days=rng.randint(0, 60))
        until = START + timedelta(days=rng.randint(0, 61))
        with read_transaction(store) as session:
            expected = {
                s.record.variation
                for s in logged_sets(session, me.id, since, until)
                if s.is_hip_thrust_family and not s.record.warmup
            }
            found = family_working_variations(session, me.id, since, until)
        assert found == expected
