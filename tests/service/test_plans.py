from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.e1rm import e1rm_from_set
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import ProfileChanges, change_athlete, remember_assessment
from hipthrust.service.plans import plan_defaults, recent_e1rm, remember_plan
from hipthrust.service.training import SetEntry, log_sets
from hipthrust.store import Athlete, Store, active_plan, resolve_athlete, transaction

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def profile(store: Store, **changes: Any) -> Athlete:
    with transaction(store) as session:
        return change_athlete(session, "me", ProfileChanges(**changes))


def log(store: Store, words: str, **flags: Any) -> None:
    with transaction(store) as session:
        entry = SetEntry(words=tuple(words.split()), **flags)
        log_sets(session, resolve_athlete(session, None), entry, NOW)


def test_the_profile_gives_the_plans_defaults(store: Store) -> None:
    profile(
        store,
        units="lb",
        goal="strength",
        training_days="mon,thu",
        deadlift_day="tue",
        shift_days="thu",
        plates="45,25,10,5",
        rung=3,
    )
    with transaction(store) as session:
        remember_assessment(
            session,
            resolve_athlete(session, None),
            assess(parse_answers({"conditions": [{"kind": "low_back_pain", "weeks_ago": 3}]})),
            NOW,
        )
        defaults = plan_defaults(session, resolve_athlete(session, None), NOW)
    assert (defaults.units, defaults.goal, defaults.training_days, defaults.deadlift_day) == (
        "lb",
        "strength",
        ("mon", "thu"),
        "tue",
    )
    assert (defaults.on_shift, defaults.shift_days) == (True, ("thu",))
    assert defaults.equipment.plates == (45.0, 25.0, 10.0, 5.0)
    assert defaults.assessment is not None
    assert "low_back_pain" in defaults.assessment["considerations"]
    assert defaults.e1rm_kg is None


def test_the_e1rm_comes_from_recent_barbell_sets(store: Store) -> None:
    log(store, "barbell hip thrust 100kg x 8 @8", day="2026-11-19")
    log(store, "barbell hip thrust 90kg x 10", day="2026-11-16")  # to failure: 90 x 10
    log(store, "barbell hip thrust 150kg x 8", day="2026-09-01")  # too long ago
    log(store, "barbell hip thrust 80kg x 20", day="2026-11-18")  # too many reps to trust
    log(store, "barbell hip thrust 140kg x 3", warmup=True, day="2026-11-18")
    with transaction(store) as session:
        found = recent_e1rm(session, resolve_athlete(session, None), NOW)
    best = max(e1rm_from_set(100, 8, rpe=8).kg, e1rm_from_set(90, 10).kg)
    assert found is not None and found[0] == pytest.approx(best)
    assert "100 kg x 8 @8 on 2026-11-19" in found[1]


def test_no_recent_barbell_sets_no_e1rm(store: Store) -> None:
    log(store, "dumbbell hip thrust 30kg x 10")
    with transaction(store) as session:
        assert recent_e1rm(session, resolve_athlete(session, None), NOW - timedelta(days=1)) is None
        assert recent_e1rm(session, resolve_athlete(session, None), NOW) is None


@pytest.mark.parametrize(
    ("request_", "rung"),
    [
        (PlanRequest(weeks=1, start_rung=5, e1rm_kg=120.0), 5),
        (PlanRequest(weeks=1, start_rung=2), 2),
        (PlanRequest(weeks=1, start_rung=5, loading_allowed=False, max_rung=4), 4),
    ],
)
def test_a_kept_plan_becomes_active_and_leaves_the_rung_derived(
    store: Store, request_: PlanRequest, rung: int
) -> None:
    with transaction(store) as session:
        me = resolve_athlete(session, None)
        athlete, stored = remember_plan(session, me, request_, build_plan(request_), NOW)
        assert active_plan(session, me.id) == stored
    # Writing a plan chooses no rung and clears no load: the assessment and the log decide.
    assert athlete == me
    assert (athlete.current_rung, athlete.rung_chosen_at, athlete.loading_allowed) == (
        None,
        None,
        False,
    )
    assert stored.request["saved_at"] == NOW.isoformat()
    assert stored.request["start_rung"] == request_.start_rung
    assert stored.plan["rung"] == rung


def test_a_plan_for_a_chosen_rung_keeps_the_choice_with_its_time(store: Store) -> None:
    request = PlanRequest(weeks=1, start_rung=2)
    with transaction(store) as session:
        me = resolve_athlete(session, None)
        athlete, stored = remember_plan(
            session, me, request, build_plan(request), NOW, chosen_rung=2
        )
        assert active_plan(session, me.id) == stored
    assert (athlete.current_rung, athlete.loading_allowed) == (2, False)
    assert athlete.rung_chosen_at is not None and athlete.rung_chosen_at == NOW
    with transaction(store) as session:
        assert resolve_athlete(session, None) == athlete


def test_a_refused_plan_changes_nothing(store: Store) -> None:
    request = PlanRequest(weeks=1, max_rung=0, start_rung=0, loading_allowed=False)
    plan = build_plan(request)
    assert plan.refused
    with transaction(store) as session:
        athlete, _ = remember_plan(session, resolve_athlete(session, None), request, plan, NOW)
    assert athlete.current_rung is None
