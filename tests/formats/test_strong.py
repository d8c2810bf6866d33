from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import read_table
from hipthrust.formats.records import ImportLimits, ImportResult
from hipthrust.formats.strong import parse_strong

from .helpers import fixture_text, with_line

BERLIN = ZoneInfo("Europe/Berlin")


def _parse(
    name: str, text: str | None = None, units: str = "kg", limits: ImportLimits | None = None
) -> ImportResult:
    table = read_table(fixture_text(name) if text is None else text, name)
    if limits is None:
        return parse_strong(table, units_hint="kg" if units == "kg" else "lb", zone=BERLIN)
    return parse_strong(table, units_hint="kg", zone=BERLIN, limits=limits)


def _rows(result: ImportResult) -> list[tuple[object, ...]]:
    return [
        (s.line, s.exercise_name, s.set_index, s.set_type, s.reps, s.load_kg, s.rpe)
        for s in result.sets
    ]


def test_comma_layout_with_duration_and_no_unit() -> None:
    result = _parse("strong_comma_duration.csv")
    assert result.format == "strong"
    assert _rows(result) == [
        (2, "Hip Thrust (Barbell)", 1, "normal", 10, 60.0, None),
        (3, "Hip Thrust (Barbell)", 2, "normal", 8, 80.0, 8.0),
        (4, "Hip Thrust (Barbell)", 3, "normal", 6, 100.0, 8.5),
        (6, "Glute Bridge", 1, "normal", 15, 0.0, None),
        (7, "Plank", 1, "normal", 0, 0.0, None),
        (8, "Deadlift (Barbell)", 1, "normal", 5, 140.0, None),
        (9, "Deadlift (Barbell)", 2, "normal", 5, 140.0, None),
        (10, "Romanian Deadlift (Barbell)", 1, "normal", 8, 90.0, None),
        (11, "Rowing (Machine)", 1, "normal", 0, 0.0, None),
    ]
    assert result.skipped == ((5, "no reps, time or distance recorded"),)
    plank, rowing = result.sets[4], result.sets[8]
    assert (plank.duration_s, plank.distance_m) == (60.0, None)
    assert (rowing.duration_s, rowing.distance_m) == (600.0, 2000.0)
    first = result.sets[0]
    assert first.performed_at == datetime(2024, 3, 4, 18, 2, 11, tzinfo=BERLIN)
    assert first.workout_name == "Glute Day"
    assert first.workout_notes == "Knees fine, slept well"
    assert result.sets[2].notes == "Pause at the top"
    assert [s.variation for s in result.sets[:4]] == [
        "barbell_hip_thrust",
        "barbell_hip_thrust",
        "barbell_hip_thrust",
        "glute_bridge",
    ]
    assert all(s.variation is None for s in result.sets[4:])


def test_no_unit_in_the_file_takes_the_hint_and_says_so() -> None:
    in_kg = _parse("strong_comma_duration.csv")
    in_lb = _parse("strong_comma_duration.csv", units="lb")
    assert in_kg.warnings == (
        "strong_comma_duration.csv: the file names no weight unit; weights were read in kg "
        "(the units hint)",
        "strong_comma_duration.csv: the file names no distance unit; distances were read in "
        "km (from the units hint)",
    )
    assert "weights were read in lb" in in_lb.warnings[0]
    assert "distances were read in mi" in in_lb.warnings[1]
    assert in_lb.sets[2].load_kg == 100 * KG_PER_LB
    assert in_lb.sets[8].distance_m == 2 * 1609.344


def test_semicolon_layout_with_decimal_commas_and_no_duration() -> None:
    result = _parse("strong_semicolon.csv")
    assert _rows(result) == [
        (2, "Hip Thrust (Barbell)", 1, "normal", 8, 102.5, 8.5),
        (3, "Hip Thrust (Barbell)", 2, "normal", 8, 102.5, 9.0),
        (4, "Single Leg Glute Bridge", 1, "normal", 12, 0.0, None),
        (5, "Squat (Barbell)", 1, "normal", 5, 70.0, None),
        (6, "Hip Thrust (Machine)", 1, "normal", 12, 45.5, None),
        (8, "Farmer's Walk", 1, "normal", 0, 24.0, None),
    ]
    assert result.warnings == ()
    assert result.skipped == ()
    assert result.sets[0].notes == "Polster; dick"
    assert result.sets[0].workout_name == "Unterkörper"
    assert result.sets[4].workout_notes == "Zwei Zeilen\nNotiz"
    assert result.sets[5].distance_m == 40.0
    assert result.sets[2].variation == "single_leg_glute_bridge"


def test_set_orders_rest_timers_and_weight_unit_column() -> None:
    result = _parse("strong_set_orders.csv")
    assert _rows(result) == [
        (2, "Hip Thrust (Barbell)", 1, "warmup", 10, 95 * KG_PER_LB, None),
        (4, "Hip Thrust (Barbell)", 2, "normal", 8, 225 * KG_PER_LB, 8.0),
        (5, "Hip Thrust (Barbell)", 3, "normal", 8, 225 * KG_PER_LB, 9.0),
        (6, "Hip Thrust (Barbell)", 4, "failure", 6, 225 * KG_PER_LB, 10.0),
        (7, "Hip Thrust (Barbell)", 5, "dropset", 12, 135 * KG_PER_LB, None),
        (9, "Sled Push", 1, "normal", 0, 180 * KG_PER_LB, None),
        (10, "Glute Bridge", 1, "warmup", 20, 0.0, None),
        (12, "Glute Bridge", 2, "normal", 15, 20.0, None),
        (14, "Glute Bridge", 3, "failure", 11, 20.0, None),
    ]
    assert result.skipped == (
        (3, "rest timer, not a set"),
        (8, "rest timer, not a set"),
        (16, "no exercise name"),
    )
    assert [s.warmup for s in result.sets] == [s.set_type == "warmup" for s in result.sets]
    assert result.sets[0].warmup
    assert result.sets[0].notes == "Bar pad, thick"
    assert result.sets[5].distance_m == 20.0
    assert result.sets[6].workout_notes == "Felt it in the\nhamstrings first"
    assert result.warnings == ()


def test_lb_to_kg_is_exact() -> None:
    sets = _parse("strong_set_orders.csv").sets
    assert sets[1].load_kg == 225 * 0.45359237
    assert sets[1].load_kg == pytest.approx(102.05828325, abs=1e-12)


@pytest.mark.parametrize(
    ("order", "set_type"),
    [
        ("3", "normal"),
        ("w", "warmup"),
        ("Warm-Up", "warmup"),
        ("WARM_UP", "warmup"),
        ("DROP_SET", "dropset"),
        ("dropset", "dropset"),
        ("f", "failure"),
        ("FAILURE", "failure"),
    ],
)
def test_set_order_values(order: str, set_type: str) -> None:
    text = with_line(fixture_text("strong_set_orders.csv"), 4, ",1,", f",{order},")
    assert _parse("strong_set_orders.csv", text).sets[1].set_type == set_type


@pytest.mark.parametrize("order", ["Rest Timer", "REST_TIMER", "rest timer", "Note"])
def test_non_set_rows_are_skipped_without_checking_their_cells(order: str) -> None:
    text = with_line(fixture_text("strong_set_orders.csv"), 4, ",1,225,", f",{order},abc,")
    result = _parse("strong_set_orders.csv", text)
    assert 4 in [line for line, _ in result.skipped]
    assert 4 not in [s.line for s in result.sets]


def test_set_index_counts_each_exercise_per_workout() -> None:
    sets = _parse("strong_set_orders.csv").sets
    assert [(s.exercise_name, s.set_index) for s in sets] == [
        ("Hip Thrust (Barbell)", 1),
        ("Hip Thrust (Barbell)", 2),
        ("Hip Thrust (Barbell)", 3),
        ("Hip Thrust (Barbell)", 4),
        ("Hip Thrust (Barbell)", 5),
        ("Sled Push", 1),
        ("Glute Bridge", 1),
        ("Glute Bridge", 2),
        ("Glute Bridge", 3),
    ]


@pytest.mark.parametrize(
    "name", ["strong_comma_duration.csv", "strong_semicolon.csv", "strong_set_orders.csv"]
)
def test_reparsing_gives_identical_unique_keys(name: str) -> None:
    first = [s.source_key for s in _parse(name).sets]
    again = [s.source_key for s in _parse(name).sets]
    assert first == again
    assert len(set(first)) == len(first)


def test_keys_do_not_depend_on_the_time_zone() -> None:
    table = read_table(fixture_text("strong_semicolon.csv"), "s.csv")
    berlin = parse_strong(table, zone=BERLIN)
    utc = parse_strong(table, zone=UTC)
    assert [s.source_key for s in berlin.sets] == [s.source_key for s in utc.sets]
    assert berlin.sets[0].performed_at != utc.sets[0].performed_at
    assert utc.sets[0].performed_at == datetime(2025, 1, 13, 17, 45, 2, tzinfo=UTC)


# One malformed variant per failure kind: (fixture, line, old, new, message).
MALFORMED = [
    (
        "strong_comma_duration.csv",
        3,
        "2024-03-04 18:02:11",
        "04/03/2024 18:02",
        "line 3: date '04/03/2024 18:02' is not a date and time like 2024-11-28 17:36:08",
    ),
    (
        "strong_comma_duration.csv",
        3,
        "2024-03-04 18:02:11",
        "1024-03-04 18:02:11",
        "line 3: date '1024-03-04 18:02:11' is not plausible (years 1990 to 2100)",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,",
        ",abc,",
        "line 4: weight 'abc' is not a number",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,",
        ",-100,",
        "line 4: weight '-100' kg is impossible: a load is between 0 and 1000 kg",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,",
        ",2500,",
        "line 4: weight '2500' kg is impossible: a load is between 0 and 1000 kg",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,6,",
        ",100,-6,",
        "line 4: reps '-6' must be between 0 and 1000",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,6,",
        ",100,60000,",
        "line 4: reps '60000' must be between 0 and 1000",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",100,6,",
        ",100,6.5,",
        "line 4: reps '6.5' is not a whole number",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",8.5",
        ",85",
        "line 4: RPE '85' must be between 1 and 10",
    ),
    (
        "strong_comma_duration.csv",
        7,
        ",0,60,",
        ",0,-60,",
        "line 7: time '-60' s must be between 0 and 86400 s",
    ),
    (
        "strong_comma_duration.csv",
        4,
        ",3,",
        ",X,",
        "line 4: set order 'X' is not a set number, W, D, F or Rest Timer",
    ),
    (
        "strong_comma_duration.csv",
        4,
        'slept well",8.5',
        'slept well",8.5,extra',
        "line 4: has 13 fields but the header has 12",
    ),
    (
        "strong_semicolon.csv",
        3,
        '"102,5"',
        '"102,5kg"',
        "line 3: weight '102,5kg' is not a number",
    ),
    (
        "strong_semicolon.csv",
        8,
        '"40"',
        '"forty"',
        "line 8: distance 'forty' is not a number",
    ),
    (
        "strong_set_orders.csv",
        5,
        ",lbs,",
        ",stone,",
        "line 5: weight unit 'stone' is not kg or lbs",
    ),
    (
        "strong_set_orders.csv",
        9,
        ",m,",
        ",leagues,",
        "line 9: distance unit 'leagues' is not m, km or mi",
    ),
    (
        "strong_set_orders.csv",
        1,
        "Reps,",
        "Repetitions,",
        "line 1: the header has no 'reps' column",
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


def test_limits_are_a_parameter() -> None:
    strict = ImportLimits(max_load_kg=90.0)
    with pytest.raises(InputError, match=r"line 4: weight .100. kg is impossible.*90 kg"):
        _parse("strong_comma_duration.csv", limits=strict)
