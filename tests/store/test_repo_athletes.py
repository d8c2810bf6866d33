from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hipthrust.errors import InputError
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    create_athlete,
    get_athlete,
    list_athletes,
    resolve_athlete,
    transaction,
    update_athlete,
)
from hipthrust.store.models import AthleteRow

FIREFIGHTER = AthleteProfile(
    name="sam",
    units="lb",
    equipment={"bar_kg": 20.0, "plates_kg": [25, 20, 10, 5, 2.5, 1.25], "bench_cm": 40},
    goal="strength",
    training_days=("mon", "thu"),
    deadlift_day="mon",
    on_shift=True,
    shift_schedule={"pattern": "24on-48off", "first_shift": "2025-03-01"},
    clearances={"hip_replacement": {"cleared": True, "on": "2025-02-10"}},
    current_rung=5,
    loading_allowed=True,
    notes="station 7",
)


def test_a_new_log_has_one_athlete_called_me(store: Store) -> None:
    with transaction(store) as session:
        athletes = list_athletes(session)
    assert [(a.name, a.units, a.current_rung) for a in athletes] == [("me", "kg", None)]


def test_a_profile_round_trips_with_all_its_settings(store: Store) -> None:
    with transaction(store) as session:
        created = create_athlete(session, FIREFIGHTER)
    with transaction(store) as session:
        stored = get_athlete(session, "sam")
    assert stored == created
    assert (
        AthleteProfile(**{f: getattr(stored, f) for f in AthleteProfile.__dataclass_fields__})
        == FIREFIGHTER
    )
    assert stored is not None and stored.created_at.tzinfo is not None


def test_update_replaces_the_profile(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        update_athlete(session, me.id, replace(me, units="lb", goal="hypertrophy", current_rung=3))
    with transaction(store) as session:
        stored = resolve_athlete(session, None)
    assert (stored.id, stored.units, stored.goal, stored.current_rung) == (
        me.id,
        "lb",
        "hypertrophy",
        3,
    )
    assert stored.created_at == me.created_at


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("create_taken", "an athlete named 'me' already exists"),
        ("rename_to_taken", "an athlete named 'ana' already exists"),
        ("update_missing", "there is no athlete with id 999"),
    ],
)
def test_names_stay_unique_and_updates_need_an_athlete(
    store: Store, me: Athlete, action: str, message: str
) -> None:
    with transaction(store) as session:
        create_athlete(session, AthleteProfile(name="ana"))
    with pytest.raises(InputError, match=message), transaction(store) as session:
        if action == "create_taken":
            create_athlete(session, AthleteProfile(name="me"))
        elif action == "rename_to_taken":
            update_athlete(session, me.id, replace(me, name="ana"))
        else:
            update_athlete(session, 999, AthleteProfile(name="zoe"))


def test_resolve_picks_the_only_athlete_or_the_named_one(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        assert resolve_athlete(session, None) == me
        ana = create_athlete(session, AthleteProfile(name="ana"))
        assert resolve_athlete(session, "ana") == ana
        assert [a.name for a in list_athletes(session)] == ["ana", "me"]
        with pytest.raises(InputError) as several:
            resolve_athlete(session, None)
        with pytest.raises(InputError) as unknown:
            resolve_athlete(session, "bob")
    assert str(several.value) == (
        "several athletes: pass --athlete NAME or set HIPTHRUST_ATHLETE (one of: ana, me)"
    )
    assert str(unknown.value) == "there is no athlete named 'bob' (one of: ana, me)"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "blank"),
        ("name", " ana", "padded"),
        ("name", "x" * 81, "at most 80"),
        ("units", "st", "unknown unit"),
        ("goal", "bulk", "unknown goal"),
        ("training_days", ("monday",), "unknown weekday"),
        ("deadlift_day", "funday", "unknown weekday"),
        ("current_rung", 7, "rung must be from 0 to 6"),
        ("current_rung", -1, "rung must be from 0 to 6"),
    ],
)
def test_an_invalid_profile_is_refused(field: str, value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        replace(AthleteProfile(name="ana"), **{field: value})


def test_resolve_with_no_athlete_at_all_says_so(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        session.delete(session.get(AthleteRow, me.id))
        session.flush()
        with pytest.raises(InputError, match="there is no athlete yet"):
            resolve_athlete(session, None)
