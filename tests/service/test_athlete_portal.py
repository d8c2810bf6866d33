from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hipthrust.errors import AccessDenied, InputError
from hipthrust.service.accounts import Actor, accept_invitation, invite
from hipthrust.service.athlete_portal import (
    Equipment,
    PlanForm,
    assessment_of,
    check_in_for,
    log_set_for,
    plan_of,
    progress_of,
    sets_of,
    take_assessment,
    today_of,
    write_plan,
)
from hipthrust.service.decide import next_session
from hipthrust.service.training import SetEntry
from hipthrust.store import Store, active_plan, logged_sets, transaction
from hipthrust.store.athletes import athlete_by_id
from service.people import CLEAN_TEST

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def linked(store: Store, coach: Actor, athlete: Actor) -> None:
    with transaction(store) as session:
        token = invite(session, coach, NOW).token
        accept_invitation(session, athlete, token, NOW)


def athlete_id(actor: Actor) -> int:
    assert actor.athlete_id is not None
    return actor.athlete_id


def test_every_use_case_refuses_another_athlete_and_an_unlinked_coach(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann, bob, cora = person("Ann"), person("Bob"), person("Cora", "coach")
    target = athlete_id(ann)
    calls: list[Callable[[Any, Actor], object]] = [
        lambda s, a: assessment_of(s, a, target, NOW),
        lambda s, a: take_assessment(s, a, target, CLEAN_TEST, NOW),
        lambda s, a: plan_of(s, a, target),
        lambda s, a: write_plan(s, a, target, PlanForm(), NOW),
        lambda s, a: today_of(s, a, target, NOW),
        lambda s, a: log_set_for(s, a, target, SetEntry(words=("glute bridge",), reps=12), NOW),
        lambda s, a: sets_of(s, a, target, NOW),
        lambda s, a: check_in_for(s, a, target, NOW, pain=1),
        lambda s, a: progress_of(s, a, target, NOW),
    ]
    for intruder in (bob, cora):
        for call in calls:
            with transaction(store) as session, pytest.raises(AccessDenied):
                call(session, intruder)
    with transaction(store) as session:
        assert logged_sets(session, target) == ()
        assert active_plan(session, target) is None
        assert assessment_of(session, ann, target, NOW)[1] is None


def test_a_linked_coach_logs_and_reads_for_their_athlete(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann, cora = person("Ann"), person("Cora", "coach")
    linked(store, cora, ann)
    target = athlete_id(ann)
    entry = SetEntry(words=("barbell hip thrust",), load="100", reps=8, rpe=8)
    with transaction(store) as session:
        logged = log_set_for(session, cora, target, entry, NOW)
    assert logged.records[0].load_kg == 100
    with transaction(store) as session:
        days = sets_of(session, ann, target, NOW + timedelta(hours=1)).days
    assert [day.sets[0].record.reps for day in days] == [8]


def test_the_assessment_is_kept_as_the_cli_keeps_it_and_places_the_rung(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    with transaction(store) as session:
        athlete, current, _ = take_assessment(
            session, ann, target, CLEAN_TEST, NOW, Equipment(barbell=True, bench=False)
        )
    assert current.result.start_rung == 3
    assert athlete.current_rung is None  # the rung is derived from the assessment, not stored
    assert athlete.equipment["has_barbell"] is True and athlete.equipment["has_bench"] is False
    with transaction(store) as session:
        _, again, _ = assessment_of(session, ann, target, NOW + timedelta(days=1))
        today = today_of(session, ann, target, NOW + timedelta(days=1))
    assert again is not None and again.result.start_rung == 3
    assert today.next.decision.rung == 3  # the next session starts at the assessment's rung


def test_bad_answers_are_one_sentence_and_nothing_is_kept(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    with transaction(store) as session, pytest.raises(InputError, match="pain_now"):
        take_assessment(session, ann, target, {"pain_now": 14}, NOW, Equipment(barbell=True))
    with transaction(store) as session:
        athlete = athlete_by_id(session, target)
        assert athlete is not None and athlete.equipment == {}
        assert assessment_of(session, ann, target, NOW)[1] is None


def test_a_plan_is_written_from_the_form_and_the_log_and_kept_active(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann", units="lb")
    target = athlete_id(ann)
    with transaction(store) as session:
        take_assessment(session, ann, target, CLEAN_TEST, NOW)
        written = write_plan(
            session, ann, target, PlanForm(goal="strength", weeks=3, training_days="mon,thu"), NOW
        )
    assert written.plan.units == "lb"
    assert len(written.plan.weeks) == 3
    assert [s.day for s in written.plan.weeks[0].sessions] == ["mon", "thu"]
    assert written.plan.rung == 3  # the assessment's start, where the athlete is placed
    with transaction(store) as session:
        found = plan_of(session, ann, target)
    assert written.stored is not None and found.plan is not None
    assert found.plan.id == written.stored.id


def test_a_plan_form_with_more_days_than_sessions_is_refused(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    with transaction(store) as session, pytest.raises(InputError, match="as many days"):
        write_plan(
            session, ann, athlete_id(ann), PlanForm(days_per_week=1, training_days="mon,thu"), NOW
        )


def test_today_decides_and_lists_only_todays_sets(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    with transaction(store) as session:
        take_assessment(session, ann, target, CLEAN_TEST, NOW - timedelta(days=3))
        log_set_for(
            session,
            ann,
            target,
            SetEntry(words=("glute bridge",), reps=15),
            NOW - timedelta(days=2),
        )
        log_set_for(session, ann, target, SetEntry(words=("glute bridge",), reps=12), NOW)
    with transaction(store) as session:
        today = today_of(session, ann, target, NOW + timedelta(minutes=5))
    assert [logged.record.reps for logged in today.sets] == [12]
    assert today.next.exercise_allowed
    assert today.next.decision.session


def test_check_in_and_progress_follow_the_log(store: Store, person: Callable[..., Actor]) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    yesterday = NOW - timedelta(days=1)
    with transaction(store) as session:
        log_set_for(
            session,
            ann,
            target,
            SetEntry(words=("barbell hip thrust",), load="100", reps=5, pain=2),
            yesterday,
        )
        checked = check_in_for(session, ann, target, NOW, pain=3, bodyweight="70")
    assert checked.checkin.next_morning_pain == 3
    with transaction(store) as session:
        _, found = progress_of(session, ann, target, NOW)
    assert [s.day for s in found.sessions] == [yesterday.date()]
    session_progress = found.sessions[0]
    assert session_progress.max_pain == 2
    assert session_progress.next_morning_pain == 3
    assert session_progress.e1rm is not None and session_progress.e1rm.kg > 100


def test_todays_prescription_stays_while_its_sets_are_logged(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    with transaction(store) as session:
        take_assessment(session, ann, target, CLEAN_TEST, NOW - timedelta(days=3))
        for _ in range(3):
            log_set_for(
                session,
                ann,
                target,
                SetEntry(words=("hip thrust",), reps=12, hold="2"),
                NOW - timedelta(days=2),
            )
    with transaction(store) as session:
        before = today_of(session, ann, target, NOW)
    with transaction(store) as session:
        log_set_for(session, ann, target, SetEntry(words=("hip thrust",), reps=5, pain=8), NOW)
    later = NOW + timedelta(minutes=10)
    with transaction(store) as session:
        during = today_of(session, ann, target, later)
        athlete = athlete_by_id(session, target)
        assert athlete is not None
        after_the_set = next_session(session, athlete, now=later)
    assert during.next.decision == before.next.decision
    assert [logged.record.pain for logged in during.sets] == [8]
    assert after_the_set.decision != before.next.decision  # what hipthrust next says now
    assert during.reasons == during.next.decision.reasons  # from the sessions before today


def test_todays_first_session_reads_right_once_its_first_set_is_logged(
    store: Store, person: Callable[..., Actor]
) -> None:
    ann = person("Ann")
    target = athlete_id(ann)
    with transaction(store) as session:
        before = today_of(session, ann, target, NOW)
    assert before.next.from_log is False
    assert before.reasons == before.next.decision.reasons
    assert before.reasons[0].startswith("No sets logged yet: start at rung 1")
    with transaction(store) as session:
        log_set_for(session, ann, target, SetEntry(words=("glute bridge",), reps=10), NOW)
        during = today_of(session, ann, target, NOW + timedelta(minutes=5))
    assert during.next.decision == before.next.decision  # the same decision ...
    assert during.reasons[0] == (  # ... told as it stands with a set logged today
        "No sessions logged before today: today's session is rung 1 (Two-leg glute bridge, "
        "bodyweight) at its usual dose."
    )
    assert during.reasons[1:] == before.reasons[1:]
    assert not any("No sets logged yet" in reason for reason in during.reasons)
