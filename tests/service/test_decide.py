from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.decision import DecisionKind
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import ProfileChanges, change_athlete, remember_assessment
from hipthrust.service.decide import NextSession, next_session, prescription
from hipthrust.service.plans import remember_plan
from hipthrust.service.training import SetEntry, log_sets
from hipthrust.store import (
    Athlete,
    Store,
    StoredPlan,
    get_athlete,
    resolve_athlete,
    transaction,
    update_athlete,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # a Sunday


def profile(store: Store, **changes: Any) -> Athlete:
    with transaction(store) as session:
        return change_athlete(session, "me", ProfileChanges(**changes))


def log(store: Store, words: str, now: datetime = NOW, **flags: Any) -> None:
    with transaction(store) as session:
        entry = SetEntry(words=tuple(words.split()), **flags)
        log_sets(session, resolve_athlete(session, None), entry, now)


def decide(store: Store, now: datetime = NOW, **kwargs: Any) -> NextSession:
    with transaction(store) as session:
        return next_session(session, resolve_athlete(session, None), now=now, **kwargs)


def assessed(store: Store, answers: dict[str, Any]) -> None:
    with transaction(store) as session:
        remember_assessment(
            session, resolve_athlete(session, None), assess(parse_answers(answers)), NOW
        )


def planned(store: Store, request: PlanRequest, now: datetime = NOW) -> StoredPlan:
    with transaction(store) as session:
        _, stored = remember_plan(
            session, resolve_athlete(session, None), request, build_plan(request), now
        )
        return stored


def test_no_history_and_no_rung_starts_at_rung_1_and_writes_nothing(store: Store) -> None:
    before = profile(store)
    result = decide(store)
    assert (result.decision.kind, result.decision.rung) == (DecisionKind.HOLD, 1)
    assert result.decision.session[0].variation == "glute_bridge"
    assert result.to_json()["screened"] is False
    assert any("No screening on record" in note for note in result.notes)
    assert profile(store) == before  # deciding wrote nothing


def test_a_referral_prescribes_nothing(store: Store) -> None:
    assessed(store, {"red_flags": ["saddle_numbness"]})
    log(store, "glute bridge x 15", day="2026-11-20")
    result = decide(store)
    assert not result.exercise_allowed
    assert (result.decision.kind, result.decision.rung, result.decision.session) == (
        DecisionKind.HOLD,
        0,
        (),
    )
    assert "advises no exercise" in result.decision.reasons[0]
    assert result.to_json()["session"] == {"exercises": []}


def test_the_assessment_ceiling_wins_over_the_recorded_rung(store: Store) -> None:
    assessed(
        store,
        {
            "conditions": [{"kind": "pregnancy", "weeks_ago": 20, "cleared": True}],
            "bridge_test": {"two_leg": {"full_extension": True, "reps": 15}},
        },
    )
    profile(store, rung=6)
    result = decide(store)
    assert result.decision.rung == 5
    assert any("allows rung 5 at most" in note for note in result.notes)


def test_loaded_work_without_a_screening_keeps_the_last_dose_until_it_is_answered(
    store: Store,
) -> None:
    log(store, "barbell hip thrust 100kg x 10", sets=3, day="2026-11-19")
    result = decide(store)
    # A pain-free lifter is not sent back to bodyweight for a missing form: the same dose again.
    assert (result.decision.kind, result.decision.rung) == (DecisionKind.HOLD, 5)
    assert result.decision.session[0].load_kg == 100.0
    assert any("answer the screening" in reason for reason in result.decision.reasons)
    assert any("No screening on record" in note for note in result.notes)
    assert result.to_json()["screened"] is False and not result.loading_allowed
    assessed(store, {})  # a clean screening, without the bridge test
    screened = decide(store)
    assert screened.loading_allowed and screened.to_json()["screened"] is True
    assert screened.decision.rung == 5  # placed by the logged work
    assert any("Placed on rung 5 by your logged work" in note for note in screened.notes)
    assert screened.decision.kind is DecisionKind.HOLD  # 10 of 15 reps: add reps
    assert not any("answer the screening" in reason for reason in screened.decision.reasons)


def test_deciding_writes_nothing_and_a_look_back_sees_only_its_days(store: Store) -> None:
    assessed(store, {})
    chosen = profile(store, rung=1)
    for day in ("2026-11-16", "2026-11-19"):
        log(store, "glute bridge x 15", hold="3", pain=0, full_extension=True, sets=3, day=day)
    past = decide(store, day=date(2026, 11, 21))
    assert (past.decision.kind, past.decision.rung) == (DecisionKind.ADVANCE, 2)
    before = decide(store, day=date(2026, 11, 18))
    assert before.decision.kind is DecisionKind.HOLD  # one session is not enough yet
    assert decide(store).decision == decide(store).decision == past.decision
    assert profile(store) == chosen  # the rung stays the chosen one: nothing was recorded


@pytest.mark.parametrize(
    ("trained_today", "expected"),
    [(False, date(2026, 11, 23)), (True, date(2026, 11, 26))],
)
def test_the_next_training_day(store: Store, trained_today: bool, expected: date) -> None:
    monday = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    profile(store, rung=1, training_days="mon,thu")
    if trained_today:
        log(store, "glute bridge x 12", now=monday)
    assert decide(store, now=monday).next_day == expected


@pytest.mark.parametrize(
    ("training_days", "shift_days", "on_shift"),
    [("mon", "tue", False), ("tue", "tue", True), ("mon", None, True)],
)
def test_on_shift_applies_on_shift_days(
    store: Store, training_days: str, shift_days: str | None, on_shift: bool
) -> None:
    profile(
        store,
        rung=5,
        loading_allowed=True,
        on_shift=True,
        shift_days=shift_days,
        training_days=training_days,
    )
    log(store, "barbell hip thrust 100kg x 15 @7", sets=3, day="2026-11-19")
    result = decide(store)
    assert result.on_shift is on_shift
    capped = all(
        item.rpe_max is not None and item.rpe_max <= 7.5 for item in result.decision.session
    )
    assert capped is on_shift


def test_the_active_plan_gives_the_next_session_in_order(store: Store) -> None:
    profile(store, rung=5, loading_allowed=True)
    with transaction(store) as session:  # a clean screening: load may be prescribed
        me = resolve_athlete(session, None)
        remember_assessment(session, me, assess(parse_answers({"pain_now": 0})), NOW)
    request = PlanRequest(
        goal=Goal.HYPERTROPHY, weeks=1, start_rung=5, e1rm_kg=140.0, training_days=("mon", "thu")
    )
    stored = planned(store, request)
    sessions = stored.plan["weeks"][0]["sessions"]
    first = decide(store)
    assert first.planned is not None and first.plan_used
    assert (first.planned.number, first.planned.total, first.planned.day) == (1, 2, "mon")
    assert first.next_day == date(2026, 11, 23)
    assert first.decision.session[0].sets == sessions[0]["exercises"][0]["sets"]
    assert first.decision.session[0].reps == (
        sessions[0]["exercises"][0]["reps"]["min"],
        sessions[0]["exercises"][0]["reps"]["max"],
    )
    monday = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
    load = sessions[0]["exercises"][0]["load_kg"]
    log(store, f"barbell hip thrust {load}kg x 12 @8", now=monday, sets=4)
    second = decide(store, now=monday)
    assert second.planned is not None
    assert (second.planned.number, second.planned.day) == (2, "thu")
    assert second.next_day == date(2026, 11, 26)
    assert second.to_json()["planned"] == {
        "plan_id": stored.id,
        "rung": 5,
        "week": 1,
        "day": "thu",
        "number": 2,
        "of": 2,
        "used": True,
    }
    thursday = monday + timedelta(days=3)
    log(store, f"barbell hip thrust {load}kg x 12 @8", now=thursday, sets=4)
    done = decide(store, now=thursday)
    assert done.planned is None
    assert any("sessions of the active plan are done" in note for note in done.notes)


def test_a_plan_for_another_rung_is_set_aside(store: Store) -> None:
    profile(store, rung=2)
    planned(store, PlanRequest(weeks=1, start_rung=1))
    profile(store, rung=2)  # the plan recorded rung 1; the gates moved on since
    result = decide(store)
    assert result.planned is not None and not result.plan_used
    assert any("written for rung 1" in note for note in result.notes)


def test_prescription_round_trips_its_json() -> None:
    request = PlanRequest(weeks=1, start_rung=5, e1rm_kg=120.0)
    for week in build_plan(request).weeks:
        for day in week.sessions:
            for item in day.exercises:
                assert prescription(item.to_json()) == item


def test_next_session_json_shape(store: Store) -> None:
    profile(store, rung=1)
    data = decide(store).to_json()
    assert {"decision", "reasons", "rung", "session", "athlete", "date"} <= set(data)
    assert data["athlete"] == "me" and data["date"] == "2026-11-22"
    exercise = data["session"]["exercises"][0]
    assert set(exercise) == {
        "variation",
        "sets",
        "reps",
        "per_side",
        "load_kg",
        "hold_s",
        "tempo",
        "rpe_max",
        "notes",
    }


def test_an_unscreened_chosen_loaded_rung_with_no_loaded_work_gets_no_load(
    store: Store,
) -> None:
    """Nobody the screening has not cleared is given a new load: a chosen rung 6 without a
    screening and without loaded work starts with no load, and says why."""
    with transaction(store) as session:
        me = get_athlete(session, "me")
        assert me is not None
        chosen = update_athlete(session, me.id, replace(me, current_rung=6, rung_chosen_at=NOW))
        result = next_session(session, chosen, now=NOW)
    loads = [item.load_kg for item in result.decision.session]
    assert loads and all(load is None for load in loads)
    assert any("screening" in note for note in result.notes)
