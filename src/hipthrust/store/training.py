"""Sets and the training sessions (days) they belong to: logging, bulk import, history.

Reads return the pure ``SetRecord`` the coaching decisions take, ordered by time. A set's day is
the calendar date of its ``performed_at`` in the offset the caller gave (pass local times with
their zone); times are stored in UTC and come back in UTC, equal to what was logged.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, Literal, get_args

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Dialect,
    Select,
    String,
    Text,
    TypeDecorator,
    and_,
    bindparam,
    delete,
    exists,
    literal,
    or_,
    select,
    type_coerce,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import Tempo
from hipthrust.errors import InputError
from hipthrust.store.models import SetRow, TrainingSessionRow, require_zone, utc_now

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
    "family_pain_before",
    "family_sets",
    "family_trained_with_load",
    "family_working_variations",
    "history",
    "keyed_sets",
    "log_keyed_sets",
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
    re-importing it adds nothing; ``other_keys`` are keys the same row may already be stored
    under (a set is skipped when the athlete has any of them). ``source`` is where this set
    came from when it differs from the batch's (a restored backup keeps each set's own).
    """

    record: SetRecord
    source_key: str | None = None
    exercise_name: str | None = None
    set_type: SetType | None = None
    other_keys: tuple[str, ...] = ()
    source: str | None = None


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
    session_id = _day_session_id(session, athlete_id, record.performed_at)
    row = SetRow(**_set_columns(athlete_id, session_id, record, source, set_type))
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


@dataclass(frozen=True)
class KeyedSets:
    """The sets stored under one idempotency key, oldest first, and the fingerprint of what
    was sent with the key."""

    sets: tuple[LoggedSet, ...]
    fingerprint: str | None


# The most rows one key may hold: a log call stores at most 20 identical sets
# (``service.set_entry.MAX_SETS_AT_ONCE``); more would not be found again.
_MAX_KEYED_ROWS = 20


def _row_keys(key: str, count: int) -> list[str]:
    # One log call may store several identical sets (``--sets 3``); each row needs its own
    # value under the unique index: the key, then key#2, key#3 ...
    return [key if n == 1 else f"{key}#{n}" for n in range(1, count + 1)]


def keyed_sets(session: Session, athlete_id: int, key: str) -> KeyedSets | None:
    """The sets the athlete stored under ``key``; None when the key is new."""
    query = (
        select(SetRow)
        .where(
            SetRow.athlete_id == athlete_id,
            SetRow.idempotency_key.in_(_row_keys(key, _MAX_KEYED_ROWS)),  # the index's lookups
        )
        .order_by(SetRow.id)
    )
    rows = list(session.scalars(query))
    if not rows:
        return None
    return KeyedSets(tuple(logged_set(row) for row in rows), rows[0].idempotency_hash)


def log_keyed_sets(
    session: Session,
    athlete_id: int,
    records: Sequence[SetRecord],
    *,
    key: str,
    fingerprint: str,
    source: str,
) -> tuple[int, ...] | None:
    """Store ``records`` under the idempotency ``key`` (with the ``fingerprint`` of what was
    sent); None, storing nothing, when the athlete has the key already.

    The unique index on (athlete_id, idempotency_key) decides: two requests with one key at
    once store one set of rows; the other gets None (its savepoint is rolled back, the
    caller's transaction stays usable) and reads the winner's with ``keyed_sets``.
    """
    if not records:
        return ()
    if len(records) > _MAX_KEYED_ROWS:
        raise InputError(f"at most {_MAX_KEYED_ROWS} sets go under one idempotency key")
    rows: list[SetRow] = []
    try:
        with session.begin_nested():  # a savepoint: a lost race undoes only these rows
            for record, row_key in zip(records, _row_keys(key, len(records)), strict=True):
                session_id = _day_session_id(session, athlete_id, record.performed_at)
                row = SetRow(**_set_columns(athlete_id, session_id, record, source, None))
                row.idempotency_key = row_key
                row.idempotency_hash = fingerprint
                session.add(row)
                rows.append(row)
    except IntegrityError:
        if keyed_sets(session, athlete_id, key) is None:
            raise  # another constraint: not the key's
        return None
    return tuple(row.id for row in rows)


def _video_set(session: Session, video_analysis_id: int) -> int | None:
    query = select(SetRow.id).where(SetRow.video_analysis_id == video_analysis_id)
    return session.scalars(query).first()


def add_sets_bulk(
    session: Session, athlete_id: int, sets: Sequence[SourcedSet], *, source: str
) -> BulkResult:
    """Insert many sets, skipping those whose ``source_key`` the athlete already has.

    Everything happens in the caller's transaction: commit it to keep all, or roll it back
    (or let the process die) to keep none. A key repeated within ``sets`` counts once, and
    so does a key written by an earlier call in the same transaction (call it once per batch
    of a large import: memory stays that of one batch). The rows go in with the database's
    bulk path: one ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
    """
    if not source or len(source) > _MAX_SOURCE:
        raise InputError(f"a set's source is a short name such as 'cli', not {source!r}")
    if not sets:
        return BulkResult(inserted=0, skipped=0)
    session.flush()
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    # PostgreSQL's COPY cannot skip a row, so every key is looked up first; SQLite's insert
    # skips a key the athlete has (ON CONFLICT DO NOTHING), so only the other keys are.
    keys = {key for s in sets for key in s.other_keys}
    if postgres:
        keys.update(s.source_key for s in sets if s.source_key is not None)
    taken = _existing_keys(session, athlete_id, keys)
    fresh: list[SourcedSet] = []
    for imported in sets:
        key = imported.source_key
        if key is not None:
            if key in taken or (imported.other_keys and not taken.isdisjoint(imported.other_keys)):
                continue
            taken.add(key)
        fresh.append(imported)
    inserted = len(fresh)
    if fresh:
        session_ids = _session_ids(session, athlete_id, [s.record.performed_at for s in fresh])
        bound = _BoundValues(connection.dialect, raw=postgres)
        now = bound.time(utc_now())
        rows = [
            _imported_row(athlete_id, session_ids, imported, source, now, bound)
            for imported in fresh
        ]
        if postgres:
            _copy_rows(session, rows)
        else:
            written = connection.exec_driver_sql(_SQLITE_INSERT, rows)
            inserted = written.rowcount
    return BulkResult(inserted=inserted, skipped=len(sets) - inserted)


# The columns an imported set fills, in the order ``COPY`` receives them.
_COPY_COLUMNS = (
    "session_id",
    "athlete_id",
    "performed_at",
    "exercise_name",
    "variation",
    "load_kg",
    "reps",
    "reps_right",
    "hold_s",
    "rpe",
    "rir",
    "pain",
    "felt_in",
    "faults",
    "full_extension",
    "warmup",
    "set_type",
    "notes",
    "video_analysis_id",
    "source",
    "source_key",
    "created_at",
    "tempo_up_s",
    "tempo_top_s",
    "tempo_down_s",
    "fault_reps",
)
# Skips a set whose key the athlete already has: the unique (athlete_id, source_key) decides.
_SQLITE_INSERT = (
    f"INSERT INTO {SetRow.__tablename__} ({', '.join(_COPY_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COPY_COLUMNS)}) "
    "ON CONFLICT (athlete_id, source_key) DO NOTHING"
)


def _processor(column_type: Any, dialect: Any) -> Any:
    """What SQLAlchemy applies to a value of ``column_type`` before the driver gets it."""
    return column_type.dialect_impl(dialect).bind_processor(dialect)


class _BoundValues:
    """Values as the database driver receives them, converted once per distinct value.

    SQLite gets what SQLAlchemy's own column types would send (``UTCDateTime``'s UTC text,
    JSON text, booleans), so rows written here read back exactly like rows written through
    the ORM; ``raw`` (PostgreSQL's ``COPY``) keeps aware datetimes and gives JSON as text.
    """

    def __init__(self, dialect: Any, *, raw: bool) -> None:
        columns = SetRow.__table__.c
        self._time = None if raw else _processor(columns.performed_at.type, dialect)
        self._json = None if raw else _processor(columns.felt_in.type, dialect)
        self._flag = None if raw else _processor(columns.warmup.type, dialect)
        self._counts = None if raw else _processor(columns.fault_reps.type, dialect)
        self._last_time: tuple[datetime, Any] | None = None
        self.empty_json = self._convert_json(())
        self.flags: dict[bool | None, Any] = {
            value: self._convert_flag(value) for value in (True, False, None)
        }

    def time(self, value: datetime) -> Any:
        last = self._last_time
        if last is not None and last[0] == value and last[0].tzinfo is value.tzinfo:
            return last[1]
        require_zone(value)
        converted = value if self._time is None else self._time(value)
        self._last_time = (value, converted)
        return converted

    def json(self, value: tuple[str, ...]) -> Any:
        return self._convert_json(value) if value else self.empty_json

    def fault_reps(self, value: tuple[tuple[str, int], ...] | None) -> Any:
        """Per-rep fault counts as the ``fault_reps`` column receives them (None: NULL)."""
        if value is None:
            return None
        counts = dict(value)
        return json.dumps(counts) if self._counts is None else self._counts(counts)

    def _convert_json(self, value: tuple[str, ...]) -> Any:
        if self._json is None:
            return json.dumps(list(value))
        return self._json(list(value))

    def _convert_flag(self, value: bool | None) -> Any:
        return value if self._flag is None or value is None else self._flag(value)


def _copy_rows(session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
    """PostgreSQL's ``COPY ... FROM STDIN`` on the session's own connection (same transaction)."""
    driver = session.connection().connection.driver_connection
    columns = ", ".join(_COPY_COLUMNS)
    statement = f"COPY {SetRow.__tablename__} ({columns}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


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
    return tuple(logged_set(row) for row in rows)


class _Names(TypeDecorator[tuple[str, ...]]):
    """A stored JSON list of names (``felt_in``, ``faults``) read as a tuple: each distinct
    text is decoded once per process (nearly all are ``[]`` or one of a few lists), where the
    JSON type would decode every row's (half the time of reading a window of sets). The
    driver's own decoding, where it does it (psycopg), is kept as it is."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        raise TypeError("_Names only reads")  # pragma: no cover - never bound

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        return _names(value) if isinstance(value, str) else tuple(value)


@functools.lru_cache(maxsize=4096)
def _names(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


_RECORD_COLUMNS = (
    SetRow.performed_at,
    SetRow.variation,
    SetRow.exercise_name,
    SetRow.reps,
    SetRow.load_kg,
    SetRow.reps_right,
    SetRow.hold_s,
    SetRow.rpe,
    SetRow.rir,
    SetRow.pain,
    type_coerce(SetRow.felt_in, _Names()),
    type_coerce(SetRow.faults, _Names()),
    SetRow.full_extension,
    SetRow.warmup,
    SetRow.notes,
    SetRow.tempo_up_s,
    SetRow.tempo_top_s,
    SetRow.tempo_down_s,
    SetRow.fault_reps,
)


# The window's statements are built once and executed with parameters: building a statement
# and working out its cache key cost more than running it (a logged set reads its window
# after every POST: docs/speed.md, "The web under load"). ``since``/``until``: whether the
# statement bounds the time (its ``:since``/``:until`` parameters).
_ATHLETE = bindparam("athlete_id")
_SINCE = bindparam("since")
_UNTIL = bindparam("until")


def _family(since: bool, until: bool) -> ColumnElement[bool]:
    """The athlete's hip-thrust-family sets with ``since <= performed_at < until``: a set is
    in the family by its variation id, or by its name when it has none (as ``LoggedSet``)."""
    family = sorted(HIP_THRUST_FAMILY)
    clauses: list[ColumnElement[bool]] = [
        SetRow.athlete_id == _ATHLETE,
        or_(
            SetRow.variation.in_(family),
            and_(SetRow.variation.is_(None), SetRow.exercise_name.in_(family)),
        ),
    ]
    if since:
        clauses.append(SetRow.performed_at >= _SINCE)
    if until:
        clauses.append(SetRow.performed_at < _UNTIL)
    return and_(*clauses)


def _bounds(athlete_id: int, since: datetime | None, until: datetime | None) -> dict[str, Any]:
    values: dict[str, Any] = {"athlete_id": athlete_id}
    if since is not None:
        values["since"] = require_zone(since)
    if until is not None:
        values["until"] = require_zone(until)
    return values


@functools.cache
def _family_sets_query(since: bool, until: bool) -> Select[Any]:
    return (
        select(*_RECORD_COLUMNS)
        .where(_family(since, until))
        .order_by(SetRow.performed_at, SetRow.id)
    )


def family_sets(
    session: Session,
    athlete_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    zone: tzinfo | None = None,
) -> tuple[SetRecord, ...]:
    """The athlete's hip-thrust-family sets, ``since <= performed_at < until``, oldest first,
    their times in ``zone`` (None: UTC): one indexed query (athlete, time) returning plain
    rows, no ORM objects. The same records as ``logged_sets`` filtered by
    ``is_hip_thrust_family``."""
    query = _family_sets_query(since is not None, until is not None)
    return tuple(
        SetRecord(
            performed_at=row[0] if zone is None else row[0].astimezone(zone),
            variation=row[1] or row[2],
            reps=row[3],
            load_kg=row[4],
            reps_right=row[5],
            hold_s=row[6],
            rpe=row[7],
            rir=row[8],
            pain=row[9],
            felt_in=row[10],
            faults=row[11],
            full_extension=row[12],
            warmup=row[13],
            notes=row[14],
            tempo=None
            if row[15] is None or row[16] is None or row[17] is None
            else Tempo(row[15], row[16], row[17]),
            fault_reps=_fault_reps(row[18]),
        )
        for row in session.execute(query, _bounds(athlete_id, since, until))
    )


@functools.cache
def _working_variations_query(since: bool) -> CompoundSelect:
    clauses: list[ColumnElement[bool]] = [SetRow.athlete_id == _ATHLETE]
    if since:
        clauses.append(SetRow.performed_at >= _SINCE)
    clauses.append(SetRow.performed_at < _UNTIL)
    working = SetRow.warmup.is_(False)
    probes = [
        select(literal(name, String)).where(
            exists().where(*clauses, SetRow.variation == name, working)
        )
        for name in sorted(HIP_THRUST_FAMILY)
    ]
    free_text = select(SetRow.exercise_name).where(
        *clauses,
        SetRow.variation.is_(None),
        working,
        SetRow.exercise_name.in_(sorted(HIP_THRUST_FAMILY)),
    )
    return union(*probes, free_text)


def family_working_variations(
    session: Session, athlete_id: int, since: datetime | None, until: datetime
) -> frozenset[str]:
    """The variations of the athlete's working hip-thrust-family sets in ``[since, until)``,
    however long the log: one probe per family variation in the (athlete, variation, warmup,
    time) index (migration 0006s), each stopping at its first set, and one range of that
    index for sets with no variation id (a family name kept as free text)."""
    query = _working_variations_query(since is not None)
    return frozenset(session.scalars(query, _bounds(athlete_id, since, until)))


@functools.cache
def _pain_before_query() -> Select[Any]:
    return select(exists().where(_family(False, True), SetRow.pain.is_not(None)))


def family_pain_before(session: Session, athlete_id: int, before: datetime) -> bool:
    """Whether any hip-thrust-family set before ``before`` reported pain."""
    return bool(session.scalar(_pain_before_query(), _bounds(athlete_id, None, before)))


@functools.cache
def _trained_with_load_query(until: bool) -> Select[Any]:
    return select(
        exists().where(
            _family(False, until),
            SetRow.warmup.is_(False),
            SetRow.load_kg.is_not(None),
            SetRow.load_kg != 0,
        )
    )


def family_trained_with_load(
    session: Session, athlete_id: int, until: datetime | None = None
) -> bool:
    """Whether any working (not warm-up) hip-thrust-family set before ``until`` had a load."""
    query = _trained_with_load_query(until is not None)
    return bool(session.scalar(query, _bounds(athlete_id, None, until)))


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
    row = session.get(TrainingSessionRow, _session_ids(session, athlete_id, (at,))[at.date()])
    assert row is not None, "the day's session was just made (or found made)"
    if plan_id is not None:
        row.plan_id, row.plan_week, row.plan_day = plan_id, plan_week, plan_day
    if notes is not None:
        row.notes = notes
    session.flush()
    return _training_session(row)


def _day_session_id(session: Session, athlete_id: int, at: datetime) -> int:
    """The id of the athlete's training session on the day of ``at``, made when there is
    none (``ensure_training_session`` without loading the row: a logged set needs its id)."""
    return _session_ids(session, athlete_id, (at,))[at.date()]


def training_session_on(session: Session, athlete_id: int, day: date) -> TrainingSession | None:
    row = _session_row(session, athlete_id, day)
    return None if row is None else _training_session(row)


def _session_row(session: Session, athlete_id: int, day: date) -> TrainingSessionRow | None:
    query = select(TrainingSessionRow).where(
        TrainingSessionRow.athlete_id == athlete_id, TrainingSessionRow.day == day
    )
    return session.scalars(query).one_or_none()


def _session_ids(session: Session, athlete_id: int, times: Iterable[datetime]) -> dict[date, int]:
    """The training session id of every day among ``times``, creating the missing ones.

    A day's ``started_at`` moves back when one of ``times`` is earlier. Safe against other
    transactions doing the same at once: the days are inserted with ON CONFLICT DO NOTHING
    and read back, and a start moves back only by a conditional UPDATE (earliest wins).
    Core statements, no ORM objects: an import calls this once per batch.
    """
    first: dict[date, datetime] = {}
    for at in times:
        day = at.date()
        known = first.get(day)
        if known is None or at < known:
            first[day] = require_zone(at)
    ids = _day_ids(session, athlete_id, sorted(first), first)
    missing = [
        {"athlete_id": athlete_id, "day": day, "started_at": at, "notes": "", "created_at": now}
        for now in (utc_now(),)
        for day, at in sorted(first.items())
        if day not in ids
    ]
    if missing:
        dialect = session.get_bind().dialect.name
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = TrainingSessionRow.__table__
        if dialect == "postgresql":
            # One multi-row INSERT per chunk: psycopg would send an executemany's rows as
            # one statement each (an import of ten years made 3,650 round trips).
            for start in range(0, len(missing), _CHUNK):
                statement = (
                    make(table)
                    .values(missing[start : start + _CHUNK])
                    .on_conflict_do_nothing(index_elements=[table.c.athlete_id, table.c.day])
                )
                session.execute(statement)
        else:
            statement = make(table).on_conflict_do_nothing(
                index_elements=[table.c.athlete_id, table.c.day]
            )
            session.execute(statement, missing)
        ids.update(_day_ids(session, athlete_id, [row["day"] for row in missing], first))
    return ids


def _day_ids(
    session: Session, athlete_id: int, days: list[date], first: dict[date, datetime]
) -> dict[date, int]:
    """The ids of the training sessions of ``days`` that exist, each start moved back to
    ``first[day]`` when that is earlier (one conditional UPDATE for all)."""
    table = TrainingSessionRow.__table__
    ids: dict[date, int] = {}
    earlier: list[dict[str, Any]] = []
    for start in range(0, len(days), _CHUNK):
        query = select(table.c.id, table.c.day, table.c.started_at).where(
            table.c.athlete_id == athlete_id, table.c.day.in_(days[start : start + _CHUNK])
        )
        for id_, day, started_at in session.execute(query):
            ids[day] = id_
            if first[day] < started_at:
                earlier.append({"row_id": id_, "started_at": first[day]})
    if earlier:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"), table.c.started_at > bindparam("started_at"))
            .values(started_at=bindparam("started_at")),
            earlier,
        )
        session.expire_all()  # a training session loaded before shows its new start
    return ids


def _existing_keys(session: Session, athlete_id: int, keys: set[str]) -> set[str]:
    """Which of ``keys`` the athlete has: one array query on PostgreSQL, IN chunks elsewhere."""
    if not keys:
        return set()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql(
            f"SELECT source_key FROM {SetRow.__tablename__} "
            "WHERE athlete_id = %(athlete)s AND source_key = ANY(%(keys)s)",
            {"athlete": athlete_id, "keys": list(keys)},
        )
        return {key for (key,) in rows}
    ordered = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        query = select(SetRow.source_key).where(
            SetRow.athlete_id == athlete_id, SetRow.source_key.in_(chunk)
        )
        found.update(key for key in session.scalars(query) if key is not None)
    return found


_SET_TYPES: frozenset[str] = frozenset(get_args(SetType))


def _set_type(record: SetRecord, set_type: SetType | None) -> SetType:
    if set_type is None:
        return "warmup" if record.warmup else "normal"
    if set_type not in _SET_TYPES:
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
        "fault_reps": None if record.fault_reps is None else dict(record.fault_reps),
        "full_extension": record.full_extension,
        "tempo_up_s": None if record.tempo is None else record.tempo.up_s,
        "tempo_top_s": None if record.tempo is None else record.tempo.top_s,
        "tempo_down_s": None if record.tempo is None else record.tempo.down_s,
        "warmup": record.warmup,
        "set_type": _set_type(record, set_type),
        "notes": record.notes,
        "source": source,
        "source_key": source_key,
    }


def _imported_row(
    athlete_id: int,
    session_ids: dict[date, int],
    imported: SourcedSet,
    source: str,
    now: Any,
    bound: _BoundValues,
) -> tuple[Any, ...]:
    """An imported set's values in ``_COPY_COLUMNS`` order, as the driver receives them."""
    record = imported.record
    variation = record.variation
    if not variation.strip():
        raise InputError("a set needs an exercise: give its variation")
    set_type = imported.set_type
    if set_type is None or set_type not in _SET_TYPES or (set_type == "warmup") != record.warmup:
        set_type = _set_type(record, set_type)
    flags = bound.flags
    own_source = imported.source
    if own_source is not None and (not own_source or len(own_source) > _MAX_SOURCE):
        raise InputError(f"a set's source is a short name such as 'cli', not {own_source!r}")
    tempo = record.tempo
    return (
        session_ids[record.performed_at.date()],
        athlete_id,
        bound.time(record.performed_at),
        imported.exercise_name or variation,
        variation if _is_variation_id(variation) else None,
        record.load_kg,
        record.reps,
        record.reps_right,
        record.hold_s,
        record.rpe,
        record.rir,
        record.pain,
        bound.json(record.felt_in) if record.felt_in else bound.empty_json,
        bound.json(record.faults) if record.faults else bound.empty_json,
        flags[record.full_extension],
        flags[record.warmup],
        set_type,
        record.notes,
        None,
        own_source or source,
        imported.source_key,
        now,
        None if tempo is None else tempo.up_s,
        None if tempo is None else tempo.top_s,
        None if tempo is None else tempo.down_s,
        bound.fault_reps(record.fault_reps),
    )


@functools.lru_cache(maxsize=4096)
def _is_variation_id(text: str) -> bool:
    return _VARIATION_ID.fullmatch(text) is not None


def _fault_reps(value: Any) -> tuple[tuple[str, int], ...] | None:
    """The stored per-rep fault counts (JSON ``{"fault": reps}``) back as pairs."""
    if not isinstance(value, dict):
        return None
    return tuple(sorted((str(fault), int(count)) for fault, count in value.items()))


def _tempo(row: SetRow) -> Tempo | None:
    phases = (row.tempo_up_s, row.tempo_top_s, row.tempo_down_s)
    if phases[0] is None or phases[1] is None or phases[2] is None:
        return None
    return Tempo(phases[0], phases[1], phases[2])


def logged_set(row: SetRow) -> LoggedSet:
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
        tempo=_tempo(row),
        fault_reps=_fault_reps(row.fault_reps),
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
