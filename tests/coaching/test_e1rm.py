from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipthrust.coaching.e1rm import (
    FORMULAS,
    STRENGTH_LEVELS,
    E1rmEstimate,
    e1rm_from_set,
    estimate_1rm,
    load_for,
    one_rm_fraction,
    percent_1rm,
    reps_to_failure,
    rir_to_rpe,
    rpe_chart,
    rpe_to_rir,
    strength_context,
)
from hipthrust.errors import InputError

# Hand-computed from each published formula for 100 kg x 10 reps and 100 kg x 5 reps.
KNOWN = [
    ("epley", 10, 133.33),  # 100 (1 + 10/30)
    ("brzycki", 10, 133.33),  # 3600 / 27
    ("lombardi", 10, 125.89),  # 100 x 10^0.1
    ("oconner", 10, 125.00),  # 100 (1 + 0.25)
    ("wathan", 10, 134.75),  # 10000 / (48.8 + 53.8 e^-0.75)
    ("mayhew", 10, 130.93),  # 10000 / (52.2 + 41.9 e^-0.55)
    ("epley", 5, 116.67),
    ("brzycki", 5, 112.50),
    ("oconner", 5, 112.50),
]


@pytest.mark.parametrize(("formula", "reps", "expected"), KNOWN)
def test_known_values(formula: str, reps: int, expected: float) -> None:
    assert estimate_1rm(100, reps, formula).kg == pytest.approx(expected, abs=0.01)  # type: ignore[arg-type]


@pytest.mark.parametrize("formula", list(FORMULAS))
def test_one_rep_is_the_max(formula: str) -> None:
    assert estimate_1rm(142.5, 1, formula).kg == 142.5  # type: ignore[arg-type]


@given(
    formula=st.sampled_from(list(FORMULAS)),
    load=st.floats(min_value=1, max_value=500),
    more=st.floats(min_value=0.5, max_value=100),
    reps=st.integers(min_value=1, max_value=10),
)
def test_monotonic_in_load_and_reps(formula: str, load: float, more: float, reps: int) -> None:
    base = estimate_1rm(load, reps, formula).kg  # type: ignore[arg-type]
    assert estimate_1rm(load + more, reps, formula).kg > base  # type: ignore[arg-type]
    assert estimate_1rm(load, reps + 1, formula).kg > base  # type: ignore[arg-type]
    assert base >= load


@pytest.mark.parametrize("reps", [11, 15, 20])
def test_outside_the_trusted_range_warns_or_refuses(reps: int) -> None:
    estimate = estimate_1rm(100, reps)
    assert not estimate.in_valid_range
    assert "1-10" in estimate.notes[0]
    with pytest.raises(InputError, match="only trusted for 1-10 reps"):
        estimate_1rm(100, reps, strict=True)
    assert estimate_1rm(100, 10, strict=True).in_valid_range


@pytest.mark.parametrize(
    ("load", "reps", "formula"),
    [(0, 5, "epley"), (-10, 5, "epley"), (100, 0, "epley"), (100, 36, "brzycki"), (100, 5, "x")],
)
def test_estimate_refuses_nonsense(load: float, reps: int, formula: str) -> None:
    with pytest.raises(InputError):
        estimate_1rm(load, reps, formula)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rpe", "rir"),
    [(10, 0), (9.5, 0.5), (9, 1), (8.5, 1.5), (8, 2), (7, 3), (6, 4), (1, 9)],
)
def test_rpe_and_rir_zourdos(rpe: float, rir: float) -> None:
    assert rpe_to_rir(rpe) == rir
    assert rir_to_rpe(rir) == rpe


@pytest.mark.parametrize("rpe", [0, 10.5, 8.3, math.nan])
def test_rpe_must_be_on_the_scale(rpe: float) -> None:
    with pytest.raises(InputError):
        rpe_to_rir(rpe)


def test_rir_floor_and_errors() -> None:
    assert rir_to_rpe(12) == 1.0
    with pytest.raises(InputError):
        rir_to_rpe(-1)
    with pytest.raises(InputError):
        reps_to_failure(5, rir=-1)
    with pytest.raises(InputError):
        reps_to_failure(0)


def test_reps_in_reserve_count_as_reps() -> None:
    assert reps_to_failure(8, rpe=8) == 10
    assert reps_to_failure(8, rir=1, rpe=6) == 9  # RIR wins when both are given
    from_set = e1rm_from_set(100, 8, rpe=8)
    assert from_set.kg == pytest.approx(estimate_1rm(100, 10).kg)
    assert from_set.reps_to_failure == 10
    assert e1rm_from_set(100, 8, rir=2, formula="brzycki").kg == pytest.approx(133.33, abs=0.01)


@pytest.mark.parametrize(
    ("rpe", "rir", "trusted"),
    [(10, None, True), (7, None, True), (6.5, None, False), (None, 3, True), (None, 4, False)],
)
def test_rir_trust_flag_hackett(rpe: float | None, rir: int | None, trusted: bool) -> None:
    estimate = e1rm_from_set(100, 5, rpe=rpe, rir=rir)
    assert estimate.rir_trustworthy is trusted
    assert any("below RPE 7" in note for note in estimate.notes) is not trusted


def test_no_effort_given_is_taken_as_failure() -> None:
    estimate = e1rm_from_set(100, 5)
    assert isinstance(estimate, E1rmEstimate)
    assert estimate.reps_to_failure == 5
    assert any("taken as to failure" in note for note in estimate.notes)


# Tuchscherer's published chart at RPE 10 (reps 1-10), the reference the model is judged by.
TUCHSCHERER_RPE10 = (100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9)


@pytest.mark.parametrize("reps", range(1, 11))
def test_chart_is_close_to_tuchscherer(reps: int) -> None:
    assert percent_1rm(reps, 10) == pytest.approx(TUCHSCHERER_RPE10[reps - 1], abs=1.5)


def test_chart_anchor_and_shape() -> None:
    assert percent_1rm(1, 10) == 100.0
    # One rep at RPE 9 is two reps to failure; RPE 8.5 sits between 8 and 9.
    assert percent_1rm(1, 9) == pytest.approx(percent_1rm(2, 10))
    assert percent_1rm(3, 9) < percent_1rm(3, 9.5) < percent_1rm(3, 10)
    chart = rpe_chart()
    assert list(chart) == sorted(chart, reverse=True)
    for row in chart.values():
        assert list(row) == sorted(row, reverse=True)
    # Epley and Brzycki meet at 10 reps, so the two halves of the model join.
    assert one_rm_fraction(10) == pytest.approx(0.75)
    assert one_rm_fraction(10.0001) == pytest.approx(0.75, abs=1e-4)


@given(n=st.floats(min_value=1, max_value=39))
def test_chart_falls_as_reps_to_failure_rise(n: float) -> None:
    assert 0 < one_rm_fraction(n + 1) < one_rm_fraction(n) <= 1


@given(
    e1rm=st.floats(min_value=20, max_value=400),
    reps=st.integers(min_value=1, max_value=25),
    rpe=st.sampled_from([6.0, 7.0, 7.5, 8.0, 8.5, 9.0, 10.0]),
)
def test_load_for_inverts_the_chart(e1rm: float, reps: int, rpe: float) -> None:
    load = load_for(e1rm, reps, rpe)
    assert load == pytest.approx(e1rm * percent_1rm(reps, rpe) / 100)
    # Read back through the chart, the load gives the e1RM it came from.
    assert load / one_rm_fraction(reps_to_failure(reps, rpe=rpe)) == pytest.approx(e1rm)


@pytest.mark.parametrize("bad", [(0, 5, 8), (100, 40, 6), (100, 5, 11)])
def test_load_for_refuses(bad: tuple[float, int, float]) -> None:
    with pytest.raises(InputError):
        load_for(*bad)


@pytest.mark.parametrize(
    ("one_rm", "bodyweight", "level", "next_level"),
    [
        (30, 70, None, "beginner"),
        (35, 70, "beginner", "novice"),
        (105, 70, "intermediate", "advanced"),
        (210, 70, "elite", None),
    ],
)
def test_strength_context(
    one_rm: float, bodyweight: float, level: str | None, next_level: str | None
) -> None:
    context = strength_context(one_rm, bodyweight)
    assert context.level == level
    assert context.next_level == next_level
    assert context.ratio == pytest.approx(one_rm / bodyweight)
    assert "user-submitted" in context.label and "peer-reviewed" in context.label
    if next_level is not None:
        threshold = dict(STRENGTH_LEVELS)[next_level]
        assert context.next_level_kg == pytest.approx(threshold * bodyweight)


def test_strength_context_refuses_nonsense() -> None:
    with pytest.raises(InputError):
        strength_context(100, 5)
    with pytest.raises(InputError):
        strength_context(-1, 70)
