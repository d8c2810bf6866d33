from __future__ import annotations

from datetime import date, datetime

import pytest

from coaching.histories import MONDAY, checkin, day, session, weeks
from hipthrust.coaching.progress import (
    Direction,
    ProgressRules,
    e1rm_variation,
    progress,
)
from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError

THURSDAY = day(3)


def at(when: date, hour: int = 18) -> datetime:
    return datetime(when.year, when.month, when.day, hour)


def one(when: date, variation: str, reps: int, **values: object) -> SetRecord:
    return SetRecord(at(when), variation, reps, **values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- e1RM


@pytest.mark.parametrize(
    ("sets", "kg", "in_range"),
    [
        # Epley w(1 + n/30); reps in reserve count as reps (8 @ RPE 8 = 10 to failure).
        ([dict(reps=8, load_kg=100.0, rpe=8.0)], 100 * (1 + 10 / 30), True),
        ([dict(reps=5, load_kg=120.0, rir=0)], 120 * (1 + 5 / 30), True),
        ([dict(reps=1, load_kg=150.0)], 150.0, True),
        # Only a high-rep set: kept, marked outside the trusted range.
        ([dict(reps=20, load_kg=60.0)], 60 * (1 + 20 / 30), False),
        # A trusted estimate wins over a higher, untrusted one.
        ([dict(reps=20, load_kg=100.0), dict(reps=8, load_kg=100.0)], 100 * (1 + 8 / 30), True),
        # The best trusted estimate of the day.
        ([dict(reps=10, load_kg=90.0), dict(reps=3, load_kg=120.0)], 120 * 1.1, True),
        # Warm-ups never give the e1RM.
        (
            [dict(reps=3, load_kg=140.0, warmup=True), dict(reps=8, load_kg=100.0)],
            100 * 1.2667,
            True,
        ),
    ],
)
def test_session_e1rm_is_the_best_trusted_estimate(
    sets: list[dict[str, object]], kg: float, in_range: bool
) -> None:
    history = [one(MONDAY, "barbell_hip_thrust", **values) for values in sets]  # type: ignore[arg-type]
    result = progress(history, [], MONDAY)
    mark = result.sessions[0].e1rm
    assert mark is not None
    assert mark.kg == pytest.approx(kg, rel=1e-3)
    assert mark.in_valid_range is in_range


@pytest.mark.parametrize(
    "sets",
    [
        [dict(variation="glute_bridge", reps=15)],  # bodyweight
        [dict(variation="barbell_hip_thrust", reps=10, load_kg=0.0)],  # a 0 load is no load
        [dict(variation="barbell_hip_thrust", reps=0, load_kg=100.0, hold_s=30.0)],  # a hold
    ],
)
def test_sessions_without_a_loaded_rep_have_no_e1rm(sets: list[dict[str, object]]) -> None:
    history = [one(MONDAY, **values) for values in sets]  # type: ignore[arg-type]
    result = progress(history, [], MONDAY)
    assert result.sessions[0].e1rm is None
    assert result.latest_e1rm is None


def test_the_e1rm_follows_the_lift_logged_loaded_most() -> None:
    history = [
        *session(MONDAY, "barbell_hip_thrust", 8, load_kg=100.0),  # 3 sets
        *session(THURSDAY, "dumbbell_hip_thrust", 12, sets=2, load_kg=30.0),
        # Loaded single-leg work is per leg: never followed, however often logged.
        *session(day(5), "single_leg_hip_thrust", 10, sets=6, load_kg=20.0),
    ]
    result = progress(history, [], day(6))
    assert e1rm_variation(history) == "barbell_hip_thrust"
    assert result.e1rm_variation == "barbell_hip_thrust"
    by_day = {s.day: s.e1rm for s in result.sessions}
    assert by_day[MONDAY] is not None
    assert by_day[THURSDAY] is None
    assert by_day[day(5)] is None
    chosen = ProgressRules(e1rm_variation="dumbbell_hip_thrust")
    other = progress(history, [], day(6), rules=chosen)
    assert [s.e1rm is not None for s in other.sessions] == [False, True, False]


def test_a_tie_goes_to_the_lift_logged_last() -> None:
    history = [
        one(MONDAY, "barbell_glute_bridge", 8, load_kg=80.0),
        one(THURSDAY, "barbell_hip_thrust", 8, load_kg=100.0),
    ]
    assert e1rm_variation(history) == "barbell_hip_thrust"
    assert e1rm_variation(list(reversed(history))) == "barbell_hip_thrust"


# --------------------------------------------------------------------------- volume, pain


def test_volume_load_counts_working_sets_of_the_family_only() -> None:
    history = [
        one(MONDAY, "barbell_hip_thrust", 10, load_kg=50.0, warmup=True),
        one(MONDAY, "barbell_hip_thrust", 8, load_kg=100.0),
        one(MONDAY, "barbell_hip_thrust", 8, load_kg=100.0),
        one(MONDAY, "single_leg_hip_thrust", 10, reps_right=9, load_kg=10.0),
        one(MONDAY, "glute_bridge", 15),
        one(MONDAY, "deadlift", 5, load_kg=180.0),
    ]
    result = progress(history, [], MONDAY)
    first = result.sessions[0]
    assert first.volume_load_kg == pytest.approx(100 * 16 + 10 * 19)
    assert first.total_reps == 16 + 19 + 15
    assert first.working_sets == 4
    assert result.weeks[0].volume_load_kg == pytest.approx(first.volume_load_kg)


def test_days_with_only_other_lifts_are_not_sessions() -> None:
    history = [one(MONDAY, "deadlift", 5, load_kg=180.0, pain=4)]
    result = progress(history, [], MONDAY)
    assert result.empty
    assert result.weeks == ()
    assert result.last_session is None


def test_pain_during_is_the_worst_of_the_day_and_next_morning_is_the_next_days_checkin() -> None:
    history = [
        one(MONDAY, "glute_bridge", 12, pain=1, warmup=True),
        one(MONDAY, "hip_thrust", 12, pain=3),
        one(MONDAY, "deadlift", 5, load_kg=100.0, pain=4),
        one(THURSDAY, "hip_thrust", 12, pain=2),
    ]
    checkins = [
        checkin(MONDAY, 6, bodyweight_kg=70.0),  # the morning of the session: not its next
        checkin(day(1), 2, bodyweight_kg=71.0),
        checkin(day(4), 1, bodyweight_kg=72.0),
    ]
    result = progress(history, checkins, day(4))
    monday, thursday = result.sessions
    assert (monday.max_pain, monday.next_morning_pain, monday.bodyweight_kg) == (4, 2, 70.0)
    assert (thursday.max_pain, thursday.next_morning_pain, thursday.bodyweight_kg) == (2, 1, None)
    week = result.weeks[0]
    assert (week.max_pain, week.next_morning_pain) == (4, 2)
    assert week.bodyweight_kg == pytest.approx(71.0)
    assert result.bodyweight == ((MONDAY, 70.0), (day(1), 71.0), (day(4), 72.0))


def test_sessions_without_pain_scores_have_none() -> None:
    result = progress([one(MONDAY, "hip_thrust", 12)], [], MONDAY)
    assert result.sessions[0].max_pain is None
    assert result.weeks[0].max_pain is None
    assert result.trends.pain is None


# --------------------------------------------------------------------------- weeks


def test_weeks_run_without_gaps_to_the_week_of_today() -> None:
    history = [one(MONDAY, "hip_thrust", 12), one(day(21), "hip_thrust", 12)]
    result = progress(history, [], day(37))
    assert [w.week for w in result.weeks] == [day(7 * k) for k in range(6)]
    assert [w.sessions for w in result.weeks] == [1, 0, 0, 1, 0, 0]
    assert [w.volume_load_kg for w in result.weeks][1] == 0.0


def test_entries_after_today_are_left_out() -> None:
    history = [one(MONDAY, "hip_thrust", 12), one(day(8), "hip_thrust", 12)]
    result = progress(history, [checkin(day(9), 5)], day(7))
    assert [s.day for s in result.sessions] == [MONDAY]
    assert result.sessions[0].next_morning_pain is None
    assert result.last_session == MONDAY


@pytest.mark.parametrize(("limit", "first_week"), [(1, day(35)), (3, day(21)), (52, MONDAY)])
def test_weeks_keeps_the_last_weeks_of_the_series(limit: int, first_week: date) -> None:
    history = weeks(MONDAY, 6, lambda when, w, i: [one(when, "hip_thrust", 12)])
    result = progress(history, [], day(38), weeks=limit)
    assert result.weeks[0].week == first_week
    assert all(s.day >= first_week for s in result.sessions)
    assert result.last_session == day(38)


def test_weeks_that_leave_out_every_session_still_say_when_the_last_was() -> None:
    result = progress([one(MONDAY, "hip_thrust", 12)], [], day(70), weeks=2)
    assert result.empty
    assert result.last_session == MONDAY


# --------------------------------------------------------------------------- trends


def _loaded_weeks(loads: list[float], pains: list[int | None] | None = None) -> list[SetRecord]:
    """One heavy session a week, 8 reps at RPE 8, the given loads (and pain) week by week."""
    return weeks(
        MONDAY,
        len(loads),
        lambda when, week, index: session(
            when,
            "barbell_hip_thrust",
            8,
            load_kg=loads[week],
            rpe=8.0,
            pain=None if pains is None else pains[week],
        ),
        days=(0,),
    )


def test_e1rm_change_runs_from_the_first_to_the_last_week_of_the_window() -> None:
    loads = [200.0, 100.0, 102.5, 105.0, 107.5, 110.0]  # week 0 falls outside the window
    result = progress(_loaded_weeks(loads), [], day(36))  # the Friday of week 5
    change = result.trends.e1rm
    assert change is not None
    assert (change.start, change.end) == (day(7), day(35))
    assert change.change_kg == pytest.approx(10 * (1 + 10 / 30))
    assert change.change_pct == pytest.approx(10.0)
    assert change.direction is Direction.RISING
    assert result.trends.since == day(7)


@pytest.mark.parametrize(
    ("loads", "direction"),
    [
        ([100.0, 100.0, 100.5], Direction.STEADY),  # 0.5% is within the 1% steady band
        ([100.0, 97.5, 95.0], Direction.FALLING),
        ([100.0, 105.0, 110.0], Direction.RISING),
    ],
)
def test_e1rm_direction(loads: list[float], direction: Direction) -> None:
    result = progress(_loaded_weeks(loads), [], day(14))
    assert result.trends.e1rm is not None
    assert result.trends.e1rm.direction is direction


def test_one_week_of_e1rm_is_no_change() -> None:
    result = progress(_loaded_weeks([100.0]), [], MONDAY)
    assert result.trends.e1rm is None


@pytest.mark.parametrize(
    ("pains", "direction", "slope"),
    [
        ([1, 2, 3, 4], Direction.RISING, 1.0),
        ([5, 4, 3, 2], Direction.FALLING, -1.0),
        ([2, 2, 2, 2], Direction.STEADY, 0.0),
        ([2, 3, 2, 2], Direction.STEADY, -0.1),
    ],
)
def test_pain_trend_is_the_weekly_slope(
    pains: list[int], direction: Direction, slope: float
) -> None:
    result = progress(_loaded_weeks([100.0] * 4, list(pains)), [], day(21))
    trend = result.trends.pain
    assert trend is not None
    assert trend.direction is direction
    assert trend.slope_per_week == pytest.approx(slope)
    assert (trend.weeks, trend.latest) == (4, pains[-1])


def test_next_morning_pain_trend_reads_the_checkins() -> None:
    history = _loaded_weeks([100.0] * 3)
    checkins = [checkin(day(7 * k + 1), score) for k, score in enumerate([0, 2, 4])]
    trend = progress(history, checkins, day(15)).trends.next_morning_pain
    assert trend is not None
    assert trend.direction is Direction.RISING
    assert trend.slope_per_week == pytest.approx(2.0)


def test_weekly_volume_this_week_and_the_mean_of_the_weeks_before() -> None:
    history = _loaded_weeks([100.0, 100.0, 100.0, 100.0, 100.0, 50.0])
    trends = progress(history, [], day(36)).trends
    assert trends.volume_this_week_kg == pytest.approx(50.0 * 24)
    assert trends.volume_mean_kg == pytest.approx(100.0 * 24)  # the 4 weeks before this one


def test_a_shorter_trend_window_can_be_chosen() -> None:
    loads = [100.0, 110.0, 120.0]
    trends = progress(_loaded_weeks(loads), [], day(14), rules=ProgressRules(trend_weeks=1)).trends
    assert trends.e1rm is not None
    assert trends.e1rm.start == day(7)


# --------------------------------------------------------------------------- shapes


def test_empty_history() -> None:
    result = progress([], [checkin(MONDAY, 1, 70.0)], MONDAY)
    assert result.empty
    assert result.latest_e1rm is None
    assert result.trends.e1rm is None
    assert result.to_json()["sessions"] == []


def test_json_has_the_series_and_the_trends() -> None:
    history = _loaded_weeks([100.0, 105.0], pains=[1, 2])
    data = progress(history, [checkin(day(1), 1, 70.25)], day(8)).to_json()
    assert data["today"] == day(8).isoformat()
    assert data["e1rm_variation"] == "barbell_hip_thrust"
    assert data["latest_e1rm"]["day"] == day(7).isoformat()
    assert data["latest_e1rm"]["e1rm_kg"] == round(105 * (1 + 10 / 30), 2)
    assert data["latest_e1rm"]["in_valid_range"] is True
    assert [s["day"] for s in data["sessions"]] == [MONDAY.isoformat(), day(7).isoformat()]
    assert data["sessions"][0]["next_morning_pain"] == 1
    assert data["weeks"][1]["volume_load_kg"] == 105.0 * 24
    assert data["trends"]["e1rm"]["change_pct"] == 5.0
    assert data["trends"]["pain"]["direction"] == "rising"
    assert data["bodyweight"] == [{"day": day(1).isoformat(), "bodyweight_kg": 70.25}]


@pytest.mark.parametrize(
    "values",
    [
        dict(trend_weeks=0),
        dict(steady_pain_slope=-1.0),
        dict(e1rm_variations=frozenset({"deadlift"})),
        dict(e1rm_variation="single_leg_hip_thrust"),
    ],
)
def test_rules_are_checked(values: dict[str, object]) -> None:
    with pytest.raises(InputError):
        ProgressRules(**values)  # type: ignore[arg-type]


def test_weeks_must_be_positive() -> None:
    with pytest.raises(InputError, match="weeks"):
        progress([], [], MONDAY, weeks=0)
