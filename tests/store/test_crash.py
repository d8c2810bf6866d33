"""A process killed in the middle of a bulk write leaves the log exactly as it was before.

The child opens the log, starts one transaction and writes batch after batch of sets into it
without end; after the first batch it says so, and the parent kills it with SIGKILL while it
is still writing. The parent then finds every table as it was, the same import can be run
again in full, and the database opens and takes writes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text

from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.store import (
    SourcedSet,
    add_checkin,
    add_sets_bulk,
    history,
    log_set,
    open_store,
    resolve_athlete,
    transaction,
)
from hipthrust.store.models import Base

pytestmark = pytest.mark.slow

WRITE_UNTIL_KILLED = """
import sys
from datetime import UTC, datetime, timedelta
from sqlalchemy import text
from hipthrust.coaching.records import SetRecord
from hipthrust.store import SourcedSet, add_sets_bulk, open_store, resolve_athlete, transaction

def batch(number):
    start = datetime(2025, 4, 1, tzinfo=UTC) + timedelta(days=number)
    return [
        SourcedSet(
            SetRecord(start + timedelta(seconds=i), "barbell_hip_thrust", 8, load_kg=100.0),
            f"crash-{number}-{i}",
        )
        for i in range(500)
    ]

store = open_store(sys.argv[1])
with transaction(store) as session:
    if store.backend == "sqlite":
        session.execute(text("PRAGMA cache_size = 8"))  # spill uncommitted pages into the WAL
    athlete = resolve_athlete(session, None)
    add_sets_bulk(session, athlete.id, batch(0), source="strong")
    print("writing", flush=True)
    number = 1
    while True:
        add_sets_bulk(session, athlete.id, batch(number), source="strong")
        number += 1
"""


def _snapshot(engine: Engine) -> dict[str, list[Any]]:
    with engine.connect() as connection:
        tables = {
            table.name: list(connection.execute(select(table).order_by(table.c.id)))
            for table in Base.metadata.sorted_tables
        }
        tables["alembic_version"] = list(connection.execute(text("SELECT * FROM alembic_version")))
    return tables


def test_a_bulk_write_killed_half_way_leaves_the_log_as_it_was(store_url: str) -> None:
    before_records = [
        SetRecord(datetime(2025, 3, 1, 18, i, tzinfo=UTC), "hip_thrust", 10 + i) for i in range(3)
    ]
    with open_store(store_url) as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        for record in before_records:
            log_set(session, me.id, record)
        add_checkin(session, me.id, Checkin(date(2025, 3, 2), next_morning_pain=1))
    engine = create_engine(store_url)
    before = _snapshot(engine)

    child = subprocess.Popen(
        [sys.executable, "-c", WRITE_UNTIL_KILLED, store_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    assert child.stderr is not None
    errors = child.stderr.read()
    child.stderr.close()
    assert line == "writing\n", errors
    assert child.returncode == -signal.SIGKILL

    assert _snapshot(engine) == before
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()

    again = [
        SourcedSet(
            SetRecord(
                datetime(2025, 4, 1, tzinfo=UTC) + timedelta(seconds=i), "barbell_hip_thrust", 8
            ),
            f"crash-0-{i}",
        )
        for i in range(500)
    ]
    with open_store(store_url) as store, transaction(store) as session:
        result = add_sets_bulk(session, me.id, again, source="strong")
    with open_store(store_url) as store, transaction(store) as session:
        stored = history(session, me.id)
    assert (result.inserted, result.skipped) == (500, 0)
    assert stored[:3] == tuple(before_records)
    assert len(stored) == 503
