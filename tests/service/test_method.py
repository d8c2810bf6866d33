"""Issue 16 through the use-case layer: injuries change the programme, where a set is felt,
and the gate to the top rung (the CLI and the web both call these functions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hipthrust.coaching.decision import DecisionKind
from hipthrust.service.accounts import Actor, sign_up
from hipthrust.service.athlete_portal import (
    PlanForm,
    log_set_for,
    next_for,
    take_assessment,
    today_of,
    write_plan,
)
from hipthrust.service.training import SetEntry
from hipthrust.store import Store, open_store, transaction, update_athlete
from hipthrust.store.athletes import athlete_by_id

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
CLEAN_TEST = {
    "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
    "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
}


@pytest.fixture
def store(empty_database_url: str) -> Iterator[Store]:
    with open_store(empty_database_url) as opened:
        yield opened


@pytest.fixture
def athlete(store: Store) -> Callable[..., Actor]:
    def make(*conditions: dict[str, Any], bodyweight: float | None = None) -> Actor:
        with transaction(store) as session:
            actor = sign_up(session, "ann@example.com", "a long password", "athlete", "Ann", "kg")
            answers: dict[str, Any] = {"conditions": list(conditions), "bridge_test": CLEAN_TEST}
            if bodyweight is not None:
                answers["bodyweight_kg"] = bodyweight
            assert actor.athlete_id is not None
            take_assessment(session, actor, actor.athlete_id, answers, NOW - timedelta(days=30))
            return actor

    return make


def _plan(store: Store, actor: Actor, **form: Any) -> Any:
    assert actor.athlete_id is not None
    with transaction(store) as session:
        return write_plan(session, actor, actor.athlete_id, PlanForm(rung=5, **form), NOW)


def _log(store: Store, actor: Actor, when: datetime, **entry: Any) -> Any:
    assert actor.athlete_id is not None
    with transaction(store) as session:
        words = tuple(str(entry.pop("words")).split())
        return log_set_for(session, actor, actor.athlete_id, SetEntry(words=words, **entry), when)


def _next(store: Store, actor: Actor) -> Any:
    assert actor.athlete_id is not None
    with transaction(store) as session:
        return next_for(session, actor, actor.athlete_id, NOW)


def _loaded_sessions(store: Store, actor: Actor, count: int, **entry: Any) -> None:
    for index in range(count):
        when = NOW - timedelta(days=3 * (count - index))
        for minute in range(3):
            options: dict[str, Any] = {
                "words": "barbell hip thrust",
                "load": "60kg",
                "reps": 8,
                "hold": "2",
                "pain": 0,
                "rpe": 7.0,
                "full_extension": True,
                **entry,
            }
            _log(store, actor, when + timedelta(minutes=3 * minute), **options)


def test_a_shoulder_in_a_sling_gets_no_two_handed_bar_in_the_plan_or_today(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete({"kind": "upper_body_injury", "weeks_ago": 3})
    written = _plan(store, ann, e1rm="100kg")
    for week in written.plan.weeks:
        for session in week.sessions:
            assert all("barbell" not in item.variation for item in session.exercises)
    assert any("two-handed" in note for note in written.plan.notes)
    _loaded_sessions(store, ann, 1)
    decided = _next(store, ann)
    assert "barbell" not in decided.decision.session[0].variation
    assert any("two-handed" in reason for reason in decided.decision.reasons)
    assert ann.athlete_id is not None
    with transaction(store) as session:
        today = today_of(session, ann, ann.athlete_id, NOW)
    assert today.next.decision.session == decided.decision.session


def test_low_back_pain_puts_the_single_leg_first_and_progresses_by_pain(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete({"kind": "low_back_pain", "weeks_ago": 20})
    written = _plan(store, ann, e1rm="100kg")
    first = written.plan.weeks[0].sessions[0].exercises
    assert first[0].variation == "single_leg_hip_thrust"
    assert first[1].load_kg is not None and first[1].load_kg <= 60.0
    _loaded_sessions(store, ann, 2, reps=15, pain=1)
    decided = _next(store, ann)
    assert decided.decision.kind is DecisionKind.HOLD
    assert any("only after a session with pain" in r for r in decided.decision.reasons), (
        decided.decision.reasons
    )
    assert decided.decision.session[0].variation == "single_leg_hip_thrust"


def test_a_hip_replacement_caps_the_load_at_bodyweight(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete({"kind": "hip_replacement", "weeks_ago": 26, "cleared": True}, bodyweight=60.0)
    written = _plan(store, ann, e1rm="200kg")
    for session in written.plan.weeks[0].sessions:
        assert all((item.load_kg or 0) <= 60.0 for item in session.exercises)
    assert any("x bodyweight" in note for note in written.plan.notes)
    _loaded_sessions(store, ann, 1, load="80kg")
    decided = _next(store, ann)
    assert all((item.load_kg or 0) <= 60.0 for item in decided.decision.session)
    assert any("This session's load was capped" in r for r in decided.decision.reasons)


def test_hamstrings_felt_give_the_foot_cue_at_once_and_next_session(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete()
    logged = _log(
        store, ann, NOW - timedelta(days=1), words="hip thrust", reps=12, pain=0, felt="hamstrings"
    )
    assert any("feet are too far out" in line and "closer" in line for line in logged.advice)
    decided = _next(store, ann)
    assert any("Felt in the hamstrings" in r for r in decided.decision.reasons)
    quads = _log(
        store, ann, NOW - timedelta(hours=20), words="hip thrust", reps=12, pain=0, felt="quads"
    )
    assert any("too close" in line and "further out" in line for line in quads.advice)


def test_three_clean_loaded_sessions_open_the_top_rung(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete()
    _plan(store, ann, e1rm="100kg")
    _loaded_sessions(store, ann, 3)
    decided = _next(store, ann)
    assert (decided.decision.kind, decided.decision.rung) == (DecisionKind.ADVANCE, 6)
    assert any("rung 5 gate is met" in r for r in decided.decision.reasons)


def test_pregnancy_keeps_the_top_rung_closed(store: Store, athlete: Callable[..., Actor]) -> None:
    ann = athlete({"kind": "pregnancy", "weeks_ago": 12, "cleared": True})
    _plan(store, ann, e1rm="100kg")
    _loaded_sessions(store, ann, 3)
    assert _next(store, ann).decision.rung == 5


def test_a_hip_replacement_chosen_on_the_top_rung_is_held_at_rung_5(
    store: Store, athlete: Callable[..., Actor]
) -> None:
    ann = athlete({"kind": "hip_replacement", "weeks_ago": 30, "cleared": True}, bodyweight=70.0)
    assert ann.athlete_id is not None
    with transaction(store) as session:  # a coach chose the top rung for her
        stored = athlete_by_id(session, ann.athlete_id)
        assert stored is not None
        chosen = replace(stored, current_rung=6, rung_chosen_at=NOW)
        update_athlete(session, ann.athlete_id, chosen)
    decided = _next(store, ann)
    assert decided.decision.rung == 5
    assert any("no heavy strength blocks" in note for note in decided.notes)
