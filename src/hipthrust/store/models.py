"""The tables of the training log (domain.md §6) as SQLAlchemy 2 typed declarative models.

Every table has an integer ``id`` and a ``created_at``. Times are stored as UTC and come back
timezone-aware (``UTCDateTime``); masses are kilograms; lists and nested settings are JSON.
The migration in ``migrations/versions`` creates exactly these tables (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from hipthrust.errors import InputError

__all__ = [
    "AssessmentRow",
    "AthleteRow",
    "Base",
    "CheckinRow",
    "CoachLinkRow",
    "CommentRow",
    "InvitationRow",
    "PasswordResetRow",
    "PlanRow",
    "SetRow",
    "TrainingSessionRow",
    "UTCDateTime",
    "UserRow",
    "VideoAnalysisRow",
    "require_zone",
    "utc_now",
]

# Deterministic constraint names, so migrations can drop and alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def require_zone(at: datetime) -> datetime:
    """``at`` itself, when it names an instant (carries a time zone); else InputError."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(f"the time {at.isoformat()} has no time zone: give it one (e.g. UTC)")
    return at


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time: timezone-aware in, stored as UTC, timezone-aware (UTC) out.

    SQLite has no time zones, so the UTC wall time is stored there without an offset;
    PostgreSQL stores ``timestamptz``. A naive datetime is refused: it names no instant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a stored time must carry a time zone, not {value.isoformat()}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        datetime: UTCDateTime(),
        date: Date(),
        float: Double(),
        str: Text(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


def _created_at() -> Mapped[datetime]:
    return mapped_column(default=utc_now)


def _athlete_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))


class AthleteRow(Base):
    """A person being coached, with what the plan needs to know about them."""

    __tablename__ = "athletes"
    __table_args__ = (
        CheckConstraint("units IN ('kg', 'lb')", name="units"),
        CheckConstraint("current_rung IS NULL OR current_rung BETWEEN 0 AND 6", name="rung"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    units: Mapped[str] = mapped_column(String(2))
    equipment: Mapped[dict[str, Any]]  # bar, plates, bench, bands, dumbbells ...
    goal: Mapped[str | None] = mapped_column(String(20))
    training_days: Mapped[list[str]]  # weekday names, "mon" .. "sun"
    deadlift_day: Mapped[str | None] = mapped_column(String(3))
    on_shift: Mapped[bool] = mapped_column(Boolean)
    shift_schedule: Mapped[dict[str, Any]]
    clearances: Mapped[dict[str, Any]]  # e.g. {"hip_replacement": {"cleared": true, ...}}
    current_rung: Mapped[int | None] = mapped_column(Integer)  # chosen, never derived
    rung_chosen_at: Mapped[datetime | None]
    loading_allowed: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str]
    time_zone: Mapped[str | None] = mapped_column(String(64))  # IANA name; None: UTC
    created_at: Mapped[datetime] = _created_at()
    # The name people see (0003a): a web account's own name, which need not be unique;
    # ``name`` stays the log's unique handle (``--athlete NAME``). NULL: ``name`` is shown.
    display_name: Mapped[str | None] = mapped_column(String(80))


class AssessmentRow(Base):
    """One run of the screening and bridge tests (domain.md §3); history is kept."""

    __tablename__ = "assessments"
    __table_args__ = (Index(None, "athlete_id", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    taken_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]
    start_rung: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created_at()


class PlanRow(Base):
    """A written program: the request that produced it and the plan itself; one is active."""

    __tablename__ = "plans"
    __table_args__ = (
        Index(None, "athlete_id"),
        Index(
            "uq_plans_one_active",
            "athlete_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    request: Mapped[dict[str, Any]]
    plan: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = _created_at()


class TrainingSessionRow(Base):
    """One training day of one athlete; every set belongs to one."""

    __tablename__ = "training_sessions"
    __table_args__ = (UniqueConstraint("athlete_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    day: Mapped[date]
    started_at: Mapped[datetime]
    notes: Mapped[str]
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    plan_week: Mapped[int | None] = mapped_column(Integer)
    plan_day: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created_at()


class VideoAnalysisRow(Base):
    """A video of a set and what the motion analysis made of it (filled by a later issue)."""

    __tablename__ = "video_analyses"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'running', 'done', 'failed')", name="status"),
        Index(None, "athlete_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    source_filename: Mapped[str]
    status: Mapped[str] = mapped_column(String(10))
    report: Mapped[dict[str, Any] | None]
    error: Mapped[str | None]
    created_at: Mapped[datetime] = _created_at()
    # An upload analysed in the background (0002): where the video and the outputs are kept,
    # how far the job has got, what the lifter said about the set, and who uploaded it.
    video_path: Mapped[str | None]
    output_dir: Mapped[str | None]
    stage: Mapped[str | None] = mapped_column(String(20))
    progress: Mapped[float | None]
    settings: Mapped[dict[str, Any] | None]
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None]
    # How many times a worker has claimed it (0003b): a video that stops its worker again and
    # again is marked failed instead of being queued for ever.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class SetRow(Base):
    """One set as it happened.

    ``variation`` is an id: a catalogue id for the hip thrust family, or another lift's id
    such as ``"deadlift"``; NULL when the exercise is known only by free text.
    ``exercise_name`` always holds the name as the source wrote it. ``reps`` is the left side
    of a single-leg set, ``reps_right`` the right. ``source`` says where the set came from
    ("cli", "web", "strong" ...); ``source_key`` identifies a row of an imported file, so
    importing the same file twice adds nothing.
    """

    __tablename__ = "sets"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source_key"),
        UniqueConstraint("video_analysis_id"),  # one set per video (0003a)
        CheckConstraint("set_type IN ('normal', 'warmup', 'dropset', 'failure')", name="set_type"),
        Index(None, "athlete_id", "performed_at"),
        Index(None, "session_id"),
        # A client's idempotency key (0006o): one set per key per athlete; NULLs never collide.
        Index(None, "athlete_id", "idempotency_key", unique=True),
        Index(None, "athlete_id", "variation", "warmup", "performed_at"),  # 0006s
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = _athlete_fk()
    performed_at: Mapped[datetime]
    exercise_name: Mapped[str]
    variation: Mapped[str | None] = mapped_column(String(40))
    load_kg: Mapped[float | None]
    reps: Mapped[int] = mapped_column(Integer)
    reps_right: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[float | None]
    rpe: Mapped[float | None]
    rir: Mapped[int | None] = mapped_column(Integer)
    pain: Mapped[int | None] = mapped_column(Integer)
    # The tempo (0005b): lift, top hold and lowering in seconds; all three or none.
    tempo_up_s: Mapped[float | None]
    tempo_top_s: Mapped[float | None]
    tempo_down_s: Mapped[float | None]
    felt_in: Mapped[list[str]]
    faults: Mapped[list[str]]
    # Reps showing each fault, for a set read from a video (0006m); NULL: faults per set only.
    fault_reps: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    full_extension: Mapped[bool | None] = mapped_column(Boolean)
    warmup: Mapped[bool] = mapped_column(Boolean)
    set_type: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str]
    video_analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("video_analyses.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str | None]
    # The key a client sent with the set and a fingerprint of what it sent (0006o): the same
    # key again returns this set; with other values it is refused (docs/log.md).
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    idempotency_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created_at()


class CheckinRow(Base):
    """A day's check-in: next-morning pain and bodyweight; one per athlete per day."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("athlete_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    day: Mapped[date]
    next_morning_pain: Mapped[int | None] = mapped_column(Integer)
    bodyweight_kg: Mapped[float | None]
    notes: Mapped[str]
    created_at: Mapped[datetime] = _created_at()


class ChangeRow(Base):
    """A correction to the log (0005a): who changed a set or a check-in, when, and what it
    was. ``subject`` is "set" (``subject_id`` its id) or "checkin" (``day`` its day);
    ``action`` is "edit", "delete" or "undo" (a set taken back right after logging it);
    ``before`` holds the values as they were, ``after`` the new ones (None when removed).
    ``changed_by`` is the signed-in user (None for the CLI's local owner), ``changed_by_name``
    the name they went by at the time.
    """

    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("subject IN ('set', 'checkin')", name="subject"),
        CheckConstraint("action IN ('edit', 'delete', 'undo')", name="action"),
        Index(None, "athlete_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    changed_at: Mapped[datetime]
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_by_name: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None]
    action: Mapped[str] = mapped_column(String(10))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any] | None]


class UserRow(Base):
    """Someone who signs in to the web app: an athlete (owning one athlete) or a coach.

    ``email`` is stored lower-cased; ``password_hash`` is an Argon2id hash (never the password).
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('athlete', 'coach')", name="role"),
        CheckConstraint("role = 'coach' OR athlete_id IS NOT NULL", name="athlete_owner"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str]
    role: Mapped[str] = mapped_column(String(10))
    display_name: Mapped[str] = mapped_column(String(80))
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = _created_at()
    # Bumped to end every session of the user (0003a): signing out everywhere, a new password.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class InvitationRow(Base):
    """A coach's invitation; an athlete who accepts it is linked to the coach.

    Only a hash of the token is stored: the token itself is shown to the coach once.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created_at()


class PasswordResetRow(Base):
    """A one-time link to choose a new password (``hipthrust users reset-link``).

    Only a hash of the token is stored; ``used_at`` is set once, atomically, when it is used.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created_at()


class CoachLinkRow(Base):
    """A coach looks after an athlete."""

    __tablename__ = "coach_links"
    __table_args__ = (UniqueConstraint("coach_id", "athlete_id"), Index(None, "athlete_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = _athlete_fk()
    created_at: Mapped[datetime] = _created_at()


class CommentRow(Base):
    """A coach's comment to an athlete (0006c) on a set, a video analysis or a day.

    ``target`` is "set" (``set_id``), "video" (``analysis_id``) or "day"; ``day`` is always
    the athlete's local calendar day it belongs to (the set's, the video's upload, or the
    day itself), so a comment stays on its day when its set or video is removed (the link
    becomes NULL). ``author_id`` is the coach (NULL once their account is gone);
    ``author_name`` the name they went by when they wrote it.
    """

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("target IN ('set', 'video', 'day')", name="target"),
        Index(None, "athlete_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80))
    target: Mapped[str] = mapped_column(String(5))
    set_id: Mapped[int | None] = mapped_column(ForeignKey("sets.id", ondelete="SET NULL"))
    analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("video_analyses.id", ondelete="SET NULL")
    )
    day: Mapped[date]
    text: Mapped[str]
    created_at: Mapped[datetime] = _created_at()
