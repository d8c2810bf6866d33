"""Videos uploaded through the web app: receive, check, queue, analyse, show, log.

An upload is received for an athlete the actor may act for (``receive_video``, which checks
``athlete_for`` before a byte is kept): streamed into the uploads folder under a random name
(never the person's file name), refused the moment it passes the size limit, with nothing
left behind. ``accept_video`` then checks the content, not the name: the container's magic
bytes (MP4/MOV ``ftyp``, WebM/Matroska EBML, AVI RIFF), then PyAV must open it as a video
(``hipthrust.video.decode.probe``). The exercise, load and side are checked before any work is
queued. The ``video_analyses`` row is committed first and only then submitted to the queue.

``run_analysis`` is the job a worker runs (``hipthrust worker``): it claims the row, runs
``analyze_video`` writing the stage and progress to the row (at most every half second, and a
heartbeat while a stage is silent), and ends ``done`` with the report or ``failed`` with the
reason (the one-sentence refusal; a generic sentence for an unexpected error, whose traceback
goes to the log). ``log_analysed_set`` records the set from a finished analysis, linked to it.
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import Stance
from hipthrust.coaching.units import Units
from hipthrust.errors import AccessDenied, HipthrustError, InputError
from hipthrust.jobs import AnalysisQueue
from hipthrust.motion.analysis import AnalysisOptions
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.video_analysis import VideoSettings, analyze_video, still_image_blazepose
from hipthrust.store import Athlete, Store, log_set, transaction
from hipthrust.store.videos import (
    VideoAnalysis,
    add_upload,
    claim_video_analysis,
    get_video_analysis,
    latest_video_analyses,
    record_progress,
    set_of_video_analysis,
    set_video_analysis,
)
from hipthrust.video.decode import probe
from hipthrust.video.pose_model import BlazePose
from hipthrust.video.track import EstimatorFactory

if TYPE_CHECKING:
    from hipthrust.service.training import LoggedSets

__all__ = [
    "CHUNK_BYTES",
    "GENERIC_FAILURE",
    "OUTPUT_FILES",
    "FieldError",
    "IncomingVideo",
    "UploadPlace",
    "VideoChoice",
    "WorkerId",
    "accept_video",
    "analyses_of",
    "analysis_for",
    "log_analysed_set",
    "output_file",
    "receive_video",
    "run_analysis",
    "sniff_container",
    "upload_video",
]

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
PROGRESS_EVERY_S = 0.5  # [design] the row is written at most this often while running
HEARTBEAT_EVERY_S = 15.0  # [design] a running row is touched this often even when silent
GENERIC_FAILURE = (
    "the analysis stopped because of an error on the server (it has been logged): "
    "try uploading the video again"
)
# The files a finished analysis offers, by the names analyze_video gives them.
OUTPUT_FILES: dict[str, str] = {
    "annotated.mp4": "video/mp4",
    "hip_angle.png": "image/png",
    "report.json": "application/json",
    "signals.csv": "text/csv",
}
# Overall progress: finding the body is most of the work, drawing the video the rest.
_STAGE_SPAN = {"starting": (0.0, 0.02), "pose": (0.02, 0.72), "video": (0.75, 0.98)}


class FieldError(InputError):
    """A refusal that belongs next to one field of the upload form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UploadPlace:
    """Where uploads are kept and how large one may be."""

    folder: Path
    max_bytes: int


@dataclass(frozen=True)
class VideoChoice:
    """What the lifter says about the filmed set, as typed on the form."""

    exercise: str = "barbell_hip_thrust"
    load: str = ""
    side: str = ""


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


# --- receiving ---------------------------------------------------------------------------------


@dataclass
class IncomingVideo:
    """A video being received: bytes go to a ``.part`` file under a random name."""

    athlete: Athlete
    actor: Actor
    place: UploadPlace
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    size: int = 0
    _file: Any = None

    def __post_init__(self) -> None:
        try:
            self.place.folder.mkdir(parents=True, exist_ok=True)
            self._file = open(self.part_path, "xb")  # noqa: SIM115 (closed by finish/discard)
        except OSError as error:
            raise InputError(
                f"the upload cannot be kept on the server ({error.strerror}): tell its admin"
            ) from None

    @property
    def part_path(self) -> Path:
        return self.place.folder / f"{self.token}.part"

    def write(self, chunk: bytes) -> None:
        """Keep ``chunk``; past the size limit the upload is refused and its file removed."""
        self.size += len(chunk)
        if self.size > self.place.max_bytes:
            self.discard()
            raise FieldError(
                "video",
                f"the video is larger than the {_megabytes(self.place.max_bytes)} limit: "
                "trim it to the set, or film at a lower resolution",
            )
        self._file.write(chunk)

    def finish(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        """Forget the upload: nothing of it stays on disk."""
        self.finish()
        self.part_path.unlink(missing_ok=True)


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"


def receive_video(
    session: Session, actor: Actor, athlete_id: int, place: UploadPlace
) -> IncomingVideo:
    """Start receiving a video for ``athlete_id`` (AccessDenied unless the actor may)."""
    athlete = athlete_for(session, actor, athlete_id)
    return IncomingVideo(athlete, actor, place)


# --- checking ----------------------------------------------------------------------------------

# QuickTime files from old cameras may open with one of these atoms instead of ``ftyp``.
_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def sniff_container(head: bytes) -> str | None:
    """The container the first bytes of a file announce: ``".mp4"``, ``".mov"``, ``".webm"``,
    ``".mkv"``, ``".avi"``, or None when they announce no video container."""
    if len(head) >= 12 and head[4:8] in _QUICKTIME_ATOMS:
        if head[4:8] == b"ftyp":
            return ".mov" if head[8:12] == b"qt  " else ".mp4"
        return ".mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ".webm" if b"webm" in head[:64] else ".mkv"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return ".avi"
    return None


def _shown_name(filename: str) -> str:
    name = " ".join(Path(filename.replace("\\", "/")).name.split())[:120]
    return name or "the video"


def _choice_settings(athlete: Athlete, choice: VideoChoice, now: datetime) -> dict[str, Any]:
    """The checked settings of the set (exercise id, load in kg, side, units)."""
    from hipthrust.service.set_entry import SetEntry, read_sets, resolve_exercise

    try:
        variation = resolve_exercise(choice.exercise.strip() or "-")
    except InputError as error:
        raise FieldError("exercise", str(error)) from None
    if variation.stance is not Stance.TWO_LEG:
        raise FieldError(
            "exercise",
            f"{variation.name} is logged per side and the video analysis counts one side: "
            "log it on the session page instead",
        )
    units: Units = athlete.units
    load = choice.load.strip() or None
    try:
        _, (record,) = read_sets(SetEntry(words=(variation.id,), reps=1, load=load), units, now)
    except InputError as error:
        raise FieldError("load", str(error)) from None
    side = choice.side.strip().lower()
    if side in ("", "auto", "either"):
        side = ""
    elif side not in ("left", "right"):
        raise FieldError("side", f"the side is left or right (or blank), not {choice.side!r}")
    return {
        "exercise": variation.id,
        "load_kg": record.load_kg,
        "side": side or None,
        "units": units,
    }


def accept_video(
    store: Store,
    incoming: IncomingVideo,
    filename: str,
    choice: VideoChoice,
    queue: AnalysisQueue,
    now: datetime,
) -> VideoAnalysis:
    """Check the received video and the lifter's choices, store the ``pending`` analysis, and
    queue it once stored. On a refusal nothing is kept (FieldError names the field)."""
    incoming.finish()
    shown = _shown_name(filename)
    try:
        if incoming.size == 0:
            raise FieldError("video", "choose the video of your set: the file is empty")
        with open(incoming.part_path, "rb") as file:
            kind = sniff_container(file.read(64))
        if kind is None:
            raise FieldError(
                "video",
                f"{shown} is not a video (MP4, MOV, WebM, MKV or AVI): choose the video file",
            )
        settings = _choice_settings(incoming.athlete, choice, now)
        video = incoming.place.folder / f"{incoming.token}{kind}"
        incoming.part_path.rename(video)
    except BaseException:
        incoming.discard()
        raise
    try:
        try:
            probe(video)
        except InputError as error:
            raise FieldError("video", _named(str(error), video.name, shown)) from None
        with transaction(store) as session:
            analysis = add_upload(
                session,
                incoming.athlete.id,
                shown,
                video_path=str(video),
                output_dir=str(incoming.place.folder / f"{incoming.token}.analysis"),
                settings=settings,
                uploaded_by=incoming.actor.user_id,
                now=now,
            )
    except BaseException:
        video.unlink(missing_ok=True)
        raise
    try:
        queue.submit(analysis.id)
    except Exception:  # stored and pending: a worker's sweep queues it again later
        log.exception("video analysis %s is stored but could not be queued", analysis.id)
    return analysis


def upload_video(
    store: Store,
    actor: Actor,
    athlete_id: int,
    place: UploadPlace,
    chunks: Iterable[bytes],
    filename: str,
    choice: VideoChoice,
    queue: AnalysisQueue,
    now: datetime,
) -> VideoAnalysis:
    """Receive, check and queue a whole upload given as chunks of bytes."""
    with transaction(store) as session:
        incoming = receive_video(session, actor, athlete_id, place)
    try:
        for chunk in chunks:
            incoming.write(chunk)
    except BaseException:
        incoming.discard()
        raise
    return accept_video(store, incoming, filename, choice, queue, now)


def _named(message: str, stored: str, shown: str) -> str:
    """A refusal about the stored file, told with the name the person gave it."""
    if message.startswith(f"{stored}:"):
        return shown + message[len(stored) :]
    return message.replace(stored, shown)


# --- reading -----------------------------------------------------------------------------------


def analysis_for(session: Session, actor: Actor, analysis_id: int) -> VideoAnalysis:
    """The analysis, if the actor may see its athlete; AccessDenied otherwise (even when it
    does not exist, so ids tell nothing)."""
    try:
        analysis = get_video_analysis(session, analysis_id)
    except InputError:
        raise AccessDenied("you do not have access to this video") from None
    athlete_for(session, actor, analysis.athlete_id)
    return analysis


def analyses_of(
    session: Session, actor: Actor, athlete_id: int, limit: int = 30
) -> tuple[Athlete, tuple[VideoAnalysis, ...]]:
    """The athlete and their latest analyses, newest first."""
    athlete = athlete_for(session, actor, athlete_id)
    return athlete, latest_video_analyses(session, athlete.id, limit)


def output_file(session: Session, actor: Actor, analysis_id: int, name: str) -> Path:
    """One of a finished analysis' four output files (``OUTPUT_FILES``), if the actor may."""
    analysis = analysis_for(session, actor, analysis_id)
    if name not in OUTPUT_FILES:
        raise InputError(f"an analysis has no file named {name!r}")
    if analysis.status != "done" or analysis.output_dir is None:
        raise InputError("this video has not been analysed yet")
    path = Path(analysis.output_dir) / name
    if not path.is_file():
        raise InputError(f"this analysis has no {name}")
    return path


# --- the job -----------------------------------------------------------------------------------


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
        return _finish(store, analysis_id, error="this video was not uploaded through the app")
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
        )
        progress.enter("saving", 0.99)
    except HipthrustError as error:
        shutil.rmtree(out, ignore_errors=True)
        reason = _named(str(error), video.name, analysis.source_filename)
        log.info("video analysis %s failed: %s", analysis_id, reason)
        return _finish(store, analysis_id, error=reason)
    except Exception:
        shutil.rmtree(out, ignore_errors=True)
        log.exception("video analysis %s stopped by an unexpected error", analysis_id)
        return _finish(store, analysis_id, error=GENERIC_FAILURE)
    finally:
        progress.stop.set()
        heart.join()
    return _finish(store, analysis_id, report=result.report.to_json())


def _finish(
    store: Store,
    analysis_id: int,
    *,
    report: Mapping[str, Any] | None = None,
    error: str | None = None,
) -> VideoAnalysis | None:
    now = datetime.now(UTC)
    try:
        with transaction(store) as session:
            if report is not None:
                return set_video_analysis(session, analysis_id, "done", report=report, now=now)
            return set_video_analysis(session, analysis_id, "failed", error=error, now=now)
    except InputError:  # the row went away meanwhile (the athlete was deleted)
        log.info("video analysis %s is gone: its result is dropped", analysis_id)
        return None


# --- logging the set ---------------------------------------------------------------------------


def log_analysed_set(session: Session, actor: Actor, analysis_id: int, now: datetime) -> LoggedSets:
    """Record the set of a finished analysis in its athlete's log, linked to the analysis (one
    set per analysis). The reps, mean hold, faults and full extension come from the report;
    the exercise and load from what was said at upload."""
    from hipthrust.service.set_entry import SetEntry, read_sets
    from hipthrust.service.training import LoggedSets, set_advice

    analysis = analysis_for(session, actor, analysis_id)
    athlete = athlete_for(session, actor, analysis.athlete_id)
    report = analysis.report
    if analysis.status != "done" or report is None:
        raise InputError("this video has not been analysed yet: log the set when it is done")
    if set_of_video_analysis(session, analysis.id) is not None:
        raise InputError("the set of this video is logged already")
    chosen = analysis.settings or {}
    reps = [rep for rep in report.get("reps", []) if isinstance(rep, dict)]
    holds = [float(r["hold_s"]) for r in reps if isinstance(r.get("hold_s"), int | float)]
    faults = sorted({str(f["id"]) for r in reps for f in r.get("faults", []) if "id" in f})
    load_kg = chosen.get("load_kg")
    entry = SetEntry(
        words=(str(chosen.get("exercise") or "-"),),
        reps=len(reps),
        load=None if load_kg is None else f"{float(load_kg):.4g}kg",
        hold=f"{sum(holds) / len(holds):.1f}" if holds else None,
        faults=",".join(faults) if faults else None,
        full_extension=("incomplete_extension" not in faults) if reps else None,
        notes=f"from video {analysis.source_filename}",
    )
    variation, records = read_sets(entry, athlete.units, now)
    record = records[0]
    set_id = log_set(session, athlete.id, record, source="video", video_analysis_id=analysis.id)
    return LoggedSets(athlete, athlete.units, variation, (set_id,), (record,), set_advice(record))
