"""Sets and the training sessions (days) they belong to: logging, bulk import, history.

Reads return the pure ``SetRecord`` the coaching decisions take, ordered by time. A set's day is
the calendar date of its ``performed_at`` in the offset the caller gave (pass local times with
their zone); times are stored in UTC and come back in UTC, equal to what was logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.store.models import SetRow, TrainingSessionRow, require_zone

__all__ = [
    "HIP_THRUST_FAMILY",
    "VIDEO_SET_LOGGED",
    "BulkResult",
    "LoggedSet",
    "SetType",
    "SourcedSet",
    "TrainingSession",
    "add_sets_bulk",
    "delete_set",
    "ensure_training_session",
    "history",
    "log_set",
    "logged_sets",
    "sets_between",
    "training_session_on",
]

SetType = Literal["normal", "warmup", "dropset", "failure"]

# The catalogue's variation ids (fixed project-wide): a set with one of these is hip thrust
# family work. Other lifts (from imports) carry another id such as "deadlift", or free text.
HIP_THRUST_FAMILY = frozenset(
    {
        "glute_bridge",
        "single_leg_glute_bridge",
        "single_leg_glute_bridge_90_90",
        "single_leg_glute_bridge_knee_hug",
        "barbell_glute_bridge",
        "hip_thrust",
        "single_leg_hip_thrust",
        "banded_hip_thrust",
        "dumbbell_hip_thrust",
        "barbell_hip_thrust",
        "machine_hip_thrust",
        "deficit_hip_thrust",
    }
)
# A variation given as an id ("barbell_hip_thrust", "deadlift") is stored in ``variation``;
# free text ("Deadlift (Barbell)") only in ``exercise_name``, with ``variation`` NULL.
_VARIATION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
_MAX_SOURCE = 20
_CHUNK = 500  # values per IN (...) query, well under every backend's parameter limit
VIDEO_SET_LOGGED = "this video's set is already logged"


@dataclass(frozen=True)
class TrainingSession:
    """One training day; ``plan_id``/``plan_week``/``plan_day`` say which planned day it was."""

    id: int
    athlete_id: int
    day: date
    started_at: datetime
    notes: str
    plan_id: int | None
    plan_week: int | None
    plan_day: int | None


@dataclass(frozen=True)
class SourcedSet:
    """A set for ``add_sets_bulk``: the record, its key in the source file and the raw name.

    ``record.variation`` is an id when the exercise is known (a catalogue id, or e.g.
    ``"deadlift"``), else the free text; ``exercise_name`` is the name as the source wrote it
    (defaults to ``record.variation``); ``source_key`` identifies the row in the source so
    re-importing it adds nothing.
    """

    record: SetRecord
    source_key: str | None = None
    exercise_name: str | None = None
    set_type: SetType | None = None


@dataclass(frozen=True)
class BulkResult:
    inserted: int
    skipped: int


@dataclass(frozen=True)
class LoggedSet:
    """A stored set with what the pure record leaves out (ids, origin, raw name)."""

    id: int
    session_id: int
    record: SetRecord
    exercise_name: str
    set_type: SetType
    source: str
    source_key: str | None
    video_analysis_id: int | None

    @property
    def is_hip_thrust_family(self) -> bool:
        return self.record.variation in HIP_THRUST_FAMILY


def log_set(
    session: Session,
    athlete_id: int,
    record: SetRecord,
    *,
    source: str = "cli",
    set_type: SetType | None = None,
    video_analysis_id: int | None = None,
) -> int:
    """Store one set (creating its day's training session if needed); return its id.

    A video's set is logged once: a second set for the same ``video_analysis_id`` (two taps at
    once included: the database's unique constraint decides) is an ``InputError``.
    """
    training = ensure_training_session(session, athlete_id, record.performed_at)
    row = SetRow(**_set_columns(athlete_id, training.id, record, source, set_type))
    row.video_analysis_id = video_analysis_id
    if video_analysis_id is None:
        session.add(row)
        session.flush()
        return row.id
    try:
        with session.begin_nested():  # a savepoint: the caller's transaction stays usable
            session.add(row)
    except IntegrityError:
        if _video_set(session, video_analysis_id) is None:
            raise
        raise InputError(VIDEO_SET_LOGGED) from None
    return row.id


def _video_set(session: Session, video_analysis_id: int) -> int | None:
    query = select(SetRow.id).where(SetRow.video_analysis_id == video_analysis_id)
    return session.scalars(query).first()


def add_sets_bulk(
    session: Session, athlete_id: int, sets: Sequence[SourcedSet], *, source: str
) -> BulkResult:
    """Insert many sets, skipping those whose ``source_key`` the athlete already has.

    Everything happens in the caller's transaction: commit it to keep all, or roll it back
    (or let the process die) to keep none. A key repeated within ``sets`` counts once.
    """
    keys = {s.source_key for s in sets if s.source_key is not None}
    taken = _existing_keys(session, athlete_id, keys)
    fresh: list[SourcedSet] = []
    for imported in sets:
        if imported.source_key is not None and imported.source_key in taken:
            continue
        if imported.source_key is not None:
            taken.add(imported.source_key)
        fresh.append(imported)
    session_ids = _session_ids(session, athlete_id, [s.record.performed_at for s in fresh])
    rows = [_imported_columns(athlete_id, session_ids, imported, source) for imported in fresh]
    if rows:
        session.execute(insert(SetRow), rows)
    return BulkResult(inserted=len(fresh), skipped=len(sets) - len(fresh))


def history(
    session: Session, athlete_id: int, since: datetime | None = None
) -> tuple[SetRecord, ...]:
    """Every set of the athlete from ``since`` on (all when None), oldest first."""
    return tuple(logged.record for logged in logged_sets(session, athlete_id, since=since))


def sets_between(
    session: Session, athlete_id: int, start: datetime, end: datetime
) -> tuple[SetRecord, ...]:
    """The athlete's sets with ``start <= performed_at < end``, oldest first."""
    return tuple(logged.record for logged in logged_sets(session, athlete_id, start, end))


def logged_sets(
    session: Session,
    athlete_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[LoggedSet, ...]:
    """The stored sets with ids and origin, ``since <= performed_at < until``, oldest first."""
    query = select(SetRow).where(SetRow.athlete_id == athlete_id)
    if since is not None:
        query = query.where(SetRow.performed_at >= require_zone(since))
    if until is not None:
        query = query.where(SetRow.performed_at < require_zone(until))
    rows = session.scalars(query.order_by(SetRow.performed_at, SetRow.id))
    return tuple(_logged_set(row) for row in rows)


def delete_set(session: Session, athlete_id: int, set_id: int) -> None:
    """Remove one of the athlete's sets (e.g. undo a mistyped entry)."""
    result = session.execute(
        delete(SetRow).where(SetRow.id == set_id, SetRow.athlete_id == athlete_id)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise InputError(f"the athlete has no set with id {set_id}")


def ensure_training_session(
    session: Session,
    athlete_id: int,
    at: datetime,
    *,
    plan_id: int | None = None,
    plan_week: int | None = None,
    plan_day: int | None = None,
    notes: str | None = None,
) -> TrainingSession:
    """The athlete's training session on the day of ``at``, created when there is none.

    An earlier ``at`` moves ``started_at`` back; plan references and notes given here are
    recorded (None leaves what is stored). The day's row is made with ``INSERT ... ON CONFLICT
    DO NOTHING`` and then read, so clients logging the first set of a day at once share one.
    """
    require_zone(at)
    row = _session_row(session, athlete_id, at.date())
    if row is None:
        _insert_days(session, [{"athlete_id": athlete_id, "day": at.date(), "started_at": at}])
        row = _session_row(session, athlete_id, at.date())
        assert row is not None, "the day's session was just made (or found made)"
    if at < row.started_at:
        _move_start(session, row, at)
    if plan_id is not None:
        row.plan_id, row.plan_week, row.plan_day = plan_id, plan_week, plan_day
    if notes is not None:
        row.notes = notes
    session.flush()
    return _training_session(row)


def training_session_on(session: Session, athlete_id: int, day: date) -> TrainingSession | None:
    row = _session_row(session, athlete_id, day)
    return None if row is None else _training_session(row)


def _session_row(session: Session, athlete_id: int, day: date) -> TrainingSessionRow | None:
    query = select(TrainingSessionRow).where(
        TrainingSessionRow.athlete_id == athlete_id, TrainingSessionRow.day == day
    )
    return session.scalars(query).one_or_none()


def _session_ids(session: Session, athlete_id: int, times: Iterable[datetime]) -> dict[date, int]:
    """The training session id of every day among ``times``, creating the missing ones."""
    first: dict[date, datetime] = {}
    for at in times:
        first[at.date()] = min(require_zone(at), first.get(at.date(), at))
    ids: dict[date, int] = {}
    for row in _session_rows(session, athlete_id, sorted(first)):
        if first[row.day] < row.started_at:
            _move_start(session, row, first[row.day])
        ids[row.day] = row.id
    missing = [
        {"athlete_id": athlete_id, "day": day, "started_at": at}
        for day, at in sorted(first.items())
        if day not in ids
    ]
    if missing:
        _insert_days(session, missing)
        for row in _session_rows(session, athlete_id, [m["day"] for m in missing]):
            if first[row.day] < row.started_at:
                _move_start(session, row, first[row.day])
            ids[row.day] = row.id
    return ids


def _move_start(session: Session, row: TrainingSessionRow, at: datetime) -> None:
    """Move the day's start back to ``at`` unless it is earlier already: one conditional
    UPDATE, so sets logged at once keep the earliest start whatever order they commit in."""
    session.execute(
        update(TrainingSessionRow)
        .where(TrainingSessionRow.id == row.id, TrainingSessionRow.started_at > at)
        .values(started_at=at)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row, ["started_at"])


def _insert_days(session: Session, days: list[dict[str, Any]]) -> None:
    """Insert training sessions, leaving alone any day another transaction made first."""
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(TrainingSessionRow).on_conflict_do_nothing(
        index_elements=[TrainingSessionRow.athlete_id, TrainingSessionRow.day]
    )
    session.execute(statement, [{**day, "notes": ""} for day in days])


def _session_rows(
    session: Session, athlete_id: int, days: Sequence[date]
) -> list[TrainingSessionRow]:
    rows: list[TrainingSessionRow] = []
    for start in range(0, len(days), _CHUNK):
        query = select(TrainingSessionRow).where(
            TrainingSessionRow.athlete_id == athlete_id,
            TrainingSessionRow.day.in_(days[start : start + _CHUNK]),
        )
        rows.extend(session.scalars(query))
    return rows


def _existing_keys(session: Session, athlete_id: int, keys: set[str]) -> set[str]:
    ordered = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        query = select(SetRow.source_key).where(
            SetRow.athlete_id == athlete_id, SetRow.source_key.in_(chunk)
        )
        found.update(key for key in session.scalars(query) if key is not None)
    return found


def _set_type(record: SetRecord, set_type: SetType | None) -> SetType:
    if set_type is None:
        return "warmup" if record.warmup else "normal"
    if set_type not in get_args(SetType):
        raise InputError(
            f"unknown set type {set_type!r}: use one of {', '.join(get_args(SetType))}"
        )
    if (set_type == "warmup") != record.warmup:
        raise InputError(f"a {set_type} set cannot have warmup={record.warmup}")
    return set_type


def _set_columns(
    athlete_id: int,
    session_id: int,
    record: SetRecord,
    source: str,
    set_type: SetType | None,
    exercise_name: str | None = None,
    source_key: str | None = None,
) -> dict[str, Any]:
    if not record.variation.strip():
        raise InputError("a set needs an exercise: give its variation")
    if not source or len(source) > _MAX_SOURCE:
        raise InputError(f"a set's source is a short name such as 'cli', not {source!r}")
    return {
        "performed_at": require_zone(record.performed_at),
        "athlete_id": athlete_id,
        "session_id": session_id,
        "exercise_name": exercise_name or record.variation,
        "variation": record.variation if _VARIATION_ID.fullmatch(record.variation) else None,
        "load_kg": record.load_kg,
        "reps": record.reps,
        "reps_right": record.reps_right,
        "hold_s": record.hold_s,
        "rpe": record.rpe,
        "rir": record.rir,
        "pain": record.pain,
        "felt_in": list(record.felt_in),
        "faults": list(record.faults),
        "full_extension": record.full_extension,
        "warmup": record.warmup,
        "set_type": _set_type(record, set_type),
        "notes": record.notes,
        "source": source,
        "source_key": source_key,
    }


def _imported_columns(
    athlete_id: int, session_ids: dict[date, int], imported: SourcedSet, source: str
) -> dict[str, Any]:
    record = imported.record
    columns = _set_columns(
        athlete_id,
        session_ids[record.performed_at.date()],
        record,
        source,
        imported.set_type,
        imported.exercise_name,
        imported.source_key,
    )
    return {**columns, "video_analysis_id": None}


def _logged_set(row: SetRow) -> LoggedSet:
    record = SetRecord(
        performed_at=row.performed_at,
        variation=row.variation or row.exercise_name,
        reps=row.reps,
        load_kg=row.load_kg,
        reps_right=row.reps_right,
        hold_s=row.hold_s,
        rpe=row.rpe,
        rir=row.rir,
        pain=row.pain,
        felt_in=tuple(row.felt_in),
        faults=tuple(row.faults),
        full_extension=row.full_extension,
        warmup=row.warmup,
        notes=row.notes,
    )
    set_type: SetType = row.set_type  # type: ignore[assignment]  # guarded by a CHECK
    return LoggedSet(
        id=row.id,
        session_id=row.session_id,
        record=record,
        exercise_name=row.exercise_name,
        set_type=set_type,
        source=row.source,
        source_key=row.source_key,
        video_analysis_id=row.video_analysis_id,
    )


def _training_session(row: TrainingSessionRow) -> TrainingSession:
    return TrainingSession(
        id=row.id,
        athlete_id=row.athlete_id,
        day=row.day,
        started_at=row.started_at,
        notes=row.notes,
        plan_id=row.plan_id,
        plan_week=row.plan_week,
        plan_day=row.plan_day,
    )
