"""Video analyses: a row per video of a set, its status, how far its job has got, its report.

An upload (``add_upload``) starts ``pending``; a worker claims it (``claim_video_analysis``:
``pending`` -> ``running``, atomically, so a job queued twice runs once), writes its stage and
progress as it goes (``record_progress``, which doubles as the heartbeat), then moves it to
``done`` with the report or ``failed`` with the reason (``set_video_analysis``). A ``running``
row whose worker died is put back to ``pending`` by ``release_video_analysis``, or marked
``failed`` by ``give_up_video_analysis`` once it has stopped its worker too many times
(``attempts`` counts the claims); ``running_video_analyses`` lists the candidates. A worker
asked to stop hands its row back (``hand_back_video_analysis``: the attempt is not counted),
and a worker writes its result only to a row it still holds (``finish_video_analysis``). Sets
point at a row here (``set_of_video_analysis``).

Who claimed a row (host, process id, when the worker started) is kept in its ``settings``
under ``"claimed_by"``, beside what the lifter said about the set (exercise, load, side).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hipthrust.errors import InputError
from hipthrust.store.models import SetRow, VideoAnalysisRow, utc_now

__all__ = [
    "CLAIMED_BY",
    "AnalysisStatus",
    "VideoAnalysis",
    "add_upload",
    "add_video_analysis",
    "claim_video_analysis",
    "finish_video_analysis",
    "get_video_analysis",
    "give_up_video_analysis",
    "hand_back_video_analysis",
    "latest_video_analyses",
    "record_progress",
    "release_video_analysis",
    "running_video_analyses",
    "set_of_video_analysis",
    "set_video_analysis",
    "video_analyses_waiting",
]

AnalysisStatus = Literal["pending", "running", "done", "failed"]
CLAIMED_BY = "claimed_by"  # the key of ``settings`` naming the worker running the analysis


@dataclass(frozen=True)
class VideoAnalysis:
    id: int
    athlete_id: int
    source_filename: str  # as the person named it: shown, never used in a path
    status: AnalysisStatus
    report: dict[str, Any] | None
    error: str | None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    video_path: str | None = None  # an upload: the stored video (a random name)
    output_dir: str | None = None  # an upload: where the outputs are written
    stage: str | None = None  # while running: "starting", "pose", "analysis", "video", "saving"
    progress: float | None = None  # 0..1 while running
    settings: dict[str, Any] | None = None
    uploaded_by: int | None = None
    attempts: int = 0  # how many times a worker claimed it

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def claimed_by(self) -> dict[str, Any] | None:
        claim = (self.settings or {}).get(CLAIMED_BY)
        return dict(claim) if isinstance(claim, dict) else None


def add_video_analysis(session: Session, athlete_id: int, source_filename: str) -> VideoAnalysis:
    """Record a video waiting to be analysed (status ``pending``)."""
    row = VideoAnalysisRow(athlete_id=athlete_id, source_filename=source_filename, status="pending")
    session.add(row)
    session.flush()
    return _video_analysis(row)


def add_upload(
    session: Session,
    athlete_id: int,
    source_filename: str,
    *,
    video_path: str,
    output_dir: str,
    settings: Mapping[str, Any],
    uploaded_by: int | None,
    now: datetime,
) -> VideoAnalysis:
    """Record an uploaded video waiting for a worker (``pending``)."""
    row = VideoAnalysisRow(
        athlete_id=athlete_id,
        source_filename=source_filename,
        status="pending",
        video_path=video_path,
        output_dir=output_dir,
        settings=dict(settings),
        uploaded_by=uploaded_by,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _video_analysis(row)


def set_video_analysis(
    session: Session,
    analysis_id: int,
    status: AnalysisStatus,
    *,
    report: Mapping[str, Any] | None = None,
    error: str | None = None,
    now: datetime | None = None,
) -> VideoAnalysis:
    """Move an analysis to ``status``, with its report (done) or its error (failed)."""
    if status not in get_args(AnalysisStatus):
        raise InputError(
            f"unknown status {status!r}: use one of {', '.join(get_args(AnalysisStatus))}"
        )
    row = _row(session, analysis_id)
    row.status = status
    row.report = None if report is None else dict(report)
    row.error = error
    if status in ("done", "failed"):
        row.stage = None
        row.progress = 1.0 if status == "done" else row.progress
    row.updated_at = now or utc_now()
    session.flush()
    return _video_analysis(row)


def claim_video_analysis(
    session: Session, analysis_id: int, claimed_by: Mapping[str, Any], now: datetime
) -> VideoAnalysis | None:
    """Move a ``pending`` analysis to ``running`` for this worker; None when it is not pending
    (already claimed, finished or gone), so a job delivered twice runs once."""
    row = session.get(VideoAnalysisRow, analysis_id, with_for_update=True)
    if row is None:
        return None
    claimed = session.execute(
        update(VideoAnalysisRow)
        .where(VideoAnalysisRow.id == analysis_id, VideoAnalysisRow.status == "pending")
        .values(
            status="running",
            stage="starting",
            progress=0.0,
            error=None,
            settings={**(row.settings or {}), CLAIMED_BY: dict(claimed_by)},
            attempts=VideoAnalysisRow.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(row)
    return _video_analysis(row)


def finish_video_analysis(
    session: Session,
    analysis_id: int,
    claimed_by: Mapping[str, Any],
    *,
    report: Mapping[str, Any] | None = None,
    error: str | None = None,
    now: datetime,
) -> VideoAnalysis | None:
    """End a ``running`` analysis this worker still holds: ``done`` with ``report``, else
    ``failed`` with ``error``. None when the row is gone, no longer running, or held by another
    worker (it was handed back, or released as abandoned and claimed again), so a worker that
    lost its row never overwrites what another wrote."""
    row = session.get(VideoAnalysisRow, analysis_id, with_for_update=True)
    if row is None or row.status != "running":
        return None
    if (row.settings or {}).get(CLAIMED_BY) != dict(claimed_by):
        return None
    status: AnalysisStatus = "done" if report is not None else "failed"
    return set_video_analysis(session, analysis_id, status, report=report, error=error, now=now)


def record_progress(
    session: Session, analysis_id: int, stage: str, progress: float, now: datetime
) -> bool:
    """Write a running analysis' stage and progress (0..1) and beat its heart; False when it
    is no longer running (finished, or released as abandoned)."""
    result = session.execute(
        update(VideoAnalysisRow)
        .where(VideoAnalysisRow.id == analysis_id, VideoAnalysisRow.status == "running")
        .values(stage=stage[:20], progress=min(max(progress, 0.0), 1.0), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def running_video_analyses(session: Session) -> tuple[VideoAnalysis, ...]:
    """Every analysis marked ``running``, oldest heartbeat first."""
    rows = session.scalars(
        select(VideoAnalysisRow)
        .where(VideoAnalysisRow.status == "running")
        .order_by(VideoAnalysisRow.updated_at, VideoAnalysisRow.id)
    )
    return tuple(_video_analysis(row) for row in rows)


def video_analyses_waiting(session: Session, before: datetime) -> tuple[VideoAnalysis, ...]:
    """Uploads still ``pending`` whose row was last touched before ``before``."""
    rows = session.scalars(
        select(VideoAnalysisRow)
        .where(
            VideoAnalysisRow.status == "pending",
            VideoAnalysisRow.video_path.is_not(None),
            VideoAnalysisRow.updated_at < before,
        )
        .order_by(VideoAnalysisRow.id)
    )
    return tuple(_video_analysis(row) for row in rows)


def release_video_analysis(
    session: Session, analysis_id: int, last_seen: datetime | None, now: datetime
) -> bool:
    """Put an abandoned ``running`` (or long ``pending``) analysis back to ``pending``, touched
    ``now``; only if nobody has touched it since ``last_seen`` (False otherwise)."""
    guard = (
        VideoAnalysisRow.updated_at.is_(None)
        if last_seen is None
        else VideoAnalysisRow.updated_at == last_seen
    )
    result = session.execute(
        update(VideoAnalysisRow)
        .where(
            VideoAnalysisRow.id == analysis_id,
            VideoAnalysisRow.status.in_(("running", "pending")),
            guard,
        )
        .values(status="pending", stage=None, progress=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def give_up_video_analysis(
    session: Session, analysis_id: int, last_seen: datetime | None, error: str, now: datetime
) -> bool:
    """Mark an abandoned ``running`` analysis ``failed`` with ``error`` (it stopped its worker
    too many times); only if nobody has touched it since ``last_seen`` (False otherwise)."""
    guard = (
        VideoAnalysisRow.updated_at.is_(None)
        if last_seen is None
        else VideoAnalysisRow.updated_at == last_seen
    )
    result = session.execute(
        update(VideoAnalysisRow)
        .where(VideoAnalysisRow.id == analysis_id, VideoAnalysisRow.status == "running", guard)
        .values(status="failed", stage=None, error=error, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def hand_back_video_analysis(
    session: Session, analysis_id: int, host: str, run: str, now: datetime
) -> bool:
    """Put a ``running`` analysis claimed by this start of a worker (``host`` and ``run``, any
    of its processes) back to ``pending`` because the worker was asked to stop, not because
    the video stopped it: its attempt is not counted. False when the row is not running or
    is held by another worker."""
    row = session.get(VideoAnalysisRow, analysis_id, with_for_update=True)
    if row is None or row.status != "running":
        return False
    claim = (row.settings or {}).get(CLAIMED_BY)
    if not isinstance(claim, dict) or (claim.get("host"), claim.get("run")) != (host, run):
        return False
    row.status = "pending"
    row.stage = None
    row.progress = None
    row.attempts = max(row.attempts - 1, 0)
    row.updated_at = now
    session.flush()
    return True


def latest_video_analyses(
    session: Session, athlete_id: int, limit: int = 20
) -> tuple[VideoAnalysis, ...]:
    """The athlete's analyses, newest first."""
    rows = session.scalars(
        select(VideoAnalysisRow)
        .where(VideoAnalysisRow.athlete_id == athlete_id)
        .order_by(VideoAnalysisRow.created_at.desc(), VideoAnalysisRow.id.desc())
        .limit(limit)
    )
    return tuple(_video_analysis(row) for row in rows)


def set_of_video_analysis(session: Session, analysis_id: int) -> int | None:
    """The id of the set logged from this analysis, if one was."""
    return session.scalar(
        select(SetRow.id).where(SetRow.video_analysis_id == analysis_id).order_by(SetRow.id)
    )


def get_video_analysis(session: Session, analysis_id: int) -> VideoAnalysis:
    return _video_analysis(_row(session, analysis_id))


def _row(session: Session, analysis_id: int) -> VideoAnalysisRow:
    row = session.get(VideoAnalysisRow, analysis_id)
    if row is None:
        raise InputError(f"there is no video analysis with id {analysis_id}")
    return row


def _video_analysis(row: VideoAnalysisRow) -> VideoAnalysis:
    status: AnalysisStatus = row.status  # type: ignore[assignment]  # guarded by a CHECK
    return VideoAnalysis(
        id=row.id,
        athlete_id=row.athlete_id,
        source_filename=row.source_filename,
        status=status,
        report=None if row.report is None else dict(row.report),
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        video_path=row.video_path,
        output_dir=row.output_dir,
        stage=row.stage,
        progress=row.progress,
        settings=None if row.settings is None else dict(row.settings),
        uploaded_by=row.uploaded_by,
        attempts=row.attempts or 0,
    )
