from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.store import (
    Athlete,
    Store,
    add_checkin,
    add_video_analysis,
    ensure_training_session,
    log_set,
    logged_sets,
    save_plan,
    training_session_on,
    transaction,
)
from hipthrust.store.models import (
    AthleteRow,
    CheckinRow,
    PlanRow,
    SetRow,
    TrainingSessionRow,
    VideoAnalysisRow,
)

WHEN = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)


def _athlete(**changes: Any) -> AthleteRow:
    columns: dict[str, Any] = {
        "name": "ana",
        "units": "kg",
        "equipment": {},
        "training_days": [],
        "on_shift": False,
        "shift_schedule": {},
        "clearances": {},
        "loading_allowed": False,
        "notes": "",
    }
    return AthleteRow(**{**columns, **changes})


def _set(athlete_id: int, session_id: int, **changes: Any) -> SetRow:
    columns: dict[str, Any] = {
        "athlete_id": athlete_id,
        "session_id": session_id,
        "performed_at": WHEN,
        "exercise_name": "hip_thrust",
        "variation": "hip_thrust",
        "reps": 10,
        "felt_in": [],
        "faults": [],
        "warmup": False,
        "set_type": "normal",
        "notes": "",
        "source": "cli",
    }
    return SetRow(**{**columns, **changes})


def _training_session(store: Store, athlete_id: int) -> int:
    with transaction(store) as session:
        row = TrainingSessionRow(
            athlete_id=athlete_id, day=date(2025, 3, 1), started_at=WHEN, notes=""
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.mark.parametrize(
    "bad_row",
    [
        lambda me, day: _athlete(units="st"),
        lambda me, day: _athlete(current_rung=7),
        lambda me, day: _athlete(name="me"),  # names are unique
        lambda me, day: _set(me, day, set_type="amrap"),
        lambda me, day: _set(999, day),  # no such athlete: foreign keys hold on SQLite too
        lambda me, day: _set(me, 999),  # no such training session
        lambda me, day: VideoAnalysisRow(athlete_id=me, source_filename="a.mp4", status="lost"),
        lambda me, day: TrainingSessionRow(
            athlete_id=me, day=date(2025, 3, 1), started_at=WHEN, notes=""
        ),
    ],
    ids=["units", "rung", "name", "set_type", "athlete_fk", "session_fk", "status", "day_twice"],
)
def test_the_database_refuses_what_the_log_must_never_hold(
    store: Store, me: Athlete, bad_row: Any
) -> None:
    day = _training_session(store, me.id)
    with pytest.raises(IntegrityError), transaction(store) as session:
        session.add(bad_row(me.id, day))
        session.flush()


def test_an_athlete_has_at_most_one_active_plan(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        save_plan(session, me.id, request={}, plan={})
        session.add(PlanRow(athlete_id=me.id, request={}, plan={}, active=False))
        session.flush()  # an inactive plan is fine
        with pytest.raises(IntegrityError):
            session.add(PlanRow(athlete_id=me.id, request={}, plan={}, active=True))
            session.flush()


def test_a_source_key_is_unique_per_athlete_but_many_sets_have_none(
    store: Store, me: Athlete
) -> None:
    day = _training_session(store, me.id)
    with transaction(store) as session:
        session.add_all([_set(me.id, day), _set(me.id, day), _set(me.id, day, source_key="k")])
    with pytest.raises(IntegrityError), transaction(store) as session:
        session.add(_set(me.id, day, source_key="k"))
        session.flush()


def test_removing_an_athlete_removes_their_log_and_a_video_or_plan_only_unlinks(
    store: Store, me: Athlete
) -> None:
    with transaction(store) as session:
        video = add_video_analysis(session, me.id, "a.mp4")
        plan = save_plan(session, me.id, request={}, plan={})
        ensure_training_session(session, me.id, WHEN, plan_id=plan.id, plan_week=1, plan_day=1)
        log_set(session, me.id, SetRecord(WHEN, "hip_thrust", 10), video_analysis_id=video.id)
        add_checkin(session, me.id, Checkin(date(2025, 3, 2), next_morning_pain=1))
    with transaction(store) as session:
        session.delete(session.get(VideoAnalysisRow, video.id))
        session.delete(session.get(PlanRow, plan.id))
    with transaction(store) as session:
        assert [s.video_analysis_id for s in logged_sets(session, me.id)] == [None]
        training = training_session_on(session, me.id, WHEN.date())
        assert training is not None and training.plan_id is None
        session.delete(session.get(AthleteRow, me.id))
    with transaction(store) as session:
        for table in (SetRow, TrainingSessionRow, CheckinRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0


def test_times_are_stored_in_utc_and_a_naive_time_never_reaches_the_database(
    store: Store, me: Athlete
) -> None:
    evening_in_new_york = datetime(2025, 3, 1, 20, 30, 5, 250, tzinfo=timezone(timedelta(hours=-5)))
    with transaction(store) as session:
        log_set(session, me.id, SetRecord(evening_in_new_york, "hip_thrust", 10))
    with transaction(store) as session:
        stored = session.scalars(select(SetRow.performed_at)).one()
        with pytest.raises(StatementError, match="must carry a time zone"):
            session.execute(select(SetRow).where(SetRow.performed_at > datetime(2025, 1, 1)))
    assert stored == datetime(2025, 3, 2, 1, 30, 5, 250, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)
