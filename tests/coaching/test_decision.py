from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from coaching.histories import MONDAY, checkin, day, session, weeks
from hipthrust.coaching.decision import (
    AthleteContext,
    Decision,
    DecisionKind,
    DecisionRules,
    decide_next,
)
from hipthrust.coaching.deload import DeloadRules
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.loads import Equipment, default_equipment
from hipthrust.coaching.pain import PainRules
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.safety import SafetyRules
from hipthrust.coaching.units import format_mass, to_kg
from hipthrust.errors import InputError

ADVANCE, HOLD, REGRESS, DELOAD = (
    DecisionKind.ADVANCE,
    DecisionKind.HOLD,
    DecisionKind.REGRESS,
    DecisionKind.DELOAD,
)


def decide(
    history: Sequence[SetRecord],
    rung: int,
    *,
    goal: Goal = Goal.HYPERTROPHY,
    loading_allowed: bool = True,
    checkins: Sequence[Checkin] = (),
    today: date | None = None,
    rules: DecisionRules | None = None,
    **context: object,
) -> Decision:
    when = today or (max(s.performed_at for s in history).date() + timedelta(days=2))
    athlete = AthleteContext(rung, goal, loading_allowed, **context)  # type: ignore[arg-type]
    if rules is None:
        return decide_next(history, checkins, athlete, when)
    return decide_next(history, checkins, athlete, when, rules)


def said(decision: Decision, *words: str) -> bool:
    """Whether one reason contains all of ``words``."""
    return any(all(word in reason for word in words) for reason in decision.reasons)


def bridges(reps: int, count: int = 2, **kwargs: object) -> list[SetRecord]:
    out: list[SetRecord] = []
    for index in range(count):
        out += session(day(3 * index), "glute_bridge", reps, hold_s=3.0, **kwargs)  # type: ignore[arg-type]
    return out


def thrusts(
    reps: int | Sequence[int], load: float = 100.0, offset: int = 0, **kwargs: object
) -> list[SetRecord]:
    return session(day(offset), "barbell_hip_thrust", reps, load_kg=load, **kwargs)  # type: ignore[arg-type]


def hard_weeks(count: int, sets: int = 4, **kwargs: object) -> list[SetRecord]:
    """``count`` weeks of two barbell sessions, 10 reps, the load up 2.5 kg a week."""
    return weeks(
        MONDAY,
        count,
        lambda when, week, index: session(
            when,
            "barbell_hip_thrust",
            10,
            sets=sets,
            load_kg=100 + 2.5 * week,
            rpe=8.0,
            **kwargs,  # type: ignore[arg-type]
        ),
    )


# --------------------------------------------------------------------------- no history


@pytest.mark.parametrize(
    ("rung", "variation", "load"),
    [(1, "glute_bridge", None), (3, "hip_thrust", None), (5, "banded_hip_thrust", None)],
)
def test_no_history_holds_at_the_rung_with_its_dose(
    rung: int, variation: str, load: float | None
) -> None:
    decision = decide([], rung, today=MONDAY)
    assert decision.kind is HOLD
    assert decision.rung == rung
    assert "no sets logged yet" in decision.reasons[0].lower()
    assert decision.session[0].variation == variation
    assert decision.session[0].load_kg == load


def test_rung_1_dose_when_nothing_is_logged() -> None:
    main = decide([], 1, today=MONDAY).session[0]
    assert (main.sets, main.reps, main.hold_s) == (3, (8, 15), 3.0)


def test_sets_after_today_are_ignored() -> None:
    history = bridges(15) + session(day(10), "glute_bridge", 15, hold_s=3.0, pain=7)
    decision = decide(history, 1, today=day(5))
    assert decision.kind is ADVANCE


# --------------------------------------------------------------------------- gates


def test_beginner_hitting_15_reps_with_3_s_holds_twice_moves_to_rung_2() -> None:
    decision = decide(bridges(15), 1)
    assert decision.kind is ADVANCE
    assert decision.rung == 2
    main = decision.session[0]
    assert main.variation in ("single_leg_glute_bridge_90_90", "single_leg_glute_bridge")
    assert main.per_side
    assert said(decision, "rung 1 gate is met")


def test_beginner_short_of_the_gate_holds_and_aims_one_rep_higher() -> None:
    decision = decide(bridges(13), 1)
    assert decision.kind is HOLD
    assert decision.rung == 1
    assert said(decision, "15 reps", "13")
    assert any("Aim for 14 reps" in note for note in decision.session[0].notes)


def test_single_leg_bridge_with_a_weaker_side_holds() -> None:
    history = session(
        day(0), "single_leg_glute_bridge_90_90", 12, reps_right=9, hold_s=3.0
    ) + session(day(3), "single_leg_glute_bridge_90_90", 12, reps_right=9, hold_s=3.0)
    decision = decide(history, 2)
    assert decision.kind is HOLD
    assert decision.rung == 2
    assert said(decision, "12 left / 9 right")
    assert any("weaker side" in note for note in decision.session[0].notes)


def rung_4_ready(reps: int = 8) -> list[SetRecord]:
    history = session(day(0), "hip_thrust", 12, hold_s=2.0) + session(
        day(3), "hip_thrust", 12, hold_s=2.0
    )
    for index in range(3):
        history += session(
            day(7 + 3 * index), "single_leg_hip_thrust", reps, reps_right=reps, hold_s=3.0
        )
    return history


def test_rung_4_moves_to_loading_before_its_target_and_says_the_target_stays() -> None:
    decision = decide(rung_4_ready(), 4)
    assert decision.kind is ADVANCE
    assert decision.rung == 5
    assert said(decision, "Still a target")
    assert decision.session[0].variation == "banded_hip_thrust"
    assert decision.session[-1].variation == "single_leg_hip_thrust"


def test_rung_5_starts_with_the_lightest_implement_the_equipment_has() -> None:
    no_bands = Equipment(has_bands=False)
    decision = decide(rung_4_ready(12), 4, equipment=no_bands)
    assert decision.session[0].variation == "barbell_hip_thrust"
    assert decision.session[0].load_kg == 20.0


def test_gate_met_but_loading_not_cleared_stays_at_rung_4() -> None:
    decision = decide(rung_4_ready(12), 4, loading_allowed=False)
    assert decision.kind is HOLD
    assert decision.rung == 4
    assert said(decision, "loading is not cleared")
    assert all(item.load_kg is None for item in decision.session)


# --------------------------------------------------------------------------- safety


def test_pain_above_5_regresses_to_the_previous_rung() -> None:
    history = session(day(0), "hip_thrust", 12, hold_s=2.0, pain=6)
    decision = decide(history, 3)
    assert decision.kind is REGRESS
    assert decision.rung == 2
    assert said(decision, "6/10")


def test_pain_above_5_on_rung_1_cuts_the_dose() -> None:
    decision = decide(bridges(12, count=1, pain=6), 1)
    assert decision.kind is REGRESS
    assert decision.rung == 1
    main = decision.session[0]
    assert (main.sets, main.reps) == (2, (8, 11))


def test_pain_above_5_on_a_loaded_rung_takes_15_percent_off_the_load() -> None:
    decision = decide(thrusts(15, pain=6), 5)
    assert decision.kind is REGRESS
    assert decision.rung == 5
    assert decision.session[0].load_kg == 85.0
    assert said(decision, "100 kg", "85 kg")


def test_regress_fraction_is_data() -> None:
    rules = DecisionRules(safety=SafetyRules(pain=PainRules(regress_load_fraction=0.10)))
    decision = decide(thrusts(15, pain=6), 5, rules=rules)
    assert decision.session[0].load_kg == 90.0


def test_regress_below_the_empty_bar_uses_a_band_or_drops_a_rung() -> None:
    history = thrusts(10, load=20.0, pain=6)
    with_band = decide(history, 5)
    assert with_band.kind is REGRESS
    assert with_band.session[0].variation == "banded_hip_thrust"
    assert with_band.session[0].load_kg is None
    no_band = decide(history, 5, equipment=Equipment(has_bands=False))
    assert no_band.rung == 4


def test_severe_pain_points_to_a_clinician() -> None:
    decision = decide(thrusts(10, pain=8), 5)
    assert decision.kind is REGRESS
    assert said(decision, "clinician")
    assert not said(decide(thrusts(10, pain=7), 5), "clinician")


def test_acceptable_pain_holds_even_when_every_set_hit_the_top() -> None:
    decision = decide(thrusts(15, pain=4), 5)
    assert decision.kind is HOLD
    assert decision.session[0].load_kg == 100.0
    assert said(decision, "4/10", "acceptable")


def test_acceptable_pain_holds_a_bodyweight_rung_at_its_dose() -> None:
    decision = decide(bridges(15, pain=3), 1)
    assert decision.kind is HOLD
    assert decision.rung == 1
    assert said(decision, "3/10")


@pytest.mark.parametrize(
    ("during", "morning", "morning_day", "kind"),
    [
        (2, 5, 1, REGRESS),  # not settled: above 2/10
        (2, 2, 1, ADVANCE),  # settled
        (0, 1, 1, REGRESS),  # worse than during the session
        (2, 5, 2, ADVANCE),  # two days later is not the next morning
    ],
)
def test_next_morning_pain_must_settle(
    during: int, morning: int, morning_day: int, kind: DecisionKind
) -> None:
    history = thrusts(15, pain=during)
    check = checkin(day(morning_day), morning)
    decision = decide(history, 5, checkins=[check], today=day(3))
    assert decision.kind is kind
    if kind is REGRESS:
        assert said(decision, "next morning", f"{morning}/10")


def test_next_morning_pain_above_the_pain_during_regresses_even_under_the_limit() -> None:
    rules = DecisionRules(safety=SafetyRules(pain=PainRules(next_morning_max=5)))
    history = thrusts(15, pain=2)
    settled = decide(history, 5, checkins=[checkin(day(1), 2)], rules=rules)
    worse = decide(history, 5, checkins=[checkin(day(1), 4)], rules=rules)
    assert settled.kind is ADVANCE
    assert worse.kind is REGRESS


def weekly_pain(scores: Sequence[int]) -> list[SetRecord]:
    history: list[SetRecord] = []
    for week, score in enumerate(scores):
        history += session(day(7 * week), "hip_thrust", 12, hold_s=2.0, pain=score)
    return history


@pytest.mark.parametrize(
    ("scores", "kind"),
    [
        ((1, 3, 4), REGRESS),  # rising two weeks in a row, now 4/10
        ((3, 4, 4), HOLD),  # not rising this week: acceptable pain holds
        ((0, 1, 2), ADVANCE),  # rising inside the fine zone is not a signal
        ((4, 1, 3, 4), REGRESS),
    ],
)
def test_pain_rising_week_to_week_regresses(scores: Sequence[int], kind: DecisionKind) -> None:
    decision = decide(weekly_pain(scores), 3)
    assert decision.kind is kind
    if kind is REGRESS:
        assert decision.rung == 2
        assert said(decision, "rose from")


def test_lumbar_compensation_twice_in_a_row_cues_and_reduces_the_load() -> None:
    history = thrusts(15, faults=("lumbar_hyperextension",)) + thrusts(
        15, offset=3, faults=("lumbar_hyperextension",)
    )
    decision = decide(history, 5)
    assert decision.kind is REGRESS
    assert decision.session[0].load_kg == 85.0
    assert said(decision, "Lower-back arching", "last 2 sessions")
    assert said(decision, "Cue:")
    assert any(note.startswith("Cue:") for note in decision.session[0].notes)


def test_lumbar_compensation_felt_in_the_lower_back_on_a_bodyweight_rung_drops_a_rung() -> None:
    history = session(day(0), "hip_thrust", 12, hold_s=2.0, felt_in=("lower_back",))
    history += session(day(3), "hip_thrust", 12, hold_s=2.0, felt_in=("lower_back",))
    decision = decide(history, 3)
    assert decision.kind is REGRESS
    assert decision.rung == 2


def test_lumbar_compensation_once_is_not_yet_a_regression() -> None:
    history = thrusts(15) + thrusts(15, offset=3, faults=("lumbar_hyperextension",))
    assert decide(history, 5).kind is ADVANCE


# --------------------------------------------------------------------------- double progression


def test_top_of_the_range_on_every_set_adds_load_rounded_to_plates_kg() -> None:
    decision = decide(thrusts(15), 5)
    assert decision.kind is ADVANCE
    assert decision.rung == 5
    assert decision.session[0].load_kg == 102.5
    assert said(decision, "All 3 working sets reached 15 reps at 100 kg", "2.5 kg to 102.5 kg")


def test_beating_the_top_by_two_adds_five_percent() -> None:
    assert decide(thrusts(17), 5).session[0].load_kg == 105.0


def test_strength_lifter_in_pounds_goes_up_to_the_next_plate() -> None:
    pounds = default_equipment("lb")
    history = thrusts(6, load=to_kg(225, "lb"), rpe=8.0)
    decision = decide(history, 5, goal=Goal.STRENGTH, equipment=pounds)
    assert decision.kind is ADVANCE
    load = decision.session[0].load_kg
    assert load is not None
    assert format_mass(load, "lb") == "230 lb"
    assert said(decision, "225 lb", "5 lb to 230 lb")
    assert decision.session[0].reps == (3, 6)


def test_strength_lifter_in_kilograms() -> None:
    decision = decide(thrusts(6, load=140.0), 5, goal=Goal.STRENGTH)
    assert decision.session[0].load_kg == 142.5


def test_missing_the_range_holds_the_load_and_adds_reps() -> None:
    decision = decide(thrusts([12, 11, 10]), 5)
    assert decision.kind is HOLD
    assert decision.session[0].load_kg == 100.0
    assert said(decision, "weakest working set reached 10 of 15 reps at 100 kg", "11 reps")
    assert "Aim for 11 reps a set." in decision.session[0].notes


def test_strength_lifter_missing_the_range_holds() -> None:
    decision = decide(thrusts([6, 5, 4], load=140.0), 5, goal=Goal.STRENGTH)
    assert decision.kind is HOLD
    assert decision.session[0].load_kg == 140.0


def test_the_number_of_working_sets_carries_over_within_the_goal_range() -> None:
    assert decide(thrusts(12, sets=4), 5).session[0].sets == 4
    assert decide(thrusts(12, sets=7), 5).session[0].sets == 5


def test_band_work_at_the_top_of_the_range_moves_to_a_dumbbell_then_a_barbell() -> None:
    bands = session(day(0), "banded_hip_thrust", 15)
    with_dumbbells = Equipment(dumbbells=(8.0, 10.0, 12.0))
    first = decide(bands, 5, equipment=with_dumbbells)
    assert first.kind is ADVANCE
    assert (first.session[0].variation, first.session[0].load_kg) == ("dumbbell_hip_thrust", 8.0)
    heaviest = session(day(0), "dumbbell_hip_thrust", 15, load_kg=12.0)
    second = decide(heaviest, 5, equipment=with_dumbbells)
    assert second.kind is ADVANCE
    assert (second.session[0].variation, second.session[0].load_kg) == (
        "barbell_hip_thrust",
        20.0,
    )


def test_band_work_short_of_the_top_holds_and_adds_reps() -> None:
    decision = decide(session(day(0), "banded_hip_thrust", 11), 5)
    assert decision.kind is HOLD
    assert decision.session[0].variation == "banded_hip_thrust"


def test_a_planned_session_keeps_its_shape_and_takes_the_decided_load() -> None:
    plan = (
        Prescription("barbell_hip_thrust", 4, (6, 10), load_kg=80.0, hold_s=2.0, notes=("Heavy",)),
        Prescription("single_leg_hip_thrust", 2, (8, 12), per_side=True),
    )
    decision = decide(thrusts(10), 5, planned=plan)
    assert decision.kind is ADVANCE
    main, accessory = decision.session
    assert (main.sets, main.reps, main.hold_s, main.load_kg) == (4, (6, 10), 2.0, 102.5)
    assert "Heavy" in main.notes
    assert accessory == plan[1]


def test_an_undulating_plan_progresses_from_the_last_session_in_its_rep_range() -> None:
    plan = (Prescription("barbell_hip_thrust", 3, (3, 5)),)
    history = thrusts(5, load=90.0) + thrusts(15, load=60.0, offset=3)
    decision = decide(history, 5, planned=plan)
    assert decision.kind is ADVANCE
    assert decision.session[0].load_kg == 92.5
    only_light = decide(thrusts(15, load=60.0), 5, planned=plan)
    assert only_light.kind is HOLD
    assert only_light.session[0].load_kg == 60.0
    assert said(only_light, "3-5 rep range")


# --------------------------------------------------------------------------- deloads


def test_five_weeks_of_hard_training_calls_for_a_deload() -> None:
    decision = decide(hard_weeks(5), 5, today=day(35))
    assert decision.kind is DELOAD
    main = decision.session[0]
    assert main.sets == 2  # 4 sets, 40-50% fewer
    assert main.load_kg == 95.0  # 110 kg, 10-15% lighter, rounded down
    assert said(decision, "5 weeks of hard training")
    assert said(decision, "4 → 2 sets", "110 kg → 95 kg")


def test_four_weeks_is_not_yet_a_deload() -> None:
    decision = decide(hard_weeks(4), 5, today=day(28))
    assert decision.kind is HOLD


def test_deload_interval_is_data() -> None:
    rules = DecisionRules(deload=DeloadRules(every_weeks=4))
    assert decide(hard_weeks(4), 5, today=day(28), rules=rules).kind is DELOAD


def test_a_light_week_or_a_week_off_resets_the_count() -> None:
    light = [
        record
        for record in hard_weeks(5)
        if not (7 * 2 <= (record.performed_at.date() - MONDAY).days < 7 * 3)
    ]
    light += session(day(14), "barbell_hip_thrust", 10, sets=2, load_kg=100.0, rpe=7.0)
    assert decide(light, 5, today=day(35)).kind is HOLD
    week_off = [r for r in light if r.performed_at.date() != day(14)]
    assert decide(week_off, 5, today=day(35)).kind is HOLD


def test_the_last_deload_date_from_the_context_counts() -> None:
    assert decide(hard_weeks(5), 5, today=day(35), last_deload=day(14)).kind is HOLD
    ongoing = decide(hard_weeks(5), 5, today=day(35), last_deload=day(33))
    assert ongoing.kind is DELOAD
    assert said(ongoing, "keep this session light")


def test_a_deload_started_this_week_carries_on_through_the_week() -> None:
    history = hard_weeks(4) + session(
        day(28), "barbell_hip_thrust", 10, sets=2, load_kg=95.0, rpe=6.0
    )
    decision = decide(history, 5, today=day(31))
    assert decision.kind is DELOAD
    assert said(decision, "deload week")
    normal = hard_weeks(4) + session(
        day(28), "barbell_hip_thrust", 10, sets=4, load_kg=107.5, rpe=8.0
    )
    assert decide(normal, 5, today=day(31)).kind is HOLD


@pytest.mark.parametrize(
    ("reps", "rpe", "kind"),
    [
        ((10, 10, 10), (7.0, 7.5, 8.5), DELOAD),  # effort creeping up at the same load
        ((10, 11, 12), (7.0, 7.5, 8.5), HOLD),  # harder because of more reps: fine
        ((12, 11, 10), (8.0, 8.0, 8.0), DELOAD),  # reps dropping at the same load
        ((10, 10, 10), (7.0, 8.5, 8.0), HOLD),  # not a steady creep
    ],
)
def test_fatigue_signs_call_for_an_early_deload(
    reps: Sequence[int], rpe: Sequence[float], kind: DecisionKind
) -> None:
    history: list[SetRecord] = []
    for offset, count, effort in zip((0, 3, 7), reps, rpe, strict=True):
        history += thrusts(count, offset=offset, rpe=effort)
    decision = decide(history, 5, today=day(9))
    assert decision.kind is kind
    if kind is DELOAD:
        assert said(decision, "fatigue")


def test_bodyweight_rungs_do_not_deload() -> None:
    history = weeks(
        MONDAY,
        6,
        lambda when, week, index: session(when, "hip_thrust", 12, hold_s=2.0),
    )
    assert decide(history, 3, today=day(42)).kind is ADVANCE


# --------------------------------------------------------------------------- precedence


def test_safety_beats_a_due_deload() -> None:
    history = hard_weeks(5)
    history += thrusts(10, load=110.0, offset=35, pain=6, rpe=8.0)
    decision = decide(history, 5, today=day(37))
    assert decision.kind is REGRESS


def test_acceptable_pain_beats_a_due_deload() -> None:
    decision = decide(hard_weeks(5, pain=4), 5, today=day(35))
    assert decision.kind is HOLD
    assert said(decision, "4/10")


def test_a_due_deload_beats_progression() -> None:
    history = weeks(
        MONDAY,
        5,
        lambda when, week, index: session(
            when, "barbell_hip_thrust", 15, sets=4, load_kg=100.0, rpe=8.0
        ),
    )
    assert decide(history, 5, today=day(35)).kind is DELOAD


# --------------------------------------------------------------------------- on shift


@pytest.mark.parametrize(
    ("rpe", "kind", "load"),
    [
        (7.0, ADVANCE, 102.5),  # under the cap: progression allowed
        (7.5, HOLD, 100.0),  # at the cap: more would need a harder set
        (8.5, HOLD, 100.0),  # over the cap: no progression
        (9.5, REGRESS, 90.0),  # 2 points over: the load comes down 10%
    ],
)
def test_on_shift_effort_cap_blocks_progression_and_caps_the_session(
    rpe: float, kind: DecisionKind, load: float
) -> None:
    decision = decide(thrusts(15, rpe=rpe, sets=4), 5, on_shift=True)
    assert decision.kind is kind
    assert decision.session[0].load_kg == load
    cap = DecisionRules().session.on_shift_rpe_max
    assert 7.0 <= cap <= 8.0
    for item in decision.session:
        assert item.rpe_max is not None and item.rpe_max <= cap
        assert item.sets <= 3
    assert said(decision, "On shift")
    if kind is not ADVANCE:
        assert said(decision, f"RPE {rpe:g}")


def test_off_shift_the_same_effort_progresses() -> None:
    assert decide(thrusts(15, rpe=9.5), 5).kind is ADVANCE


def test_on_shift_a_hard_bodyweight_session_does_not_climb_the_ladder() -> None:
    decision = decide(bridges(15, rpe=8.5), 1, on_shift=True)
    assert decision.kind is HOLD
    assert decision.rung == 1


# --------------------------------------------------------------------------- clearance


def test_a_loaded_athlete_without_clearance_gets_no_load() -> None:
    decision = decide(thrusts(15), 5, loading_allowed=False)
    assert decision.kind is REGRESS
    assert decision.rung == 4
    assert all(item.load_kg is None for item in decision.session)
    assert said(decision, "Loading is not cleared")


def test_without_clearance_a_planned_loaded_exercise_is_left_out() -> None:
    plan = (
        Prescription("hip_thrust", 3, (10, 20), hold_s=2.0),
        Prescription("barbell_glute_bridge", 3, (8, 12), load_kg=60.0),
    )
    history = session(day(0), "hip_thrust", 12, hold_s=2.0)
    decision = decide(history, 3, loading_allowed=False, planned=plan)
    assert [item.variation for item in decision.session] == ["hip_thrust"]
    assert said(decision, "loads were left out")


# --------------------------------------------------------------------------- shapes


def test_to_json_shape() -> None:
    payload = decide(thrusts(15), 5).to_json()
    assert payload["decision"] == "advance"
    assert payload["rung"] == 5
    assert isinstance(payload["reasons"], list) and payload["reasons"]
    exercise = payload["session"]["exercises"][0]
    assert exercise["variation"] == "barbell_hip_thrust"
    assert exercise["load_kg"] == 102.5


@pytest.mark.parametrize(
    "kwargs",
    [{"rung": 7}, {"rung": -1}, {"planned": ()}],
)
def test_context_refuses_what_cannot_be(kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"rung": 1, "goal": Goal.REHAB, "loading_allowed": False}
    values.update(kwargs)
    with pytest.raises(InputError):
        AthleteContext(**values)  # type: ignore[arg-type]
