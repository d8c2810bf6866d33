"""Plans: what was asked for and the program written from it; one plan per athlete is active."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hipthrust.store.models import PlanRow, require_zone

__all__ = ["StoredPlan", "active_plan", "plans", "save_plan"]


@dataclass(frozen=True)
class StoredPlan:
    """A stored plan; ``request`` and ``plan`` are the programming layer's JSON."""

    id: int
    athlete_id: int
    created_at: datetime
    request: dict[str, Any]
    plan: dict[str, Any]
    active: bool


def save_plan(
    session: Session,
    athlete_id: int,
    *,
    request: Mapping[str, Any],
    plan: Mapping[str, Any],
    activate: bool = True,
    created_at: datetime | None = None,
) -> StoredPlan:
    """Store a plan; with ``activate`` it becomes the active one and the previous one retires.

    ``created_at`` keeps the time a restored plan was first written (default: now)."""
    if activate:
        session.execute(
            update(PlanRow)
            .where(PlanRow.athlete_id == athlete_id, PlanRow.active.is_(True))
            .values(active=False)
            .execution_options(synchronize_session="fetch")
        )
    row = PlanRow(athlete_id=athlete_id, request=dict(request), plan=dict(plan), active=activate)
    if created_at is not None:
        row.created_at = require_zone(created_at)
    session.add(row)
    session.flush()
    return _plan(row)


def active_plan(session: Session, athlete_id: int) -> StoredPlan | None:
    query = select(PlanRow).where(PlanRow.athlete_id == athlete_id, PlanRow.active.is_(True))
    row = session.scalars(query).one_or_none()
    return None if row is None else _plan(row)


def plans(session: Session, athlete_id: int) -> tuple[StoredPlan, ...]:
    """All of the athlete's plans, oldest first."""
    query = select(PlanRow).where(PlanRow.athlete_id == athlete_id).order_by(PlanRow.id)
    return tuple(_plan(row) for row in session.scalars(query))


def _plan(row: PlanRow) -> StoredPlan:
    return StoredPlan(
        id=row.id,
        athlete_id=row.athlete_id,
        created_at=row.created_at,
        request=dict(row.request),
        plan=dict(row.plan),
        active=row.active,
    )
