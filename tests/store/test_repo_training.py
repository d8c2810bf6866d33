from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    SourcedSet,
    Store,
    add_sets_bulk,
    add_video_analysis,
    create_athlete,
    delete_set,
    ensure_training_session,
    history,
    log_set,
    logged_sets,
    save_plan,
    sets_between,
    training_session_on,
    transaction,
)
from hipthrust.store.models import SetRow, TrainingSessionRow

BERLIN_SUMMER = timezone(timedelta(hours=2))


def at(day: int, hour: int = 18, minute: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=tz)


def thrust(when: datetime, reps: int = 8, **fields: object) -> SetRecord:
    return SetRecord(performed_at=when, variation="barbell_hip_thrust", reps=reps, **fields)  # type: ignore[arg-type]


RECORDS = [
    SetRecord(performed_at=at(1), variation="barbell_hip_thrust", reps=8, load_kg=102.5, rpe=8.5),
    SetRecord(
        performed_at=datetime(2025, 3, 1, 7, 5, 9, 123456, tzinfo=BERLIN_SUMMER),
        variation="single_leg_glute_bridge_90_90",
        reps=12,
        reps_right=10,
        hold_s=3.0,
        pain=2,
        felt_in=("glutes", "hamstrings"),
        faults=("lumbar_hyperextension",),
        full_extension=False,
        notes="right side cramped",
    ),
    SetRecord(performed_at=at(2), variation="glute_bridge", reps=15, warmup=True, rir=4),
    SetRecord(performed_at=at(3), variation="dumbbell_hip_thrust", reps=0, load_kg=0.1 + 0.2),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.variation)
def test_a_logged_set_comes_back_exactly_as_logged(
    store: Store, me: Athlete, record: SetRecord
) -> None:
    with transaction(store) as session:
        set_id = log_set(session, me.id, record)
    with transaction(store) as session:
        (stored,) = logged_sets(session, me.id)
    assert stored.id == set_id
    assert stored.record == record
    assert stored.record.performed_at.tzinfo == UTC
    assert stored.record.performed_at.microsecond == record.performed_at.microsecond
    assert (stored.source, stored.source_key, stored.exercise_name) == (
        "cli",
        None,
        record.variation,
    )


def test_history_is_ordered_by_time_whatever_the_order_of_logging(
    store: Store, me: Athlete
) -> None:
    later, earlier, middle = thrust(at(5)), thrust(at(1)), thrust(at(3, tz=BERLIN_SUMMER))
    with transaction(store) as session:
        for record in (later, earlier, middle):
            log_set(session, me.id, record)
    with transaction(store) as session:
        assert history(session, me.id) == (earlier, middle, later)
        assert history(session, me.id, since=at(3, 16)) == (middle, later)
        assert sets_between(session, me.id, at(1), at(5)) == (earlier, middle)


def test_history_holds_only_the_athletes_own_sets(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="ana"))
        log_set(session, me.id, thrust(at(1)))
        log_set(session, other.id, thrust(at(2), reps=5))
    with transaction(store) as session:
        assert [r.reps for r in history(session, me.id)] == [8]
        assert [r.reps for r in history(session, other.id)] == [5]


@pytest.mark.parametrize(
    ("times", "sessions"),
    [
        ([at(1, 18), at(1, 19)], 1),  # two sets, one evening
        ([at(1, 18), at(2, 18)], 2),  # two days
        # 23:30 and 00:30 in Berlin are both March 1 in UTC, but two days for the athlete.
        ([at(1, 23, 30, BERLIN_SUMMER), at(2, 0, 30, BERLIN_SUMMER)], 2),
    ],
)
def test_sets_share_a_training_session_per_day_of_the_athlete(
    store: Store, me: Athlete, times: list[datetime], sessions: int
) -> None:
    with transaction(store) as session:
        for when in times:
            log_set(session, me.id, thrust(when))
        session_ids = {logged.session_id for logged in logged_sets(session, me.id)}
        count = session.scalar(select(func.count()).select_from(TrainingSessionRow))
    assert len(session_ids) == sessions == count


def test_a_training_session_starts_with_its_earliest_set(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        log_set(session, me.id, thrust(at(1, 19)))
        log_set(session, me.id, thrust(at(1, 17)))
        log_set(session, me.id, thrust(at(1, 20)))
    with transaction(store) as session:
        training = training_session_on(session, me.id, date(2025, 3, 1))
    assert training is not None
    assert training.started_at == at(1, 17)


def test_a_training_session_records_which_planned_day_it_was(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        plan = save_plan(session, me.id, request={}, plan={"weeks": []})
        ensure_training_session(
            session, me.id, at(4), plan_id=plan.id, plan_week=2, plan_day=1, notes="on shift"
        )
        log_set(session, me.id, thrust(at(4, 19)))
    with transaction(store) as session:
        training = training_session_on(session, me.id, date(2025, 3, 4))
        assert training_session_on(session, me.id, date(2025, 3, 5)) is None
    assert training is not None
    assert (training.plan_id, training.plan_week, training.plan_day) == (plan.id, 2, 1)
    assert (training.notes, training.started_at) == ("on shift", at(4))


def test_a_time_without_a_zone_is_refused(store: Store, me: Athlete) -> None:
    naive = datetime(2025, 3, 1, 18, 0)
    with pytest.raises(InputError, match="no time zone"), transaction(store) as session:
        log_set(session, me.id, thrust(naive))
    with pytest.raises(InputError, match="no time zone"), transaction(store) as session:
        history(session, me.id, since=naive)


@pytest.mark.parametrize(
    ("warmup", "given", "stored"),
    [
        (False, None, "normal"),
        (True, None, "warmup"),
        (False, "dropset", "dropset"),
        (False, "failure", "failure"),
        (True, "warmup", "warmup"),
    ],
)
def test_set_type_follows_the_warmup_flag_unless_given(
    store: Store, me: Athlete, warmup: bool, given: str | None, stored: str
) -> None:
    with transaction(store) as session:
        log_set(session, me.id, thrust(at(1), warmup=warmup), set_type=given)  # type: ignore[arg-type]
        (logged,) = logged_sets(session, me.id)
    assert logged.set_type == stored


@pytest.mark.parametrize(
    ("warmup", "given", "message"),
    [
        (False, "warmup", "cannot have warmup=False"),
        (True, "dropset", "cannot have warmup=True"),
        (False, "amrap", "unknown set type"),
    ],
)
def test_a_contradictory_or_unknown_set_type_is_refused(
    store: Store, me: Athlete, warmup: bool, given: str, message: str
) -> None:
    with pytest.raises(InputError, match=message), transaction(store) as session:
        log_set(session, me.id, thrust(at(1), warmup=warmup), set_type=given)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("variation", "exercise_name", "stored_variation", "family"),
    [
        ("barbell_hip_thrust", "Hip Thrust (Barbell)", "barbell_hip_thrust", True),
        ("deadlift", "Deadlift (Barbell)", "deadlift", False),
        ("Cable Pull Through", "Cable Pull Through", None, False),
    ],
)
def test_other_lifts_keep_their_id_or_their_free_text_name(
    store: Store,
    me: Athlete,
    variation: str,
    exercise_name: str,
    stored_variation: str | None,
    family: bool,
) -> None:
    record = SetRecord(performed_at=at(1), variation=variation, reps=5, load_kg=100.0)
    with transaction(store) as session:
        add_sets_bulk(session, me.id, [SourcedSet(record, "r1", exercise_name)], source="strong")
    with transaction(store) as session:
        (logged,) = logged_sets(session, me.id)
        row = session.scalars(select(SetRow)).one()
    assert (row.variation, row.exercise_name) == (stored_variation, exercise_name)
    assert logged.record == record
    assert logged.is_hip_thrust_family is family
    assert (logged.source, logged.source_key) == ("strong", "r1")


@pytest.mark.parametrize(
    ("keys", "inserted", "skipped", "inserted_again"),
    [
        (["a", "b", "c"], 3, 0, 0),
        (["a", "a", "b"], 2, 1, 0),  # a key repeated within one file counts once
        ([None, None], 2, 0, 2),  # rows without a key are always added
        (["", "", None], 2, 1, 1),  # an empty key is still a key
    ],
)
def test_a_bulk_insert_counts_what_it_added_and_skipped(
    store: Store,
    me: Athlete,
    keys: list[str | None],
    inserted: int,
    skipped: int,
    inserted_again: int,
) -> None:
    batch = [SourcedSet(thrust(at(1, 18, i)), key) for i, key in enumerate(keys)]
    with transaction(store) as session:
        first = add_sets_bulk(session, me.id, batch, source="hevy")
    with transaction(store) as session:
        again = add_sets_bulk(session, me.id, batch, source="hevy")
    assert (first.inserted, first.skipped) == (inserted, skipped)
    assert (again.inserted, again.skipped) == (inserted_again, len(keys) - inserted_again)
    with transaction(store) as session:
        assert len(history(session, me.id)) == inserted + inserted_again


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    store: Store, me: Athlete
) -> None:
    # 1,200 keys: more than one IN (...) query's worth, and sets over many days.
    batch = [
        SourcedSet(thrust(at(1) + timedelta(hours=7 * i)), f"workout-{i}") for i in range(1200)
    ]
    with transaction(store) as session:
        first = add_sets_bulk(session, me.id, batch, source="strong")
    with transaction(store) as session:
        again = add_sets_bulk(
            session, me.id, [*batch, SourcedSet(thrust(at(1)), "new")], source="strong"
        )
        stored = history(session, me.id)
    assert (first.inserted, first.skipped) == (1200, 0)
    assert (again.inserted, again.skipped) == (1, 1200)
    assert len(stored) == 1201
    assert stored[0] == batch[0].record == thrust(at(1))


def test_source_keys_belong_to_one_athlete(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="ana"))
        add_sets_bulk(session, me.id, [SourcedSet(thrust(at(1)), "k")], source="strong")
        result = add_sets_bulk(session, other.id, [SourcedSet(thrust(at(1)), "k")], source="strong")
    assert result.inserted == 1


def test_a_bulk_insert_that_fails_part_way_leaves_nothing(store: Store, me: Athlete) -> None:
    good = [SourcedSet(thrust(at(1, 8, i)), f"k{i}") for i in range(50)]
    bad = SourcedSet(thrust(datetime(2025, 3, 9, 18, 0)), "naive")
    with pytest.raises(InputError), transaction(store) as session:
        add_sets_bulk(session, me.id, [*good, bad], source="strong")
    with transaction(store) as session:
        assert history(session, me.id) == ()
        assert session.scalar(select(func.count()).select_from(TrainingSessionRow)) == 0


def test_a_set_links_to_its_video_analysis(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        video = add_video_analysis(session, me.id, "set3.mp4")
        log_set(session, me.id, thrust(at(1)), source="web", video_analysis_id=video.id)
    with transaction(store) as session:
        (logged,) = logged_sets(session, me.id)
    assert (logged.video_analysis_id, logged.source) == (video.id, "web")


def test_delete_set_removes_only_that_set_of_that_athlete(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="ana"))
        keep = log_set(session, me.id, thrust(at(1), reps=10))
        drop = log_set(session, me.id, thrust(at(2), reps=11))
    with pytest.raises(InputError, match=f"no set with id {keep}"), transaction(store) as session:
        delete_set(session, other.id, keep)
    with transaction(store) as session:
        delete_set(session, me.id, drop)
    with transaction(store) as session:
        assert [r.reps for r in history(session, me.id)] == [10]


@pytest.mark.parametrize(
    ("variation", "source"), [("  ", "cli"), ("hip_thrust", ""), ("hip_thrust", "x" * 21)]
)
def test_a_set_needs_an_exercise_and_a_short_source(
    store: Store, me: Athlete, variation: str, source: str
) -> None:
    record = SetRecord(performed_at=at(1), variation=variation, reps=5)
    with pytest.raises(InputError), transaction(store) as session:
        log_set(session, me.id, record, source=source)
