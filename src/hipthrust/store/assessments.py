"""Assessments (domain.md §3): the answers given and the outcome; every one is kept."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipthrust.coaching.ladder import LADDER
from hipthrust.errors import InputError
from hipthrust.store.models import AssessmentRow, require_zone

__all__ = [
    "Assessment",
    "add_assessment",
    "assessments",
    "latest_assessment",
    "latest_assessments",
]


@dataclass(frozen=True)
class Assessment:
    """A stored assessment; ``answers`` and ``result`` are the assessment layer's JSON."""

    id: int
    athlete_id: int
    taken_at: datetime
    answers: dict[str, Any]
    result: dict[str, Any]
    start_rung: int | None


def add_assessment(
    session: Session,
    athlete_id: int,
    *,
    taken_at: datetime,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    start_rung: int | None,
) -> Assessment:
    if start_rung is not None and not 0 <= start_rung < len(LADDER):
        raise InputError(f"rung must be from 0 to {len(LADDER) - 1}, not {start_rung}")
    row = AssessmentRow(
        athlete_id=athlete_id,
        taken_at=require_zone(taken_at),
        answers=dict(answers),
        result=dict(result),
        start_rung=start_rung,
    )
    session.add(row)
    session.flush()
    return _assessment(row)


def latest_assessment(session: Session, athlete_id: int) -> Assessment | None:
    query = (
        select(AssessmentRow)
        .where(AssessmentRow.athlete_id == athlete_id)
        .order_by(AssessmentRow.taken_at.desc(), AssessmentRow.id.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return None if row is None else _assessment(row)


def latest_assessments(session: Session, athlete_ids: Iterable[int]) -> dict[int, Assessment]:
    """The latest assessment of each of ``athlete_ids`` that has one, in one query."""
    rank = (
        func.row_number()
        .over(
            partition_by=AssessmentRow.athlete_id,
            order_by=(AssessmentRow.taken_at.desc(), AssessmentRow.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(AssessmentRow.id, rank)
        .where(AssessmentRow.athlete_id.in_(tuple(athlete_ids)))
        .subquery()
    )
    rows = session.scalars(
        select(AssessmentRow)
        .join(ranked, ranked.c.id == AssessmentRow.id)
        .where(ranked.c.rank == 1)
    )
    return {row.athlete_id: _assessment(row) for row in rows}


def assessments(session: Session, athlete_id: int) -> tuple[Assessment, ...]:
    """All of the athlete's assessments, oldest first."""
    query = (
        select(AssessmentRow)
        .where(AssessmentRow.athlete_id == athlete_id)
        .order_by(AssessmentRow.taken_at, AssessmentRow.id)
    )
    return tuple(_assessment(row) for row in session.scalars(query))


def _assessment(row: AssessmentRow) -> Assessment:
    return Assessment(
        id=row.id,
        athlete_id=row.athlete_id,
        taken_at=row.taken_at,
        answers=dict(row.answers),
        result=dict(row.result),
        start_rung=row.start_rung,
    )
