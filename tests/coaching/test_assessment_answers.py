from __future__ import annotations

from collections.abc import Callable

import pytest

from hipthrust.coaching.assessment_answers import (
    Answers,
    BridgeTest,
    EnduranceTest,
    SideDegrees,
    SingleLegBridge,
    TwoLegBridge,
)
from hipthrust.coaching.screening import Condition, ConditionKind, RedFlag
from hipthrust.errors import InputError


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Answers(pain_now=11), "pain_now must be between 0 and 10"),
        (lambda: Answers(pain_during_bridge=-1), "pain_during_bridge"),
        (lambda: Answers(training_age_months=-3), "training_age_months"),
        (lambda: Answers(bodyweight_kg=5.0), "bodyweight"),
        (lambda: Answers(hip_thrust_1rm_kg=0.0), "1RM"),
        (lambda: TwoLegBridge(True, ("butt",)), "unknown place 'butt'"),
        (lambda: TwoLegBridge(True, reps=-1), "reps"),
        (lambda: SingleLegBridge(12, 500), "reps"),
        (lambda: SideDegrees(10, 90), "hip extension"),
        (lambda: SideDegrees(float("nan"), 10), "hip extension"),
        (lambda: EnduranceTest(-1, 10), "reps"),
    ],
)
def test_impossible_answers_are_refused(build: Callable[[], object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        build()


def test_to_json_has_the_answers_file_shape() -> None:
    answers = Answers(
        red_flags=(RedFlag.FEVER_WITH_BACK_PAIN,),
        conditions=(Condition(ConditionKind.KNEE_PAIN, 3.0),),
        pain_now=1,
        bridge_test=BridgeTest(
            TwoLegBridge(True, ("glutes",), 15), SingleLegBridge(10, 12), SideDegrees(5, 8)
        ),
        single_leg_bridge_endurance=EnduranceTest(20, 22),
    )
    data = answers.to_json()
    assert data["red_flags"] == ["fever_with_back_pain"]
    assert data["conditions"] == [{"kind": "knee_pain", "weeks_ago": 3.0, "cleared": False}]
    assert data["bridge_test"] == {
        "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 15},
        "single_leg": {"left_reps": 10, "right_reps": 12, "felt_in": []},
        "hug_knee_hip_extension_deg": {"left": 5, "right": 8},
    }
    assert data["single_leg_bridge_endurance"] == {"left_reps": 20, "right_reps": 22}
    assert Answers().to_json()["bridge_test"] is None
