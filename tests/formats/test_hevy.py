from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import read_table
from hipthrust.formats.hevy import parse_hevy, parse_hevy_time
from hipthrust.formats.records import ImportResult

from .helpers import fixture_text, with_line

NEW_YORK = ZoneInfo("America/New_York")


def _parse(name: str, text: str | None = None) -> ImportResult:
    table = read_table(fixture_text(name) if text is None else text, name)
    return parse_hevy(table, zone=NEW_YORK)


def _rows(result: ImportResult) -> list[tuple[object, ...]]:
    return [
        (s.line, s.exercise_name, s.set_index, s.set_type, s.reps, s.load_kg, s.rpe)
        for s in result.sets
    ]


def test_kg_account() -> None:
    result = _parse("hevy_kg.csv")
    assert result.format == "hevy"
    assert _rows(result) == [
        (2, "Hip Thrust (Barbell)", 1, "warmup", 10, 40.0, None),
        (3, "Hip Thrust (Barbell)", 2, "normal", 8, 90.0, 8.0),
        (4, "Hip Thrust (Barbell)", 3, "normal", 8, 90.0, 8.5),
        (5, "Hip Thrust (Barbell)", 4, "failure", 7, 90.0, 10.0),
        (6, "Hip Thrust (Barbell)", 5, "dropset", 10, 60.0, None),
        (7, "Deadlift (Barbell)", 1, "normal", 5, 150.0, 9.0),
        (8, "Plank", 1, "normal", 0, None, None),
        (9, "Treadmill", 1, "normal", 0, None, None),
        (10, "Single Leg Hip Thrust (Dumbbell)", 1, "normal", 10, 12.5, 7.0),
    ]
    assert result.skipped == ()
    assert result.warnings == ()
    first = result.sets[0]
    assert first.performed_at == datetime(2025, 9, 15, 7, 48, tzinfo=NEW_YORK)
    assert first.workout_name == "Lower A"
    assert first.notes == "Pad on the bar"
    assert first.workout_notes == "Slept badly\nHips stiff"
    plank, treadmill = result.sets[6], result.sets[7]
    assert (plank.duration_s, plank.distance_m) == (45.0, None)
    assert (treadmill.duration_s, treadmill.distance_m) == (600.0, 1500.0)
    assert result.sets[5].duration_s is None
    assert result.sets[8].variation == "single_leg_hip_thrust"
    assert result.sets[8].performed_at.date().isoformat() == "2025-09-09"


def test_lb_account_with_day_month_year_dates() -> None:
    result = _parse("hevy_lb.csv")
    assert _rows(result) == [
        (2, "Hip Thrust (Barbell)", 1, "warmup", 10, 135 * KG_PER_LB, None),
        (3, "Hip Thrust (Barbell)", 2, "normal", 8, 225 * KG_PER_LB, 8.0),
        (4, "Hip Thrust (Barbell)", 3, "normal", 8, 225 * KG_PER_LB, 9.0),
        (5, "Hip Thrust (Machine)", 1, "normal", 12, 180.5 * KG_PER_LB, None),
        (6, "Walking", 1, "normal", 0, None, None),
    ]
    assert result.sets[1].load_kg == 225 * 0.45359237
    assert result.sets[0].performed_at == datetime(2026, 3, 2, 19, 59, tzinfo=NEW_YORK)
    assert result.sets[4].distance_m == 1.25 * 1609.344
    assert result.sets[3].variation == "machine_hip_thrust"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 Mar 2026, 19:59", datetime(2026, 3, 2, 19, 59)),
        ("15 Sep 2025, 07:48", datetime(2025, 9, 15, 7, 48)),
        ("15 Sept 2025, 07:48", datetime(2025, 9, 15, 7, 48)),
        ("2 March 2026 19:59", datetime(2026, 3, 2, 19, 59)),
        ("2 mar 2026, 19:59:30", datetime(2026, 3, 2, 19, 59, 30)),
        ("2026-03-02 19:59:00", datetime(2026, 3, 2, 19, 59)),
        ("2026-03-02T19:59:00", datetime(2026, 3, 2, 19, 59)),
        ("2026-03-02T18:59:00Z", datetime(2026, 3, 2, 18, 59, tzinfo=UTC)),
        (
            "2026-03-02T19:59:00+01:00",
            datetime(2026, 3, 2, 19, 59, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("31 Feb 2026, 10:00", None),
        ("2 Mär 2026, 19:59", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_hevy_time(text: str, expected: datetime | None) -> None:
    assert parse_hevy_time(text) == expected


def test_iso_times_with_an_offset_are_moved_to_the_zone() -> None:
    text = with_line(fixture_text("hevy_kg.csv"), 10, "9 Sep 2025, 06:46", "2025-09-09T10:46:00Z")
    moved = _parse("hevy_kg.csv", text).sets[8].performed_at
    assert moved == datetime(2025, 9, 9, 6, 46, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("set_type", "expected"),
    [("normal", "normal"), ("warmup", "warmup"), ("WARM_UP", "warmup"), ("drop set", "dropset")],
)
def test_set_types(set_type: str, expected: str) -> None:
    text = with_line(fixture_text("hevy_kg.csv"), 3, '"normal"', f'"{set_type}"')
    assert _parse("hevy_kg.csv", text).sets[1].set_type == expected


def test_rows_without_exercise_or_values_are_skipped() -> None:
    text = fixture_text("hevy_kg.csv")
    text = with_line(text, 4, '"Hip Thrust (Barbell)"', '""')
    text = with_line(text, 5, ",90,7,,0,10", ",90,,,0,10")
    result = _parse("hevy_kg.csv", text)
    assert result.skipped == (
        (4, "no exercise name"),
        (5, "no reps, time or distance recorded"),
    )
    assert [s.line for s in result.sets] == [2, 3, 6, 7, 8, 9, 10]


@pytest.mark.parametrize("name", ["hevy_kg.csv", "hevy_lb.csv"])
def test_reparsing_gives_identical_unique_keys(name: str) -> None:
    first = [s.source_key for s in _parse(name).sets]
    assert first == [s.source_key for s in _parse(name).sets]
    assert len(set(first)) == len(first)


MALFORMED = [
    (
        "hevy_kg.csv",
        3,
        "15 Sep 2025, 07:48",
        "15/09/2025 07:48",
        "line 3: start time '15/09/2025 07:48' is not a date like '2 Mar 2026, 19:59'",
    ),
    ("hevy_kg.csv", 4, ",90,8,", ",ninety,8,", "line 4: weight 'ninety' is not a number"),
    (
        "hevy_kg.csv",
        4,
        ",90,8,",
        ",-90,8,",
        "line 4: weight '-90' kg is impossible: a load is between 0 and 1000 kg",
    ),
    ("hevy_kg.csv", 4, ",90,8,", ",90,-8,", "line 4: reps '-8' must be between 0 and 1000"),
    ("hevy_kg.csv", 4, ",0,8.5", ",0,11", "line 4: RPE '11' must be between 1 and 10"),
    (
        "hevy_kg.csv",
        5,
        '"failure"',
        '"amrap"',
        "line 5: set type 'amrap' is not normal, warmup, dropset or failure",
    ),
    ("hevy_kg.csv", 9, ",1.5,600,", ",1.5,ten,", "line 9: time 'ten' is not a number"),
    ("hevy_kg.csv", 2, ",40,10,", ",40,10,,", "line 2: has 15 fields but the header has 14"),
    (
        "hevy_lb.csv",
        3,
        ",225,8,",
        ",2250,8,",
        "line 3: weight '2250' lb is impossible: a load is between 0 and 1000 kg",
    ),
    (
        "hevy_lb.csv",
        1,
        '"exercise_title",',
        '"exercise",',
        "line 1: the header has no 'exercise_title' column",
    ),
    (
        "hevy_lb.csv",
        1,
        '"weight_lbs",',
        '"weight_stone",',
        "line 1: the header has no 'weight_kg' or 'weight_lbs' column",
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
