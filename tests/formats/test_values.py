from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import read_table
from hipthrust.formats.records import DEFAULT_LIMITS
from hipthrust.formats.values import (
    MONTHS,
    SetAssembler,
    header_unit,
    read_distance_m,
    read_duration_s,
    read_rpe,
    to_kg,
    weight_unit,
)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("kg", "kg"), (" KGS ", "kg"), ("lbs", "lb"), ("lb", "lb"), ("Pounds", "lb"), ("st", None)],
)
def test_weight_unit(text: str, unit: str | None) -> None:
    assert weight_unit(text) == unit


@pytest.mark.parametrize(
    ("column", "unit"),
    [
        ("weight (kg)", "kg"),
        ("weight (lbs)", "lbs"),
        ("distance (meters)", "meters"),
        ("weight", ""),
        ("duration (sec) ", "sec"),
    ],
)
def test_header_unit(column: str, unit: str) -> None:
    assert header_unit(column) == unit


def test_to_kg_uses_the_exact_pound() -> None:
    assert to_kg(225.0, "lb") == 225.0 * KG_PER_LB == 102.05828325
    assert to_kg(100.0, "kg") == 100.0


def test_english_months() -> None:
    assert [MONTHS[m] for m in ("jan", "may", "sept", "september", "dec")] == [1, 5, 9, 9, 12]


def test_zero_means_not_recorded_for_rpe_time_and_distance() -> None:
    table = read_table("rpe,s,d\n0,0,0\n", "t.csv")
    row = table.rows[0]
    assert read_rpe(table, row, "rpe", DEFAULT_LIMITS) is None
    assert read_duration_s(table, row, "s", DEFAULT_LIMITS) is None
    assert read_distance_m(table, row, "d", 1000.0, DEFAULT_LIMITS) is None


def test_distance_is_converted_to_metres_and_bounded() -> None:
    table = read_table("d\n2.5\n5000\n", "t.csv")
    assert read_distance_m(table, table.rows[0], "d", 1609.344, DEFAULT_LIMITS) == 4023.36
    with pytest.raises(InputError, match=r"^t\.csv line 3: distance '5000' must be between"):
        read_distance_m(table, table.rows[1], "d", 1000.0, DEFAULT_LIMITS)


def test_the_assembler_numbers_sets_per_exercise_per_workout() -> None:
    table = read_table("x\n1\n", "t.csv")
    row = table.rows[0]
    assembler = SetAssembler("strong", UTC)
    monday, thursday = datetime(2025, 1, 6, 18, 0), datetime(2025, 1, 9, 18, 0)
    plan = [
        (monday, "A", "Hip Thrust (Barbell)"),
        (monday, "A", "Hip Thrust (Barbell)"),
        (monday, "A", "Deadlift (Barbell)"),
        (monday, "A", "Hip Thrust (Barbell)"),
        (monday, "B", "Hip Thrust (Barbell)"),
        (thursday, "A", "Hip Thrust (Barbell)"),
    ]
    made = [
        assembler.add(
            row,
            started=started,
            workout_name=workout,
            exercise_name=exercise,
            set_type="normal",
            reps=8,
            load_kg=100.0,
            rpe=None,
            duration_s=None,
            distance_m=None,
            notes="",
        )
        for started, workout, exercise in plan
    ]
    assert [s.set_index for s in made] == [1, 2, 1, 3, 1, 1]
    assert [s.variation for s in made[:3]] == ["barbell_hip_thrust", "barbell_hip_thrust", None]
    assert made[0].performed_at == datetime(2025, 1, 6, 18, 0, tzinfo=UTC)
    assert len({s.source_key for s in made}) == len(made)
