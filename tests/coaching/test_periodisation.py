from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipthrust.coaching.periodisation import (
    PeriodisationRules,
    deload_dose,
    parse_periodisation,
    week_phases,
)
from hipthrust.errors import InputError

CYCLE = [(12, 15), (9, 12), (6, 8), (3, 5)]


def test_undulating_cycle_week_by_week_without_deloads() -> None:
    phases = week_phases(9, "undulating", (8, 15), None)
    assert [p.reps for p in phases] == [*CYCLE, *CYCLE, CYCLE[0]]
    assert not any(p.deload for p in phases)


def test_deload_weeks_do_not_advance_the_cycle() -> None:
    phases = week_phases(11, "undulating", (8, 15), 5)
    assert [p.week for p in phases] == list(range(1, 12))
    assert [p.deload for p in phases] == [False] * 4 + [True] + [False] * 4 + [True, False]
    trained = [p.reps for p in phases if not p.deload]
    assert trained == [*CYCLE, *CYCLE, CYCLE[0]]
    assert phases[4].reps == phases[3].reps  # a deload keeps the week before's range


def test_a_coach_can_change_the_cycle() -> None:
    rules = PeriodisationRules(undulating_cycle=((15, 20), (5, 8)))
    assert [p.reps for p in week_phases(3, "undulating", (8, 15), None, rules)] == [
        (15, 20),
        (5, 8),
        (15, 20),
    ]


@pytest.mark.parametrize(
    ("goal", "first", "last"),
    [((8, 15), (11, 15), (8, 12)), ((3, 6), (4, 6), (3, 5)), ((15, 25), (20, 25), (15, 20))],
)
def test_linear_slides_from_high_to_low_reps_within_the_goal(
    goal: tuple[int, int], first: tuple[int, int], last: tuple[int, int]
) -> None:
    phases = week_phases(5, "linear", goal, 5)
    block = [p.reps for p in phases if not p.deload]
    assert block[0] == first and block[-1] == last
    assert [low for low, _ in block] == sorted((low for low, _ in block), reverse=True)
    assert all(goal[0] <= low <= high <= goal[1] for low, high in block)


def test_linear_restarts_after_a_deload() -> None:
    phases = week_phases(10, "linear", (8, 15), 5)
    assert phases[5].reps == phases[0].reps


@given(
    weeks=st.integers(min_value=1, max_value=52),
    every=st.one_of(st.none(), st.integers(min_value=2, max_value=12)),
)
def test_deloads_fall_every_n_weeks(weeks: int, every: int | None) -> None:
    phases = week_phases(weeks, "linear", (8, 15), every)
    assert len(phases) == weeks
    for phase in phases:
        assert phase.deload == (every is not None and phase.week % every == 0)


@pytest.mark.parametrize(("weeks", "every"), [(0, None), (53, None), (4, 1), (4, 13)])
def test_week_phases_refuses(weeks: int, every: int | None) -> None:
    with pytest.raises(InputError):
        week_phases(weeks, "linear", (8, 15), every)


@pytest.mark.parametrize(
    ("sets", "reps"), [(3, (8, 15)), (4, (8, 15)), (5, (3, 6)), (4, (12, 15)), (3, (6, 20))]
)
def test_deload_cuts_about_45_percent_of_the_volume(sets: int, reps: tuple[int, int]) -> None:
    new_sets, new_reps = deload_dose(sets, reps)
    before = sets * sum(reps) / 2
    after = new_sets * sum(new_reps) / 2
    assert 0.35 <= 1 - after / before <= 0.55
    assert new_reps[0] == reps[0] and new_sets >= 1


@pytest.mark.parametrize(("text", "value"), [("Linear", "linear"), ("DUP", "undulating")])
def test_parse_periodisation(text: str, value: str) -> None:
    assert parse_periodisation(text) == value


def test_bad_rules_and_names() -> None:
    with pytest.raises(InputError):
        parse_periodisation("block")
    with pytest.raises(InputError):
        PeriodisationRules(undulating_cycle=())
    with pytest.raises(InputError):
        PeriodisationRules(deload_load_cut=1.5)
