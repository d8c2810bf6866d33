from __future__ import annotations

import json

from hipthrust.coaching.goals import Goal
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.coaching.training_plan import PLAN_SCHEMA_VERSION, Plan, PlanWeek, Session


def test_json_shape_of_a_hand_built_plan() -> None:
    warm = Prescription("hip_mobility", 1, (5, 8), per_side=True)
    main = Prescription("barbell_hip_thrust", 4, (8, 12), load_kg=102.5, hold_s=1.5, rpe_max=8)
    plan = Plan(
        goal=Goal.HYPERTROPHY,
        units="kg",
        periodisation="linear",
        rung=5,
        max_rung=6,
        loading_allowed=True,
        e1rm_kg=140.0,
        weeks=(PlanWeek(1, False, (Session("mon", "heavy", (warm,), (main,)),), (8, 12)),),
        notes=("A note.",),
    )
    data = plan.to_json()
    assert data == {
        "schema_version": PLAN_SCHEMA_VERSION,
        "refused": False,
        "goal": "hypertrophy",
        "units": "kg",
        "periodisation": "linear",
        "rung": 5,
        "max_rung": 6,
        "loading_allowed": True,
        "e1rm_kg": 140.0,
        "deadlift_day": None,
        "weeks": [
            {
                "week": 1,
                "deload": False,
                "reps": {"min": 8, "max": 12},
                "sessions": [
                    {
                        "day": "mon",
                        "kind": "heavy",
                        "on_shift": False,
                        "warmup": [warm.to_json()],
                        "exercises": [main.to_json()],
                        "notes": [],
                    }
                ],
            }
        ],
        "notes": ["A note."],
    }


def test_built_plans_serialise_to_plain_json() -> None:
    for request in (
        PlanRequest(start_rung=1, weeks=2),
        PlanRequest(start_rung=5, e1rm_kg=120, periodisation="undulating", weeks=5),
        PlanRequest(start_rung=0, max_rung=0),
    ):
        data = build_plan(request).to_json()
        assert json.loads(json.dumps(data)) == data
        assert data["schema_version"] == 1
        for week in data["weeks"]:
            for session in week["sessions"]:
                assert set(session) == {"day", "kind", "on_shift", "warmup", "exercises", "notes"}
    bodyweight = build_plan(PlanRequest(start_rung=2, weeks=1)).to_json()
    assert bodyweight["weeks"][0]["reps"] is None
