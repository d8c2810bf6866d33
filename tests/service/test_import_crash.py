"""``hipthrust import`` killed in the middle of its write leaves the log exactly as it was.

A child process runs the real command on a generated 50,000-row Strong export. A hook
around the store's bulk write says "importing" once the first batch of sets is in the open
transaction (and from then on slows each batch a little, so the parent's kill surely lands
before the commit); the parent then kills the child with SIGKILL. Every table must be as
before, and the same import run again must then succeed in full. The table snapshot is the
store's crash test's own (tests/store/test_crash.py), imported rather than copied.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine

from hipthrust.cli import main
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.service.importing import import_file
from hipthrust.store import (
    add_checkin,
    logged_sets,
    open_store,
    resolve_athlete,
    transaction,
)
from hipthrust.store import log_set as store_log_set
from store.test_crash import _snapshot as snapshot_tables

pytestmark = pytest.mark.slow

ROWS = 50_000
FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "import_speed.py"

IMPORT_UNTIL_KILLED = """
import sys, time
import hipthrust.service.importing as importing

real_write = importing.add_sets_bulk
batches = 0

def write_and_signal(*args, **kwargs):
    global batches
    result = real_write(*args, **kwargs)
    batches += 1
    if batches == 1:
        print("importing", flush=True)
    else:
        time.sleep(0.2)
    return result

importing.add_sets_bulk = write_and_signal
from hipthrust.cli import main
sys.exit(main(["import", sys.argv[1], "--database", sys.argv[2], "--units", "kg"]))
"""


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_speed", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_speed"] = module
    spec.loader.exec_module(module)
    return module


def test_an_import_killed_half_way_leaves_the_log_as_it_was(
    empty_database_url: str, tmp_path: Path, generator: ModuleType
) -> None:
    url = empty_database_url
    with open_store(url) as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        store_log_set(
            session, me.id, SetRecord(datetime(2025, 3, 1, 18, tzinfo=UTC), "hip_thrust", 12)
        )
        add_checkin(session, me.id, Checkin(date(2025, 3, 2), next_morning_pain=1))
        earlier = import_file(session, me.id, FIXTURES / "hevy_kg.csv")
    engine = create_engine(url)
    before = snapshot_tables(engine)
    export = tmp_path / "strong_50k.csv"
    sets = generator.write_strong_export(export, ROWS)

    child = subprocess.Popen(
        [sys.executable, "-c", IMPORT_UNTIL_KILLED, str(export), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HIPTHRUST_HOME": str(tmp_path / "home")},
    )
    assert child.stdout is not None and child.stderr is not None
    line = child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=120)
    errors = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert line == "importing\n", errors
    assert child.returncode == -signal.SIGKILL  # killed before it could commit

    assert snapshot_tables(engine) == before
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()

    assert main(["import", str(export), "--database", url, "--json"]) == 0
    with open_store(url) as store, transaction(store) as session:
        stored = logged_sets(session, resolve_athlete(session, None).id)
    assert len(stored) == 1 + earlier.inserted + sets
    assert sum(1 for s in stored if s.source == "strong") == sets
