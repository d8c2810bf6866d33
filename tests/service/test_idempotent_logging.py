"""A set sent twice with one idempotency key is stored once (a queued offline set sent again,
a double tap, a retry after a lost answer); the key with other values is refused.

The contenders in the race are threads with their own connection and transaction, as
concurrent requests are: on PostgreSQL they truly overlap and the unique index decides; on
SQLite every write transaction takes the lock first (BEGIN IMMEDIATE), so they queue.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, sign_up
from hipthrust.service.athlete_portal import log_set_for
from hipthrust.service.training import KEY_REUSED, KeyReused, SetEntry
from hipthrust.store import Store, logged_sets, transaction
from hipthrust.store.models import SetRow, TrainingSessionRow
from service.contention import race

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


@pytest.fixture
def ann(store: Store) -> Actor:
    with transaction(store) as session:
        return sign_up(session, "ann@example.com", "a long password", "athlete", "Ann")


def _target(actor: Actor) -> int:
    assert actor.athlete_id is not None
    return actor.athlete_id


def _entry(key: str | None, **values: Any) -> SetEntry:
    fields: dict[str, Any] = {"words": ("barbell hip thrust",), "load": "60", "reps": 10}
    fields.update(values)
    return SetEntry(idempotency_key=key, **fields)


def _count(store: Store) -> int:
    with transaction(store) as session:
        return int(session.scalar(select(func.count()).select_from(SetRow)) or 0)


def test_the_same_key_twice_stores_one_set_and_answers_with_it(store: Store, ann: Actor) -> None:
    key = str(uuid.uuid4())
    with transaction(store) as session:
        first = log_set_for(session, ann, _target(ann), _entry(key, rpe=8, pain=1), NOW)
    # Sent again ten minutes later (the queue sent it, the answer was lost, it is sent again).
    with transaction(store) as session:
        again = log_set_for(
            session, ann, _target(ann), _entry(key, rpe=8, pain=1), NOW + timedelta(minutes=10)
        )
    assert not first.replayed and again.replayed
    assert again.ids == first.ids
    assert again.to_json() == first.to_json()  # the same answer, the first set's time included
    assert again.records[0].performed_at == NOW
    assert _count(store) == 1
    with transaction(store) as session:
        row = session.get(SetRow, first.ids[0])
        assert row is not None and row.idempotency_key == key


def test_the_same_key_with_other_values_is_refused_and_nothing_changes(
    store: Store, ann: Actor
) -> None:
    key = str(uuid.uuid4())
    with transaction(store) as session:
        first = log_set_for(session, ann, _target(ann), _entry(key), NOW)
    with transaction(store) as session, pytest.raises(KeyReused) as refused:
        log_set_for(session, ann, _target(ann), _entry(key, reps=12), NOW)
    assert str(refused.value) == KEY_REUSED
    assert isinstance(refused.value, InputError)  # the form shows it as one sentence
    with transaction(store) as session:
        (kept,) = logged_sets(session, _target(ann))
    assert kept.id == first.ids[0] and kept.record.reps == 10


def test_sets_without_a_key_are_each_stored_and_keys_are_per_athlete(
    store: Store, ann: Actor
) -> None:
    with transaction(store) as session:
        bob = sign_up(session, "bob@example.com", "a long password", "athlete", "Bob")
    key = str(uuid.uuid4())
    with transaction(store) as session:
        log_set_for(session, ann, _target(ann), _entry(None), NOW)
        log_set_for(session, ann, _target(ann), _entry(None), NOW)
        log_set_for(session, ann, _target(ann), _entry(key), NOW)
        log_set_for(session, bob, _target(bob), _entry(key), NOW)  # Bob's own key, by chance
    assert _count(store) == 4


def test_several_identical_sets_under_one_key_come_back_together(store: Store, ann: Actor) -> None:
    key = uuid.uuid4().hex
    with transaction(store) as session:
        first = log_set_for(session, ann, _target(ann), _entry(key, sets=3), NOW)
    with transaction(store) as session:
        again = log_set_for(session, ann, _target(ann), _entry(key, sets=3), NOW)
    assert len(first.ids) == 3 and again.ids == first.ids and again.replayed
    assert _count(store) == 3
    with transaction(store) as session, pytest.raises(KeyReused):
        log_set_for(session, ann, _target(ann), _entry(key, sets=2), NOW)


@pytest.mark.parametrize("key", ["short", "has space in it", "x" * 101, "semi;colon;key"])
def test_a_key_that_is_not_a_key_is_one_sentence(store: Store, ann: Actor, key: str) -> None:
    with transaction(store) as session, pytest.raises(InputError, match="idempotency key"):
        log_set_for(session, ann, _target(ann), _entry(key), NOW)
    assert _count(store) == 0


def test_four_requests_with_one_key_at_once_store_one_set(store: Store, ann: Actor) -> None:
    key = str(uuid.uuid4())

    def attempt(session: Session, _: int) -> tuple[object, bool]:
        logged = log_set_for(session, ann, _target(ann), _entry(key), NOW)
        return logged.ids, logged.replayed

    outcomes = race(store, 4, attempt)
    assert all(kind == "ok" for kind, _ in outcomes), outcomes  # never the 500 of the web app
    assert len({ids for _, (ids, _) in outcomes}) == 1  # every answer names the same set
    assert sorted(replayed for _, (_, replayed) in outcomes) == [False, True, True, True]
    assert _count(store) == 1
    with transaction(store) as session:
        days = session.scalar(select(func.count()).select_from(TrainingSessionRow))
    assert days == 1
