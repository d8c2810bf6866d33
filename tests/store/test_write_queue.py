"""SQLite's writers queue in the process (``store.db._WriteQueue``): one writing transaction at
a time, the next starting as soon as the last one's COMMIT or ROLLBACK returns; readers never
wait for it; every write is kept."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.store import (
    Store,
    log_set,
    open_store,
    read_transaction,
    resolve_athlete,
    transaction,
)
from hipthrust.store.models import SetRow

AT = datetime(2026, 3, 2, 18, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite3'}") as opened:
        yield opened


def _count(store: Store) -> int:
    with read_transaction(store) as session:
        return int(session.scalar(select(func.count()).select_from(SetRow)) or 0)


def test_many_threads_writing_at_once_all_get_their_turn(store: Store) -> None:
    inside = 0
    most = 0
    guard = threading.Lock()
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        nonlocal inside, most
        try:
            for k in range(15):
                with transaction(store) as session:
                    athlete = resolve_athlete(session, None)  # the transaction begins here
                    with guard:
                        inside += 1
                        most = max(most, inside)
                    log_set(
                        session,
                        athlete.id,
                        SetRecord(AT + timedelta(minutes=number * 100 + k), "glute_bridge", 10),
                    )
                    with guard:
                        inside -= 1
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert most == 1  # one writing transaction at a time in the process
    assert _count(store) == 8 * 15


def test_a_failed_write_gives_its_turn_up(store: Store) -> None:
    with pytest.raises(InputError), transaction(store) as session:
        athlete = resolve_athlete(session, None)
        log_set(session, athlete.id, SetRecord(AT, "glute_bridge", 10))
        raise InputError("changed my mind")
    done = threading.Event()

    def writer() -> None:
        with transaction(store) as session:
            athlete = resolve_athlete(session, None)
            log_set(session, athlete.id, SetRecord(AT, "glute_bridge", 12))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert done.wait(timeout=10), "the next writer never got its turn"
    thread.join()
    assert _count(store) == 1


def test_a_reader_does_not_wait_for_a_writer(store: Store) -> None:
    with transaction(store) as session:
        athlete = resolve_athlete(session, None)
        log_set(session, athlete.id, SetRecord(AT, "glute_bridge", 10))
        session.flush()
        started = time.monotonic()
        read: list[int] = []
        thread = threading.Thread(target=lambda: read.append(_count(store)))
        thread.start()
        thread.join(timeout=10)
        assert read == [0]  # the committed state, at once, while the write is open
        assert time.monotonic() - started < 5
    assert _count(store) == 1
