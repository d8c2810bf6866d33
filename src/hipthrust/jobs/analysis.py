"""The job a worker runs for an uploaded video (``hipthrust worker``; docs/jobs.md).

``run_analysis`` claims the stored analysis (``pending`` -> ``running``; a job delivered twice
runs once), runs ``analyze_video`` on the stored upload, writing the stage and progress to the
row at most every half second plus a heartbeat every 15 seconds while a stage is silent, and
ends ``done`` with the report or ``failed`` with the reason: the one-sentence refusal, told
with the name the person gave the file, or, for an unexpected error, a generic sentence (the
traceback goes to the log). Partial outputs of a failed analysis are removed. The result is
written only while the row is still this worker's (not handed back or taken over meanwhile).
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hipthrust.errors import HipthrustError
from hipthrust.motion.analysis import AnalysisOptions
from hipthrust.store import Store, transaction
from hipthrust.store.videos import (
    VideoAnalysis,
    claim_video_analysis,
    finish_video_analysis,
    record_progress,
)
from hipthrust.video.pipeline import VideoSettings, analyze_video, still_image_blazepose
from hipthrust.video.pose_model import BlazePose
from hipthrust.video.track import EstimatorFactory

__all__ = [
    "GENERIC_FAILURE",
    "HEARTBEAT_EVERY_S",
    "PROGRESS_EVERY_S",
    "WorkerId",
    "run_analysis",
    "told_as",
]

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.5  # [design] the row is written at most this often while running
HEARTBEAT_EVERY_S = 15.0  # [design] a running row is touched this often even when silent
GENERIC_FAILURE = (
    "the analysis stopped because of an error on the server (it has been logged): "
    "try uploading the video again"
)
# Overall progress: finding the body is most of the work, drawing the video the rest.
_STAGE_SPAN = {"starting": (0.0, 0.02), "pose": (0.02, 0.72), "video": (0.75, 0.98)}


@dataclass(frozen=True)
class WorkerId:
    """Who runs an analysis: the machine, the process, and this start of it."""

    host: str
    pid: int
    run: str

    @staticmethod
    def here() -> WorkerId:
        return WorkerId(socket.gethostname(), os.getpid(), secrets.token_hex(8))

    def to_json(self) -> dict[str, Any]:
        return {"host": self.host, "pid": self.pid, "run": self.run}


def told_as(message: str, stored: str, shown: str) -> str:
    """A refusal about the stored file, told with the name the person gave it."""
    if message.startswith(f"{stored}:"):
        return shown + message[len(stored) :]
    return message.replace(stored, shown)


class _Progress:
    """Writes a running analysis' stage and progress, throttled, and beats its heart."""

    def __init__(self, store: Store, analysis_id: int, clock: Callable[[], float]) -> None:
        self.store = store
        self.analysis_id = analysis_id
        self.clock = clock
        self.stage = "starting"
        self.fraction = 0.0
        self.last = -math.inf
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def write(self, force: bool = False) -> None:
        with self.lock:
            if not force and self.clock() - self.last < PROGRESS_EVERY_S:
                return
            self.last = self.clock()
            with transaction(self.store) as session:
                record_progress(
                    session, self.analysis_id, self.stage, self.fraction, datetime.now(UTC)
                )

    def update(self, stage: str, done: int, total: int) -> None:
        low, high = _STAGE_SPAN.get(stage, (self.fraction, self.fraction))
        share = min(done / total, 1.0) if total > 0 else 0.0
        self.stage = stage
        self.fraction = max(self.fraction, low + (high - low) * share)
        self.write()

    def enter(self, stage: str, fraction: float) -> None:
        self.stage = stage
        self.fraction = max(self.fraction, fraction)
        self.write(force=True)

    def beat(self) -> None:
        while not self.stop.wait(HEARTBEAT_EVERY_S):
            try:
                self.write(force=True)
            except Exception:  # a missed beat is not worth stopping the analysis for
                log.warning("heartbeat of video analysis %s failed", self.analysis_id)


def run_analysis(
    store: Store,
    analysis_id: int,
    *,
    make_estimator: EstimatorFactory = BlazePose,
    make_second_look: EstimatorFactory | None = still_image_blazepose,
    settings: VideoSettings | None = None,
    worker: WorkerId | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> VideoAnalysis | None:
    """Analyse the uploaded video of ``analysis_id`` (the queue's job); None when the row is
    not ``pending`` (another worker has it, or it is finished). The estimators default to
    BlazePose (``make_second_look`` None: no check for other people)."""
    me = worker or WorkerId.here()
    with transaction(store) as session:
        analysis = claim_video_analysis(session, analysis_id, me.to_json(), datetime.now(UTC))
    if analysis is None:
        log.info("video analysis %s is not waiting: nothing to do", analysis_id)
        return None
    if analysis.video_path is None or analysis.output_dir is None:
        return _finish(store, analysis_id, me, error="this video was not uploaded through the app")
    chosen = analysis.settings or {}
    video, out = Path(analysis.video_path), Path(analysis.output_dir)
    progress = _Progress(store, analysis_id, clock)
    heart = threading.Thread(target=progress.beat, name=f"heartbeat-{analysis_id}", daemon=True)
    heart.start()
    try:
        progress.enter("pose", _STAGE_SPAN["pose"][0])
        options = AnalysisOptions(side=chosen.get("side"), load_kg=chosen.get("load_kg"))
        result = analyze_video(
            video,
            out,
            options,
            settings,
            make_estimator,
            make_second_look,
            progress.update,
            title=analysis.source_filename,
        )
        progress.enter("saving", 0.99)
    except HipthrustError as error:
        shutil.rmtree(out, ignore_errors=True)
        reason = told_as(str(error), video.name, analysis.source_filename)
        log.info("video analysis %s failed: %s", analysis_id, reason)
        return _finish(store, analysis_id, me, error=reason)
    except Exception:
        shutil.rmtree(out, ignore_errors=True)
        log.exception("video analysis %s stopped by an unexpected error", analysis_id)
        return _finish(store, analysis_id, me, error=GENERIC_FAILURE)
    finally:
        progress.stop.set()
        heart.join()
    return _finish(store, analysis_id, me, report=result.report.to_json())


def _finish(
    store: Store,
    analysis_id: int,
    me: WorkerId,
    *,
    report: Mapping[str, Any] | None = None,
    error: str | None = None,
) -> VideoAnalysis | None:
    with transaction(store) as session:
        finished = finish_video_analysis(
            session, analysis_id, me.to_json(), report=report, error=error, now=datetime.now(UTC)
        )
    if finished is None:  # deleted, handed back or taken over by another worker meanwhile
        log.info("video analysis %s is no longer this worker's: its result is dropped", analysis_id)
    return finished
