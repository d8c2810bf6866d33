"""Corrections to the log: change or remove a set or a check-in, each recorded (who, when, what).

The functions here change a row and write its ``ChangeRow`` in the caller's transaction, so a
correction and its record are kept or lost together. ``before``/``after`` are the values as
JSON (the set's record, the check-in's values), enough to show what it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.errors import InputError
from hipthrust.store.models import ChangeRow, CheckinRow, SetRow, require_zone
from hipthrust.store.training import LoggedSet, ensure_training_session, logged_set

__all__ = [
    "Change",
    "ChangeAction",
    "Changer",
    "change_checkin",
    "change_set",
    "changes",
    "logged_set_of",
    "remove_checkin",
    "remove_set",
]

ChangeAction = Literal["edit", "delete", "undo"]


@dataclass(frozen=True)
class Changer:
    """Who makes a change: a user's id (None for the CLI's local owner) and their name."""

    user_id: int | None
    name: str


@dataclass(frozen=True)
class Change:
    id: int
    athlete_id: int
    changed_at: datetime
    changed_by: int | None
    changed_by_name: str
    subject: Literal["set", "checkin"]
    subject_id: int | None
    day: date | None
    action: ChangeAction
    before: dict[str, Any]
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.changed_at.isoformat(),
            "by": self.changed_by_name,
            "subject": self.subject,
            "set_id": self.subject_id,
            "day": None if self.day is None else self.day.isoformat(),
            "action": self.action,
            "before": self.before,
            "after": self.after,
        }


def _record_json(record: SetRecord) -> dict[str, Any]:
    return {
        "performed_at": record.performed_at.isoformat(),
        "variation": record.variation,
        "reps": record.reps,
        "reps_right": record.reps_right,
        "load_kg": record.load_kg,
        "hold_s": record.hold_s,
        "rpe": record.rpe,
        "rir": record.rir,
        "pain": record.pain,
        "warmup": record.warmup,
        "notes": record.notes,
    }


def _checkin_json(checkin: Checkin) -> dict[str, Any]:
    return {
        "day": checkin.day.isoformat(),
        "next_morning_pain": checkin.next_morning_pain,
        "bodyweight_kg": checkin.bodyweight_kg,
        "notes": checkin.notes,
    }


def logged_set_of(session: Session, athlete_id: int, set_id: int) -> LoggedSet:
    """One of the athlete's sets (an ``InputError`` when the athlete has no such set)."""
    return logged_set(_set_row(session, athlete_id, set_id))


def _set_row(session: Session, athlete_id: int, set_id: int) -> SetRow:
    row = session.get(SetRow, set_id)
    if row is None or row.athlete_id != athlete_id:
        raise InputError(f"the athlete has no set with id {set_id}")
    return row


def _record(
    session: Session,
    athlete_id: int,
    by: Changer,
    at: datetime,
    action: ChangeAction,
    subject: Literal["set", "checkin"],
    before: dict[str, Any],
    after: dict[str, Any] | None,
    *,
    subject_id: int | None = None,
    day: date | None = None,
) -> None:
    session.add(
        ChangeRow(
            athlete_id=athlete_id,
            changed_at=require_zone(at),
            changed_by=by.user_id,
            changed_by_name=by.name[:80],
            subject=subject,
            subject_id=subject_id,
            day=day,
            action=action,
            before=before,
            after=after,
        )
    )


def change_set(
    session: Session,
    athlete_id: int,
    set_id: int,
    record: SetRecord,
    by: Changer,
    at: datetime,
) -> LoggedSet:
    """Replace the values of one of the athlete's sets with ``record`` (moving it to the
    day of its new time when that changed); the old values are recorded."""
    row = _set_row(session, athlete_id, set_id)
    old = logged_set(row)
    if record == old.record:
        return old
    if record.performed_at != old.record.performed_at:
        row.session_id = ensure_training_session(session, athlete_id, record.performed_at).id
    row.performed_at = require_zone(record.performed_at)
    if record.variation != old.record.variation:
        row.variation, row.exercise_name = record.variation, record.variation
    row.reps, row.reps_right, row.load_kg = record.reps, record.reps_right, record.load_kg
    row.hold_s, row.rpe, row.rir, row.pain = record.hold_s, record.rpe, record.rir, record.pain
    row.warmup, row.notes = record.warmup, record.notes
    if record.warmup != old.record.warmup:
        row.set_type = "warmup" if record.warmup else "normal"
    _record(
        session,
        athlete_id,
        by,
        at,
        "edit",
        "set",
        _record_json(old.record),
        _record_json(record),
        subject_id=set_id,
        day=old.record.performed_at.date(),
    )
    session.flush()
    return logged_set(row)


def remove_set(
    session: Session,
    athlete_id: int,
    set_id: int,
    by: Changer,
    at: datetime,
    *,
    undo: bool = False,
) -> LoggedSet:
    """Remove one of the athlete's sets and record what it was (``undo``: taken back right
    after logging it). Returns the set as it was."""
    row = _set_row(session, athlete_id, set_id)
    old = logged_set(row)
    _record(
        session,
        athlete_id,
        by,
        at,
        "undo" if undo else "delete",
        "set",
        {**_record_json(old.record), "source": old.source},
        None,
        subject_id=set_id,
        day=old.record.performed_at.date(),
    )
    session.execute(delete(SetRow).where(SetRow.id == set_id))
    return old


def _checkin_row(session: Session, athlete_id: int, day: date) -> CheckinRow:
    query = select(CheckinRow).where(CheckinRow.athlete_id == athlete_id, CheckinRow.day == day)
    row = session.scalars(query.execution_options(populate_existing=True)).one_or_none()
    if row is None:
        raise InputError(f"there is no check-in on {day.isoformat()}")
    return row


def _stored_checkin(row: CheckinRow) -> Checkin:
    return Checkin(row.day, row.next_morning_pain, row.bodyweight_kg, row.notes)


def change_checkin(
    session: Session, athlete_id: int, checkin: Checkin, by: Changer, at: datetime
) -> Checkin:
    """Replace the values of the check-in on ``checkin.day`` (None clears a value)."""
    row = _checkin_row(session, athlete_id, checkin.day)
    old = _stored_checkin(row)
    if old == checkin:
        return old
    row.next_morning_pain, row.bodyweight_kg = checkin.next_morning_pain, checkin.bodyweight_kg
    row.notes = checkin.notes
    _record(
        session,
        athlete_id,
        by,
        at,
        "edit",
        "checkin",
        _checkin_json(old),
        _checkin_json(checkin),
        day=checkin.day,
    )
    session.flush()
    return _stored_checkin(row)


def remove_checkin(
    session: Session, athlete_id: int, day: date, by: Changer, at: datetime
) -> Checkin:
    """Remove the check-in on ``day`` and record what it was."""
    row = _checkin_row(session, athlete_id, day)
    old = _stored_checkin(row)
    _record(session, athlete_id, by, at, "delete", "checkin", _checkin_json(old), None, day=day)
    session.delete(row)
    session.flush()
    return old


def changes(session: Session, athlete_id: int, limit: int | None = 50) -> tuple[Change, ...]:
    """The athlete's recorded corrections, newest first."""
    query = (
        select(ChangeRow)
        .where(ChangeRow.athlete_id == athlete_id)
        .order_by(ChangeRow.changed_at.desc(), ChangeRow.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return tuple(
        Change(
            id=row.id,
            athlete_id=row.athlete_id,
            changed_at=row.changed_at,
            changed_by=row.changed_by,
            changed_by_name=row.changed_by_name,
            subject=row.subject,  # type: ignore[arg-type]  # guarded by a CHECK
            subject_id=row.subject_id,
            day=row.day,
            action=row.action,  # type: ignore[arg-type]  # guarded by a CHECK
            before=row.before,
            after=row.after,
        )
        for row in session.scalars(query)
    )
