"""The rung an athlete is on: derived from the anchor (an assessment's bridge test or a chosen
rung) and the log, never stored by a decision; logging above the gate moves nothing."""

from __future__ import annotations

from coaching.histories import day, session
from hipthrust.coaching.clearance import Clearance
from hipthrust.coaching.history import group_sessions
from hipthrust.coaching.placement import Anchor, place, rung_of
from hipthrust.coaching.records import SetRecord

CLEARED = Clearance(screened=True, exercise=True, load=True, ceiling=6)
NO_LOAD = Clearance(True, True, False, 4, ("Pregnancy needs a clinician's clearance.",))


def _place(
    sets: list[SetRecord],
    anchor: Anchor | None,
    gate: Clearance = CLEARED,
    screened_day: int | None = None,
) -> tuple[int, bool, str | None, tuple[str, ...]]:
    screened_on = None if screened_day is None else day(screened_day)
    found = place(group_sessions(sets), anchor, gate, screened_on)
    return found.rung, found.shown_by_work, found.above_gate, found.reasons


def _bridge_gate_met(offset: int) -> list[SetRecord]:
    return session(day(offset), "glute_bridge", 15, hold_s=3.0)


def test_rung_of_a_variation() -> None:
    assert rung_of("barbell_hip_thrust") == 5
    assert rung_of("barbell_hip_thrust", near=6) == 6
    assert rung_of("glute_bridge", near=3) == 1  # the bridge test's rung 0 only when alone
    assert rung_of("deadlift") is None


def test_nothing_logged_and_nothing_chosen_is_rung_1() -> None:
    assert _place([], None)[0] == 1


def test_the_anchor_is_where_the_athlete_starts() -> None:
    assert _place([], Anchor(3, day(0), "assessment"))[0] == 3


def test_loaded_work_with_no_anchor_places_the_lifter_on_its_rung() -> None:
    sets = [s for i in (0, 3, 6) for s in session(day(i), "barbell_hip_thrust", 8, load_kg=100)]
    rung, shown, above, reasons = _place(sets, None)
    assert (rung, shown, above) == (5, True, None)
    assert "logged work" in reasons[0]


def test_the_ceiling_caps_what_the_work_shows_and_says_so() -> None:
    sets = session(day(0), "barbell_hip_thrust", 8, load_kg=100)
    rung, _, _, reasons = _place(sets, None, NO_LOAD)
    assert rung == 4
    assert "allows rung 4 at most" in reasons[-1]


def test_logging_above_the_gate_is_recorded_and_moves_nothing() -> None:
    sets = session(day(2), "barbell_hip_thrust", 8, load_kg=60)
    rung, _, above, _ = _place(sets, Anchor(2, day(0), "assessment"))
    assert rung == 2
    assert above is not None and "rung 2 gate is not met yet" in above


def test_the_gate_met_twice_lets_the_next_rung_count() -> None:
    sets = [*_bridge_gate_met(1), *_bridge_gate_met(3)]
    sets += session(day(5), "single_leg_glute_bridge_90_90", 10, reps_right=10, hold_s=3.0)
    assert _place(sets, Anchor(1, day(0), "assessment"))[:3] == (2, False, None)


def test_the_gate_met_once_is_not_enough() -> None:
    sets = [*_bridge_gate_met(1)]
    sets += session(day(3), "single_leg_glute_bridge_90_90", 10, reps_right=10, hold_s=3.0)
    rung, _, above, _ = _place(sets, Anchor(1, day(0), "assessment"))
    assert rung == 1 and above is not None


def test_a_session_on_a_lower_rung_moves_the_athlete_down() -> None:
    sets = session(day(2), "glute_bridge", 12, hold_s=3.0)
    assert _place(sets, Anchor(3, day(0), "chosen"))[0] == 1


def test_sessions_before_the_anchor_move_nothing() -> None:
    sets = session(day(0), "glute_bridge", 12, hold_s=3.0)
    assert _place(sets, Anchor(3, day(5), "assessment"))[0] == 3


def test_with_a_screening_the_work_before_it_places_the_lifter() -> None:
    sets = [
        *session(day(0), "hip_thrust", 12),
        *session(day(9), "barbell_hip_thrust", 8, load_kg=80),
    ]
    # screened on day 5: the hip thrust of day 0 places (rung 3); the barbell of day 9 is above
    rung, shown, above, _ = _place(sets, None, screened_day=5)
    assert (rung, shown) == (3, True) and above is not None


def _joint_clearance() -> Clearance:
    from hipthrust.coaching.assessment import Answers, assess
    from hipthrust.coaching.clearance import clearance
    from hipthrust.coaching.screening import Condition, ConditionKind

    hip = Condition(ConditionKind.HIP_REPLACEMENT, 30, cleared=True)
    return clearance(assess(Answers(conditions=(hip,))))


def test_a_joint_replacement_keeps_the_placed_rung_below_the_top_with_the_reason() -> None:
    gate = _joint_clearance()
    assert (gate.load, gate.ceiling) == (True, 5)
    # a coach chose the top rung, and the deficit work shows it: the clearance wins
    sets = [s for i in (0, 3) for s in session(day(i), "deficit_hip_thrust", 8, load_kg=60)]
    rung, _, _, reasons = _place(sets, Anchor(6, day(0), "chosen"), gate)
    assert rung == 5
    assert "allows rung 5 at most" in reasons[-1]
    assert "no heavy strength blocks" in reasons[-1]


def test_work_above_a_joint_replacements_ceiling_moves_nothing_and_says_why() -> None:
    gate = _joint_clearance()
    gate_met = [
        s for i in (0, 3, 6) for s in session(day(i), "barbell_hip_thrust", 8, load_kg=60, hold_s=2)
    ]
    sets = [*gate_met, *session(day(9), "deficit_hip_thrust", 8, load_kg=60)]
    rung, _, above, _ = _place(sets, Anchor(5, day(0), "chosen"), gate)
    assert rung == 5
    assert above is not None and "allows rung 5 at most" in above
    assert "no heavy strength blocks" in above
