from __future__ import annotations

from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    active_plan,
    create_athlete,
    plans,
    save_plan,
    transaction,
)

REQUEST = {"goal": "hypertrophy", "weeks": 4, "days_per_week": 2, "e1rm_kg": 100.0}
PLAN = {
    "weeks": [
        {
            "week": 1,
            "days": [{"day": 1, "exercises": [{"variation": "barbell_hip_thrust", "sets": 3}]}],
        }
    ]
}


def test_a_new_plan_becomes_active_and_the_old_one_retires(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        assert active_plan(session, me.id) is None
        first = save_plan(session, me.id, request=REQUEST, plan=PLAN)
    with transaction(store) as session:
        second = save_plan(session, me.id, request={**REQUEST, "weeks": 6}, plan={"weeks": []})
    with transaction(store) as session:
        assert active_plan(session, me.id) == second
        assert [(p.id, p.active) for p in plans(session, me.id)] == [
            (first.id, False),
            (second.id, True),
        ]
        assert plans(session, me.id)[0].plan == PLAN
        assert plans(session, me.id)[0].request == REQUEST


def test_a_plan_saved_without_activating_leaves_the_active_one(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        active = save_plan(session, me.id, request=REQUEST, plan=PLAN)
        draft = save_plan(session, me.id, request=REQUEST, plan=PLAN, activate=False)
    with transaction(store) as session:
        assert active_plan(session, me.id) == active
        assert draft.active is False


def test_each_athlete_has_their_own_active_plan(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="ana"))
        mine = save_plan(session, me.id, request=REQUEST, plan=PLAN)
        theirs = save_plan(session, other.id, request=REQUEST, plan={"weeks": []})
    with transaction(store) as session:
        assert active_plan(session, me.id) == mine
        assert active_plan(session, other.id) == theirs
