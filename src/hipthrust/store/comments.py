"""Coaches' comments on an athlete's sets, videos and days (``CommentRow``).

Repository functions only: they check no permission (``hipthrust.service.comments`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipthrust.store.models import CommentRow, require_zone

__all__ = ["CommentTarget", "StoredComment", "add_comment_row", "comment_rows"]

CommentTarget = Literal["set", "video", "day"]


@dataclass(frozen=True)
class StoredComment:
    id: int
    athlete_id: int
    author_id: int | None
    author_name: str
    target: CommentTarget
    set_id: int | None
    analysis_id: int | None
    day: date
    text: str
    created_at: datetime


def _comment(row: CommentRow) -> StoredComment:
    target: CommentTarget = (
        "set" if row.target == "set" else "video" if row.target == "video" else "day"
    )
    return StoredComment(
        row.id,
        row.athlete_id,
        row.author_id,
        row.author_name,
        target,
        row.set_id,
        row.analysis_id,
        row.day,
        row.text,
        row.created_at,
    )


def add_comment_row(
    session: Session,
    athlete_id: int,
    *,
    author_id: int | None,
    author_name: str,
    target: CommentTarget,
    day: date,
    text: str,
    at: datetime,
    set_id: int | None = None,
    analysis_id: int | None = None,
) -> StoredComment:
    row = CommentRow(
        athlete_id=athlete_id,
        author_id=author_id,
        author_name=author_name,
        target=target,
        set_id=set_id,
        analysis_id=analysis_id,
        day=day,
        text=text,
        created_at=require_zone(at),
    )
    session.add(row)
    session.flush()
    return _comment(row)


def comment_rows(
    session: Session,
    athlete_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    set_id: int | None = None,
    analysis_id: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> tuple[StoredComment, ...]:
    """The athlete's comments on days ``since..until`` (both included), one set's or one
    video's when given; oldest first (``newest_first``: the latest first), at most ``limit``."""
    query = select(CommentRow).where(CommentRow.athlete_id == athlete_id)
    if since is not None:
        query = query.where(CommentRow.day >= since)
    if until is not None:
        query = query.where(CommentRow.day <= until)
    if set_id is not None:
        query = query.where(CommentRow.set_id == set_id)
    if analysis_id is not None:
        query = query.where(CommentRow.analysis_id == analysis_id)
    if newest_first:
        query = query.order_by(CommentRow.created_at.desc(), CommentRow.id.desc())
    else:
        query = query.order_by(CommentRow.created_at, CommentRow.id)
    if limit is not None:
        query = query.limit(limit)
    return tuple(_comment(row) for row in session.scalars(query))
