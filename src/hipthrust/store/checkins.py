"""Daily check-ins: next-morning pain and bodyweight, one row per athlete per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hipthrust.coaching.records import Checkin
from hipthrust.store.models import CheckinRow, utc_now

__all__ = ["add_checkin", "add_new_checkins", "checkin_on", "checkins", "latest_bodyweight"]


def add_checkin(session: Session, athlete_id: int, checkin: Checkin) -> Checkin:
    """Record the day's check-in and return the day's check-in as now stored.

    A second check-in on the same day fills in what it gives: a value left None keeps the
    stored one (pain in the morning, bodyweight later), and non-empty notes replace the notes.
    One statement (INSERT ... ON CONFLICT), so two at once cannot make two rows.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(CheckinRow).values(
        athlete_id=athlete_id,
        day=checkin.day,
        next_morning_pain=checkin.next_morning_pain,
        bodyweight_kg=checkin.bodyweight_kg,
        notes=checkin.notes,
    )
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[CheckinRow.athlete_id, CheckinRow.day],
        set_={
            "next_morning_pain": func.coalesce(new.next_morning_pain, CheckinRow.next_morning_pain),
            "bodyweight_kg": func.coalesce(new.bodyweight_kg, CheckinRow.bodyweight_kg),
            "notes": func.coalesce(func.nullif(new.notes, ""), CheckinRow.notes),
        },
    )
    session.execute(statement)
    stored = checkin_on(session, athlete_id, checkin.day)
    assert stored is not None, "the check-in was just written"
    return stored


def add_new_checkins(session: Session, athlete_id: int, items: Sequence[Checkin]) -> int:
    """Store check-ins on days the athlete has none, in one statement (a restored backup's);
    a day that has one keeps it untouched. Returns how many were added."""
    if not items:
        return 0
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(CheckinRow).on_conflict_do_nothing(
        index_elements=[CheckinRow.athlete_id, CheckinRow.day]
    )
    rows = [
        {
            "athlete_id": athlete_id,
            "day": item.day,
            "next_morning_pain": item.next_morning_pain,
            "bodyweight_kg": item.bodyweight_kg,
            "notes": item.notes,
            "created_at": utc_now(),
        }
        for item in items
    ]
    before = _count(session, athlete_id)
    session.execute(statement, rows)
    return _count(session, athlete_id) - before


def _count(session: Session, athlete_id: int) -> int:
    query = select(func.count()).select_from(CheckinRow).where(CheckinRow.athlete_id == athlete_id)
    return int(session.scalar(query) or 0)


def checkin_on(session: Session, athlete_id: int, day: date) -> Checkin | None:
    query = select(CheckinRow).where(CheckinRow.athlete_id == athlete_id, CheckinRow.day == day)
    # populate_existing: an upsert in this session may have changed a row already loaded.
    row = session.scalars(query.execution_options(populate_existing=True)).one_or_none()
    return None if row is None else _checkin(row)


def checkins(
    session: Session, athlete_id: int, since: date | None = None, until: date | None = None
) -> tuple[Checkin, ...]:
    """The athlete's check-ins with ``since <= day < until`` (open ends when None), by day."""
    query = select(CheckinRow).where(CheckinRow.athlete_id == athlete_id)
    if since is not None:
        query = query.where(CheckinRow.day >= since)
    if until is not None:
        query = query.where(CheckinRow.day < until)
    return tuple(_checkin(row) for row in session.scalars(query.order_by(CheckinRow.day)))


def latest_bodyweight(session: Session, athlete_id: int, until: date) -> tuple[Checkin, ...]:
    """The athlete's latest check-in on or before ``until`` that gives a bodyweight (none or
    one): what the injury rules read, found through the (athlete, day) index, newest first,
    however many check-ins the log holds."""
    query = (
        select(CheckinRow)
        .where(
            CheckinRow.athlete_id == athlete_id,
            CheckinRow.day <= until,
            CheckinRow.bodyweight_kg.is_not(None),
        )
        .order_by(CheckinRow.day.desc())
        .limit(1)
    )
    return tuple(_checkin(row) for row in session.scalars(query))


def _checkin(row: CheckinRow) -> Checkin:
    return Checkin(
        day=row.day,
        next_morning_pain=row.next_morning_pain,
        bodyweight_kg=row.bodyweight_kg,
        notes=row.notes,
    )
