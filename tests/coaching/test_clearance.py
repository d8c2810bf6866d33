"""The loading gate: one answer on load for every door, with the sentence that says why."""

from __future__ import annotations

import pytest

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.assessment_answers import Answers, BridgeTest, TwoLegBridge
from hipthrust.coaching.clearance import FIRST_LOADED_RUNG, SCREENING_NEEDED, clearance
from hipthrust.coaching.screening import Condition, ConditionKind, RedFlag

K = ConditionKind
BRIDGE = BridgeTest(two_leg=TwoLegBridge(full_extension=True, reps=15))


def test_no_screening_means_no_new_load_and_says_so() -> None:
    gate = clearance(None)
    assert not gate.screened and not gate.load and gate.exercise
    assert gate.why_no_load == SCREENING_NEEDED
    assert gate.allows(6)  # the lifter keeps the dose they train at (coaching.decision)


def test_a_clean_screening_clears_load_to_the_top() -> None:
    gate = clearance(assess(Answers(pain_now=0)))
    assert (gate.screened, gate.exercise, gate.load, gate.ceiling) == (True, True, True, 6)
    assert gate.reasons == () and gate.why_no_load == ""


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (Answers(conditions=(Condition(K.PREGNANCY, 20),), bridge_test=BRIDGE), "clearance"),
        (Answers(conditions=(Condition(K.HERNIA_REPAIR, 9),), bridge_test=BRIDGE), "clearance"),
        (Answers(conditions=(Condition(K.LOW_BACK_PAIN, 1),), bridge_test=BRIDGE), "acute"),
        (Answers(conditions=(Condition(K.LOW_BACK_PAIN),), bridge_test=BRIDGE), "acute"),
        (Answers(pain_during_bridge=4, bridge_test=BRIDGE), "Pain of 4/10"),
    ],
)
def test_who_the_screening_does_not_clear_gets_no_load_and_a_sentence(
    answers: Answers, words: str
) -> None:
    result = assess(answers)
    gate = clearance(result)
    assert gate.screened and gate.exercise and not gate.load
    assert gate.ceiling == min(result.max_rung, FIRST_LOADED_RUNG - 1) < FIRST_LOADED_RUNG
    assert words in gate.why_no_load
    assert result.loading_allowed is False  # the assessment and the gate say the same


@pytest.mark.parametrize(
    "condition",
    [
        Condition(K.LOW_BACK_PAIN, 8),  # past the acute weeks
        Condition(K.LOW_BACK_PAIN, 2, cleared=True),  # a clinician cleared it
        Condition(K.HIP_REPLACEMENT, 26, cleared=True),
    ],
)
def test_cleared_or_settled_conditions_allow_load(condition: Condition) -> None:
    gate = clearance(assess(Answers(conditions=(condition,), bridge_test=BRIDGE)))
    assert gate.load and gate.ceiling >= FIRST_LOADED_RUNG


def test_a_red_flag_means_no_exercise_at_all() -> None:
    gate = clearance(assess(Answers(red_flags=(RedFlag.FEVER_WITH_BACK_PAIN,))))
    assert not gate.exercise and not gate.load and gate.ceiling == 0
    assert not gate.allows(1)
    assert any("clinician" in reason for reason in gate.reasons)
