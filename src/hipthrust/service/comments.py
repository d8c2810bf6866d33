"""Comments: a coach's word to an athlete on a set, a video analysis or a training day.

``add_comment`` is for the athlete's coach only: the athlete reads comments, and a coach not
linked to the athlete is refused as on every other route (``athlete_for``: AccessDenied).
The set or video commented on must be the athlete's. Each comment belongs to a calendar day
where the athlete lives (the set's day, the day the video was uploaded, or the day named),
so History shows it beside that day even after its set is removed.

``comments_for`` reads them (the athlete and their coaches), by a range of days or for one
set or video; ``recent_comments`` the latest few for Today. Times are given in the
athlete's time zone. Text is kept as typed (stripped); pages escape it when they show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, get_args

from sqlalchemy.orm import Session

from hipthrust.errors import AccessDenied, InputError
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.store import Athlete
from hipthrust.store.comments import (
    CommentTarget,
    StoredComment,
    add_comment_row,
    comment_rows,
)
from hipthrust.store.models import SetRow, VideoAnalysisRow

__all__ = [
    "MAX_COMMENT_CHARS",
    "RECENT_DAYS",
    "TARGETS",
    "Comment",
    "Comments",
    "add_comment",
    "comments_for",
    "recent_comments",
]

MAX_COMMENT_CHARS = 2000  # [design] a few paragraphs: a comment, not a letter
RECENT_DAYS = 14  # [design] Today shows the comments of the last two weeks
RECENT_LIMIT = 5
TARGETS: tuple[CommentTarget, ...] = get_args(CommentTarget)


@dataclass(frozen=True)
class Comment:
    """A stored comment with its time where the athlete lives (``local_at``)."""

    stored: StoredComment
    local_at: datetime

    @property
    def id(self) -> int:
        return self.stored.id

    @property
    def target(self) -> CommentTarget:
        return self.stored.target

    @property
    def set_id(self) -> int | None:
        return self.stored.set_id

    @property
    def analysis_id(self) -> int | None:
        return self.stored.analysis_id

    @property
    def day(self) -> date:
        return self.stored.day

    @property
    def text(self) -> str:
        return self.stored.text

    @property
    def author(self) -> str:
        return self.stored.author_name

    @property
    def when(self) -> str:
        """e.g. "Mon 7 Dec, 18:05" (the athlete's time)."""
        at = self.local_at
        return f"{at.strftime('%a')} {at.day} {at.strftime('%b')}, {at.strftime('%H:%M')}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target": self.target,
            "set_id": self.set_id,
            "analysis_id": self.analysis_id,
            "day": self.day.isoformat(),
            "text": self.text,
            "author": self.author,
            "created_at": self.local_at.isoformat(),
        }


@dataclass(frozen=True)
class Comments:
    """An athlete's comments, oldest first, with ways to find them beside a set or a day."""

    athlete: Athlete
    items: tuple[Comment, ...]

    def on_set(self, set_id: int) -> tuple[Comment, ...]:
        return tuple(c for c in self.items if c.target == "set" and c.set_id == set_id)

    def on_day(
        self, day: date | str, shown_sets: frozenset[int] = frozenset()
    ) -> tuple[Comment, ...]:
        """The day's comments not shown beside one of ``shown_sets``: on the day itself, on a
        video of the day, or on a set no longer shown (removed, or off the page)."""
        if isinstance(day, str):
            day = date.fromisoformat(day)
        return tuple(
            c
            for c in self.items
            if c.day == day and not (c.target == "set" and c.set_id in shown_sets)
        )

    def on_video(self, analysis_id: int) -> tuple[Comment, ...]:
        return tuple(c for c in self.items if c.target == "video" and c.analysis_id == analysis_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete.shown_name,
            "time_zone": self.athlete.time_zone or "UTC",
            "comments": [c.to_json() for c in self.items],
        }


def _local(stored: StoredComment, zone: tzinfo) -> Comment:
    return Comment(stored, stored.created_at.astimezone(zone))


def clean_text(text: str) -> str:
    """The comment as stored: stripped, not empty, at most ``MAX_COMMENT_CHARS``."""
    cleaned = text.strip()
    if not cleaned:
        raise InputError("the comment is empty: write something for the athlete")
    if len(cleaned) > MAX_COMMENT_CHARS:
        raise InputError(
            f"the comment is too long ({len(cleaned)} characters): use at most {MAX_COMMENT_CHARS}"
        )
    return cleaned


def _read_day(value: date | str | None, today: date) -> date:
    if value is None or value == "":
        raise InputError("name the day to comment on, e.g. 2026-12-07")
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"cannot read {value!r} as a day: use e.g. 2026-12-07") from None
    if day > today:
        raise InputError(f"{day.isoformat()} is still to come: comment on a day that has begun")
    return day


def add_comment(
    session: Session,
    actor: Actor,
    athlete_id: int,
    *,
    target: str,
    text: str,
    now: datetime,
    set_id: int | None = None,
    analysis_id: int | None = None,
    day: date | str | None = None,
) -> Comment:
    """The athlete's coach comments on one of the athlete's sets (``set_id``), videos
    (``analysis_id``) or days (``day``). AccessDenied for anyone but a coach linked to the
    athlete; InputError for an empty or too long text or a target that is not the athlete's."""
    athlete = athlete_for(session, actor, athlete_id)  # a coach of another: AccessDenied
    if not actor.is_coach:
        raise AccessDenied("only the athlete's coach can comment: athletes read the comments")
    if target not in TARGETS:
        raise InputError(f"unknown target {target!r}: comment on a set, a video or a day")
    cleaned = clean_text(text)
    zone = athlete.zone
    if target == "set":
        if set_id is None:
            raise InputError("name the set to comment on (set_id)")
        row = session.get(SetRow, set_id)
        if row is None or row.athlete_id != athlete.id:
            raise InputError(f"the athlete has no set with id {set_id}")
        on = row.performed_at.astimezone(zone).date()
        analysis_id = None
    elif target == "video":
        if analysis_id is None:
            raise InputError("name the video to comment on (analysis_id)")
        video = session.get(VideoAnalysisRow, analysis_id)
        if video is None or video.athlete_id != athlete.id:
            raise InputError(f"the athlete has no video with id {analysis_id}")
        on = video.created_at.astimezone(zone).date()
        set_id = None
    else:
        on = _read_day(day, now.astimezone(zone).date())
        set_id = analysis_id = None
    stored = add_comment_row(
        session,
        athlete.id,
        author_id=actor.user_id,
        author_name=actor.display_name,
        target=target,  # checked against TARGETS
        day=on,
        text=cleaned,
        at=now,
        set_id=set_id,
        analysis_id=analysis_id,
    )
    return _local(stored, zone)


def comments_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    set_id: int | None = None,
    analysis_id: int | None = None,
) -> Comments:
    """The athlete's comments (for the athlete and their coaches), oldest first: on the days
    ``since..until`` (both included; None: no bound), on one set or on one video."""
    athlete = athlete_for(session, actor, athlete_id)
    if since is not None and until is not None and since > until:
        raise InputError(f"the first day {since} is after the last day {until}")
    rows = comment_rows(
        session, athlete.id, since=since, until=until, set_id=set_id, analysis_id=analysis_id
    )
    zone = athlete.zone
    return Comments(athlete, tuple(_local(row, zone) for row in rows))


def recent_comments(
    session: Session, actor: Actor, athlete_id: int, now: datetime, limit: int = RECENT_LIMIT
) -> tuple[Comment, ...]:
    """The latest comments of the last ``RECENT_DAYS`` days, newest first (for Today)."""
    athlete = athlete_for(session, actor, athlete_id)
    zone = athlete.zone
    since = now.astimezone(zone).date() - timedelta(days=RECENT_DAYS - 1)
    rows = comment_rows(session, athlete.id, since=since, limit=limit, newest_first=True)
    return tuple(_local(row, zone) for row in rows)
