"""Video analyses, kept minimal: a row per uploaded video, its status and its report.

A later issue (the analysis pipeline) fills this in; sets point at a row here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy.orm import Session

from hipthrust.errors import InputError
from hipthrust.store.models import VideoAnalysisRow

__all__ = [
    "AnalysisStatus",
    "VideoAnalysis",
    "add_video_analysis",
    "get_video_analysis",
    "set_video_analysis",
]

AnalysisStatus = Literal["pending", "running", "done", "failed"]


@dataclass(frozen=True)
class VideoAnalysis:
    id: int
    athlete_id: int
    source_filename: str
    status: AnalysisStatus
    report: dict[str, Any] | None
    error: str | None


def add_video_analysis(session: Session, athlete_id: int, source_filename: str) -> VideoAnalysis:
    """Record a video waiting to be analysed (status ``pending``)."""
    row = VideoAnalysisRow(athlete_id=athlete_id, source_filename=source_filename, status="pending")
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
    session.flush()
    return _video_analysis(row)


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
    )
