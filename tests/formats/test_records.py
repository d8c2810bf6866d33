from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from hipthrust.errors import InputError
from hipthrust.formats.records import ImportedSet, make_source_key, source_time_text

STARTED = datetime(2025, 9, 15, 7, 48)


def _set(**changes: Any) -> ImportedSet:
    base = ImportedSet(
        source="hevy",
        line=2,
        performed_at=STARTED.replace(tzinfo=UTC),
        workout_name="Lower A",
        exercise_name="Hip Thrust (Barbell)",
        variation="barbell_hip_thrust",
        is_hip_thrust_family=True,
        load_kg=90.0,
        reps=8,
        rpe=8.0,
        set_type="normal",
        warmup=False,
        duration_s=None,
        distance_m=None,
        notes="",
        set_index=1,
        source_key="k",
    )
    return dataclasses.replace(base, **changes)


def test_a_consistent_set_is_accepted() -> None:
    assert _set().reps == 8


@pytest.mark.parametrize(
    "changes",
    [
        {"source": "fitbod"},
        {"set_type": "amrap"},
        {"performed_at": STARTED},
        {"warmup": True},
        {"set_type": "warmup"},
        {"variation": None},
        {"is_hip_thrust_family": False},
        {"line": 0},
        {"set_index": 0},
        {"reps": -1},
    ],
)
def test_inconsistent_sets_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        _set(**changes)


KEY_ARGS: dict[str, Any] = {
    "source": "strong",
    "started": STARTED,
    "workout_name": "Lower A",
    "exercise_name": "Hip Thrust (Barbell)",
    "set_index": 2,
    "set_type": "normal",
    "reps": 8,
    "load_kg": 102.5,
    "duration_s": None,
    "distance_m": None,
}


def test_source_key_is_a_stable_sha256_hex() -> None:
    key = make_source_key(**KEY_ARGS)
    assert key == make_source_key(**KEY_ARGS)
    assert len(key) == 64
    assert int(key, 16) >= 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source", "hevy"),
        ("started", STARTED + timedelta(minutes=1)),
        ("workout_name", "Lower B"),
        ("exercise_name", "Hip Thrust (Machine)"),
        ("set_index", 3),
        ("set_type", "failure"),
        ("reps", 7),
        ("load_kg", 102.0),
        ("load_kg", None),
        ("duration_s", 30.0),
        ("distance_m", 20.0),
    ],
)
def test_source_key_changes_with_what_identifies_the_set(field: str, value: Any) -> None:
    assert make_source_key(**KEY_ARGS) != make_source_key(**{**KEY_ARGS, field: value})


def test_source_key_ignores_float_noise_below_a_gram() -> None:
    noisy = {**KEY_ARGS, "load_kg": 102.5 + 1e-9}
    assert make_source_key(**KEY_ARGS) == make_source_key(**noisy)


def test_aware_times_key_by_their_instant() -> None:
    utc = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    berlin = utc.astimezone(timezone(timedelta(hours=1)))
    assert make_source_key(**{**KEY_ARGS, "started": utc}) == make_source_key(
        **{**KEY_ARGS, "started": berlin}
    )


@pytest.mark.parametrize(
    ("started", "text"),
    [
        (datetime(2024, 3, 4, 18, 2, 11), "2024-03-04T18:02:11"),
        (datetime(2024, 3, 4, 18, 2, 11, 500), "2024-03-04T18:02:11"),
        (
            datetime(2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=1))),
            "2026-03-01T10:00:00+00:00",
        ),
    ],
)
def test_source_time_text(started: datetime, text: str) -> None:
    assert source_time_text(started) == text
