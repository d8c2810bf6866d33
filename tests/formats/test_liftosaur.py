from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import read_table
from hipthrust.formats.liftosaur import parse_liftosaur
from hipthrust.formats.records import ImportResult

from .helpers import fixture_text, with_line

SYDNEY = ZoneInfo("Australia/Sydney")


def _parse(name: str, text: str | None = None) -> ImportResult:
    table = read_table(fixture_text(name) if text is None else text, name)
    return parse_liftosaur(table, zone=SYDNEY)


def _rows(result: ImportResult) -> list[tuple[object, ...]]:
    return [
        (s.line, s.exercise_name, s.variation, s.set_index, s.set_type, s.reps, s.load_kg, s.rpe)
        for s in result.sets
    ]


def test_current_layout() -> None:
    result = _parse("liftosaur.csv")
    assert result.format == "liftosaur"
    assert _rows(result) == [
        (2, "Hip Thrust, Barbell", "barbell_hip_thrust", 1, "warmup", 10, 40.0, None),
        (3, "Hip Thrust, Barbell", "barbell_hip_thrust", 2, "normal", 8, 100.0, 8.5),
        (4, "Hip Thrust, Barbell", "barbell_hip_thrust", 3, "normal", 9, 100.0, None),
        (6, "Glute Bridge, Bodyweight", "glute_bridge", 1, "normal", 15, None, None),
        (
            7,
            "Single Leg Glute Bridge Bent Knee, Bodyweight",
            "single_leg_glute_bridge_90_90",
            1,
            "normal",
            10,
            None,
            None,
        ),
        (8, "Deadlift, Barbell", None, 1, "normal", 5, 315 * KG_PER_LB, None),
    ]
    assert result.skipped == ((5, "set not completed"),)
    assert result.sets[1].notes == "Drive through heels, chin tucked"
    assert result.sets[0].workout_name == "Day 1"


def test_utc_workout_times_are_moved_to_the_zone() -> None:
    first = _parse("liftosaur.csv").sets[0]
    assert first.performed_at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert first.performed_at.tzinfo == SYDNEY
    assert first.performed_at.hour == 21


def test_an_empty_completed_weight_falls_back_to_the_required_weight() -> None:
    amrap = _parse("liftosaur.csv").sets[2]
    assert (amrap.line, amrap.load_kg, amrap.set_type) == (4, 100.0, "normal")


def test_legacy_layout() -> None:
    result = _parse("liftosaur_legacy.csv")
    assert _rows(result) == [
        (2, "Hip Thrust, Barbell", "barbell_hip_thrust", 1, "warmup", 5, 45 * KG_PER_LB, None),
        (3, "Hip Thrust, Barbell", "barbell_hip_thrust", 2, "normal", 10, 185 * KG_PER_LB, 7.5),
        (
            4,
            "Single Leg Hip Thrust, Bodyweight",
            "single_leg_hip_thrust",
            1,
            "normal",
            12,
            0.0,
            None,
        ),
    ]
    assert result.sets[1].load_kg == 185 * 0.45359237


def test_day_name_falls_back_to_program() -> None:
    text = with_line(fixture_text("liftosaur.csv"), 2, ",Day 1,", ",,")
    assert _parse("liftosaur.csv", text).sets[0].workout_name == "Glute Builder"


@pytest.mark.parametrize("name", ["liftosaur.csv", "liftosaur_legacy.csv"])
def test_reparsing_gives_identical_unique_keys(name: str) -> None:
    first = [s.source_key for s in _parse(name).sets]
    assert first == [s.source_key for s in _parse(name).sets]
    assert len(set(first)) == len(first)


MALFORMED = [
    (
        "liftosaur.csv",
        3,
        "2026-03-01T10:00:00.000Z",
        "March 1st",
        "line 3: workout time 'March 1st' is not a time like 2026-03-01T10:00:00.000Z",
    ),
    (
        "liftosaur.csv",
        3,
        ",0,8,8,0,",
        ",maybe,8,8,0,",
        "line 3: warm-up flag 'maybe' is not 0 or 1",
    ),
    ("liftosaur.csv", 3, ",0,8,8,0,", ",0,8,eight,0,", "line 3: reps 'eight' is not a number"),
    (
        "liftosaur.csv",
        3,
        ",100,kg,0,",
        ",100,stone,0,",
        "line 3: weight unit 'stone' is not kg or lb",
    ),
    ("liftosaur.csv", 3, ",100,kg,0,", ",100,,0,", "line 3: weight '100' has no unit (kg or lb)"),
    (
        "liftosaur.csv",
        3,
        ",100,kg,0,",
        ",1e4,kg,0,",
        "line 3: weight '1e4' kg is impossible: a load is between 0 and 1000 kg",
    ),
    ("liftosaur.csv", 3, ",8,8.5,1,", ",8,0.5,1,", "line 3: RPE '0.5' must be between 1 and 10"),
    (
        "liftosaur_legacy.csv",
        3,
        ",7.5,0,185,",
        ",7.5,0,heavy,",
        "line 3: weight 'heavy' is not a number",
    ),
    (
        "liftosaur_legacy.csv",
        1,
        "Weight Value,",
        "Load,",
        "line 1: the header has no 'weight value' column",
    ),
]


@pytest.mark.parametrize(("name", "line", "old", "new", "message"), MALFORMED)
def test_malformed_rows_refuse_the_file_naming_the_line(
    name: str, line: int, old: str, new: str, message: str
) -> None:
    text = with_line(fixture_text(name), line, old, new)
    with pytest.raises(InputError) as caught:
        _parse(name, text)
    assert str(caught.value) == f"{name} {message}"
