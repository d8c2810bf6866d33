from __future__ import annotations

import functools
import itertools
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipthrust.coaching.loads import (
    DEFAULT_PROGRESSION_RULES,
    Equipment,
    ProgressionRules,
    default_equipment,
    double_progression,
    implement_for,
    minimum_load,
    plates_per_side,
    round_load,
)
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.units import from_kg, to_kg
from hipthrust.errors import InputError

KG = default_equipment("kg")
LB = default_equipment("lb")
WHEN = datetime(2025, 3, 3, 18, 0)


@functools.cache
def _achievable(equipment: Equipment, max_plates: int = 6) -> list[float]:
    """Brute force: every barbell load (in the equipment's units) with up to N plates a side."""
    loads = {equipment.bar}
    for count in range(1, max_plates + 1):
        for combo in itertools.combinations_with_replacement(equipment.plates, count):
            loads.add(round(equipment.bar + 2 * sum(combo), 6))
    return sorted(loads)


def _sets(*reps: int, load: float | None = 100.0, **extra: object) -> list[SetRecord]:
    return [
        SetRecord(WHEN, "barbell_hip_thrust", r, load_kg=load, **extra)  # type: ignore[arg-type]
        for r in reps
    ]


# --------------------------------------------------------------------------- equipment


def test_default_equipment_kg_and_lb() -> None:
    assert (KG.units, KG.bar, KG.plates) == ("kg", 20.0, (25, 20, 15, 10, 5, 2.5, 1.25))
    assert (LB.units, LB.bar, LB.plates) == ("lb", 45.0, (45, 35, 25, 10, 5, 2.5))
    # smallest step: two of the smallest plate unless set
    assert KG.step == 2.5 and LB.step == 5.0
    assert Equipment(smallest_step=5.0).step == 5.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bar": -1},
        {"plates": (20, -5)},
        {"plates": (20, 0.001)},
        {"smallest_step": 0},
        {"units": "stone"},
        {"bar": 0, "plates": ()},
        {"dumbbells": (float("nan"),)},
    ],
)
def test_impossible_equipment_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        Equipment(**kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("kg", "direction", "expected"),
    [
        (142.4, "nearest", 142.5),
        (143.7, "nearest", 142.5),  # 143.7 is nearer 142.5 than 145
        (143.75, "nearest", 145.0),  # a tie goes up
        (143.7, "down", 142.5),
        (142.6, "up", 145.0),
        (100.0, "down", 100.0),  # already achievable: unchanged in every direction
        (100.0, "up", 100.0),
        (5.0, "nearest", 20.0),  # below the bar: the bar
        (5.0, "down", 20.0),
        (0.0, "nearest", 20.0),
    ],
)
def test_round_load_kg(kg: float, direction: str, expected: float) -> None:
    assert round_load(kg, KG, direction) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lb", "direction", "expected_lb"),
    [
        (136.0, "nearest", 135.0),
        (137.6, "nearest", 140.0),
        (137.4, "down", 135.0),
        (226.0, "up", 230.0),
        (20.0, "nearest", 45.0),
    ],
)
def test_round_load_lb(lb: float, direction: str, expected_lb: float) -> None:
    kg = round_load(to_kg(lb, "lb"), LB, direction)  # type: ignore[arg-type]
    assert from_kg(kg, "lb") == pytest.approx(expected_lb)


@pytest.mark.parametrize("kg", [-1.0, float("nan"), float("inf"), 1500.0])
def test_round_load_refuses_impossible_loads(kg: float) -> None:
    with pytest.raises(InputError):
        round_load(kg, KG)


def test_dumbbells_and_implements() -> None:
    gym = Equipment(dumbbells=(8, 12, 16, 24, 32))
    assert round_load(15, gym, implement="dumbbell") == 16
    assert round_load(15, gym) == 16  # the nearest of barbell (20) and dumbbell (16)
    assert round_load(15, gym, implement="barbell") == 20
    assert minimum_load(gym) == 8 and minimum_load(gym, "barbell") == 20
    home = Equipment(has_barbell=False, dumbbells=(10, 20))
    assert round_load(60, home) == 20
    assert minimum_load(Equipment(has_barbell=False)) is None
    with pytest.raises(InputError):
        round_load(60, Equipment(has_barbell=False))
    machine = Equipment(smallest_step=5.0)
    assert round_load(47, machine, implement="machine") == 45
    assert round_load(47, machine, "up", implement="machine") == 50


@pytest.mark.parametrize(
    ("variation", "implement"),
    [
        ("barbell_hip_thrust", "barbell"),
        ("barbell_glute_bridge", "barbell"),
        ("deficit_hip_thrust", "barbell"),
        ("dumbbell_hip_thrust", "dumbbell"),
        ("machine_hip_thrust", "machine"),
        ("banded_hip_thrust", "any"),
    ],
)
def test_implement_for(variation: str, implement: str) -> None:
    assert implement_for(variation) == implement


@settings(max_examples=150)
@given(
    kg=st.floats(min_value=0, max_value=400, allow_nan=False),
    units=st.sampled_from(["kg", "lb"]),
)
def test_rounding_is_exact_nearest_and_ordered(kg: float, units: str) -> None:
    equipment = default_equipment(units)  # type: ignore[arg-type]
    achievable = _achievable(equipment, max_plates=12)
    target = from_kg(kg, equipment.units)
    nearest = from_kg(round_load(kg, equipment), equipment.units)
    down = from_kg(round_load(kg, equipment, "down"), equipment.units)
    up = from_kg(round_load(kg, equipment, "up"), equipment.units)
    for value in (nearest, down, up):
        assert any(abs(value - a) < 1e-6 for a in achievable)
    best = min(abs(a - target) for a in achievable)
    assert abs(nearest - target) <= best + 1e-6
    if target >= equipment.bar:
        assert down <= target + 1e-6 <= up + 2e-6
    assert down <= nearest <= up
    # rounding an achievable load again changes nothing
    assert round_load(round_load(kg, equipment), equipment) == pytest.approx(
        round_load(kg, equipment)
    )


# --------------------------------------------------------------------------- plates


@pytest.mark.parametrize(
    ("kg", "equipment", "achieved", "plates"),
    [
        (142.5, KG, 142.5, (25, 25, 10, 1.25)),
        (20.0, KG, 20.0, ()),
        (100.0, KG, 100.0, (25, 15)),
        (143.0, KG, 142.5, (25, 25, 10, 1.25)),
        (to_kg(315, "lb"), LB, to_kg(315, "lb"), (45, 45, 45)),
        (to_kg(225, "lb"), LB, to_kg(225, "lb"), (45, 45)),
        (to_kg(140, "lb"), LB, to_kg(140, "lb"), (45, 2.5)),
        (
            to_kg(80, "lb"),
            Equipment(units="lb", bar=35, plates=(25, 10, 5)),
            to_kg(85, "lb"),
            (25,),
        ),
    ],
)
def test_plates_per_side_table(
    kg: float, equipment: Equipment, achieved: float, plates: tuple[float, ...]
) -> None:
    got, side = plates_per_side(kg, equipment)
    assert got == pytest.approx(achieved)
    assert side == plates


def test_plates_are_exact_where_greedy_is_not() -> None:
    # With 20 and 15 kg plates only, 30 kg a side is 15 + 15: greedy 20-first would miss it.
    odd = Equipment(bar=20, plates=(20, 15))
    assert plates_per_side(80, odd) == (80, (15, 15))


@pytest.mark.parametrize("kg", [-5.0, 0.0, 10.0, 19.9, 5000.0])
def test_plates_per_side_refuses(kg: float) -> None:
    with pytest.raises(InputError):
        plates_per_side(kg, KG)


def test_plates_need_a_barbell() -> None:
    with pytest.raises(InputError):
        plates_per_side(60, Equipment(has_barbell=False, dumbbells=(10,)))


@settings(max_examples=150)
@given(
    kg=st.floats(min_value=20.5, max_value=500, allow_nan=False),
    units=st.sampled_from(["kg", "lb"]),
)
def test_plates_add_up(kg: float, units: str) -> None:
    equipment = default_equipment(units)  # type: ignore[arg-type]
    achieved, side = plates_per_side(kg, equipment)
    total = equipment.bar + 2 * sum(side)
    assert from_kg(achieved, equipment.units) == pytest.approx(total)
    assert achieved == pytest.approx(round_load(kg, equipment, implement="barbell"))
    assert list(side) == sorted(side, reverse=True)
    assert all(plate in equipment.plates for plate in side)


# --------------------------------------------------------------------------- progression


@pytest.mark.parametrize(
    ("reps", "load", "progressed", "new_load", "target"),
    [
        ((12, 12, 12), 100.0, True, 102.5, 8),  # top of 8-12 reached: +2.5%
        ((14, 14, 15), 100.0, True, 105.0, 8),  # beat the top by 2+: +5%
        ((12, 12, 11), 100.0, False, 100.0, 12),  # one set short: keep, add a rep
        ((9, 8, 8), 100.0, False, 100.0, 9),
        ((12, 12, 12), 40.0, True, 42.5, 8),  # 2.5% is 1 kg: the smallest step wins
        ((15, 15, 15), 200.0, True, 210.0, 8),  # +5% of 200, rounded to plates
    ],
)
def test_double_progression_kg(
    reps: tuple[int, ...],
    load: float,
    progressed: bool,
    new_load: float,
    target: int,
) -> None:
    step = double_progression(_sets(*reps, load=load), (8, 12), KG)
    assert step.progressed is progressed
    assert step.new_load_kg == pytest.approx(new_load)
    assert step.target_reps == target
    assert step.reason.endswith(".")


def test_double_progression_lb_rounds_to_lb_plates() -> None:
    start = to_kg(135, "lb")
    step = double_progression(_sets(12, 12, 12, load=start), (8, 12), LB)
    assert step.progressed
    assert from_kg(step.new_load_kg or 0, "lb") == pytest.approx(140.0)  # +5 lb, not +2.2 kg
    assert "135 lb" in step.reason and "140 lb" in step.reason


def test_warmups_and_back_off_sets_do_not_count() -> None:
    sets = [
        SetRecord(WHEN, "barbell_hip_thrust", 5, load_kg=60, warmup=True),
        *_sets(12, 12, load=100.0),
        SetRecord(WHEN, "barbell_hip_thrust", 6, load_kg=80),  # back-off set, lighter
    ]
    assert double_progression(sets, (8, 12), KG).progressed


def test_single_leg_counts_the_weaker_side() -> None:
    sets = [
        SetRecord(WHEN, "single_leg_hip_thrust", 12, load_kg=20, reps_right=10),
        SetRecord(WHEN, "single_leg_hip_thrust", 12, load_kg=20, reps_right=12),
    ]
    step = double_progression(sets, (8, 12), Equipment(dumbbells=(10, 12, 16, 20, 24)))
    assert not step.progressed and step.target_reps == 11


def test_dumbbell_progression_moves_to_the_next_dumbbell() -> None:
    sets = [SetRecord(WHEN, "dumbbell_hip_thrust", 12, load_kg=16) for _ in range(3)]
    gym = Equipment(dumbbells=(12, 16, 20, 24))
    step = double_progression(sets, (8, 12), gym, ProgressionRules(max_increase=0.3))
    assert step.progressed and step.new_load_kg == 20


def test_nothing_heavier_to_progress_to() -> None:
    sets = [SetRecord(WHEN, "dumbbell_hip_thrust", 12, load_kg=24) for _ in range(3)]
    step = double_progression(sets, (8, 12), Equipment(dumbbells=(16, 24)))
    assert not step.progressed and step.new_load_kg == 24
    assert "nothing heavier" in step.reason


def test_bodyweight_sets_never_get_a_load() -> None:
    step = double_progression(_sets(15, 15, load=None), (10, 15), KG)
    assert step.new_load_kg is None and not step.progressed
    assert "hold" in step.reason
    step = double_progression(_sets(10, 11, load=None), (10, 15), KG)
    assert step.new_load_kg is None and step.target_reps == 11


def test_progression_needs_working_sets_and_a_sane_range() -> None:
    with pytest.raises(InputError):
        double_progression([SetRecord(WHEN, "glute_bridge", 10, warmup=True)], (8, 12), KG)
    with pytest.raises(InputError):
        double_progression(_sets(10), (12, 8), KG)
    with pytest.raises(InputError):
        ProgressionRules(small_increase=0.2, large_increase=0.1)


@settings(max_examples=150)
@given(
    load=st.floats(min_value=20, max_value=300),
    reps=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=5),
    units=st.sampled_from(["kg", "lb"]),
)
def test_double_progression_properties(load: float, reps: list[int], units: str) -> None:
    equipment = default_equipment(units)  # type: ignore[arg-type]
    start = round_load(load, equipment)
    step = double_progression(_sets(*reps, load=start), (8, 12), equipment)
    if min(reps) >= 12:
        assert step.progressed
        assert step.new_load_kg is not None
        assert step.new_load_kg >= start + equipment.step_kg - 1e-6
        rules = DEFAULT_PROGRESSION_RULES
        ceiling = max(start * (1 + rules.max_increase), start + equipment.step_kg)
        assert step.new_load_kg <= ceiling + 1e-6
        assert step.new_load_kg == pytest.approx(round_load(step.new_load_kg, equipment))
    else:
        assert not step.progressed
        assert step.new_load_kg == start
        assert step.target_reps == min(min(reps) + 1, 12)
