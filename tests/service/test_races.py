"""Check-then-insert races, settled in the database: real concurrent connections, one winner.

Each contender is a thread with its own connection and transaction (as concurrent requests
are), released together by a barrier. On PostgreSQL they truly overlap; on SQLite every
transaction takes the write lock first (BEGIN IMMEDIATE), so they run one after the other and
the same answers must come out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from hipthrust.coaching.records import SetRecord
from hipthrust.service.accounts import Actor, accept_invitation, invite, sign_up
from hipthrust.service.uploads import log_analysed_set
from hipthrust.store import Store, log_set, logged_sets, transaction
from hipthrust.store.accounts import athlete_ids_of_coach, user_by_email
from hipthrust.store.models import CoachLinkRow, TrainingSessionRow, UserRow
from hipthrust.store.videos import add_upload, set_video_analysis
from service.contention import race

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _kinds(outcomes: list[tuple[str, Any]]) -> list[str]:
    return sorted(kind for kind, _ in outcomes)


def _sign_up(store: Store, name: str, role: str = "athlete") -> Actor:
    with transaction(store) as session:
        return sign_up(session, f"{name}@example.com", PASSWORD, role, name)


def test_four_athletes_accepting_one_invitation_link_one(store: Store) -> None:
    coach = _sign_up(store, "cora", "coach")
    athletes = [_sign_up(store, f"ath{i}") for i in range(4)]
    with transaction(store) as session:
        token = invite(session, coach, NOW).token
    outcomes = race(store, 4, lambda s, i: accept_invitation(s, athletes[i], token, NOW))
    assert _kinds(outcomes) == ["ok", "refused", "refused", "refused"], outcomes
    for kind, said in outcomes:
        if kind == "refused":
            assert said == "this invitation has been used already: ask your coach for a new link"
    with transaction(store) as session:
        assert len(athlete_ids_of_coach(session, coach.user_id)) == 1
        assert session.scalar(select(func.count()).select_from(CoachLinkRow)) == 1


def test_one_athlete_accepting_twice_at_once_is_linked_once(store: Store) -> None:
    coach = _sign_up(store, "cora", "coach")
    ann = _sign_up(store, "ann")
    with transaction(store) as session:
        token = invite(session, coach, NOW).token
    outcomes = race(store, 3, lambda s, i: accept_invitation(s, ann, token, NOW).user_id)
    assert outcomes == [("ok", coach.user_id)] * 3
    with transaction(store) as session:
        assert athlete_ids_of_coach(session, coach.user_id) == (ann.athlete_id,)


def test_four_sign_ups_with_one_email_make_one_account(store: Store) -> None:
    outcomes = race(
        store,
        4,
        lambda s, i: sign_up(s, "Same@Example.com", PASSWORD, "athlete", "Alex").user_id,
    )
    assert _kinds(outcomes) == ["ok", "refused", "refused", "refused"], outcomes
    for kind, said in outcomes:
        if kind == "refused":
            assert said == "same@example.com already has an account: sign in instead"
    with transaction(store) as session:
        assert session.scalar(select(func.count()).select_from(UserRow)) == 1
        assert user_by_email(session, "same@example.com") is not None


def test_two_people_with_one_name_signing_up_at_once_both_get_an_account(store: Store) -> None:
    outcomes = race(
        store, 4, lambda s, i: sign_up(s, f"alex{i}@example.com", PASSWORD, "athlete", "Alex")
    )
    assert _kinds(outcomes) == ["ok"] * 4, outcomes
    assert {actor.display_name for _, actor in outcomes} == {"Alex"}


def _record(at: datetime, reps: int = 8) -> SetRecord:
    return SetRecord(performed_at=at, variation="barbell_hip_thrust", reps=reps, load_kg=60.0)


def test_the_first_set_of_a_day_from_eight_clients_makes_one_day(store: Store) -> None:
    ann = _sign_up(store, "ann")
    assert ann.athlete_id is not None
    athlete_id = ann.athlete_id
    outcomes = race(
        store,
        8,
        lambda s, i: log_set(s, athlete_id, _record(NOW + timedelta(seconds=i)), source="web"),
    )
    assert _kinds(outcomes) == ["ok"] * 8, outcomes
    with transaction(store) as session:
        days = session.scalars(select(TrainingSessionRow)).all()
        assert len(days) == 1 and days[0].started_at == NOW
        sets = logged_sets(session, athlete_id)
        assert len(sets) == 8 and {s.session_id for s in sets} == {days[0].id}


def test_four_taps_on_log_this_set_log_one(store: Store) -> None:
    ann = _sign_up(store, "ann")
    assert ann.athlete_id is not None
    with transaction(store) as session:
        analysis = add_upload(
            session,
            ann.athlete_id,
            "my set.mp4",
            video_path="/nowhere/video.mp4",
            output_dir="/nowhere",
            settings={"exercise": "glute bridge"},
            uploaded_by=ann.user_id,
            now=NOW,
        )
        report = {"reps": [{"hold_s": 1.0, "faults": []}, {"hold_s": 2.0, "faults": []}]}
        set_video_analysis(session, analysis.id, "done", report=report, now=NOW)
    outcomes = race(store, 4, lambda s, i: log_analysed_set(s, ann, analysis.id, NOW).ids[0])
    assert _kinds(outcomes) == ["ok", "refused", "refused", "refused"], outcomes
    for kind, said in outcomes:
        if kind == "refused":
            assert said == "this video's set is already logged"
    with transaction(store) as session:
        (stored,) = logged_sets(session, ann.athlete_id)
        assert stored.video_analysis_id == analysis.id and stored.record.reps == 2


def test_one_reset_link_used_four_times_at_once_sets_one_password(store: Store) -> None:
    from hipthrust.service.accounts import authenticate, make_reset_link, reset_password

    _sign_up(store, "ann")
    with transaction(store) as session:
        token = make_reset_link(session, "ann@example.com", NOW).token
    outcomes = race(
        store, 4, lambda s, i: reset_password(s, token, f"new password {i}", NOW).user_id
    )
    assert _kinds(outcomes) == ["ok", "refused", "refused", "refused"], outcomes
    winner = next(i for i, (kind, _) in enumerate(outcomes) if kind == "ok")
    with transaction(store) as session:
        assert authenticate(session, "ann@example.com", f"new password {winner}")
