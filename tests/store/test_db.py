from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.store import (
    AthleteProfile,
    Store,
    database_url,
    history,
    list_athletes,
    log_set,
    open_store,
    read_transaction,
    resolve_athlete,
    transaction,
    update_athlete,
)
from hipthrust.store.migrate import current_revision, head_revision

PG = "postgresql+psycopg://u@db.example/log"
DEFAULT_FILE = platformdirs.user_data_path("hipthrust") / "hipthrust.sqlite3"


@pytest.mark.parametrize(
    ("url", "home", "env", "expected"),
    [
        (None, None, {}, f"sqlite:///{DEFAULT_FILE}"),
        (None, None, {"HIPTHRUST_HOME": "/srv/coach"}, "sqlite:////srv/coach/hipthrust.sqlite3"),
        (None, None, {"HIPTHRUST_DATABASE_URL": PG, "HIPTHRUST_HOME": "/srv/coach"}, PG),
        (
            None,
            Path("/tmp/t"),
            {"HIPTHRUST_DATABASE_URL": PG},
            "sqlite:////tmp/t/hipthrust.sqlite3",
        ),
        ("sqlite:///x.db", Path("/tmp/t"), {"HIPTHRUST_DATABASE_URL": PG}, "sqlite:///x.db"),
        (
            None,
            None,
            {"HIPTHRUST_DATABASE_URL": "", "HIPTHRUST_HOME": ""},
            f"sqlite:///{DEFAULT_FILE}",
        ),
    ],
    ids=["default", "home_env", "url_env_wins_over_home_env", "home_arg", "url_arg", "empty_env"],
)
def test_the_database_is_found_in_order_of_precedence(
    url: str | None, home: Path | None, env: dict[str, str], expected: str
) -> None:
    found = database_url(url, home=home, env=env)
    assert make_url(found).render_as_string(hide_password=False) == expected


def test_a_data_directory_may_have_any_name(tmp_path: Path) -> None:
    home = tmp_path / "odd ?#% name"
    with open_store(home=home) as store:
        assert store.backend == "sqlite"
    assert (home / "hipthrust.sqlite3").is_file()


def test_a_new_log_needs_no_setup_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("HIPTHRUST_HOME", str(home))
    monkeypatch.delenv("HIPTHRUST_DATABASE_URL", raising=False)
    with open_store() as store, transaction(store) as session:
        assert [a.name for a in list_athletes(session)] == ["me"]
        assert current_revision(session.connection()) == head_revision()
    assert (home / "hipthrust.sqlite3").is_file()


def test_a_log_in_memory_needs_no_file_for_other_layers_tests() -> None:
    record = SetRecord(datetime(2025, 3, 1, 18, tzinfo=UTC), "glute_bridge", 15)
    with open_store("sqlite://") as store:
        with transaction(store) as session:
            log_set(session, resolve_athlete(session, None).id, record)
        with transaction(store) as session:
            assert history(session, resolve_athlete(session, None).id) == (record,)


def test_opening_again_changes_nothing_and_keeps_a_renamed_athlete(store_url: str) -> None:
    with open_store(store_url) as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        update_athlete(session, me.id, AthleteProfile(name="ana", units="lb"))
    with open_store(store_url) as store, transaction(store) as session:
        assert [(a.name, a.units) for a in list_athletes(session)] == [("ana", "lb")]


def test_a_transaction_keeps_all_or_nothing(store: Store) -> None:
    record = SetRecord(datetime(2025, 3, 1, 18, tzinfo=UTC), "hip_thrust", 12)
    with pytest.raises(RuntimeError), transaction(store) as session:
        log_set(session, resolve_athlete(session, None).id, record)
        raise RuntimeError("the user pressed ctrl-c")
    with transaction(store) as session:
        me = resolve_athlete(session, None)
        assert history(session, me.id) == ()
        log_set(session, me.id, record)
    with transaction(store) as session:
        assert history(session, me.id) == (record,)


def test_sqlite_is_durable_checks_foreign_keys_and_takes_the_write_lock_up_front(
    tmp_path: Path,
) -> None:
    with open_store(home=tmp_path) as store, store.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        # BEGIN IMMEDIATE: holding the write lock from the start, so a second writer waits.
        other = create_engine(store.engine.url, connect_args={"timeout": 0})
        with pytest.raises(Exception, match="locked"), other.connect() as second:
            second.exec_driver_sql("BEGIN IMMEDIATE")
        other.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 30000,
    }
    assert store.backend == "sqlite"


def test_reads_on_sqlite_do_not_wait_for_a_writer_and_cannot_write(tmp_path: Path) -> None:
    first = SetRecord(datetime(2025, 3, 1, 18, tzinfo=UTC), "hip_thrust", 12)
    second = SetRecord(datetime(2025, 3, 2, 18, tzinfo=UTC), "hip_thrust", 10)
    with open_store(home=tmp_path) as store:
        with transaction(store) as session:
            me = resolve_athlete(session, None).id
            log_set(session, me, first)
        with transaction(store) as writing:
            log_set(writing, me, second)
            writing.flush()  # the write lock is held, the set not yet committed
            for _ in range(3):  # several readers at once, each at once (no busy wait)
                started = time.perf_counter()
                with read_transaction(store) as reading:
                    assert history(reading, me) == (first,)  # the last committed state
                assert time.perf_counter() - started < 5.0  # the busy timeout is 30 s
        with read_transaction(store) as reading:
            assert history(reading, me) == (first, second)
            with pytest.raises(Exception, match="readonly"):
                log_set(reading, me, SetRecord(datetime(2025, 3, 3, tzinfo=UTC), "hip_thrust", 9))
                reading.flush()
        with transaction(store) as session:  # a writer after a reader may write again
            assert len(history(session, me)) == 2
            log_set(session, me, SetRecord(datetime(2025, 3, 4, tzinfo=UTC), "hip_thrust", 8))


def test_sqlite_sets_the_reading_mode_only_when_a_connection_switches(tmp_path: Path) -> None:
    # One statement less per request: PRAGMA query_only goes out when a pooled connection
    # switches between reading and writing, and a read after a write still cannot write.
    from sqlalchemy import event

    with open_store(home=tmp_path) as store:
        sent: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: sent.append(a[2]))

        def pragmas() -> list[str]:
            found = [s for s in sent if s.startswith("PRAGMA query_only")]
            sent.clear()
            return found

        with transaction(store) as session:
            me = resolve_athlete(session, None).id
        assert pragmas() == []  # the store was opened writing: the connection is in that mode
        for _ in range(3):
            with read_transaction(store) as reading:
                history(reading, me)
        assert pragmas() == ["PRAGMA query_only = ON"]  # once, not once per transaction
        with transaction(store) as session:
            log_set(session, me, SetRecord(datetime(2025, 3, 1, tzinfo=UTC), "hip_thrust", 9))
        with transaction(store) as session:
            log_set(session, me, SetRecord(datetime(2025, 3, 2, tzinfo=UTC), "hip_thrust", 9))
        assert pragmas() == ["PRAGMA query_only = OFF"]
        with read_transaction(store) as reading, pytest.raises(Exception, match="readonly"):
            log_set(reading, me, SetRecord(datetime(2025, 3, 3, tzinfo=UTC), "hip_thrust", 9))
            reading.flush()
        assert pragmas() == ["PRAGMA query_only = ON"]


def test_a_read_transaction_sees_the_same_log_on_every_backend(store: Store) -> None:
    record = SetRecord(datetime(2025, 3, 1, 18, tzinfo=UTC), "hip_thrust", 12)
    with transaction(store) as session:
        log_set(session, resolve_athlete(session, None).id, record)
    with read_transaction(store) as session:
        assert history(session, resolve_athlete(session, None).id) == (record,)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "cannot use the database URL"),
        ("nosuchdb://host/db", "SQLite or PostgreSQL, not nosuchdb"),
        ("mysql://host/db", "SQLite or PostgreSQL, not mysql"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/test", "cannot open the database"),
    ],
)
def test_a_database_that_cannot_be_used_is_one_plain_error(url: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        open_store(url)


def test_a_sqlite_file_that_cannot_be_created_is_one_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="cannot create the folder"):
        open_store(home=blocker / "sub")
    with pytest.raises(InputError, match="cannot open the database"):
        open_store(f"sqlite:///{tmp_path}")  # a directory, not a database file


def test_a_password_is_never_shown(store: Store) -> None:
    url = "postgresql+psycopg://coach:s3cret@127.0.0.1:1/test"
    with pytest.raises(InputError) as error:
        open_store(url)
    assert "s3cret" not in str(error.value) and "***" in str(error.value)


def test_a_database_from_a_newer_hipthrust_is_refused(empty_database_url: str) -> None:
    open_store(empty_database_url).close()
    engine = create_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(InputError, match=r"revision 9999.*newer hipthrust"):
        open_store(empty_database_url)


OPEN_AT_THE_SIGNAL = """
import sys, time
from pathlib import Path
from hipthrust.store import list_athletes, open_store, transaction
print("ready", flush=True)
while not Path(sys.argv[2]).exists():
    time.sleep(0.005)
with open_store(sys.argv[1]) as store, transaction(store) as session:
    print(len(list_athletes(session)))
"""


@pytest.mark.slow
def test_processes_opening_a_new_log_at_once_all_succeed_and_make_one_athlete(
    empty_database_url: str, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    command = [sys.executable, "-c", OPEN_AT_THE_SIGNAL, empty_database_url, str(go)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for process in processes:  # every process has imported everything: start them together
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
    go.touch()
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [(status, out.strip()) for status, out, _ in outcomes] == [(0, "1")] * 3, outcomes
    with open_store(empty_database_url) as store, transaction(store) as session:
        assert [a.name for a in list_athletes(session)] == ["me"]
        assert current_revision(session.connection()) == head_revision()
