"""A video uploaded for analysis and watched until the worker is done with it, and whether a
process still runs: shared by the worker, ``serve`` and supervisor tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from hipthrust.jobs.queue import huey_queue
from hipthrust.service.accounts import sign_up
from hipthrust.service.uploads import UploadPlace, VideoChoice, upload_video
from hipthrust.settings import Settings
from hipthrust.store import Store, transaction
from hipthrust.store.videos import VideoAnalysis, get_video_analysis

__all__ = ["alive", "analysis_of", "upload_for_ann", "wait_for_status"]


def upload_for_ann(
    settings: Settings, store: Store, clip: Path, filename: str | None = None
) -> VideoAnalysis:
    """A new athlete, Ann, uploads ``clip`` (as ``filename``, default its own name) as a glute
    bridge: stored and queued for the worker, as the upload page does it."""
    with transaction(store) as session:
        ann = sign_up(session, "ann@example.com", "correct horse battery", "athlete", "Ann")
    assert ann.athlete_id is not None
    queue = huey_queue(settings)
    try:
        return upload_video(
            store,
            ann,
            ann.athlete_id,
            UploadPlace(settings.uploads_dir, settings.max_upload_bytes),
            [clip.read_bytes()],
            filename or clip.name,
            VideoChoice("glute bridge"),
            queue,
            datetime.now(UTC),
        )
    finally:
        queue.close()  # type: ignore[attr-defined]


def analysis_of(store: Store, analysis_id: int) -> VideoAnalysis:
    """The analysis as stored now."""
    with transaction(store) as session:
        return get_video_analysis(session, analysis_id)


def wait_for_status(
    store: Store, analysis_id: int, statuses: tuple[str, ...], seconds: float
) -> VideoAnalysis:
    """The analysis once its status is one of ``statuses``, or as it is after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        analysis = analysis_of(store, analysis_id)
        if analysis.status in statuses or time.monotonic() > deadline:
            return analysis
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, exited but not reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
